"""The one import dialog every kind of file goes through: choose, map columns, preview, import."""
