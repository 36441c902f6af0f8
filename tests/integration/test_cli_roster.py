"""`roster import|export|list`, `status change` and `demo` through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.data.staff import signed_in_file

HEADERS = ["學號", "姓名", "身分證統一編號", "性別", "出生日期", "班級", "座號", "學籍狀態"]
GOOD = [
    ["00123", "王𡘙", "A123456789", "女", "97/04/25", "301", 1, "在學"],
    ["00124", "陳大明", "F131104093", "男", "2008-01-05", "301", 2, "在學"],
]
BAD = ["00125", "林小美", "A123456788", "女", "113/02/30", "301", 3, "在學"]  # check digit, impossible date


_SIGN_IN: dict[Path, dict[str, str]] = {}  # db file → PORTFOLIO_USER / PORTFOLIO_PASSWORD


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_SIGN_IN.get(db, {}), "PYTHONIOENCODING": "utf-8"}
    env.pop("PORTFOLIO_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "portfolio_desktop", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def write_roster(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def listing(db: Path, *args: str) -> list[dict[str, Any]]:
    result = run(db, "roster", "list", "--json", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A database whose clerk (every office, tests/data/staff.py) signs the CLI in."""
    path = tmp_path / "cli.sqlite3"
    _SIGN_IN[path] = signed_in_file(path, "註冊組")
    return path


def test_import_list_export_round_trip(db_file: Path, tmp_path: Path) -> None:
    result = run(db_file, "roster", "import", str(write_roster(tmp_path / "名冊.xlsx", GOOD)))
    assert result.returncode == 0, result.stderr
    assert "新增 2 位" in result.stderr and "added 2" in result.stderr
    rows = listing(db_file)
    assert [r["student_no"] for r in rows] == ["00123", "00124"]
    assert rows[0]["name"] == "王𡘙" and rows[0]["national_id"] == "A12****789"
    assert rows[0]["birth_date"] == "2008-04-25" and rows[0]["status_zh"] == "在學" and rows[0]["division"] == "日間部"
    assert "A123456789" not in run(db_file, "roster", "list").stdout

    out = tmp_path / "匯出.xlsx"
    result = run(db_file, "roster", "export", str(out))
    assert result.returncode == 0 and "exported 2" in result.stderr
    assert [r[0] for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)] == ["00123", "00124"]
    result = run(db_file, "roster", "import", str(out))
    assert result.returncode == 0 and "unchanged 2" in result.stderr and "added 0" in result.stderr


def test_refused_import_writes_nothing_and_saves_errors(db_file: Path, tmp_path: Path) -> None:
    errors = tmp_path / "問題.xlsx"
    path = write_roster(tmp_path / "bad.xlsx", [*GOOD, BAD])
    result = run(db_file, "roster", "import", str(path), "--errors", str(errors))
    assert result.returncode == 1
    assert "A123456788" in result.stderr and "第4列" in result.stderr and "row 4" in result.stderr
    assert "未寫入" in result.stderr and "nothing was written" in result.stderr
    assert listing(db_file) == []
    problem_rows = list(load_workbook(errors).active.iter_rows(min_row=2, values_only=True))
    assert len(problem_rows) == 2 and all(4 in row for row in problem_rows)

    result = run(db_file, "roster", "import", str(path), "--dry-run")
    assert result.returncode == 1 and listing(db_file) == []


def test_dry_run_and_skip_invalid(db_file: Path, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "mixed.xlsx", [*GOOD, BAD])
    good_only = write_roster(tmp_path / "good.xlsx", GOOD)
    result = run(db_file, "roster", "import", str(good_only), "--dry-run")
    assert result.returncode == 0 and "dry run" in result.stderr and "added 2" in result.stderr
    assert listing(db_file) == []
    errors = tmp_path / "skipped.xlsx"
    result = run(db_file, "roster", "import", str(path), "--skip-invalid", "--errors", str(errors))
    assert result.returncode == 0, result.stderr
    assert "skipped rows: 4" in result.stderr and "skipped 1" in result.stderr
    assert [r["student_no"] for r in listing(db_file)] == ["00123", "00124"]
    assert errors.exists()


def test_status_change(db_file: Path, tmp_path: Path) -> None:
    assert run(db_file, "roster", "import", str(write_roster(tmp_path / "a.xlsx", GOOD))).returncode == 0
    result = run(db_file, "status", "change", "00124", "休學", "--date", "113/09/02", "--reason", "因病休學")
    assert result.returncode == 0, result.stderr
    assert "在學 → 休學" in result.stderr and "enrolled → suspended" in result.stderr
    (gone,) = listing(db_file, "--departed")
    assert gone["student_no"] == "00124" and gone["left_on"] == "2024-09-02" and gone["status_zh"] == "休學"
    result = run(db_file, "status", "change", "00123", "畢業", "--date", "2025-07-31")
    assert result.returncode == 0, result.stderr
    result = run(db_file, "status", "change", "00123", "在學", "--date", "2025-08-01")
    assert result.returncode == 1 and "畢業" in result.stderr and "graduated" in result.stderr
    result = run(db_file, "status", "change", "00124", "復學", "--date", "2999-01-01")
    assert result.returncode == 1
    result = run(db_file, "status", "change", "00124", "放假", "--date", "113/09/03")
    assert result.returncode == 1 and "放假" in result.stderr
    assert [r["status_zh"] for r in listing(db_file)] == ["畢業", "休學"]
    assert run(db_file, "status", "change", "00124", "復學").returncode == 2  # --date is required


def test_usage_errors_and_missing_file(db_file: Path, tmp_path: Path) -> None:
    assert run(db_file, "roster").returncode == 2
    assert run(db_file, "roster", "import").returncode == 2
    result = run(db_file, "roster", "import", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 1 and "nope.xlsx" in result.stderr
    result = run(db_file, "roster", "export", str(tmp_path / "x.xlsx"), "--class", "999")
    assert result.returncode == 1 and "999" in result.stderr


def test_demo_fills_an_empty_db_once(db_file: Path) -> None:
    result = run(db_file, "demo", "--students", "90")
    assert result.returncode == 0, result.stderr
    assert "90 students" in result.stderr and "30 classes" in result.stderr
    rows = listing(db_file)
    assert len(rows) == 90 and all("****" in r["national_id"] for r in rows)
    result = run(db_file, "demo")
    assert result.returncode == 1 and "empty" in result.stderr
    assert len(listing(db_file)) == 90
    assert run(db_file, "demo", "--students", "0").returncode == 2
