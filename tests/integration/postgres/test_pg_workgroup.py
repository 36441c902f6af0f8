"""tests/integration/test_workgroup.py on PostgreSQL (see conftest.py here)."""

from tests.integration.test_workgroup import *  # noqa: F403

# Asserts the attachments folder is beside the SQLite file; with a server URL services/attachments.py
# uses the per-user data folder (one workstation's disk; see the issue 7 report).
del test_meeting_minutes_are_copied_into_the_data_folder_with_sha256  # noqa: F821
