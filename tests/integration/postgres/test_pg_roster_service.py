"""tests/integration/test_roster_service.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_roster_service import *  # noqa: F403
