"""Use cases shared by the GUI and the CLI: take a database + the acting user, return dataclasses."""
