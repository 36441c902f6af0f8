"""Saving a previewed notice batch from the print dialog goes through services.notices.record_and_save,
the CLI's crash-safe order (hidden copy in the target folder → batch recorded → renamed into place):
one batch per preview, a complete file, and a refused save records nothing and leaves the folder as
it was (a file of that name included)."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument

from portfolio_desktop.gui.notices.receipts_page import ReceiptsPage
from portfolio_desktop.gui.notices.receipts_print import NoticePrintDialog
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import settle
from tests.data.receipts import RECEIPT_HEADERS, STUDENTS, load_roster, receipt_rows, set_letterhead, write_xlsx

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(),
                                reason="fonts-cns11643-sung missing")


@pytest.fixture
def dialog(qtbot, db: Database, actor: Actor, tmp_path: Path, make_ctx):  # noqa: ANN001, ANN201
    """A print dialog with a finished preview of the departed students' notices (nothing recorded)."""
    rows = [r[:] for r in STUDENTS]
    rows[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]  # the one departed student without an address
    load_roster(db, actor, tmp_path, rows)
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(3)))
    set_letterhead(db, actor)
    page = ReceiptsPage(make_ctx())
    qtbot.addWidget(page)
    page.refresh()
    settle(page.ctx)
    dlg = page.open_print()
    qtbot.addWidget(dlg)
    settle(page.ctx)
    dlg.start_preview()
    settle(page.ctx)
    assert dlg.rendered is not None, dlg.status.text()
    assert notices.list_batches(db, Actor(CLERK)) == []
    return dlg


def save(dialog: NoticePrintDialog, path: Path) -> None:
    """儲存 PDF… to ``path``, and wait until the save is done (or refused)."""
    dialog.save_to(path)
    settle(dialog.ctx)


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary copies left in the output folder."""
    return [p.name for p in folder.iterdir() if p.name.startswith(notices.NOTICE_TEMP_PREFIX)]


def test_save_records_one_batch_and_writes_the_whole_file(qtbot, dialog: NoticePrintDialog, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "寄出"
    out.mkdir()
    with qtbot.waitSignal(dialog.recorded) as signal:
        save(dialog, out / "通知.pdf")
    batch = dialog.batch
    assert batch is not None and signal.args == [batch]
    assert [b.id for b in notices.list_batches(dialog.ctx.db, Actor(CLERK))] == [batch.id] == [dialog.rendered.batch_id]
    assert batch.notices == len(dialog.rendered.prepared.students) >= 1
    assert (out / "通知.pdf").read_bytes() == dialog.rendered.path.read_bytes()
    saved = QPdfDocument()
    saved.load(str(out / "通知.pdf"))
    assert saved.status() == QPdfDocument.Status.Ready and saved.pageCount() == batch.pages
    assert leftovers(out) == []
    # saved again under another name: the same batch, nothing more recorded, the file complete again
    save(dialog, out / "副本.pdf")
    assert dialog.batch == batch and len(notices.list_batches(dialog.ctx.db, Actor(CLERK))) == 1
    assert (out / "副本.pdf").read_bytes() == dialog.rendered.path.read_bytes() and leftovers(out) == []


def test_a_save_that_cannot_write_records_no_batch(dialog: NoticePrintDialog, tmp_path: Path, notes) -> None:  # noqa: ANN001
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file, so nothing can be written inside it")
    save(dialog, not_a_folder / "通知.pdf")
    assert len(notes.warnings) == 1 and "未記錄批次" in notes.warnings[0]  # said in a message box …
    assert "未記錄批次" in dialog.status.text()  # … and kept in the dialog
    assert notices.list_batches(dialog.ctx.db, Actor(CLERK)) == [] and dialog.batch is None
    # the user picks another folder: now it is recorded, once
    save(dialog, tmp_path / "通知.pdf")
    batch = dialog.batch
    assert batch is not None and [b.id for b in notices.list_batches(dialog.ctx.db, Actor(CLERK))] == [batch.id]


def test_a_refused_recording_leaves_the_file_already_there(dialog: NoticePrintDialog, actor: Actor,  # noqa: ANN001
                                                            tmp_path: Path, notes) -> None:
    target = tmp_path / "通知.pdf"
    target.write_bytes(b"%PDF-1.4 last week's letters")
    r = dialog.rendered
    assert r is not None
    other = notices.record_batch(dialog.ctx.db, actor, r.prepared, r.result, batch_id=r.batch_id)  # another workstation
    save(dialog, target)
    assert len(notes.warnings) == 1 and "其他工作站" in notes.warnings[0]
    assert target.read_bytes() == b"%PDF-1.4 last week's letters"  # not overwritten, not deleted
    assert leftovers(tmp_path) == []
    assert [b.id for b in notices.list_batches(dialog.ctx.db, Actor(CLERK))] == [other.id] and dialog.batch is None
