"""pytest-qt: sign-in (first administrator, wrong password, forced change), a refused action shown
and audited, the proxy editor's reorder and save, the audit viewer and the accounts page."""

from __future__ import annotations


import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, QSettings, Qt
from sqlalchemy import select

from portfolio_desktop.gui.accounts.accounts_page import AccountsPage, StaffDialog
from portfolio_desktop.gui.accounts.audit_page import CHANGES, SENTENCE, AuditPage
from portfolio_desktop.gui.labels import audit_action
from portfolio_desktop.gui.accounts.proxy_editor import ProxyEditor
from portfolio_desktop.gui.context import SessionContext
from portfolio_desktop.gui.signin_dialog import MODE_CHANGE, MODE_FIRST_ADMIN, MODE_SIGN_IN, SignInDialog
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import settle
from portfolio_desktop.store.models import AuditLog
from tests.data.staff import ADMIN_PASSWORD, DEAN, PASSWORD, REGISTRY_DAY, admin, staff



def test_first_start_creates_the_administrator(qtbot, db: Database) -> None:  # noqa: ANN001
    dlg = SignInDialog(db)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(dlg.ops.idle)  # whether the database has accounts is read on a worker
    assert dlg.mode == MODE_FIRST_ADMIN and dlg.password.isHidden() and not dlg.new_password.isHidden()
    qtbot.keyClicks(dlg.username, "boss")
    qtbot.keyClicks(dlg.new_password, "boss-pass-1")
    qtbot.keyClicks(dlg.confirm, "boss-pass-2")
    dlg.submit()
    qtbot.waitUntil(dlg.ops.idle)
    assert "不同" in dlg.error.text() and dlg.actor is None
    assert dlg.new_password.text() == ""  # secrets cleared after a failed attempt
    qtbot.keyClicks(dlg.new_password, "boss-pass-1")
    qtbot.keyClicks(dlg.confirm, "boss-pass-1")
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dlg.actor is not None and dlg.actor.username == "boss"
    assert accounts.has_accounts(db)


def test_sign_in_wrong_then_right(qtbot, db: Database) -> None:  # noqa: ANN001
    admin(db)
    staff(db, "reg", REGISTRY_DAY, name="陳註冊", password=PASSWORD)
    dlg = SignInDialog(db)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(dlg.ops.idle)  # whether the database has accounts is read on a worker
    assert dlg.mode == MODE_SIGN_IN and dlg.display_name.isHidden()
    assert dlg.password.echoMode() == dlg.password.EchoMode.Password
    dlg.show()
    qtbot.waitExposed(dlg)
    qtbot.keyClicks(dlg.username, "reg")
    qtbot.keyClicks(dlg.password, "not-it-123")
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    qtbot.waitUntil(dlg.ops.idle, timeout=30_000)  # the password is checked on a worker
    assert dlg.error.text() == accounts.BAD_SIGN_IN[0] and dlg.result() == 0
    qtbot.keyClicks(dlg.password, PASSWORD)
    with qtbot.waitSignal(dlg.accepted):
        dlg.submit()
    assert dlg.actor is not None and dlg.actor.display_name == "陳註冊"
    assert [g.role.value for g in dlg.actor.roles] == ["registry"]


def test_reset_password_must_be_changed_at_sign_in(qtbot, db: Database) -> None:  # noqa: ANN001
    boss = admin(db)
    staff(db, "reg", REGISTRY_DAY, password=PASSWORD)
    accounts.reset_password(db, boss, "reg", "temp-pass-1")
    dlg = SignInDialog(db)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(dlg.ops.idle)  # whether the database has accounts is read on a worker
    qtbot.keyClicks(dlg.username, "reg")
    qtbot.keyClicks(dlg.password, "temp-pass-1")
    dlg.submit()
    qtbot.waitUntil(dlg.ops.idle, timeout=30_000)
    assert dlg.mode == MODE_CHANGE and dlg.actor is None and not dlg.new_password.isHidden()
    qtbot.keyClicks(dlg.new_password, "fresh-pass-9")
    qtbot.keyClicks(dlg.confirm, "fresh-pass-9")
    with qtbot.waitSignal(dlg.accepted):
        dlg.submit()
    assert dlg.actor is not None
    assert accounts.sign_in(db, "reg", "fresh-pass-9").username == "reg"


@pytest.fixture
def school(db: Database) -> Database:
    admin(db)
    staff(db, "dean", DEAN, name="王主任")
    staff(db, "reg", REGISTRY_DAY, name="陳註冊")
    for name in ("lin", "chen", "zhou"):
        staff(db, name, name=f"{name}老師")
    return db


@pytest.fixture
def ctx_of(school: Database, tmp_path: Path) -> Iterator[Callable[[str], SessionContext]]:
    """A session of one account of ``school`` alone (the shared ``make_ctx`` would seed its clerk, who
    holds every office and so would act for the offices these tests look at)."""
    made: list[SessionContext] = []

    def make(username: str) -> SessionContext:
        ctx = SessionContext(school, Actor(username), signed_in=True, viewer=None,
                             settings=QSettings(str(tmp_path / f"{username}.ini"), QSettings.Format.IniFormat))
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.ops.shutdown(cancel=True)


def select_target(editor: ProxyEditor, key: str) -> None:
    editor.select_target(key)
    assert editor.current_key() == key
    settle(editor.ctx)  # its list arrives from the read op


def test_refused_save_is_shown_audited_and_writes_nothing(qtbot, ctx_of, school: Database) -> None:  # noqa: ANN001
    editor = ProxyEditor(ctx_of("reg"))
    editor.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(editor)
    settle(editor.ctx)
    select_target(editor, "function:registry:day")
    editor.staff.setCurrentIndex(editor.staff.findData("lin"))
    editor.add_selected()
    assert editor.order() == ["lin"]
    editor.save()
    settle(editor.ctx)
    assert "需要的職務" in editor.message.text() and "教務主任" in editor.message.text()
    assert proxies.get_list(school, Actor("dean"), "註冊組").usernames == []
    with school.read() as s:
        denied = s.scalars(select(AuditLog).where(AuditLog.action == "authz.denied")).all()
        assert [(d.actor, d.entity_key) for d in denied] == [("reg", "proxies.write")]


def test_proxy_editor_add_reorder_drag_and_save(qtbot, ctx_of, school: Database) -> None:  # noqa: ANN001
    editor = ProxyEditor(ctx_of("dean"))
    editor.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(editor)
    editor.show()
    settle(editor.ctx)
    select_target(editor, "function:registry:day")
    for name in ("lin", "chen", "zhou"):
        editor.staff.setCurrentIndex(editor.staff.findData(name))
        editor.add_selected()
    editor.add_selected()  # zhou again: ignored
    assert editor.order() == ["lin", "chen", "zhou"]
    editor.proxies.setCurrentRow(2)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert editor.order() == ["lin", "zhou", "chen"]
    # what an internal-move drop does: the list model moves the row (here: chen to the top)
    model = editor.proxies.model()
    assert model.moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert editor.order() == ["chen", "lin", "zhou"]
    assert editor.proxies.item(0).text().startswith("1. ")
    editor.proxies.setCurrentRow(2)
    editor.remove_current()
    with qtbot.waitSignal(editor.saved):
        assert editor.save() is not None
    settle(editor.ctx)
    assert proxies.get_list(school, Actor("dean"), "註冊組").usernames == ["chen", "lin"]
    assert "本人" in editor.who.text()
    accounts.add_leave(school, Actor("dean"), "reg", dt.date.today(), dt.date.today())
    editor.refresh()
    settle(editor.ctx)
    assert editor.current_key() == "function:registry:day"
    assert "chen" in editor.who.text() and "第 1 順位" in editor.who.text()


def test_audit_page_filters_and_exports(qtbot, make_ctx, school: Database, tmp_path: Path) -> None:  # noqa: ANN001
    page = AuditPage(make_ctx(Actor("dean")))
    qtbot.addWidget(page)

    def refresh() -> None:
        page.refresh()
        settle(page.ctx)

    refresh()
    total = page.model.rowCount()
    assert total > 0 and page.model.columnCount() == 7
    page.user.setText("admin")
    page.kind.setCurrentText("staff")
    refresh()
    assert 0 < page.model.rowCount() < total
    assert all(r.actor == "admin" and r.action.startswith("staff.") for r in page.model.rows)
    # the action named in the UI language (zh_TW here), the stored code as the tooltip
    assert page.model.index(0, 3).data() == audit_action(page.model.rows[0].action) != page.model.rows[0].action
    assert page.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == page.model.rows[0].action
    page.kind.setCurrentIndex(page.kind.findData("staff"))  # the family chosen by its name (人員)
    assert page.kind.currentText() == "人員" and page.current_filter().kind == "staff"
    # the person picked from everyone the log names, by name (the account kept for the filter)
    people = page.people.stringList()
    assert "王主任 <dean>" in people and "系統管理者 <admin>" in people
    page.user.setText("王主任 <dean>")
    assert page.current_filter().user == "dean"
    page.user.setText("系統管理者 <admin>")
    page.kind.setCurrentIndex(0)
    refresh()
    assert page.model.rows and all(r.actor == "admin" for r in page.model.rows)
    page.user.setText("王主")  # part of a name still works
    assert page.current_filter().user == "王主"
    page.user.setText("admin")
    page.kind.setCurrentIndex(page.kind.findData("staff"))
    refresh()
    out = tmp_path / "audit.xlsx"
    assert page.ctx.ops.wait(page.export_to(out), 60_000)
    assert page.message.text() == f"已匯出 {page.model.rowCount()} 筆到 {out}"
    assert load_workbook(out).active.max_row == page.model.rowCount() + 1


def test_audit_page_refused_for_registry(qtbot, make_ctx, school: Database) -> None:  # noqa: ANN001
    page = AuditPage(make_ctx(Actor("reg")))
    qtbot.addWidget(page)
    page.refresh()
    settle(page.ctx)
    assert page.model.rowCount() == 0 and "系統管理者" in page.message.text()


def test_accounts_page_add_reset_and_refusal(qtbot, school: Database, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx(Actor("admin"))
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    settle(ctx)  # a page of its own reads at once
    assert "reg" in [r.username for r in page.model.rows]
    dlg = StaffDialog(page)
    qtbot.addWidget(dlg)
    dlg.username.setText("wu")
    dlg.display_name.setText("吳老師")
    dlg.roles.setText("teacher:C101、mentor")  # mentor without a class: refused, nothing written
    dlg.password.setText("wu-pass-123")
    page.add_staff(dlg)
    settle(ctx)
    assert "班級" in page.message.text() and "wu" not in [r.username for r in page.model.rows]
    dlg.roles.setText("teacher:C101, 進修部教務組")
    dlg.password.setText("wu-pass-123")
    page.add_staff(dlg)
    settle(ctx)  # written, announced, the list read again
    assert page.message.text() == "已新增 wu"
    row = next(r for r in page.model.rows if r.username == "wu")
    assert row.role_labels == ("任課教師（C101）", "進修部教務組")
    page.select_username("wu")
    page.reset_password.setText("wu-temp-456")
    page.reset_selected()
    assert page.reset_password.text() == ""
    settle(ctx)
    assert page.message.text().startswith("已重設 wu")
    assert accounts.password_must_change(school, "wu")
    reg = make_ctx(Actor("reg"))
    refused = AccountsPage(reg)
    qtbot.addWidget(refused)
    settle(reg)
    refused.select_username("admin")  # 註冊組 opens accounts (seed 000 附表一), never an administrator's
    refused.reset_password.setText("hijack-123")
    refused.reset_selected()
    settle(reg)
    assert "系統管理者" in refused.message.text()
    assert accounts.sign_in(school, "admin", ADMIN_PASSWORD)


def test_audit_page_quiet_reload_does_not_audit_refusals(qtbot, make_ctx, school: Database) -> None:  # noqa: ANN001
    page = AuditPage(make_ctx(Actor("reg")))
    qtbot.addWidget(page)
    page.refresh(quiet=True)
    page.refresh(quiet=True)
    settle(page.ctx)
    assert "系統管理者" in page.message.text()
    with school.read() as s:
        assert not s.scalars(select(AuditLog).where(AuditLog.action == "authz.denied")).all()


def test_audit_page_shows_a_roster_import_one_student_a_row_in_words(qtbot, make_ctx, school: Database,  # noqa: ANN001
                                                                     tmp_path: Path) -> None:
    """A roster import stores its new students as one compact row; the dean's page still shows one row
    per student, said in words (field names as the roster names them, the ID masked), and finds one
    student by 學號."""
    from tests.integration.test_roster_service import ALICE, BOB, CAROL, write_roster

    rosters.import_roster(school, Actor("reg"), write_roster(tmp_path / "名冊.xlsx", [ALICE, BOB, CAROL]))
    page = AuditPage(make_ctx(Actor("dean")))
    qtbot.addWidget(page)
    page.resize(1366, 600)
    page.refresh()
    settle(page.ctx)  # the kinds the log holds are listed
    page.kind.setCurrentIndex(page.kind.findData("student"))
    page.refresh()
    settle(page.ctx)
    assert [r.entity_key for r in page.model.rows] == ["10001", "00124", "00123"]
    alice = page.model.rowCount() - 1
    assert page.model.index(alice, SENTENCE).data() == "陳註冊 新增學生 00123 王𡘙"
    shown = page.model.index(alice, CHANGES).data()
    assert "姓名：王𡘙" in shown and "身分證字號：A12****789" in shown and "A123456789" not in shown
    assert "性別：女" in shown and "部別：日間部" in shown and "birth" not in shown
    folder = os.environ.get("PORTFOLIO_SCREENSHOTS")
    if folder:
        page.show()
        assert page.grab().save(str(Path(folder) / "audit_page_roster_import.png"))
    page.record.setText("00124")
    page.refresh()
    settle(page.ctx)
    assert [(r.action, r.entity_key) for r in page.model.rows] == [("student.add", "00124")]
