"""What the CLI leaves behind for support and for the other accounts of a shared workstation.

A school is set up through the real command line (init, an account, a roster import with one bad ID,
a listing, a refused sign-in, a mistyped command, a backup, an export). Then: the log carries every
command with its user and exit code, the sign-ins, the import's counts, the backup and the files
written — and no password (each one distinctive, grepped for) and no full ID. Every file holding
personal data is 0600 in a 0700 folder (POSIX). An unexpected error (a damaged database, a library
failing) gives the user a bilingual message naming the log and exit code 4, never a traceback; the
traceback is in the log.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from portfolio_desktop import logs
from portfolio_desktop.cli import EXIT_UNEXPECTED, main
from portfolio_desktop.config import LOG_DIR_ENV
from portfolio_desktop.store.open import open_database
from tests.data.modes import mode_of, posix_only
from tests.data.files import roster_records, table, wrong_check_digit, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PW = "Admin-Narwhal-4412"
CLERK_PW = "Clerk-Pangolin-8830"
WRONG_PW = "Wrong-Axolotl-1357"
FIRST_PW = "First-Quokka-2468"
class School:
    """A database made through the CLI, in ``tmp_path/school``, logging to ``tmp_path/logs``."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp, self.monkeypatch = tmp_path, monkeypatch
        self.db = tmp_path / "school" / "portfolio.sqlite3"
        self.log = tmp_path / "logs" / logs.FILE_NAME
        monkeypatch.setenv(LOG_DIR_ENV, str(self.log.parent))
        monkeypatch.delenv("PORTFOLIO_DB", raising=False)

    def run(self, *args: str, user: str = "clerk", password: str = CLERK_PW) -> int:
        self.monkeypatch.setenv("PORTFOLIO_USER", user)
        self.monkeypatch.setenv("PORTFOLIO_PASSWORD", password)
        return main(["--db", str(self.db), *args])

    def set_up(self) -> list[str]:
        """init + a registry clerk + a roster of 12 (one more row with a wrong check digit); returns
        every ID that was in the file."""
        assert self.run("init", "--admin", "admin", user="admin", password=ADMIN_PW) == 0
        self.monkeypatch.setenv("PORTFOLIO_NEW_PASSWORD", FIRST_PW)
        assert self.run("accounts", "add", "clerk", "--role", "registry:day", "--role", "registry:night",
                        user="admin", password=ADMIN_PW) == 0
        self.monkeypatch.setenv("PORTFOLIO_NEW_PASSWORD", CLERK_PW)  # the first password is changed first
        assert self.run("accounts", "passwd", password=FIRST_PW) == 0
        records = roster_records(13)
        records[-1]["身分證統一編號"] = wrong_check_digit(str(records[-1]["身分證統一編號"]))
        roster = write_xlsx(self.tmp / "名冊.xlsx", table(records))
        assert self.run("roster", "import", str(roster), "--skip-invalid", "--errors", str(self.tmp / "問題.xlsx")) == 0
        return [str(r["身分證統一編號"]) for r in records]

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> School:
    return School(tmp_path, monkeypatch)


def test_the_log_tells_what_happened_and_holds_no_password_or_id(
    school: School, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = school.set_up()
    assert ids[-1] in capsys.readouterr().err  # the bad row's ID was in the problems shown to the user
    assert school.run("roster", "list") == 0
    assert school.run("roster", "list", password=WRONG_PW) == 1
    # the ID typed where the 學號 goes: refused, and the command line is logged masked
    assert school.run("status", "change", ids[0], "休學", "--date", "113/09/02") == 1
    assert school.run("backup", "create", user="admin", password=ADMIN_PW) == 0
    assert school.run("roster", "export", str(school.tmp / "匯出.xlsx")) == 0
    capsys.readouterr()

    log = school.text()
    assert "command start: init (cmd_init) user=admin" in log
    assert "command start: roster (cmd_import) user=clerk" in log
    assert "command end: roster (cmd_import) exit=0" in log
    assert "command end: roster (cmd_list) exit=1" in log
    assert "signed in: clerk" in log and "sign-in refused: clerk" in log
    assert "import 名冊.xlsx [名冊]: added 12" in log and "1 problem(s), 1 row(s) skipped" in log
    assert "wrote 問題.xlsx" in log and "wrote 匯出.xlsx" in log
    assert "backup written: portfolio-" in log
    assert f"status change {ids[0][:3]}****{ids[0][-3:]} 休學" in log
    assert "status refused:" in log

    for secret in (ADMIN_PW, CLERK_PW, WRONG_PW, FIRST_PW):
        assert secret not in log
    for full in ids:
        assert full not in log


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_files_with_personal_data_are_private(school: School) -> None:
    school.set_up()
    assert school.run("backup", "create", user="admin", password=ADMIN_PW) == 0
    export = school.tmp / "匯出.xlsx"
    assert school.run("roster", "export", str(export)) == 0

    backups = school.db.parent / "backups"
    made = sorted(backups.glob("*.sqlite3"))
    assert made and all(manifest.is_file() for manifest in (m.with_name(m.name + ".json") for m in made))
    for folder in (school.db.parent, backups, school.log.parent):
        assert mode_of(folder) == 0o700, folder
    files = [school.db, *made, *(m.with_name(m.name + ".json") for m in made), school.log, export,
             school.tmp / "問題.xlsx"]
    for path in files:
        assert mode_of(path) == 0o600, path

    # the WAL and shared-memory files SQLite makes while the database is open follow the database
    db = open_database(str(school.db))
    try:
        with db.write() as session:
            session.connection().exec_driver_sql("INSERT INTO setting(key, value) VALUES ('probe', '1')")
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{school.db}{suffix}")
            assert companion.is_file() and mode_of(companion) == 0o600, companion
    finally:
        db.dispose()


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_a_database_from_before_is_made_private_when_opened(school: School) -> None:
    school.set_up()
    os.chmod(school.db, 0o644)
    wal = Path(f"{school.db}-wal")
    wal.touch()
    os.chmod(wal, 0o644)
    assert school.run("roster", "list") == 0
    assert mode_of(school.db) == 0o600
    assert not wal.exists() or mode_of(wal) == 0o600


def _damage(db: Path) -> None:
    """A database whose student table lost its columns (a bad restore by hand, a broken tool)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("ALTER TABLE student RENAME TO student_lost")
        conn.execute("CREATE TABLE student (id INTEGER PRIMARY KEY)")
        conn.commit()
    finally:
        conn.close()


def test_an_unexpected_error_gives_a_message_and_the_traceback_goes_to_the_log(school: School) -> None:
    school.set_up()
    _damage(school.db)
    env = {**os.environ, LOG_DIR_ENV: str(school.log.parent), "PORTFOLIO_USER": "clerk",
           "PORTFOLIO_PASSWORD": CLERK_PW, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(school.db), "roster", "list"],
                          env=env, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == EXIT_UNEXPECTED == 4
    assert "Traceback" not in done.stderr and "OperationalError" not in done.stderr
    assert "發生未預期的錯誤" in done.stderr and "unexpected error" in done.stderr
    assert str(school.log) in done.stderr
    assert done.stdout == ""
    log = school.text()
    assert "unexpected error in command roster" in log
    assert "Traceback (most recent call last)" in log and "no such column: student." in log
    assert "command end: roster (cmd_list) exit=4" in log
    assert CLERK_PW not in log


def test_a_failing_library_is_an_unexpected_error_too(
    school: School, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    school.set_up()
    capsys.readouterr()

    def refuse(self: openpyxl.Workbook, filename: object) -> None:
        raise zipfile.LargeZipFile("Zipfile size would require ZIP64 extensions")

    monkeypatch.setattr(openpyxl.Workbook, "save", refuse)
    out = school.tmp / "匯出.xlsx"
    assert school.run("roster", "export", str(out)) == EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert "發生未預期的錯誤" in err and str(school.log) in err and "Traceback" not in err
    assert not out.exists() and not list(school.tmp.glob("*.part"))
    log = school.text()
    assert "zipfile.LargeZipFile: Zipfile size would require ZIP64 extensions" in log
    assert "command end: roster (cmd_export) exit=4" in log
