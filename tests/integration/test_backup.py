"""Backups on real SQLite files: create, list, verify (and catch damage), encrypt, restore, prune,
daily / on-exit / pre-migration. Issue 7, 備援機制."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import base64
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store import audit, backup_crypto, snapshot
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.migrate import backup_sqlite
from portfolio_desktop.store.models import AuditLog, Division, SchoolClass, Student
from tests.data.keyrings import MemoryKeyring, memory_keyring

RARE_NAME = "𡘙備份測試生"  # outside the BMP, and easy to look for in the raw bytes


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def add_students(db: Database, actor: Actor, n: int, *, first: int = 1, name: str = "學生") -> None:
    with db.write() as s:
        division = s.query(Division).filter_by(code="day").one_or_none()
        if division is None:
            division = Division(code="day", name="日間部")
            s.add(division)
            s.flush()
        klass = s.query(SchoolClass).filter_by(code="301").one_or_none()
        if klass is None:
            klass = SchoolClass(division_id=division.id, code="301", grade=3)
            s.add(klass)
            s.flush()
        for i in range(first, first + n):
            s.add(Student(student_no=f"{i:06d}", name=f"{name}{i}", class_id=klass.id, national_id="A123456789"))
        audit.record(s, actor=actor.username, action="test.add", entity="student", key=None, after=n)


def student_names(db: Database) -> list[str]:
    with db.read() as s:
        return [n for (n,) in s.query(Student.name).order_by(Student.student_no)]


def dir_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_create_list_verify(db: Database, db_path: Path, actor: Actor) -> None:
    add_students(db, actor, 50, name=RARE_NAME)
    info = backup.create_backup(db, actor)
    assert info.path.parent == db_path.parent / "backups"
    assert info.path.name.endswith("-manual.sqlite3") and not info.encrypted
    assert snapshot.manifest_path(info.path).is_file()
    assert info.rows["student"] == 50 and info.rows["audit_log"] >= 1
    assert [b.path for b in backup.list_backups(db, Actor(CLERK))] == [info.path]
    report = backup.verify_backup(info.path)
    assert report.ok, report.problems_en
    assert report.integrity == "ok" and report.rows["student"] == 50
    # the copy is one self-contained file (rollback journal), and holds the names byte for byte
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT name FROM student WHERE student_no='000007'").fetchone()[0] == f"{RARE_NAME}7"
    conn.close()


def test_backup_excludes_uncommitted_writes(db: Database, db_path: Path, actor: Actor) -> None:
    add_students(db, actor, 3)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE student SET name = 'uncommitted' WHERE student_no = '000001'")
    try:
        info = backup.create_backup(db, actor)  # online backup while another writer holds the lock
    finally:
        other.execute("ROLLBACK")
        other.close()
    conn = sqlite3.connect(info.path)
    assert [r[0] for r in conn.execute("SELECT name FROM student ORDER BY id")] == ["學生1", "學生2", "學生3"]
    conn.close()
    assert backup.verify_backup(info.path).ok


def test_verify_catches_a_changed_row(db: Database, actor: Actor) -> None:
    add_students(db, actor, 10)
    info = backup.create_backup(db, actor)
    conn = sqlite3.connect(info.path)
    conn.execute("UPDATE student SET name = '改過' WHERE student_no = '000004'")
    conn.commit()
    conn.close()
    report = backup.verify_backup(info.path)
    assert not report.ok
    assert any("student: checksum differs" in p for p in report.problems_en)
    assert any("SHA-256 mismatch" in p for p in report.problems_en)
    assert report.integrity == "ok"  # still a valid database: only the manifest tells


def test_verify_catches_a_deleted_row_and_a_damaged_file(db: Database, actor: Actor) -> None:
    add_students(db, actor, 200)
    info = backup.create_backup(db, actor)
    conn = sqlite3.connect(info.path)
    conn.execute("DELETE FROM student WHERE student_no = '000100'")
    conn.commit()
    conn.close()
    report = backup.verify_backup(info.path)
    assert any("student: 199 rows, manifest says 200" in p for p in report.problems_en)

    second = backup.create_backup(db, actor, label="second")
    data = bytearray(second.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096  # a bad sector in the middle
    second.path.write_bytes(bytes(data))
    damaged = backup.verify_backup(second.path)
    assert not damaged.ok
    assert damaged.problems_en[0].startswith("the file's bytes differ")

    third = backup.create_backup(db, actor, label="third")
    third.path.write_bytes(third.path.read_bytes()[:8192])  # truncated
    assert not backup.verify_backup(third.path).ok


def test_encrypted_backup_is_unreadable_without_the_key(
    db: Database, actor: Actor, keys: MemoryKeyring
) -> None:
    add_students(db, actor, 30, name=RARE_NAME)
    info = backup.create_backup(db, actor, encrypt=True)
    assert info.encrypted and info.path.name.endswith(".sqlite3.enc")
    raw = info.path.read_bytes()
    assert RARE_NAME.encode("utf-8") not in raw and b"A123456789" not in raw
    assert b"SQLite format 3" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(info.path).execute("SELECT count(*) FROM student").fetchone()
    # no plaintext copy left next to it (the folder may be a USB stick)
    assert dir_names(info.path.parent) == {info.path.name, info.path.name + ".json"}
    assert backup.verify_backup(info.path).ok

    # another computer's key: a clear "wrong key", not "damaged"
    stored = dict(keys.secrets)
    keys.secrets[(backup_crypto.KEYRING_SERVICE, backup_crypto.KEYRING_USER)] = base64.b64encode(
        backup_crypto.new_key()
    ).decode()
    report = backup.verify_backup(info.path)
    assert not report.ok and "encrypted with another key" in report.problems_en[0]
    keys.secrets.clear()
    assert "has no backup key" in backup.verify_backup(info.path).problems_en[0]
    keys.secrets.update(stored)


def test_encrypted_stream_refuses_truncation_and_tampering(tmp_path: Path) -> None:
    key = backup_crypto.new_key()
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * 40_000)  # ~10 MB: several chunks
    enc = tmp_path / "x.enc"
    backup_crypto.encrypt_file(plain, enc, key)
    out = tmp_path / "out.bin"
    backup_crypto.decrypt_file(enc, out, key)
    assert out.read_bytes() == plain.read_bytes()
    data = enc.read_bytes()
    chunk = backup_crypto.CHUNK_SIZE + backup_crypto.TAG_SIZE
    cases = {
        "cut at a chunk boundary": data[: backup_crypto.HEADER.size + 2 * chunk],
        "cut mid-chunk": data[:-1000],
        "one bit flipped": data[:5000] + bytes([data[5000] ^ 1]) + data[5001:],
        "chunks swapped": data[: backup_crypto.HEADER.size]
        + data[backup_crypto.HEADER.size + chunk : backup_crypto.HEADER.size + 2 * chunk]
        + data[backup_crypto.HEADER.size : backup_crypto.HEADER.size + chunk]
        + data[backup_crypto.HEADER.size + 2 * chunk :],
        "extra chunk appended": data + data[-chunk:],
    }
    for what, bad in cases.items():
        enc.write_bytes(bad)
        with pytest.raises(backup_crypto.BackupKeyError, match="damaged or truncated"):
            backup_crypto.decrypt_file(enc, out, key)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    backup_crypto.encrypt_file(empty, enc, key)
    backup_crypto.decrypt_file(enc, out, key)
    assert out.read_bytes() == b""


def test_restore_brings_back_the_backup_and_keeps_the_current_file(
    db: Database, db_path: Path, actor: Actor
) -> None:
    add_students(db, actor, 20)
    with db.write() as s:
        set_setting(s, actor, "school.name", "國立測試高中")
    saved = backup.create_backup(db, actor)
    add_students(db, actor, 5, first=100, name="後來的")
    with db.write() as s:
        set_setting(s, actor, "school.name", "改名了")
    # the app has written: there is a WAL beside the file that must not be replayed onto the restore
    assert Path(f"{db_path}-wal").exists()

    report = backup.restore_backup(db, actor, saved.path)

    assert len(student_names(db)) == 20 and "後來的100" not in student_names(db)
    with db.read() as s:
        assert get_setting(s, "school.name") == "國立測試高中"
        last = s.query(AuditLog).order_by(AuditLog.id.desc()).first()
        assert last is not None and last.action == "backup.restore" and last.actor == actor.username
    # the file as it was before the restore was kept, and it verifies
    assert report.safety_backup.name.endswith("-before-restore.sqlite3")
    assert backup.verify_backup(report.safety_backup).ok
    kept = sqlite3.connect(report.safety_backup)
    assert kept.execute("SELECT count(*) FROM student").fetchone()[0] == 25
    kept.close()
    assert not [p for p in db_path.parent.iterdir() if ".restore-" in p.name]
    # the database is usable afterwards, by this object and by a fresh connection
    add_students(db, actor, 1, first=500)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM student").fetchone()[0] == 21
    conn.close()


def test_restore_of_an_encrypted_backup(db: Database, actor: Actor, keys: MemoryKeyring) -> None:
    add_students(db, actor, 8, name=RARE_NAME)
    saved = backup.create_backup(db, actor, encrypt=True)
    add_students(db, actor, 8, first=50)
    backup.restore_backup(db, actor, saved.path)
    assert student_names(db) == [f"{RARE_NAME}{i}" for i in range(1, 9)]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    db: Database, db_path: Path, actor: Actor
) -> None:
    add_students(db, actor, 20)
    saved = backup.create_backup(db, actor)
    conn = sqlite3.connect(saved.path)
    conn.execute("DELETE FROM student WHERE student_no = '000003'")
    conn.commit()
    conn.close()
    add_students(db, actor, 2, first=90)
    before = dir_names(db_path.parent), student_names(db)
    with pytest.raises(backup.BackupDamaged, match="is damaged") as damaged:  # its SHA-256, checked first
        backup.restore_backup(db, actor, saved.path)
    assert "SHA-256 mismatch" in damaged.value.en and "已損毀" in damaged.value.zh
    assert (dir_names(db_path.parent), student_names(db)) == before
    manifest = snapshot.read_manifest(saved.path) or {}
    snapshot.write_manifest(saved.path, {**manifest, "file_sha256": snapshot.file_sha256(saved.path)})
    with pytest.raises(PortfolioError, match="failed verification") as err:  # the rows, against the manifest
        backup.restore_backup(db, actor, saved.path)
    assert "student: 19 rows, manifest says 20" in err.value.en
    assert (dir_names(db_path.parent), student_names(db)) == before
    saved.path.with_name(saved.path.name + ".json").unlink()
    with pytest.raises(PortfolioError, match="no manifest"):
        backup.restore_backup(db, actor, saved.path)
    assert student_names(db) == before[1]


def test_restore_refuses_while_another_connection_has_the_file_open(
    db: Database, db_path: Path, actor: Actor
) -> None:
    add_students(db, actor, 4)
    saved = backup.create_backup(db, actor)
    add_students(db, actor, 1, first=40)
    other = sqlite3.connect(db_path)
    other.execute("SELECT count(*) FROM student").fetchone()  # another window, open in WAL mode
    try:
        with pytest.raises(PortfolioError, match="still has the database open"):
            backup.restore_backup(db, actor, saved.path)
        assert other.execute("SELECT count(*) FROM student").fetchone()[0] == 5
    finally:
        other.close()
    assert len(student_names(db)) == 5
    backup.restore_backup(db, actor, saved.path)  # once it is closed, it works
    assert len(student_names(db)) == 4


def test_prune_keeps_the_newest(db: Database, actor: Actor) -> None:
    backup.update_backup_settings(db, actor, keep=3)
    made = [backup.create_backup(db, actor, label=f"n{i}").path for i in range(5)]
    left = [b.path for b in backup.list_backups(db, Actor(CLERK))]
    assert left == made[::-1][:3]
    assert not made[0].exists() and not snapshot.manifest_path(made[0]).exists()


def test_settings_folder_and_audit(db: Database, db_path: Path, actor: Actor, tmp_path: Path) -> None:
    settings = backup.update_backup_settings(db, actor, folder=str(tmp_path / "usb"), keep=4)
    assert settings.folder == tmp_path / "usb" and settings.keep == 4 and settings.encrypt is False
    info = backup.create_backup(db, actor)
    assert info.path.parent == tmp_path / "usb"
    with db.read() as s:
        actions = [a.entity_key for a in s.query(AuditLog).filter_by(action="setting.set")]
    assert set(actions) == {"backup.folder", "backup.keep"}
    with pytest.raises(PortfolioError):
        backup.update_backup_settings(db, actor, keep=0)


def test_daily_once_a_day_and_on_exit_only_when_changed(db: Database, actor: Actor) -> None:
    first = backup.maybe_daily_backup(db, actor)
    assert first is not None and first.label == "daily"
    assert backup.maybe_daily_backup(db, actor) is None
    assert backup.backup_on_exit(db, actor) is None  # nothing changed since the daily one
    add_students(db, actor, 1)
    on_exit = backup.backup_on_exit(db, actor)
    assert on_exit is not None and on_exit.label == "exit" and on_exit.rows["student"] == 1
    assert backup.backup_on_exit(db, actor) is None
    backup.update_backup_settings(db, actor, daily=False, on_exit=False)
    add_students(db, actor, 1, first=9)
    assert backup.backup_on_exit(db, actor) is None


def test_pre_migration_backup_follows_the_settings(
    db: Database, db_path: Path, actor: Actor, tmp_path: Path, keys: MemoryKeyring
) -> None:
    add_students(db, actor, 6, name=RARE_NAME)
    backup.update_backup_settings(db, actor, folder="elsewhere", encrypt=True)
    path = backup_sqlite(db_path, "before-0099_test")
    assert path.parent == db_path.parent / "elsewhere" and path.name.endswith("-before-0099_test.sqlite3.enc")
    assert RARE_NAME.encode() not in path.read_bytes()
    assert backup.verify_backup(path).ok
    assert [b.label for b in backup.list_backups(db, Actor(CLERK))] == ["before-0099_test"]


def test_not_for_postgresql_urls() -> None:
    db = Database("postgresql+psycopg://u@127.0.0.1:1/x")
    with pytest.raises(PortfolioError, match="pg_dump"):
        backup.database_file(db)


def test_a_label_in_any_script_is_named_listed_and_pruned(db: Database, actor: Actor) -> None:
    backup.update_backup_settings(db, actor, keep=2)
    first = backup.create_backup(db, actor, label="學期中")
    assert first.label == "學期中" and first.path.name.endswith("-學期中.sqlite3")
    odd = backup.create_backup(db, actor, label=" 期末/final: 𡘙? ")  # the manifest keeps the text as typed
    assert odd.label == " 期末/final: 𡘙? " and odd.path.name.endswith("-期末_final__𡘙.sqlite3")
    assert [b.path for b in backup.list_backups(db, Actor(CLERK))] == [odd.path, first.path]
    assert [b.label for b in backup.list_backups(db, Actor(CLERK))] == [" 期末/final: 𡘙? ", "學期中"]
    long = backup.create_backup(db, actor, label="學" * 300)  # a file name stays well under 255 bytes
    assert len(long.path.name.encode()) < 255 and long.label == "學" * 300
    assert [b.path for b in backup.list_backups(db, Actor(CLERK))] == [long.path, odd.path]  # pruning counted 學期中
    assert not first.path.exists() and not snapshot.manifest_path(first.path).exists()
    assert backup.create_backup(db, actor, label="///").path.name.endswith("-backup.sqlite3")
