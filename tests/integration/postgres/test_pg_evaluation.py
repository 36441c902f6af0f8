"""tests/integration/test_evaluation.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_evaluation import *  # noqa: F403
