"""tests/integration/test_items_services.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_items_services import *  # noqa: F403
