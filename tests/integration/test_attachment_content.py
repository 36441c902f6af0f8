"""Attachments keep their bytes in the database (services/workgroup/attachments.py): every workstation that
shares one PostgreSQL server opens them, `db copy` and backups carry them, and databases from before
(files in ``attachments/`` beside the SQLite file) are read in by the upgrade
(db/versions/0006_attachment_content.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, delete, func, select, text

from portfolio_desktop.errors import NotFoundError, PortfolioError, RuleError
from portfolio_desktop.services.workgroup import attachments
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.admin import db_copy
from portfolio_desktop.services.workgroup import workgroup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.migrate import alembic_config
from portfolio_desktop.store.open import open_database
from portfolio_desktop.store.workgroup_models import Attachment, AttachmentContent, WorkgroupMeeting
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

MINUTES = "113學年度第1次工作小組會議紀錄 𡘙".encode() + bytes(range(256)) * 50


def _attach(db: Database, actor: Actor, folder: Path, name: str, content: bytes) -> int:
    source = folder / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    row = workgroup.add_meeting(db, actor, dt.date(2024, 9, 2), f"議程 {name}", minutes=source)
    source.unlink()  # the database holds it now, not the file the user picked
    assert row.minutes_id is not None
    return row.minutes_id


def test_bytes_live_in_the_database_not_in_a_folder(db: Database, actor: Actor, tmp_path: Path) -> None:
    att = _attach(db, actor, tmp_path / "incoming", "會議紀錄.pdf", MINUTES)
    assert not (tmp_path / "attachments").exists()
    with db.read() as s:
        stored = s.scalar(select(AttachmentContent.content).where(AttachmentContent.attachment_id == att))
    assert stored is not None and bytes(stored) == MINUTES
    opened = attachments.open_path(db, att)
    assert opened.read_bytes() == MINUTES and opened.suffix == ".pdf"
    if os.name == "posix":  # written out for another program only to its user
        assert stat.S_IMODE(opened.stat().st_mode) == 0o600
        assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700


def test_a_file_over_the_limit_is_refused_and_nothing_is_recorded(db: Database, actor: Actor, tmp_path: Path) -> None:
    big = tmp_path / "huge.mp4"
    with big.open("wb") as fh:  # sparse: 50 MB + 1 byte without writing them
        fh.truncate(attachments.MAX_BYTES + 1)
    with pytest.raises(RuleError, match="50 MB") as refused:
        workgroup.add_meeting(db, actor, dt.date(2024, 9, 2), "議程", minutes=big)
    assert "huge.mp4" in refused.value.zh and "huge.mp4" in refused.value.en
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        assert s.scalar(select(func.count()).select_from(WorkgroupMeeting)) == 0


def test_backup_and_restore_carry_the_bytes(db: Database, actor: Actor, tmp_path: Path) -> None:
    att = _attach(db, actor, tmp_path / "incoming", "minutes.docx", MINUTES)
    saved = backup.create_backup(db, actor)
    report = backup.verify_backup(saved.path)
    assert report.ok and report.attachments == 1
    assert not (saved.path.parent / "attachment-copies").exists()  # nothing beside the snapshot is needed
    with db.write() as s:  # the minutes are lost from the live database
        s.query(WorkgroupMeeting).update({WorkgroupMeeting.minutes_id: None})
        s.execute(delete(AttachmentContent))
        s.execute(delete(Attachment))
    backup.restore_backup(db, actor, saved.path)
    assert attachments.open_path(db, att).read_bytes() == MINUTES


def test_verify_names_an_attachment_whose_bytes_were_altered(db: Database, actor: Actor, tmp_path: Path) -> None:
    import sqlite3

    from portfolio_desktop.store import attachment_copies

    _attach(db, actor, tmp_path / "incoming", "slides.pdf", MINUTES)
    copy = tmp_path / "copy.sqlite3"
    with db.read() as s:
        s.execute(text("SELECT 1"))
    db.dispose()
    src = sqlite3.connect(tmp_path / "portfolio.sqlite3")
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.execute("UPDATE attachment_content SET content = X'00'")
    dst.commit()
    held, problems = attachment_copies.check_content(dst)
    dst.close()
    assert held == 0 and len(problems) == 1
    zh, en = problems[0]
    assert "slides.pdf" in zh and "SHA-256" in en


def test_upgrade_reads_old_files_into_the_database(tmp_path: Path) -> None:
    """A database of the version before (files beside it in attachments/) is upgraded: a file whose
    SHA-256 matches is read in; an altered or missing one keeps no content and says so when opened."""
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    good, altered, missing = MINUTES, b"minutes v1", b"lost minutes"
    rows = []
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005_workgroup")
        for i, (name, content) in enumerate([("good.pdf", good), ("altered.pdf", altered),
                                             ("missing.pdf", missing)], start=1):
            sha = hashlib.sha256(content).hexdigest()
            stored = f"{sha[:2]}/{sha}.pdf"
            conn.execute(text("INSERT INTO attachment (id, sha256, original_name, stored_name, size, added_at, "
                              "added_by) VALUES (:i, :s, :n, :st, :z, '2024-09-02 08:00:00', 'clerk')"),
                         {"i": i, "s": sha, "n": name, "st": stored, "z": len(content)})
            rows.append((i, stored, content))
    engine.dispose()
    folder = tmp_path / "attachments"
    for i, stored, content in rows[:2]:
        (folder / stored).parent.mkdir(parents=True, exist_ok=True)
        (folder / stored).write_bytes(content if i == 1 else b"edited by hand")

    db = open_database(str(path))
    try:
        with db.read() as s:
            held = dict(s.execute(select(AttachmentContent.attachment_id, AttachmentContent.content)).all())
        assert set(held) == {1} and bytes(held[1]) == good
        for i, stored, _content in rows[:2]:  # the old files are left where they were
            assert (folder / stored).exists()
        assert attachments.open_path(db, 1).read_bytes() == good
        with pytest.raises(PortfolioError, match="SHA-256"):
            attachments.open_path(db, 2)
        with pytest.raises(NotFoundError) as gone:
            attachments.open_path(db, 3)
        assert "missing.pdf" in gone.value.zh and "backup" in gone.value.en
        # attaching the same content again gives the old row its bytes back
        actor = seed_staff(db, CLERK, *CLERK_GRANTS)
        again = tmp_path / "again.pdf"
        again.write_bytes(missing)
        row = workgroup.add_meeting(db, actor, dt.date(2024, 9, 3), "補附", minutes=again)
        assert row.minutes_id == 3 and attachments.open_path(db, 3).read_bytes() == missing
    finally:
        db.dispose()


def test_db_copy_carries_attachments_to_the_server(tmp_path: Path, pg_db: Database) -> None:
    source = open_database(str(tmp_path / "school.sqlite3"))
    try:
        actor = seed_staff(source, CLERK, *CLERK_GRANTS)
        att = _attach(source, actor, tmp_path / "incoming", "minutes.pdf", MINUTES)
        report = db_copy.copy_database(source, pg_db, actor)
        assert {t.name: t.rows for t in report.tables}["attachment_content"] == 1
    finally:
        source.dispose()
    # another workstation: only the server is shared
    assert attachments.open_path(pg_db, att).read_bytes() == MINUTES
