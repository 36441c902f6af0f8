"""tests/integration/test_cli_roster.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_cli_roster import *  # noqa: F403
