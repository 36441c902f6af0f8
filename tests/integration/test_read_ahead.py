"""The workbook an import names is read while the gate signs the user in (io/read_ahead.py).

Through the real CLI entry point on a real database, and with real workbooks: the import uses what
was read ahead (the log says so), a refused sign-in says only the refusal however broken the file
is, a file changed after it was read ahead is read again, a sheet other than the one read ahead is
read when asked for, and every command that reads a file passes the gate marked for it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_desktop import logs
from portfolio_desktop.cli import build_parser
from portfolio_desktop.commands import gate
from portfolio_desktop.config import LOG_DIR_ENV
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io import read_ahead
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import read_table
from portfolio_desktop.store.open import open_database
from tests.data.cli_json import json_lines
from tests.data.cli_run import run_as
from tests.data.files import roster_records, table, write_csv, write_truncated, write_xlsx
from tests.data.staff import PASSWORD, REGISTRY_DAY, REGISTRY_NIGHT, staff


@pytest.fixture
def school(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = open_database(str(db_path))
    try:
        staff(db, "clerk", REGISTRY_DAY, REGISTRY_NIGHT, name="註冊組", password=PASSWORD)
    finally:
        db.dispose()
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    return db_path


def _log_text(tmp_path: Path) -> str:
    path = tmp_path / "logs" / logs.FILE_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.fixture(autouse=True)
def _no_worker_left() -> Iterator[None]:
    yield
    read_ahead.discard()
    _finish_workers()


def _finish_workers() -> None:
    """Wait for the read-ahead workers still running (a refused command does not wait for them)."""
    for thread in threading.enumerate():
        if thread.name == "read-ahead":
            thread.join(30)
            assert not thread.is_alive()


def _read_done() -> None:
    """Wait until the pending reading has read the file (its worker then waits to be released)."""
    for reading in list(read_ahead._pending):
        assert reading.read.wait(30)


def _open_paths() -> set[str]:
    fds = Path("/proc/self/fd")
    found = set()
    for fd in fds.iterdir():
        try:
            found.add(os.readlink(fd))
        except OSError:
            continue
    return found


def test_the_import_takes_the_workbook_read_while_the_user_signed_in(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    records = roster_records(30)
    path = write_xlsx(tmp_path / "名冊.xlsx", table(records))
    code, _, err = run_as(monkeypatch, capsys, school, "clerk", "roster", "import", str(path))
    assert code == 0, err
    assert "新增 30 位" in err and "added 30" in err
    assert "read-ahead of 名冊.xlsx used" in _log_text(tmp_path)
    _finish_workers()  # the worker ended once the import was done with the sheet
    code, out, _ = run_as(monkeypatch, capsys, school, "clerk", "roster", "list", "--json")
    assert code == 0
    # as the file has them: 學號 and phones with their zeros, an Ext-B name (𡘙) byte for byte
    listed = {r["student_no"]: (r["name"], r["phone"]) for r in json_lines(out)}
    assert listed == {r["學號"]: (r["姓名"], r["聯絡電話"]) for r in records}
    assert any(len(name) > 1 and max(map(ord, name)) > 0xFFFF for name, _ in listed.values())


def test_a_csv_is_read_when_the_command_reads_it(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "名冊.csv", table(roster_records(5)))
    code, _, err = run_as(monkeypatch, capsys, school, "clerk", "roster", "import", str(path))
    assert code == 0 and "新增 5 位" in err
    assert "read-ahead of" not in _log_text(tmp_path)


def test_a_refused_sign_in_says_only_the_refusal_whatever_the_file_holds(
        school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", table(roster_records(20)))
    broken = write_truncated(tmp_path / "壞檔.xlsx", good)
    code, out, err = run_as(monkeypatch, capsys, school, "clerk", "roster", "import", str(broken),
                            password="not-the-password-9")
    assert code == 1 and out == ""
    assert "密碼" in err and "password" in err
    assert "壞檔.xlsx" not in err  # the file's damage is not said before the gate has let the user in
    _finish_workers()
    assert read_ahead.take(broken) is None  # discarded by the gate
    if Path("/proc/self/fd").is_dir():  # the worker closed the file it opened
        assert str(broken.resolve()) not in _open_paths()

    # signed in, the same file's damage is said, in both languages, as a direct read says it
    code, _, err = run_as(monkeypatch, capsys, school, "clerk", "roster", "import", str(broken))
    assert code == 1 and "壞檔.xlsx" in err
    code, out, _ = run_as(monkeypatch, capsys, school, "clerk", "roster", "list", "--json")
    assert code == 0 and json_lines(out) == []  # nothing was written
    with pytest.raises(PortfolioError) as direct:
        read_table(broken, ROSTER)
    assert direct.value.zh in err and direct.value.en in err


def test_a_file_changed_after_it_was_read_ahead_is_read_again(tmp_path: Path) -> None:
    first, second = roster_records(8, seed=1), roster_records(12, seed=2)
    path = write_xlsx(tmp_path / "名冊.xlsx", table(first))
    read_ahead.start(path, None)
    _read_done()
    write_xlsx(path, table(second))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # as a save a second later
    parsed = read_table(path, ROSTER)
    assert [r.values["student_no"] for r in parsed.rows] == [r["學號"] for r in second]
    assert read_ahead.take(path) is None  # the stale reading is gone


def test_another_file_is_read_itself_and_the_reading_discarded(tmp_path: Path) -> None:
    a = write_xlsx(tmp_path / "a.xlsx", table(roster_records(3, seed=3)))
    b = write_xlsx(tmp_path / "b.xlsx", table(roster_records(4, seed=4)))
    read_ahead.start(a, None)
    assert len(read_table(b, ROSTER).rows) == 4
    assert read_ahead.take(a) is None


def test_the_sheet_read_ahead_and_any_other(tmp_path: Path) -> None:
    records = roster_records(6, seed=5)
    notes = [["本檔由教務系統匯出"], ["請勿修改標題列"]]
    path = write_xlsx(tmp_path / "名冊.xlsx", table(records), sheet="名冊", before=[("說明", notes)])
    # no --sheet: the first sheet (說明) is read ahead; the table is found on 名冊, read when asked for
    read_ahead.start(path, None)
    parsed = read_table(path, ROSTER)
    assert parsed.sheet == "名冊" and [r.values["student_no"] for r in parsed.rows] == [r["學號"] for r in records]
    # --sheet 名冊: that sheet is read ahead and used
    read_ahead.start(path, "名冊")
    book = read_ahead.take(path)
    assert book is not None
    try:
        assert "名冊" in book._ahead  # read on the worker, waiting for the command
    finally:
        book.close()
    read_ahead.start(path, "名冊")
    parsed = read_table(path, ROSTER, sheet="名冊")
    assert len(parsed.rows) == 6 and parsed.rows[0].values["name"] == records[0]["姓名"]


def test_every_command_that_reads_a_file_is_read_ahead_by_the_gate() -> None:
    marked, reading = set(), set()
    for path, parser in gate.leaf_commands(build_parser()):
        if parser.get_default(gate.READS_FILE):
            marked.add(path)
        if path[-1] != "export" and any(a.dest == "file" and not a.option_strings for a in parser._actions):
            reading.add(path)
    assert reading and marked == reading
    assert ("roster", "import") in marked and ("items", "import") in marked
