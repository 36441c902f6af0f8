"""`portfolio-desktop backup create|list|verify|restore|settings` through the real CLI entry point."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from portfolio_desktop.cli import main
from tests.data.staff import IT, signed_in_file


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])  # signed in as 資訊組 (PORTFOLIO_USER / PORTFOLIO_PASSWORD)


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_backup_cycle(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "p.sqlite3"
    for key, value in signed_in_file(db, "資訊組", (IT,)).items():  # backups are 資訊組's
        monkeypatch.setenv(key, value)
    assert run(db, "backup", "settings", "--keep", "5") == 0
    assert "keep\t5" in capsys.readouterr().out
    assert run(db, "backup", "create") == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.is_file() and made.parent == tmp_path / "backups"
    assert run(db, "backup", "list") == 0
    assert str(made) in capsys.readouterr().out
    assert run(db, "backup", "verify") == 0
    assert "setting\t1" in capsys.readouterr().out

    assert run(db, "backup", "settings", "--keep", "7") == 0  # a change after the backup
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run(db, "backup", "restore", str(made)) == 1  # no --yes, no terminal: refused
    assert "--yes" in capsys.readouterr().err
    assert run(db, "backup", "restore", str(made), "--yes") == 0
    assert count(db, "SELECT value FROM setting WHERE key = 'backup.keep'") == 5
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = 'backup.restore' AND actor = '資訊組'") == 1

    conn = sqlite3.connect(made)
    conn.execute("DELETE FROM setting")
    conn.commit()
    conn.close()
    assert run(db, "backup", "verify", str(made)) == 3
    err = capsys.readouterr().err
    assert "verification FAILED" in err and "setting: 0 rows, manifest says 1" in err
    assert run(db, "backup", "restore", str(made), "--yes") == 1
    assert count(db, "SELECT value FROM setting WHERE key = 'backup.keep'") == 5


def test_a_chinese_label(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "p.sqlite3"
    for key, value in signed_in_file(db, "資訊組", (IT,)).items():
        monkeypatch.setenv(key, value)
    assert run(db, "backup", "settings", "--keep", "1") == 0
    capsys.readouterr()
    assert run(db, "backup", "create", "--label", "學期中", "--no-encrypt") == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.is_file() and made.name.endswith("-學期中.sqlite3")
    assert run(db, "backup", "list") == 0
    assert "\t學期中\t" in capsys.readouterr().out
    assert run(db, "backup", "create") == 0  # keep 1: the labelled one is counted and pruned
    newest = Path(capsys.readouterr().out.strip())
    assert newest.is_file() and not made.exists()
