"""tests/integration/test_notices_service.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_notices_service import *  # noqa: F403
