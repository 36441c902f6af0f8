"""Keeping the installation: backups, database copy, first-run school set-up, the demo school."""
