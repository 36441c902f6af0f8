"""The working group's meetings, sessions and consultation records."""
