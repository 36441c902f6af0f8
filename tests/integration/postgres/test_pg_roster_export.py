"""tests/integration/test_roster_export.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_roster_export import *  # noqa: F403
