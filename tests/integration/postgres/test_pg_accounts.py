"""tests/integration/test_accounts.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_accounts import *  # noqa: F403

# Greps the SQLite file and its -wal for the password: no such file on a server.
del test_password_never_in_database_file_logs_or_audit  # noqa: F821
