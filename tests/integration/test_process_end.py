"""A finished command ends its process at once (``__main__.end_now``): nothing it printed or logged
is lost, its exit code is kept, and a process with work still running on another thread is not cut short."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from portfolio_desktop.__main__ import end_now
from portfolio_desktop.config import LOG_DIR_ENV
from tests.data.staff import signed_in_file


def _run(db: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portfolio_desktop", "--db", str(db), *args],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, **env, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )  # fmt: skip


def test_a_command_ends_with_all_its_output_its_log_and_its_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "end.sqlite3"
    env = signed_in_file(path, "註冊組")
    env[LOG_DIR_ENV] = str(tmp_path / "log")
    assert _run(path, env, "demo", "--students", "600").returncode == 0
    listed = _run(path, env, "roster", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) >= 600  # more than a pipe holds (64 KB): what was still buffered was written too
    assert len(listed.stdout.encode()) > 65536
    assert "學生" in listed.stderr and "student(s)" in listed.stderr
    refused = _run(path, {**env, "PORTFOLIO_PASSWORD": "not-the-password"}, "roster", "list")
    assert refused.returncode == 1 and "密碼" in refused.stderr
    log = (tmp_path / "log" / "portfolio-desktop.log").read_text(encoding="utf-8")
    assert log.count("command end: roster (cmd_list) exit=0") == 1
    assert log.rstrip().endswith("command end: roster (cmd_list) exit=1")  # the last line, after the refusal's
    assert not list(tmp_path.glob("end.sqlite3-wal"))  # the connections were closed (checkpointed) before the end


def test_a_process_with_a_thread_still_working_ends_the_ordinary_way() -> None:
    release = threading.Event()
    worker = threading.Thread(target=release.wait, name="still-working")  # not a daemon
    worker.start()
    try:
        end_now(0)  # returns: had it ended the process, this test would not go on
    finally:
        release.set()
        worker.join()
