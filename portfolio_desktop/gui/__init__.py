"""The Qt face of the app: main window, table models, dialogs and background jobs (Qt only here)."""
