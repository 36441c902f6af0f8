"""tests/integration/test_demo.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_demo import *  # noqa: F403
