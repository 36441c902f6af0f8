"""Every role signs in to a demo school and opens every page and every tab of the main window.

On a real database filled by the demo generator, with one signed-in account per role (the offices of
both divisions, a mentor, a subject teacher, a consultation teacher, IT, the dean, an administrator
holding only that role, and a proxy standing in for a mentor on leave), each role's window:

- loads with no uncaught exception (pytest-qt's capture of exceptions in slots and virtual methods,
  asserted explicitly) and no traceback on stderr;
- writes no refusal audit row just from being opened (the GUI asks ``authz.why_not`` first);
- shows exactly the pages the role may use, and the actions the role may not use disabled (or
  hidden) with the services' own refusal text as tooltip, the allowed ones enabled;
- has a screenshot of every page and tab at 1366×768 in ``$PORTFOLIO_SCREENSHOTS`` (or pytest's
  temporary folder).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton, QTabWidget, QWidget
from sqlalchemy import func, select

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.notices.receipts_dialogs import NoticeSettingsDialog
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.admin import demo
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, SchoolClass, Student
from portfolio_desktop.store.open import open_database
from tests.gui.conftest import settle
from tests.data.staff import (
    ACADEMIC,
    ACTIVITIES_DAY,
    ACTIVITIES_NIGHT,
    ADMIN,
    ADMIN_PASSWORD,
    CONSULTANT,
    DEAN,
    IT,
    PASSWORD,
    REGISTRY_DAY,
    REGISTRY_NIGHT,
    admin,
    mentor,
    staff,
    teacher,
)

SIZE = tuple(int(n) for n in os.environ.get("PORTFOLIO_SCREEN_SIZE", "1366x768").split("x"))  # 1920x1080 to look at a wide screen
COURSE = "115110101"  # 國語文 of the demo school's first class
ROLES = ("registry_day", "registry_night", "academic", "activities_day", "activities_night", "discipline",
         "mentor", "teacher", "consultant", "it", "dean", "admin", "proxy")

# What each role is given. Pages by object name; the roster, the working group and the consultation
# records are every role's (read), the others only for who may use them (gui/pages.py GATES).
EVERYONE = {"rosterPage", "workgroupPage", "consultationsPage"}
DASHBOARD = {"registry_day", "registry_night", "academic", "activities_day", "activities_night", "dean", "mentor",
             "proxy"}
# 我的待辦: whoever certifies, submits or confirms items (seed 001 §五(三), §六): the registry offices
# confirm, the activities offices submit, the teacher certifies.
MY_WORK = {"registry_day", "registry_night", "activities_day", "activities_night", "teacher"}
PAGES: dict[str, set[str]] = {
    role: EVERYONE | ({"dashboardPage"} if role in DASHBOARD else set())
    | ({"myWorkPage"} if role in MY_WORK else set())
    | ({"receiptsPage"} if role.startswith("registry") else set())
    | ({"accountsPage"} if role == "admin" or role.startswith("registry") else set())  # 帳號開設 (seed 000 附表一)
    | ({"proxyPage", "auditPage"} if role in ("admin", "dean") else set())
    | ({"backupPage"} if role in ("admin", "it") else set())
    for role in ROLES
}
# Controls (object names) and the roles that may use them; every other role finds them disabled or
# hidden, with the refusal on the tooltip.
READERS = set(ROLES) - {"teacher", "it", "admin"}  # 學籍資料: offices, mentor (own class), consultant, proxy
ALLOWED: dict[str, set[str]] = {
    "importAction": {"registry_day", "registry_night"},  # 學生名冊: 註冊組 / 進修部教務組
    "importCoursesAction": {"academic"},  # 教學組
    "importItemsAction": {"registry_day", "registry_night", "activities_day", "activities_night", "consultant"},
    "importWindowsAction": {"dean"},  # 作業期程: 教務主任 (seed 001 §四)
    "settingsAction": {"admin", "dean", "registry_day", "registry_night", "it"},  # each part by its owner
    "exportAction": READERS,
    "detailAction": READERS,
    "saveWindows": {"dean"},
    "importWindows": {"dean"},
    "receipts_decide": {"registry_day", "registry_night"},
    "receipts_print": {"registry_day", "registry_night"},
    "receipts_import": {"registry_day", "registry_night"},
    "addMember": {"dean"},
    "addMeeting": {"dean"},
    "addSession": {"dean"},
    "saveSelfCheck": {"dean"},
    "applyRules": {"dean", "admin"},
    "addConsultation": {"consultant"},
    "exportConsultations": {"consultant", "dean", "admin"},  # who reads the records (seed 001 §五(二)2)
    "manageAssignments": {"dean"},
    "backupCreate": {"admin", "it"},
    "searchButton": {"admin", "dean"},
}


@dataclass
class School:
    db: Database
    passwords: dict[str, tuple[str, str]]  # role → (user name, password)
    mentor_class: str
    proxy_class: str


def _class_id(db: Database, code: str) -> int:
    with db.read() as s:
        return int(s.scalar(select(SchoolClass.id).where(SchoolClass.code == code)))


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    """The demo school (200 students, both divisions, courses and items) and one account per role."""
    db = open_database(str(tmp_path_factory.mktemp("school") / "school.db"))
    boss = admin(db)  # administrator role only, as `init --admin` creates it
    demo.generate_demo(db, boss, students=200)
    grants: dict[str, tuple[Grant, ...]] = {
        "registry_day": (REGISTRY_DAY,), "registry_night": (REGISTRY_NIGHT,), "academic": (ACADEMIC,),
        "activities_day": (ACTIVITIES_DAY,), "activities_night": (ACTIVITIES_NIGHT,),
        "discipline": (Grant(Role.DISCIPLINE, "day"),), "mentor": (mentor(_class_id(db, "301")),),
        "teacher": (teacher(COURSE),), "consultant": (CONSULTANT,), "it": (IT,), "dean": (DEAN,),
        "proxy": (),
    }
    users = {role: (f"u_{role}", PASSWORD) for role in grants}
    for role, (user, password) in users.items():
        staff(db, user, *grants[role], password=password)
    users["admin"] = (ADMIN, ADMIN_PASSWORD)
    dean = Actor(users["dean"][0])
    consultations.assign(db, dean, users["consultant"][0], class_codes=["302"])
    # The proxy: first on the list of 302's mentor, who is on leave today (seed 001 §九(三)1).
    away = staff(db, "u_mentor302", mentor(_class_id(db, "302")), password=PASSWORD)
    proxies.set_list(db, dean, away.username, [users["proxy"][0]])
    today = dt.date.today()
    accounts.add_leave(db, dean, away.username, today - dt.timedelta(days=1), today + dt.timedelta(days=30))
    yield School(db, users, "301", "302")
    db.dispose()


def _denied_rows(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "authz.denied")) or 0


def _denied_keys(db: Database) -> list[tuple[str, str | None, str | None]]:
    with db.read() as s:
        return [(r.actor, r.entity_key, r.after) for r in s.scalars(
            select(AuditLog).where(AuditLog.action == "authz.denied").order_by(AuditLog.id))]


def _screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("PORTFOLIO_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.getbasetemp() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pages(window: MainWindow) -> dict[str, QWidget]:
    return {window.tabs.widget(i).objectName(): window.tabs.widget(i) for i in range(window.tabs.count())}


def _controls(window: MainWindow) -> dict[str, QWidget | QAction]:
    """Every named button and action of the window and its pages."""
    found: dict[str, QWidget | QAction] = {}
    for obj in (*window.findChildren(QAction), *window.findChildren(QPushButton)):
        if obj.objectName():
            found.setdefault(obj.objectName(), obj)
    return found


def _usable(control: QWidget | QAction) -> bool:
    visible = control.isVisible() if isinstance(control, QAction) else not control.isHidden()
    return control.isEnabled() and visible


def _shoot(window: MainWindow, folder: Path, name: str) -> Path:
    QApplication.processEvents()
    assert window.ctx.ops.wait_idle(), "ops still running"  # the page's data is shown, not its empty frame
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert window.grab().save(str(path)), path
    return path


def _open_every_page(window: MainWindow, folder: Path, role: str) -> list[Path]:
    """Each page, then each tab of each tab widget on it, made current and photographed."""
    shots: list[Path] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        shots.append(_shoot(window, folder, f"{role}_{index:02d}_{page.objectName()}"))
        for tabs in page.findChildren(QTabWidget):
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                shots.append(_shoot(window, folder, f"{role}_{index:02d}_{page.objectName()}_tab{t}"))
            tabs.setCurrentIndex(0)
    return shots


def test_an_exception_in_a_slot_is_caught_by_the_same_capture(qtbot) -> None:  # noqa: ANN001
    """The capture the role test relies on does see an exception raised in a Qt slot."""

    def broken() -> None:
        raise RuntimeError("a slot failed")

    with qtbot.captureExceptions() as caught:
        QTimer.singleShot(0, broken)
        qtbot.wait(50)
    assert [str(e[1]) for e in caught] == ["a slot failed"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_for_the_role(role: str, school: School, qtbot, tmp_path: Path,  # noqa: ANN001
                                       tmp_path_factory: pytest.TempPathFactory,
                                       capfd: pytest.CaptureFixture[str]) -> None:
    db = school.db
    user, password = school.passwords[role]
    denied_before = _denied_rows(db)
    with qtbot.captureExceptions() as caught:
        actor = accounts.sign_in(db, user, password)
        window = MainWindow(db, actor, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        window.load()  # the first load, as the app does it (pages refresh on `ready`)
        first = window.tabs.currentWidget().objectName()  # where the role starts
        shots = _open_every_page(window, _screens(tmp_path_factory), role)
    try:
        assert caught == [], [str(e[1]) for e in caught]
        assert "Traceback" not in capfd.readouterr().err
        assert _denied_rows(db) == denied_before, f"opening the window wrote a refusal: {_denied_keys(db)}"
        assert (window.width(), window.height()) == SIZE
        assert all(p.stat().st_size > 0 for p in shots)

        pages = _pages(window)
        assert set(pages) == PAGES[role]
        if role == "teacher":  # reads no roster: starts on what waits for them
            assert first == "myWorkPage"
        elif role == "mentor":  # the class at a glance
            assert first == "dashboardPage"
        controls = _controls(window)
        for name, roles in ALLOWED.items():
            control = controls.get(name)
            if control is None:  # on a page this role does not get
                continue
            if role in roles:
                assert _usable(control), f"{role}: {name} should be usable"
                assert not permissions.denied_text(control)
            else:
                assert not _usable(control), f"{role}: {name} should be disabled or hidden"
                assert control.toolTip() and control.toolTip() == permissions.denied_text(control), name
        for name, control in controls.items():  # every guarded control carries its reason
            if permissions.denied_text(control):
                assert not control.isEnabled() and control.toolTip() == permissions.denied_text(control), name

        roster = window.roster
        if role in READERS:
            assert roster.refusal is None or roster.refusal.isHidden()
            assert roster.model.rowCount() > 0
        else:  # the explanation in place of the data, the service's refusal in it
            assert roster.refusal is not None and not roster.refusal.isHidden()
            assert "查看學籍資料" in roster.refusal.text()
            assert roster.model.rowCount() == 0
        _check_role_specifics(role, window, school, _screens(tmp_path_factory))
        assert _denied_rows(db) == denied_before, _denied_keys(db)
        _build_hidden_pages(qtbot, window)
        assert _denied_rows(db) == denied_before, _denied_keys(db)
    finally:
        window.jobs.shutdown(cancel=True)


def _build_hidden_pages(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """A page the role's gate hides still builds and loads for it (a gate is not what keeps it from
    crashing): no exception, no refusal written."""
    from portfolio_desktop.gui.pages import PAGES

    hidden = [f for f in PAGES if f not in window.registered_pages]
    with qtbot.captureExceptions() as caught:
        for factory in hidden:
            title, page = factory(window.ctx, window)
            window.add_page(title, page)
        window.ready.emit()  # the pages' first load
        QApplication.processEvents()
    assert caught == [], [str(e[1]) for e in caught]


def _check_role_specifics(role: str, window: MainWindow, school: School, folder: Path) -> None:
    roster = window.roster
    if role in ("mentor", "proxy"):  # their own class only (the proxy: the class of the mentor on leave)
        code = school.mentor_class if role == "mentor" else school.proxy_class
        assert {n.code for n in roster.tree_model.nodes} == {code}
    if "dashboardPage" in _pages(window):
        editor = _pages(window)["dashboardPage"].windows_editor
        assert editor.editable is (role == "dean")
        fields = [w for row in editor.rows.values() for w in row]
        assert all(permissions.is_read_only(w) for w in fields) is (role != "dean")
        if role != "dean":
            assert "訂定作業期程" in editor.save_button.toolTip()
    if role.startswith("registry"):  # each registry keeps its own division's letterhead (domain/setting_owners.py)
        receipts_page = _pages(window)["receiptsPage"]
        receipts_page.open_settings()  # read on a worker, then shown
        settle(window)
        dialog = receipts_page.findChild(NoticeSettingsDialog)
        assert dialog is not None
        try:
            QApplication.processEvents()
            assert dialog.grab().save(str(folder / f"{role}_letterhead_dialog.png"))
            assert dialog.division == role.removeprefix("registry_")
            assert dialog.editable and dialog.save_button.isEnabled()
            assert not any(permissions.is_read_only(e) for e in dialog.fields.values())
            office = dialog.fields["office"].text()
            assert ("進修部" in office) is (role == "registry_night")
        finally:
            dialog.close()
    if role in READERS:  # a student's record: the status form only for the registry of that division
        codes = {"日間部": "day", "進修部": "night"}
        rows = [roster.model.student_at(r) for r in range(roster.model.rowCount())]
        own = [s for s in rows if f"registry_{codes[s.division]}" == role and not s.departed]
        student = (own or rows)[0]  # a registry clerk opens a student of their own division
        dialog = window.open_student(student.student_no)
        assert dialog is not None
        try:
            assert window.ctx.ops.wait_idle(), "the record is still being read"
            assert dialog.grab().save(str(folder / f"{role}_student_dialog.png"))
            may_change = role == f"registry_{codes[student.division]}"
            assert dialog.record_button.isEnabled() is (may_change and dialog.status_combo.count() > 0)
            if not may_change:
                assert permissions.is_read_only(dialog.reason_edit)
                assert "學籍異動" in dialog.record_button.toolTip()
        finally:
            dialog.close()
    if role == "admin":
        with school.db.read() as s:
            assert (s.scalar(select(func.count(Student.id))) or 0) == 200  # the data is there; not for this role
