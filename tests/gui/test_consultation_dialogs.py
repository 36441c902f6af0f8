"""pytest-qt: on the 課程諮詢 page, correcting a record in its dialog (a refusal keeps the dialog open and
writes nothing), removing one with a reason, the dean's editor of who is responsible for whom, and opening
an attachment only after its SHA-256 matched (the system's opener is Qt's: a test URL handler takes its
place, so no viewer starts)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.gui.context import SessionContext
from portfolio_desktop.gui.workgroup.consultations_dialogs import ConsultationEditDialog, RemoveConsultationDialog
from portfolio_desktop.gui.workgroup.consultations_page import ConsultationsPage
from portfolio_desktop.services.workgroup import attachments
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.workgroup_models import Consultation
from tests.data.items_school import make_roster
from tests.data.staff import DEAN, staff
from tests.gui.conftest import settle

DAY = dt.date.today() - dt.timedelta(days=3)


@pytest.fixture
def school(db: Database, tmp_path: Path) -> dict[str, Actor | int]:
    make_roster(db)
    dean = staff(db, "dean", DEAN, name="教務主任")
    wu = staff(db, "wu", Grant(Role.CONSULTANT), name="吳諮詢")
    lin = staff(db, "lin", Grant(Role.CONSULTANT), name="林諮詢")
    consultations.assign(db, dean, "wu", class_codes=["101"])
    consultations.assign(db, dean, "lin", student_nos=["0101"])
    slides = tmp_path / "簡報.pdf"
    slides.write_bytes(b"%PDF-1.4 slides")
    rec = consultations.add_consultation(db, wu, mode="團體", student_nos=["0001", "0002"], held_on=DAY,
                                         place="會議室", content="選課說明", attachment=slides)
    return {"dean": dean, "wu": wu, "lin": lin, "rec": rec.id}


@pytest.fixture
def open_page(qtbot, db: Database, tmp_path: Path) -> Iterator[Callable[[Actor], ConsultationsPage]]:  # noqa: ANN001
    """The page as ``actor`` sees it, read once shown (its own session context: the ``make_ctx`` fixture
    would also seed the shared clerk, who holds every office, consultant included)."""
    made: list[SessionContext] = []

    def open_(actor: Actor) -> ConsultationsPage:
        ctx = SessionContext(db, actor, settings=QSettings(str(tmp_path / "ctx.ini"), QSettings.Format.IniFormat),
                             signed_in=True, viewer=None)
        made.append(ctx)
        page = ConsultationsPage(ctx)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        settle(page.ctx)  # a page reads when first shown (gui/changes.py)
        return page

    yield open_
    for ctx in made:
        ctx.ops.shutdown(cancel=True)


def _edits(db: Database) -> list[tuple[str, dict, dict]]:
    with db.read() as s:
        rows = s.execute(select(AuditLog.actor, AuditLog.before, AuditLog.after)
                         .where(AuditLog.action == "consultation.edit").order_by(AuditLog.id)).all()
    return [(a, json.loads(b), json.loads(x)) for a, b, x in rows]


def test_edit_dialog_corrects_the_record(qtbot, db: Database, school: dict, open_page) -> None:  # noqa: ANN001
    page = open_page(school["wu"])
    assert not page.edit_button.isEnabled()  # nothing selected yet
    page.select_record(school["rec"])
    assert page.edit_button.isEnabled() and page.open_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(ConsultationEditDialog)
    assert dialog is not None and dialog.isVisible()
    settle(page.ctx)  # the students to choose from
    assert dialog.place.text() == "會議室" and dialog.mode.currentData() == "group"
    assert dialog.students.count() == 3 and dialog.students.item(0).checkState() == Qt.CheckState.Checked
    # individual with two students: refused in the dialog, which stays open; nothing written
    dialog.mode.setCurrentIndex(dialog.mode.findData("individual"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert dialog.isVisible() and "只能有一位學生" in dialog.message.text()
    assert _edits(db) == []
    dialog.mode.setCurrentIndex(dialog.mode.findData("group"))
    dialog.place.clear()
    dialog.place.insert("輔導室")
    dialog.students.item(2).setCheckState(Qt.CheckState.Checked)  # 0003
    dialog.reason.insert("漏登一位學生")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)  # the page reads again: the write announced its change
    assert not dialog.isVisible()
    assert "已更正諮詢紀錄" in page.message.text()
    assert page.model.rows[0][4] == "輔導室" and "林休學" in page.model.rows[0][5]
    ((actor, before, after),) = _edits(db)
    assert actor == "wu" and before == {"place": "會議室", "students": ["0001", "0002"]}
    assert after == {"place": "輔導室", "students": ["0001", "0002", "0003"], "reason": "漏登一位學生"}


def test_the_dean_corrects_and_another_consultant_does_not_see_it(qtbot, db: Database,  # noqa: ANN001
                                                                    school: dict, open_page) -> None:
    lin_page = open_page(school["lin"])
    assert lin_page.model.rowCount() == 0 and [lin_page.students.item(0).text()] == ["102　0101　陳大文"]
    assert lin_page.assign_button.isHidden()
    dean_page = open_page(school["dean"])
    assert not dean_page.assign_button.isHidden()
    dean_page.select_record(school["rec"])
    dialog = dean_page.edit_selected()
    settle(dean_page.ctx)
    assert dialog is not None and dialog.students.count() == 3  # wu's students, not lin's
    dialog.content.setPlainText("選課說明（更正）")
    dialog.drop_attachment.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    settle(dean_page.ctx)
    ((actor, before, after),) = _edits(db)
    assert actor == "dean" and before["content"] == "選課說明" and after["attachment"] is None
    assert dean_page.model.rows[0][8] == "" and not dean_page.open_button.isEnabled()


def test_remove_dialog(qtbot, db: Database, school: dict, open_page) -> None:  # noqa: ANN001
    page = open_page(school["wu"])
    page.select_record(school["rec"])
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(RemoveConsultationDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reason.insert("duplicate")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert page.model.rowCount() == 0 and "已刪除諮詢紀錄" in page.message.text()
    with db.read() as s:
        assert s.scalar(select(func.count(Consultation.id))) == 0
        after = s.scalar(select(AuditLog.after).where(AuditLog.action == "consultation.remove"))
    assert json.loads(after or "{}") == {"removed": True, "reason": "duplicate"}


def test_assignment_editor(qtbot, db: Database, school: dict, open_page) -> None:  # noqa: ANN001
    page = open_page(school["dean"])
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QObject, "consultantAssignmentsDialog")
    assert dialog is not None and dialog.isVisible()
    settle(page.ctx)
    assert [dialog.consultant.itemData(i) for i in range(dialog.consultant.count())] == ["lin", "wu"]
    dialog.consultant.setCurrentIndex(dialog.consultant.findData("wu"))
    settle(page.ctx)
    assert dialog.model.rows == [("吳諮詢", "班級 101", "日間部", "3")]
    dialog.class_code.setCurrentIndex(dialog.class_code.findData("102"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "assignClass"), Qt.MouseButton.LeftButton)
    settle(page.ctx)
    qtbot.keyClicks(dialog.student_nos, "9999")
    qtbot.mouseClick(dialog.findChild(QPushButton, "assignStudents"), Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert "9999" in dialog.message.text() and dialog.student_nos.text() == "9999"  # refused, input kept
    dialog.student_nos.clear()
    qtbot.keyClicks(dialog.student_nos, "0101, 0003")
    qtbot.mouseClick(dialog.findChild(QPushButton, "assignStudents"), Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert [r[1] for r in dialog.model.rows] == ["班級 101", "班級 102", "0003 林休學", "0101 陳大文"]
    dialog.select_row(0)
    qtbot.mouseClick(dialog.findChild(QPushButton, "removeAssignment"), Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert [r[1] for r in dialog.model.rows] == ["班級 102", "0003 林休學", "0101 陳大文"]
    assert "已登錄的諮詢紀錄不受影響" in dialog.message.text()
    dialog.reject()
    assert sorted(s.student_no for s in consultations.my_students(db, school["wu"])) == ["0003", "0101", "0102"]
    with db.read() as s:
        acts = s.execute(select(AuditLog.action).where(AuditLog.action.like("consultation.%assign"))
                         .order_by(AuditLog.id)).scalars().all()
    assert acts[-4:] == ["consultation.assign", "consultation.assign", "consultation.assign", "consultation.unassign"]


class _Opener(QObject):
    """Stands in for the system's file viewer through Qt's own URL-handler hook."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[Path] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.opened.append(Path(url.toLocalFile()))


def test_open_attachment_checks_the_hash(qtbot, db: Database, school: dict, open_page) -> None:  # noqa: ANN001
    opener = _Opener()
    QDesktopServices.setUrlHandler("file", opener, "handle")  # PySide6 takes the slot name as str
    try:
        page = open_page(school["wu"])
        page.select_record(school["rec"])
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        settle(page.ctx)
        stored = attachments.open_path(db, page.selected().attachment_id)
        assert opener.opened == [stored] and stored.read_bytes() == b"%PDF-1.4 slides"
        assert "簡報.pdf" in page.message.text() and "相符" in page.message.text()
        stored.write_bytes(b"%PDF-1.4 edited copy")  # the handed-out copy is rewritten from the database
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        settle(page.ctx)
        assert opener.opened == [stored, stored] and stored.read_bytes() == b"%PDF-1.4 slides"
        from sqlalchemy import update

        from portfolio_desktop.store.workgroup_models import AttachmentContent

        with db.write() as s:  # changed behind the app's back, in the database itself
            s.execute(update(AttachmentContent).values(content=b"%PDF-1.4 tampered"))
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        settle(page.ctx)
        assert opener.opened == [stored, stored]  # not handed out
        assert "SHA-256 不符" in page.message.text()
    finally:
        QDesktopServices.unsetUrlHandler("file")
