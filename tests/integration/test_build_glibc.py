"""packaging/build.sh refuses, before building anything, on a glibc newer than the oldest target it
claims (PORTFOLIO_MAX_GLIBC, default Debian 12's 2.36), and says why and what to do."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc system")


def test_a_newer_glibc_than_the_target_is_refused(tmp_path: Path) -> None:
    here = platform.libc_ver()[1]
    major, minor = (int(p) for p in here.split(".")[:2])
    older = f"{major}.{minor - 1}"
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "w")],
        env={**os.environ, "PORTFOLIO_MAX_GLIBC": older}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 3
    assert f"refusing to build on glibc {here}" in result.stderr
    assert f"PORTFOLIO_MAX_GLIBC={here}" in result.stderr and "Debian 12" in result.stderr
    assert not (tmp_path / "dist").exists() and not (tmp_path / "w").exists()


def test_the_default_target_is_debian_12() -> None:
    script = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
    assert "MAX_GLIBC=${PORTFOLIO_MAX_GLIBC:-2.36}" in script
