"""tests/integration/test_items_import.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_items_import import *  # noqa: F403
