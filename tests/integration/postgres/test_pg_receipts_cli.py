"""tests/integration/test_receipts_cli.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_receipts_cli import *  # noqa: F403
