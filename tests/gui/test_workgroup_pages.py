"""pytest-qt: the 工作小組 page (template, meeting with minutes, session, compliance colours, self-check,
evaluation visible to the dean only) and the 課程諮詢 page (a consultant records for their own students,
a refusal is shown and nothing is written, the export reads back); both pages in the main window."""

from __future__ import annotations


from portfolio_desktop.services.context import Actor

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from portfolio_desktop.domain.compliance import Audience, CheckStatus
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.gui.workgroup.consultations_page import ConsultationsPage
from portfolio_desktop.gui.workgroup.workgroup_page import STATUS_COLOURS, WorkgroupPage
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.workgroup import workgroup
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.workgroup_models import Consultation, WorkgroupMeeting
from tests.data.items_school import make_roster
from tests.data.staff import DEAN, staff
from tests.gui.conftest import settle

TODAY = dt.date(2024, 12, 1)


def test_workgroup_page_as_the_dean(qtbot, db: Database, tmp_path: Path, make_ctx) -> None:  # noqa: ANN001
    dean = staff(db, "dean", DEAN, name="教務主任")
    ctx = make_ctx(dean)
    page = WorkgroupPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    settle(ctx)  # a page reads when first shown (gui/changes.py)
    assert page.year.value() == 113
    page.template.setCurrentIndex(page.template.findData("001"))
    qtbot.mouseClick(page.findChild(QPushButton, "applyTemplate"), Qt.MouseButton.LeftButton)
    settle(ctx)  # the write, then the refresh its change announced
    assert page.member_model.rowCount() == 25 and page.member_model.rows[0][1] == "校長"

    minutes = tmp_path / "紀錄.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    qtbot.keyClicks(page.meeting_date, "113/09/02")
    page.meeting_agenda.insert("期程規劃")  # QTest types ASCII only
    page.minutes_path.setText(str(minutes))
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.findChild(QPushButton, "addMeeting"), Qt.MouseButton.LeftButton)
    settle(ctx)
    assert page.meeting_model.rows[0][:4] == ("113/09/02", "113-1", "期程規劃", "紀錄.pdf")
    assert page.meeting_date.text() == ""

    page.session_kind.setCurrentIndex(0)  # 宣導說明 (seed 001 default rules: any audience)
    page.audience_boxes[Audience.PARENTS].setChecked(True)
    qtbot.keyClicks(page.session_date, "113/10/05")
    page.attendance.setValue(210)
    assert page.add_session() is not None
    settle(ctx)
    assert page.session_model.rows[0][:4] == ("113/10/05", "宣導說明", "家長", "210")

    checks = {c.key: (i, c) for i, c in enumerate(page.check_model.items)}
    i, meeting = checks["meeting:113-1"]
    assert meeting.status is CheckStatus.DONE
    assert page.check_model.data(page.check_model.index(i, 0), Qt.ItemDataRole.BackgroundRole).color().name() == \
        STATUS_COLOURS[CheckStatus.DONE]
    assert checks["session:briefing:any:113"][1].status is CheckStatus.DONE
    assert checks["self_check:113-1"][1].status is CheckStatus.DUE
    page.check_term.setCurrentIndex(0)
    qtbot.keyClicks(page.done, "113/11/30")
    assert page.set_self_check() is not None
    settle(ctx)
    assert {c.key: c for c in page.check_model.items}["self_check:113-1"].status is CheckStatus.DONE
    assert "敘獎候選" in page.candidates.text()


def test_workgroup_page_refuses_a_clerk_and_writes_nothing(qtbot, db: Database, make_ctx) -> None:  # noqa: ANN001
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    ctx = make_ctx(clerk)
    page = WorkgroupPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    settle(ctx)
    # The form is offered read-only, the service's refusal on it: nothing to fill in and lose.
    assert page.meeting_date.isReadOnly() and "自我檢核及成效評核" in page.meeting_date.toolTip()
    add = page.findChild(QPushButton, "addMeeting")
    assert not add.isEnabled() and "自我檢核及成效評核" in add.toolTip()
    qtbot.keyClicks(page.meeting_date, "113/09/02")
    assert page.meeting_date.text() == ""
    # Past the GUI (a script filling the fields), the service still refuses.
    page.meeting_date.setText("113/09/02")
    page.meeting_agenda.setText("期程規劃")
    page.add_meeting()
    settle(ctx)
    assert "自我檢核及成效評核" in page.message.text()
    assert page.meeting_date.text() == "113/09/02"  # the input stays for the user to fix or copy
    with db.read() as s:
        assert s.scalar(select(func.count(WorkgroupMeeting.id))) == 0
    assert page.eval_model.rowCount() == 0 and "僅限教務主任" in page.candidates.text()


def test_consultations_page(qtbot, db: Database, tmp_path: Path, make_ctx) -> None:  # noqa: ANN001
    make_roster(db)
    dean = staff(db, "dean", DEAN)
    wu = staff(db, "wu", Grant(Role.CONSULTANT), name="吳諮詢")
    consultations.assign(db, dean, "wu", class_codes=["101"])
    ctx = make_ctx(wu)
    page = ConsultationsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    settle(ctx)  # a page reads when first shown (gui/changes.py)
    assert page.students.count() == 3 and page.form_box.isEnabled()
    # individual with two students: refused, nothing written, the form keeps its input
    page.mode.setCurrentIndex(page.mode.findData("individual"))
    page.check_student("0001")
    page.check_student("0002")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    qtbot.keyClicks(page.date, yesterday.isoformat())
    page.place.insert("輔導室")
    page.content.insertPlainText("選課")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    assert "只能有一位學生" in page.message.text() and page.place.text() == "輔導室"
    with db.read() as s:
        assert s.scalar(select(func.count(Consultation.id))) == 0
    page.mode.setCurrentIndex(page.mode.findData("group"))
    page.use_time.setChecked(True)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    settle(ctx)
    assert "已登錄團體諮詢（2 位學生）" in page.message.text()
    assert page.model.rowCount() == 1 and page.model.rows[0][1] == "12:10–13:00" and "王𡘙" in page.model.rows[0][5]
    assert page.checked_students() == []
    out = tmp_path / "諮詢.xlsx"
    page.export_to(out)
    settle(ctx)
    assert page.message.text() == f"已匯出 2 列至 {out}"
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [r[6] for r in rows[1:]] == ["0001", "0002"]
    # the dean reads every record but has no students of their own to record for
    dean_ctx = make_ctx(dean)
    dean_page = ConsultationsPage(dean_ctx)
    dean_page.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(dean_page)
    settle(dean_ctx)
    assert dean_page.model.rowCount() == 1 and not dean_page.add_button.isEnabled()


def test_consultations_page_for_someone_without_the_role(qtbot, db: Database, make_ctx) -> None:  # noqa: ANN001
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    ctx = make_ctx(clerk)
    page = ConsultationsPage(ctx)
    page.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.model.rowCount() == 0 and not page.form_box.isEnabled()
    assert "不能查看課程諮詢紀錄" in page.message.text()


def test_both_pages_are_in_the_main_window(window) -> None:  # noqa: ANN001
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "工作小組" in titles and "課程諮詢" in titles
    page = window.tabs.widget(titles.index("工作小組"))
    assert isinstance(page, WorkgroupPage)
    assert workgroup.list_members(window.db, Actor(CLERK), page.year.value()) == []
