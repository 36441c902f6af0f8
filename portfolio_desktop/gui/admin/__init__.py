"""Backups, settings, first-run wizard."""
