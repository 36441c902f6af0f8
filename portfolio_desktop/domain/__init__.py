"""Pure domain rules: no Qt, no database. Each module holds one family of rules."""
