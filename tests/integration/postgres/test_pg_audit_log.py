"""tests/integration/test_audit_log.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_audit_log import *  # noqa: F403
