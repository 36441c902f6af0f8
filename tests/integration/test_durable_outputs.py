"""Output files (notice PDFs, mailing lists, labels, .xlsx exports) are flushed to the disk before they
are renamed into place and the folder is flushed after (io/durable.py); a new notice batch is recorded
*before* its PDF gets the user's name; hidden files left by a killed run are removed once stale.

The kill itself is in tests/integration/test_crash_notices.py; here the order is observed in-process:
a SQLAlchemy flush listener looks at the disk at the moment the batch row is written, and os.fsync /
os.replace are wrapped (the real ones still run) to record what was flushed and renamed."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import event
from sqlalchemy.orm import Session

from portfolio_desktop.io import durable
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notices import NoticeSelection
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.receipts_models import NoticeBatch
from tests.data.receipts import RECEIPT_HEADERS, STUDENTS, load_roster, receipt_rows, set_letterhead, write_xlsx

ISSUED = dt.date(2024, 8, 29)
fonts = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> Database:
    rows = [r[:] for r in STUDENTS]
    rows[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]
    load_roster(db, actor, tmp_path, rows)
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(4)))
    set_letterhead(db, actor)
    return db


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


class DiskLog:
    """Records every os.fsync (file inode or folder inode) and os.replace, in order, then calls the real one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, Any, Any]] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            st = os.fstat(fd)
            self.events.append(("fsync-dir" if stat.S_ISDIR(st.st_mode) else "fsync-file", st.st_ino, None))
            real_fsync(fd)

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            self.events.append(("replace", os.stat(src).st_ino, Path(dst)))
            real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)

    def assert_durable(self, final: Path) -> None:
        """``final`` got its content by a rename of a file fsync'ed before, and its folder was fsync'ed after."""
        renames = [i for i, e in enumerate(self.events) if e[0] == "replace" and e[2] == final]
        assert renames, f"{final.name} was not renamed into place"
        i = renames[-1]
        inode = self.events[i][1]
        assert ("fsync-file", inode, None) in self.events[:i], f"{final.name} was renamed before being flushed"
        folder = os.stat(final.parent).st_ino
        assert ("fsync-dir", folder, None) in self.events[i + 1:], f"the folder of {final.name} was not flushed"


@fonts
@pytest.mark.parametrize("how", ["print", "save-preview"])
def test_the_batch_is_recorded_before_its_pdf_gets_the_name(school: Database, actor: Actor, out_dir: Path,
                                                           how: str) -> None:
    out = out_dir / "notices.pdf"
    seen: list[tuple[bool, list[int]]] = []

    def on_flush(session: Session, _ctx: object) -> None:
        if any(isinstance(o, NoticeBatch) for o in session.new):
            hidden = [len(PdfReader(p).pages) for p in out_dir.glob(".notices-*.pdf")]
            seen.append((out.exists(), hidden))

    event.listen(Session, "after_flush", on_flush)
    try:
        if how == "print":
            batch, _ = notices.print_notices(school, actor, out, NoticeSelection(), issued_on=ISSUED)
        else:  # the GUI's preview, then "save": the previewed file is copied in the same order
            prepared = notices.prepare_notices(school, Actor(CLERK), NoticeSelection(), issued_on=ISSUED)
            preview = out_dir.parent / "preview.pdf"
            result = notices.render_prepared(prepared, preview, batch_label="批次 1")
            batch = notices.record_and_save(school, actor, prepared, result, preview, out, batch_id=1)
    finally:
        event.remove(Session, "after_flush", on_flush)
    # when the batch row was written the PDF was complete under its hidden name, not yet under ``out``
    assert seen == [(False, [batch.pages])]
    assert len(PdfReader(out).pages) == batch.pages
    assert list(out_dir.glob(".notices-*")) == []


@fonts
def test_notice_outputs_are_flushed_then_renamed_then_the_folder_flushed(
    school: Database, actor: Actor, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = DiskLog(monkeypatch)
    out = out_dir / "notices.pdf"
    batch, _ = notices.print_notices(school, actor, out, NoticeSelection(), issued_on=ISSUED)
    log.assert_durable(out)
    again = out_dir / "reprint.pdf"
    notice_batches.reprint_batch(school, actor, batch.id, again)
    log.assert_durable(again)
    for name in ("ml.pdf", "ml.xlsx"):
        notice_batches.write_mailing_list(school, Actor(CLERK), batch.id, out_dir / name)
        log.assert_durable(out_dir / name)
    labels = out_dir / "labels.pdf"
    notice_batches.write_labels(school, Actor(CLERK), batch.id, labels, layout="2x7")
    log.assert_durable(labels)
    numbered = [c.value for c in load_workbook(out_dir / "ml.xlsx").active["A"] if isinstance(c.value, int)]
    assert len(PdfReader(labels).pages) == 1 and numbered == [1, 2, 3]  # the bulk-mail list's three pieces
    assert sorted(p.name for p in out_dir.iterdir()) == ["labels.pdf", "ml.pdf", "ml.xlsx", "notices.pdf", "reprint.pdf"]


def test_xlsx_export_is_flushed_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = DiskLog(monkeypatch)
    out = tmp_path / "export.xlsx"
    assert write_table(out, ["學號"], [["00123"]]) == 1
    log.assert_durable(out)
    assert [c.value for c in next(load_workbook(out).active.iter_rows(min_row=2))] == ["00123"]


def _age(path: Path, seconds: float) -> Path:
    path.write_bytes(b"%PDF-1.4 half")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


@fonts
def test_a_print_removes_stale_hidden_files_and_keeps_fresh_ones(school: Database, actor: Actor, out_dir: Path) -> None:
    """A killed run leaves a hidden .notices-*.pdf; the next print into that folder removes it once it is
    older than io.durable.STALE_AFTER, but not a fresh one (another workstation may be printing)."""
    stale = _age(out_dir / ".notices-killed.pdf", durable.STALE_AFTER.total_seconds() + 60)
    fresh = _age(out_dir / ".notices-busy.pdf", 5)
    stale_labels = _age(out_dir / ".labels-killed.pdf", 3600)
    other = _age(out_dir / "notices-mine.pdf", 3600)  # not ours: not hidden
    batch, _ = notices.print_notices(school, actor, out_dir / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    assert not stale.exists() and fresh.exists() and stale_labels.exists() and other.exists()
    notice_batches.write_labels(school, Actor(CLERK), batch.id, out_dir / "labels.pdf")
    assert not stale_labels.exists() and other.exists()


def test_remove_stale_only_matches_prefix_and_suffix(tmp_path: Path) -> None:
    now = time.time()
    old = [_age(tmp_path / n, 3600) for n in (".notices-a.pdf", ".notices-b.txt", ".other-c.pdf")]
    removed = durable.remove_stale(tmp_path, ".notices-", ".pdf", older_than=dt.timedelta(minutes=5), now=now)
    assert removed == [old[0]]
    assert [p.exists() for p in old] == [False, True, True]
    # a later "now" makes a younger file stale too
    young = _age(tmp_path / ".notices-d.pdf", 60)
    assert durable.remove_stale(tmp_path, ".notices-", ".pdf", older_than=dt.timedelta(minutes=5), now=now) == []
    assert durable.remove_stale(tmp_path, ".notices-", ".pdf", older_than=dt.timedelta(minutes=5),
                                now=now + 3600) == [young]


def test_atomic_output_failure_leaves_neither_file(tmp_path: Path) -> None:
    final = tmp_path / "list.pdf"
    with pytest.raises(OSError):
        with durable.atomic_output(final, prefix=".list-") as tmp:
            tmp.write_bytes(b"partial")
            raise OSError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_a_dead_writer_go_those_of_a_running_one_stay(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead_pid = int(finished.stdout)
    dead, alive = tmp_path / ".notices-dead.pdf", tmp_path / ".notices-alive.pdf"
    dead.write_bytes(b"%PDF names and addresses")
    alive.write_bytes(b"%PDF being written")
    journal = durable.journal_dir()
    entries = []
    for pid, path in ((dead_pid, dead), (os.getpid(), alive)):
        entry = journal / f"{pid}-test-{path.stem}.json"
        entry.write_text(json.dumps({"pid": pid, "path": str(path)}), encoding="utf-8")
        entries.append(entry)
    try:
        removed = durable.clean_leftovers()
        assert dead in removed and not dead.exists() and not entries[0].exists()
        assert alive.exists() and entries[1].exists()
    finally:
        for entry in entries:
            entry.unlink(missing_ok=True)
