"""Pages and models for the roster: class tree, student table, student detail, status changes."""
