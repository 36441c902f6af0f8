"""Two real processes incrementing one value on the server: no lost update (tests/integration/
test_concurrency.py's scenario; the lock holder, read-only folder and full-disk ones are SQLite-file
specific — their server counterparts are in tests/integration/test_postgres.py)."""

from tests.integration.test_concurrency import test_two_writers_lose_no_update  # noqa: F401
