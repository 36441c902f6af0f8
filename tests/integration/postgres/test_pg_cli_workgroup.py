"""tests/integration/test_cli_workgroup.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_cli_workgroup import *  # noqa: F403
