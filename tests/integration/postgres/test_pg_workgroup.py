"""tests/integration/test_workgroup.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_workgroup import *  # noqa: F403

# Attachments keep their bytes in the database, so every workstation sharing the server opens them:
# the attachment tests run here unchanged.
