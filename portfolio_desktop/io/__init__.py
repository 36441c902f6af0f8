"""Excel and CSV in and out: one import machinery (header detection, column mapping, row
validation, problem reports) and one formula-safe streaming writer, shared by every import/export."""
