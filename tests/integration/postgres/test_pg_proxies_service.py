"""tests/integration/test_proxies_service.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_proxies_service import *  # noqa: F403
