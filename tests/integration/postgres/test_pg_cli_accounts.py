"""tests/integration/test_cli_accounts.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_cli_accounts import *  # noqa: F403
