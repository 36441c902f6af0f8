"""tests/integration/test_central_rosters.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_central_rosters import *  # noqa: F403
