"""tests/integration/test_receipts_service.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_receipts_service import *  # noqa: F403
