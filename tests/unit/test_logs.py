"""The log (logs.py): IDs masked and secrets hidden on their way to the file, a private rotating file,
one handler per process, SQLAlchemy's SQL never logged, and errors nobody caught (main thread or
another thread) written with their traceback while the user reads only where it went."""

from __future__ import annotations

import logging
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from portfolio_desktop import logs
from portfolio_desktop.config import LOG_DIR_ENV
from portfolio_desktop.store.open import open_database
from tests.data.modes import mode_of, posix_only
from tests.data.files import national_id, resident_id_new, resident_id_old

ROOT = Path(__file__).resolve().parents[2]
def _setup_in(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    monkeypatch.setenv(LOG_DIR_ENV, str(folder))
    path = logs.setup()
    assert path == folder / logs.FILE_NAME
    return path


def test_every_id_shape_is_masked_and_other_numbers_are_not() -> None:
    rng = random.Random(7)
    ids = [national_id(rng, "M"), national_id(rng, "F"), resident_id_new(rng), resident_id_old(rng)]
    line = "、".join(f"身分證{i}" for i in ids)
    masked = logs.mask(line)
    for value in ids:
        assert value not in masked
        assert f"{value[:3]}****{value[-3:]}" in masked
    # as an imported file may hold them: lower case, full width
    assert logs.mask("id a123456789.") == "id a12****789."
    assert logs.mask("Ａ１２３４５６７８９") == "Ａ１２****７８９"
    # 學號, phone numbers, postal codes and hashes are not IDs
    keep = "學號 0110123 電話 0912345678 郵遞區號 70101 sha a1234567890b 批次 12"
    assert logs.mask(keep) == keep


def test_url_passwords_and_sql_parameters_are_hidden() -> None:
    assert logs.mask("--db postgresql://office:S3cret-pw@server:5432/school") == (
        "--db postgresql://office:***@server:5432/school")
    error = "no such column\n[SQL: SELECT * FROM account WHERE name = ?]\n[parameters: ('A123456789', 'pw')]\n(Background)"
    assert logs.mask(error) == "no such column\n[SQL: SELECT * FROM account WHERE name = ?]\n[parameters hidden]\n(Background)"


def test_the_command_line_is_logged_without_secret_option_values() -> None:
    argv = ["--db", "postgresql://u:pw1@h/db", "db", "password", "--password", "hunter2", "--api-key=abc",
            "roster", "list", "--class", "A123456789"]
    shown = logs.safe_argv(argv)
    assert shown == ["--db", "postgresql://u:***@h/db", "db", "password", "--password", "***", "--api-key=***",
                     "roster", "list", "--class", "A12****789"]


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_a_real_fault_is_written_masked_to_a_private_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _setup_in(monkeypatch, tmp_path / "new" / "logs")
    try:
        int("A123456789")  # a real ValueError whose message carries an ID
    except ValueError as exc:
        details = logs.log_exception(exc, "test")
        again = logs.log_exception(exc, "an outer layer")  # logged once however many layers report it
    assert again == details
    written = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written and "ValueError" in written
    assert written.count("unexpected error in") == 1
    assert "A12****789" in written and "A123456789" not in written
    assert "A12****789" in details and "A123456789" not in details and "portfolio-desktop" in details
    assert mode_of(path) == 0o600
    assert mode_of(path.parent) == 0o700 and mode_of(path.parent.parent) == 0o700


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_rotated_files_stay_private_and_few(tmp_path: Path) -> None:
    handler = logs.PrivateRotatingFileHandler(tmp_path / "x.log", maxBytes=300, backupCount=2, encoding="utf-8")
    logger = logging.getLogger("tests.rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(60):
            logger.warning("line %d of some length to fill the file", i)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["x.log", "x.log.1", "x.log.2"]
    assert all(mode_of(tmp_path / name) == 0o600 for name in files)


def test_one_handler_per_process_and_it_follows_the_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = _setup_in(monkeypatch, tmp_path / "a")
    assert logs.setup() == first

    def ours() -> list[logging.Handler]:
        return [h for h in logging.getLogger().handlers if isinstance(h, logs.PrivateRotatingFileHandler)]

    assert len(ours()) == 1
    second = _setup_in(monkeypatch, tmp_path / "b")
    assert len(ours()) == 1 and Path(ours()[0].baseFilename) == second
    logging.getLogger("portfolio_desktop.test").info("after the move")
    assert "after the move" in second.read_text(encoding="utf-8")
    assert "after the move" not in first.read_text(encoding="utf-8")


def test_sql_and_its_parameters_never_reach_the_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _setup_in(monkeypatch, tmp_path / "logs")
    db = open_database(str(tmp_path / "p.sqlite3"))
    try:
        with db.write() as session:
            session.execute(text("INSERT INTO setting(key, value) VALUES ('probe.key', :v)"), {"v": '"Quokka-771"'})
    finally:
        db.dispose()
    written = path.read_text(encoding="utf-8")
    assert "Quokka-771" not in written and "INSERT" not in written


def _python(code: str, log_folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, LOG_DIR_ENV: str(log_folder)}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_an_uncaught_error_is_logged_and_the_user_reads_where(tmp_path: Path) -> None:
    done = _python("from portfolio_desktop import logs; logs.setup(); int('B212345678')", tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "發生未預期的錯誤" in done.stderr and "unexpected error" in done.stderr
    assert str(tmp_path / logs.FILE_NAME) in done.stderr
    written = (tmp_path / logs.FILE_NAME).read_text(encoding="utf-8")
    assert "Traceback" in written and "ValueError" in written and "B21****678" in written
    assert "B212345678" not in written


def test_an_error_in_another_thread_is_logged_not_printed(tmp_path: Path) -> None:
    code = ("import threading\nfrom portfolio_desktop import logs\nlogs.setup()\n"
            "t = threading.Thread(target=lambda: {}['missing-key'], name='worker-7')\nt.start()\nt.join()\n"
            "print('main goes on')\n")
    done = _python(code, tmp_path)
    assert done.returncode == 0 and "main goes on" in done.stdout
    assert "Traceback" not in done.stderr
    written = (tmp_path / logs.FILE_NAME).read_text(encoding="utf-8")
    assert "unexpected error in thread worker-7" in written and "KeyError: 'missing-key'" in written
