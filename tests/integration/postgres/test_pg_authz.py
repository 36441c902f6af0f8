"""tests/integration/test_authz.py on PostgreSQL (see conftest.py here): roles, proxies, and the audit
log's append-only trigger (db/versions/0001_foundation.py's plpgsql trigger on a server)."""

from tests.integration.test_authz import *  # noqa: F403
