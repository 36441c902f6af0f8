"""tests/integration/test_bulk_indexes.py on PostgreSQL (see conftest.py here): the indexes are kept up."""

from tests.integration.test_bulk_indexes import *  # noqa: F403
