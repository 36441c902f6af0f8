"""File modes in the tests of private files (logs, backups): the POSIX-only mark and a file's mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX (Windows: inherited ACLs)")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
