"""Old attachment files in backups (store/attachment_copies.py). Attachments keep their bytes in the
database; one recorded before the bytes moved in (content not in the database, its file beside the
database in ``attachments/``) still gets a verified copy in every backup, shared by all backups in the
folder; verify reports a missing or damaged copy; restore puts back what the restored database
references, checked by SHA-256; encrypted backups encrypt the copies too; copies no backup lists are
collected after a prune. The attachments here are made old by moving their bytes out of the database
into the file the upgrade would have read them from (db/versions/0006_attachment_content.py)."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.workgroup import attachments
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.workgroup import workgroup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import attachment_copies, snapshot
from portfolio_desktop.store.engine import Database
from tests.data.keyrings import MemoryKeyring, memory_keyring

MINUTES = "113學年度第1次工作小組會議紀錄 𡘙.pdf".encode()  # bytes of the first file (a name as content)
SLIDES = b"%PDF-1.4 slides " + bytes(range(256)) * 300


@pytest.fixture
def keys() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


def _meeting(db: Database, actor: Actor, tmp_path: Path, name: str, content: bytes) -> tuple[int, Path, str]:
    """A meeting with old minutes attached (bytes in a file beside the database, not in it); returns
    (attachment id, its file beside the database, its SHA-256)."""
    from portfolio_desktop.store.workgroup_models import Attachment, AttachmentContent

    source = tmp_path / "incoming" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(content)
    row = workgroup.add_meeting(db, actor, dt.date(2024, 9, 2), f"議程 {name}", minutes=source)
    with db.write() as s:
        att = s.query(Attachment).filter_by(sha256=hashlib.sha256(content).hexdigest()).one()
        att_id, stored = att.id, att.stored_name
        s.delete(s.get(AttachmentContent, att_id))
    live = attachments.attachments_dir(db) / stored
    live.parent.mkdir(parents=True, exist_ok=True)
    live.write_bytes(content)
    assert row.minutes_sha256 == hashlib.sha256(content).hexdigest()
    return att_id, live, hashlib.sha256(content).hexdigest()


def _copies(folder: Path) -> list[Path]:
    store = folder / attachment_copies.COPIES_DIR
    return sorted(p for p in store.rglob("*") if p.is_file()) if store.is_dir() else []


@pytest.mark.parametrize("encrypt", [False, True])
def test_restore_puts_a_deleted_attachment_back(db: Database, actor: Actor, tmp_path: Path, keys: MemoryKeyring,
                                               encrypt: bool) -> None:
    first, first_file, first_sha = _meeting(db, actor, tmp_path, "minutes.pdf", MINUTES)
    second, second_file, second_sha = _meeting(db, actor, tmp_path, "slides.pdf", SLIDES)
    saved = backup.create_backup(db, actor, encrypt=encrypt)
    report = backup.verify_backup(saved.path)
    assert report.ok and report.attachments == 2 and report.warnings_en == []
    copies = _copies(saved.path.parent)
    assert len(copies) == 2
    if encrypt:  # encrypted like the database, under names that do not give the files' hashes away
        assert all(p.suffix == ".enc" and first_sha not in p.name and second_sha not in p.name for p in copies)
        assert all(SLIDES[:64] not in p.read_bytes() and MINUTES not in p.read_bytes() for p in copies)
    else:
        assert {p.read_bytes() for p in copies} == {MINUTES, SLIDES}

    first_file.unlink()  # lost from the data folder
    second_file.write_bytes(b"altered")  # and one overwritten
    result = backup.restore_backup(db, actor, saved.path)

    assert result.attachments_restored == 2
    assert hashlib.sha256(first_file.read_bytes()).hexdigest() == first_sha
    assert hashlib.sha256(second_file.read_bytes()).hexdigest() == second_sha
    assert attachments.open_path(db, first).read_bytes() == MINUTES  # the service's own hash check passes
    assert attachments.open_path(db, second).read_bytes() == SLIDES
    assert not [p for p in first_file.parent.iterdir() if p.name.startswith(".")]


def test_restore_brings_back_the_files_the_restored_database_references(db: Database, actor: Actor,
                                                                       tmp_path: Path) -> None:
    """A file attached *after* the backup stays (unreferenced, harmless); the one the backup references
    comes back even though its copy is the only one left."""
    att, path, sha = _meeting(db, actor, tmp_path, "minutes.pdf", MINUTES)
    saved = backup.create_backup(db, actor)
    _later, later_path, _ = _meeting(db, actor, tmp_path, "later.pdf", SLIDES)
    path.unlink()
    backup.restore_backup(db, actor, saved.path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha and later_path.exists()
    assert attachments.open_path(db, att).read_bytes() == MINUTES


def test_verify_reports_a_missing_or_damaged_copy(db: Database, actor: Actor, tmp_path: Path) -> None:
    _meeting(db, actor, tmp_path, "minutes.pdf", MINUTES)
    _meeting(db, actor, tmp_path, "slides.pdf", SLIDES)
    saved = backup.create_backup(db, actor)
    minutes_copy, slides_copy = sorted(_copies(saved.path.parent), key=lambda p: p.stat().st_size)
    minutes_copy.unlink()
    report = backup.verify_backup(saved.path)
    assert not report.ok and report.integrity == "ok"
    assert len(report.problems_en) == 1 and "minutes.pdf" in report.problems_en[0] and "missing" in report.problems_en[0]
    assert "備份複本不見了" in report.problems_zh[0]

    with open(slides_copy, "r+b") as fh:  # one flipped byte in the middle
        fh.seek(5000)
        byte = fh.read(1)
        fh.seek(5000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    report = backup.verify_backup(saved.path)
    assert len(report.problems_en) == 2 and any("slides.pdf" in p and "damaged" in p for p in report.problems_en)
    # and a backup with a damaged copy is not restored: the database and the files stay as they are
    with pytest.raises(PortfolioError, match="damaged|missing"):
        backup.restore_backup(db, actor, saved.path)


def test_verify_of_an_encrypted_copy_with_a_flipped_byte(db: Database, actor: Actor, tmp_path: Path,
                                                         keys: MemoryKeyring) -> None:
    _meeting(db, actor, tmp_path, "slides.pdf", SLIDES)
    saved = backup.create_backup(db, actor, encrypt=True)
    (copy,) = _copies(saved.path.parent)
    data = bytearray(copy.read_bytes())
    data[-40] ^= 0x01
    copy.write_bytes(bytes(data))
    report = backup.verify_backup(saved.path)
    assert not report.ok and "damaged" in report.problems_en[0]


def test_copies_are_shared_and_the_next_backup_repairs_a_damaged_one(db: Database, actor: Actor,
                                                                    tmp_path: Path) -> None:
    _meeting(db, actor, tmp_path, "minutes.pdf", MINUTES)
    one = backup.create_backup(db, actor, prune=False)
    (copy,) = _copies(one.path.parent)
    copy.write_bytes(b"bit rot")
    assert not backup.verify_backup(one.path).ok
    two = backup.create_backup(db, actor, prune=False)
    assert _copies(one.path.parent) == [copy] and copy.read_bytes() == MINUTES  # one copy, repaired
    assert backup.verify_backup(one.path).ok and backup.verify_backup(two.path).ok


def test_a_file_lost_before_the_backup_is_a_warning_not_a_failure(db: Database, actor: Actor, tmp_path: Path) -> None:
    _att, path, _sha = _meeting(db, actor, tmp_path, "minutes.pdf", MINUTES)
    path.unlink()
    saved = backup.create_backup(db, actor)
    report = backup.verify_backup(saved.path)
    assert report.ok and report.attachments == 0
    assert "minutes.pdf" in report.warnings_en[0] and "備份時已遺失" in report.warnings_zh[0]
    manifest = json.loads(snapshot.manifest_path(saved.path).read_text(encoding="utf-8"))
    assert manifest["attachments"]["missing"] == [_att] and manifest["attachments"]["copies"] == []
    backup.restore_backup(db, actor, saved.path)  # restorable; the lost file stays lost
    assert not path.exists()


def test_prune_collects_copies_no_backup_lists_once_they_are_old(db: Database, actor: Actor, tmp_path: Path) -> None:
    att, _path, _sha = _meeting(db, actor, tmp_path, "minutes.pdf", MINUTES)
    _meeting(db, actor, tmp_path, "slides.pdf", SLIDES)
    old = backup.create_backup(db, actor, prune=False)
    folder = old.path.parent
    with db.write() as s:  # the meeting loses its minutes and the attachment row goes
        from portfolio_desktop.store.workgroup_models import Attachment, WorkgroupMeeting

        for m in s.query(WorkgroupMeeting):
            if m.minutes_id == att:
                m.minutes_id = None
        s.flush()
        s.delete(s.get(Attachment, att))
    backup.create_backup(db, actor, prune=False)
    assert len(_copies(folder)) == 2
    long_ago = time.time() - 3 * 86400
    for p in _copies(folder):
        os.utime(p, (long_ago, long_ago))
    backup.prune_backups(db, keep=1, folder=folder)
    assert not old.path.exists()
    (left,) = _copies(folder)
    assert left.read_bytes() == SLIDES  # the copy the remaining backup lists stays
    assert backup.verify_backup(backup.list_backups(db, Actor(CLERK), folder=folder)[0].path).ok
