"""tests/integration/test_dashboard.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_dashboard import *  # noqa: F403
