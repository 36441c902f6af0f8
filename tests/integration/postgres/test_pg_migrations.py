"""The models match the Alembic versions on PostgreSQL too (tests/integration/test_migrations.py's
compare_metadata test; the others open the SQLite file itself)."""

from tests.integration.test_migrations import test_models_match_migrations  # noqa: F401
