"""Persistence: typed SQLAlchemy 2 models, the engine/session factory, migrations and the audit log."""
