"""Every UI string goes through Qt's translation system and has a
finished translation in both catalogues (zh_TW, English); the committed .qm files are compiled from the
committed .ts; switching to English shows English; the Gregorian setting changes the dates shown.

The catalogue test runs the real ``pyside6-lupdate`` over the code and the forms, so a new string that
is not in both .ts files (or not finished) fails here; the literal scan catches Chinese text that would
never reach lupdate at all (not wrapped in tr / translate / QT_TRANSLATE_NOOP, or an f-string in tr).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from portfolio_desktop.config import resources_dir
from portfolio_desktop.domain.evaluation import Duty
from portfolio_desktop.domain.roles import DIVISION_ROLES, DIVISIONS, Role, role_label
from portfolio_desktop.domain.status import Status
from portfolio_desktop.domain.texts import Bilingual
from portfolio_desktop.errors import RuleError
from portfolio_desktop.gui import i18n, labels
from portfolio_desktop.gui.app import make_application
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.preferences import PreferencesForm
from portfolio_desktop.gui.rosters.student_model import COL_STATUS, COLUMNS
from portfolio_desktop.gui.context import SessionContext
from tests.gui.conftest import settle
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.gui.roster_files import student, write_xlsx


ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "portfolio_desktop" / "gui"
TRANSLATIONS = resources_dir() / "translations"
BIN = Path(sys.executable).parent
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3001-\u303f]|[\U00020000-\U0002ffff]")
WRAPPERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}

Catalogue = dict[tuple[str, str], ET.Element]


def _catalogue(path: Path) -> Catalogue:
    root = ET.parse(path).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or ""): msg
            for ctx in root.iter("context") for msg in ctx.iter("message")}


def _sources() -> list[str]:
    return [str(p) for p in sorted(GUI.rglob("*.py"))] + [str(p) for p in sorted((ROOT / "ui").glob("*.ui"))]


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """What lupdate finds in the code and the forms today."""
    out = tmp_path_factory.mktemp("lupdate") / "now.ts"
    subprocess.run([str(BIN / "pyside6-lupdate"), "-locations", "none", "-source-language", "zh_TW",
                    *_sources(), "-ts", str(out)], check=True, capture_output=True)
    found = _catalogue(out)
    assert len(found) > 500  # the parser really ran over the GUI
    return found


@pytest.mark.parametrize("language", ["zh_TW", "en"])
def test_every_ui_string_has_a_finished_translation(collected: Catalogue, language: str) -> None:
    committed = _catalogue(TRANSLATIONS / f"portfolio_{language}.ts")
    missing = sorted(set(collected) - set(committed))
    assert not missing, f"not in portfolio_{language}.ts (run scripts/update_translations.sh): {missing[:20]}"
    stale = sorted(set(committed) - set(collected))
    assert not stale, f"portfolio_{language}.ts lists strings the code no longer has: {stale[:20]}"
    for (context, source), msg in committed.items():
        tr = msg.find("translation")
        assert tr is not None and tr.get("type") is None, f"unfinished [{context}] {source!r}"
        text = tr.text or ""
        assert text.strip(), f"empty translation [{context}] {source!r}"
        if language == "zh_TW":
            assert text == source, f"zh_TW must equal the source: [{context}] {source!r}"
        else:
            assert not CJK.search(text.replace("語言", "")), f"Chinese left in English: [{context}] {text!r}"
            # the placeholders the code fills must all survive translation
            assert set(re.findall(r"\{\w*\}", text)) == set(re.findall(r"\{\w*\}", source)), (context, source, text)


@pytest.mark.parametrize("language", ["zh_TW", "en"])
def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path: Path, language: str) -> None:
    qm = tmp_path / f"portfolio_{language}.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TRANSLATIONS / f"portfolio_{language}.ts"),
                    "-qm", str(qm)], check=True, capture_output=True)
    assert qm.read_bytes() == (TRANSLATIONS / f"portfolio_{language}.qm").read_bytes(), (
        "the .qm is out of date: run scripts/update_translations.sh")


def _call_name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _unwrapped_literals(path: Path) -> list[str]:
    """Chinese string literals that lupdate cannot see, and tr() calls it cannot read."""
    source = path.read_text(encoding="utf-8")
    lines = source.split("\n")
    tree = ast.parse(source)
    allowed: set[int] = set()
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))  # docstrings
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node.func)
        if name in WRAPPERS:
            for arg in node.args:
                allowed.update(id(n) for n in ast.walk(arg))
            text_arg = node.args[0] if name == "tr" and node.args else node.args[1] if len(node.args) > 1 else None
            if isinstance(text_arg, ast.JoinedStr):
                problems.append(f"{path.name}:{node.lineno}: f-string inside {name}()")
            if name != "tr" and isinstance(text_arg, ast.Constant) and not isinstance(node.args[0], ast.Constant):
                problems.append(f"{path.name}:{node.lineno}: literal text with a context lupdate cannot read")
        elif (name.endswith("Error") or name in ("PermissionDenied", "ImportRefused")) and len(node.args) >= 2:
            allowed.update(id(n) for n in ast.walk(node.args[0]))  # bilingual by construction: message() picks
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in allowed:
            continue
        if not node.value.strip() or not CJK.search(node.value):
            continue
        span = range(node.lineno, (node.end_lineno or node.lineno) + 1)
        if any("# not UI" in lines[i - 1] for i in span):
            continue  # data or print-outs (always Chinese), marked where they are written
        problems.append(f"{path.name}:{node.lineno}: {node.value[:40]!r} is not translatable")
    return problems


def test_no_chinese_literal_escapes_the_translation_system() -> None:
    problems = [p for path in sorted(GUI.rglob("*.py")) for p in _unwrapped_literals(path)]
    assert not problems, "\n".join(problems)


def test_the_literal_scan_catches_what_it_should(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('x = "學號"\ny = self.tr(f"{n} 筆")\nz = self.tr("好")\n', encoding="utf-8")
    found = _unwrapped_literals(bad)
    assert any("'學號'" in p for p in found) and any("f-string" in p for p in found) and len(found) == 2


def _tables() -> set[tuple[str, str]]:
    """(context, text) of every QT_TRANSLATE_NOOP in gui/ as lupdate reads them."""
    out = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node.func) == "QT_TRANSLATE_NOOP":
                ctx, text = node.args
                assert isinstance(ctx, ast.Constant) and isinstance(text, ast.Constant)
                out.add((ctx.value, text.value))
    return out


def test_the_label_tables_cover_every_domain_value() -> None:
    """A new status, item state, role … added to the domain must get a row in gui/labels.py (and so in
    the catalogues), or the English UI would show it in Chinese."""
    from portfolio_desktop.domain.workgroup_templates import TEMPLATE_LABELS
    from portfolio_desktop.reports.labels import LABEL_LAYOUTS
    from portfolio_desktop.services.items.dashboard import COUNT_LABELS_ZH
    from portfolio_desktop.services.rosters.roster_types import GENDER_ZH
    from portfolio_desktop.services.admin.school_setup import CAP_PRESETS

    tables = _tables()
    kind: type[Enum]
    for kind, context in labels.KINDS.items():
        for member in kind:
            zh = member.zh  # type: ignore[attr-defined]
            assert (context, zh) in tables, f"{kind.__name__}.{member.name}: {zh}"
    for role in Role:
        for division in (None, *DIVISIONS) if role in DIVISION_ROLES else (None,):
            assert ("Role", role_label(role, division)) in tables, role
    assert {("Division", zh) for zh in DIVISIONS.values()} <= tables
    assert {("Gender", zh) for zh in GENDER_ZH.values()} <= tables
    assert {("DashboardModels", zh) for zh in COUNT_LABELS_ZH} <= tables
    assert {("LabelLayout", layout.zh) for layout in LABEL_LAYOUTS.values()} <= tables
    assert {("CapsForm", name) for name, _caps in CAP_PRESETS.values()} <= tables
    assert {("WorkgroupTemplate", name) for name in TEMPLATE_LABELS.values()} <= tables


@pytest.fixture
def english() -> Iterator[None]:
    i18n.apply_preferences(i18n.Preferences(i18n.EN, i18n.DATE_ROC))
    try:
        yield
    finally:
        i18n.apply_preferences(i18n.Preferences())


@pytest.fixture
def roster(db: Database, actor: Actor, tmp_path: Path) -> None:
    rows = [student("0012301", "王小明", "301", 1, serial=101),
            student("0012303", "林𡘙安", "301", 3, serial=103, status="休學")]
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "roster.xlsx", rows))


def _row(win: MainWindow, student_no: str) -> int:
    proxy = win.roster.model
    return next(r for r in range(proxy.rowCount()) if proxy.student_at(r).student_no == student_no)


@pytest.mark.usefixtures("english", "roster")
def test_english_shows_english_menus_headers_and_labels(
        qtbot, db: Database, actor: Actor, settings: QSettings) -> None:  # noqa: ANN001
    win = MainWindow(db, actor, settings=settings)
    qtbot.addWidget(win)
    win.roster.refresh()
    settle(win)
    try:
        menus = [a.text() for a in win.menuBar().actions()]
        assert menus[:2] == ["&File", "&Roster"] and "&Help" in menus
        assert win.import_action.text() == "&Import Roster…"
        assert win.tabs.tabText(0) == "Roster"
        model = win.roster.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers[:3] == ["Student No.", "Name", "Class"] and headers[COL_STATUS] == "Enrolment Status"
        proxy = win.roster.model
        assert proxy.index(_row(win, "0012301"), COL_STATUS).data() == "Enrolled"
        assert proxy.index(_row(win, "0012303"), COL_STATUS).data() == "Suspended"
        assert QCoreApplication.translate("app", "學生學習歷程檔案") == "Student Learning Portfolio"
    finally:
        win.jobs.shutdown(cancel=True)


@pytest.mark.usefixtures("english")
def test_english_shows_the_english_half_of_a_refusal_and_english_labels() -> None:
    assert message(RuleError("學號重複", "duplicate student number")) == "duplicate student number"
    assert message(Bilingual("未設定收訖確認期程", "no receipt window set")) == "no receipt window set"
    assert labels.label(Status.TRANSFERRED_OUT) == "Transferred Out"
    assert labels.role_name(Role.REGISTRY, "night") == "Continuing Education Academic Office"
    assert labels.grant_text("導師（301）") == "Mentor (301)"
    assert labels.division_text("進修部") == "Continuing Education Division"


def test_chinese_is_the_default() -> None:
    assert i18n.current() == i18n.Preferences(i18n.ZH_TW, i18n.DATE_ROC)
    assert message(RuleError("學號重複", "duplicate student number")) == "學號重複"
    assert labels.label(Status.ENROLLED) == "在學"
    assert labels.audit_action("staff.roles") == "變更職務" and labels.audit_entity("wg_member") == "工作小組成員"
    assert show_date(dt.date(2024, 8, 29)) == "113/08/29"


@pytest.mark.usefixtures("roster")
def test_gregorian_setting_changes_the_dates_in_the_student_table(
        qtbot, window: MainWindow, settings: QSettings) -> None:  # noqa: ANN001
    birth = next(i for i, c in enumerate(COLUMNS) if c.header == "出生日期")
    window.roster.refresh()
    settle(window)
    cell = window.roster.model.index(_row(window, "0012301"), birth)
    assert cell.data() == "096/05/17"  # ROC by default
    form = PreferencesForm(settings)
    qtbot.addWidget(form)
    form.date_format.setCurrentIndex(form.date_format.findData(i18n.DATE_GREGORIAN))
    try:
        form.save()
        window.ctx.changes.announce({Cap.SETTINGS})  # what the 介面偏好 dialog announces
        settle(window)
        cell = window.roster.model.index(_row(window, "0012301"), birth)
        assert cell.data() == "2007/05/17"
        assert i18n.read_preferences(settings).date_format == i18n.DATE_GREGORIAN  # kept for the next start
    finally:
        i18n.set_date_format(i18n.DATE_ROC)


def test_make_application_applies_the_saved_language(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    i18n.save_preferences(i18n.Preferences(i18n.EN, i18n.DATE_GREGORIAN), settings)
    try:
        app = make_application(settings=settings)
        assert app.applicationDisplayName() == "Student Learning Portfolio"
        assert QCoreApplication.translate("MainWindow", "名冊") == "Roster"
        assert show_date(dt.date(2024, 8, 29)) == "2024/08/29"
    finally:
        make_application(settings=QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat))
    assert QCoreApplication.translate("MainWindow", "名冊") == "名冊"
    assert show_date(dt.date(2024, 8, 29)) == "113/08/29"


# --- what the services hand over as codes: audit actions, compliance, evaluation ----------------
PACKAGE = ROOT / "portfolio_desktop"


def _audit_codes(paths: list[Path]) -> tuple[set[str], set[str], list[str]]:
    """The audit actions and entities the code writes: ``action=`` / ``entity=`` keywords (audit.record,
    ActingAs.audit, the bulk rows' dict(...)), insert_audit's positional ones and the action a batch
    row's records read as (store/audit.py Batch: the log shows those, never the batch's own code). An f-string action is
    expanded with the enum whose values the service puts there; one this test does not know is listed."""
    from portfolio_desktop.domain.items import Action
    from portfolio_desktop.domain.receipts import ReceiptState

    expand: dict[str, type[Enum]] = {"item.": Action, "receipt.": ReceiptState}
    actions: set[str] = set()
    entities: set[str] = set()
    unknown: list[str] = []

    def take(node: ast.expr | None, into: set[str], where: str) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value:
            into.add(node.value)
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            prefix = str(node.values[0].value)
            if prefix in expand:
                into.update(prefix + str(m.value) for m in expand[prefix])
            else:
                unknown.append(f"{where}: f-string action {prefix!r}…")

    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node.func) == "add_argument":
                continue
            where = f"{path.name}:{node.lineno}"
            keywords = {k.arg: k.value for k in node.keywords}
            if "action" in keywords and ("entity" in keywords or _call_name(node.func) in ("record", "audit")):
                take(keywords["action"], actions, where)
                entity = keywords.get("entity")
                if isinstance(entity, ast.Constant) and isinstance(entity.value, str):
                    entities.add(entity.value)
            if _call_name(node.func) == "insert_audit" and len(node.args) >= 4:
                take(node.args[2], actions, where)
                if isinstance(node.args[3], ast.Constant):
                    entities.add(str(node.args[3].value))
            if _call_name(node.func) == "Batch" and len(node.args) >= 2:  # store/audit.py: what its records read as
                take(node.args[1], actions, where)
    return actions, entities, unknown


def test_the_audit_code_scan_catches_what_it_should(tmp_path: Path) -> None:
    src = tmp_path / "svc.py"
    src.write_text('audit.record(s, actor=a, action="x.made", entity="thing", key=None)\n'
                   'acting.audit(s, action=f"item.{a.value}", entity="portfolio_item", key=k)\n'
                   'insert_audit(s, actor, "student.add", "student", rows)\n'
                   'audit.record(s, actor=a, action=f"mystery.{v}", entity="thing", key=None)\n'
                   'ADDS = Batch("thing.add_batch", "thing.add", "no")\n'
                   'p.add_argument("--x", action="store.true")\n', encoding="utf-8")
    actions, entities, unknown = _audit_codes([src])
    assert {"x.made", "item.upload", "item.confirm", "student.add", "thing.add"} <= actions
    assert "store.true" not in actions and "thing.add_batch" not in actions
    assert entities == {"thing", "portfolio_item", "student"} and len(unknown) == 1


def test_every_audit_code_the_services_write_has_a_name_in_both_languages() -> None:
    """A new ``action=`` in a service needs a row in gui/labels.py AUDIT_ACTIONS (and so an English name
    in the catalogue); a row no service writes is a typo or dead."""
    actions, entities, unknown = _audit_codes(sorted(PACKAGE.rglob("*.py")))
    assert not unknown, unknown
    assert len(actions) > 50  # the scan really read the services
    assert actions == set(labels.AUDIT_ACTIONS), (
        f"no label: {sorted(actions - set(labels.AUDIT_ACTIONS))}; "
        f"written nowhere: {sorted(set(labels.AUDIT_ACTIONS) - actions)}")
    assert entities == set(labels.AUDIT_ENTITIES), (sorted(entities ^ set(labels.AUDIT_ENTITIES)))
    assert {a.split(".", 1)[0] for a in actions} == set(labels.AUDIT_KINDS)
    tables = _tables()
    for context, table in (("AuditAction", labels.AUDIT_ACTIONS), ("AuditEntity", labels.AUDIT_ENTITIES),
                           ("AuditKind", labels.AUDIT_KINDS)):
        assert {(context, zh) for zh in table.values()} <= tables


@pytest.mark.usefixtures("english")
def test_english_names_every_audit_code() -> None:
    for code in labels.AUDIT_ACTIONS:
        name = labels.audit_action(code)
        assert name != code and name.strip() and not CJK.search(name), (code, name)
    for code in labels.AUDIT_ENTITIES:
        assert not CJK.search(labels.audit_entity(code)), code
    for code in labels.AUDIT_KINDS:
        assert not CJK.search(labels.audit_kind(code)), code
    assert labels.audit_action("staff.roles") == "Change roles"
    assert labels.audit_action("no.such") == "no.such"  # an unknown code is shown as stored


def _evaluation_data(db: Database) -> Actor:
    """One course outcome certified and selected (a teacher's and an office's count); ASCII names so
    that every cell the pages show can be checked for Chinese."""
    from portfolio_desktop.domain.roles import Grant
    from portfolio_desktop.store.items_models import Course, CourseTeacher, Enrolment, PortfolioItem
    from portfolio_desktop.store.models import Term
    from tests.data.items_school import make_roster
    from tests.data.staff import DEAN, staff

    students = make_roster(db)
    dean = staff(db, "dean", DEAN, name="Dean")
    staff(db, "reg", Grant(Role.REGISTRY, "day"), name="Chen")
    with db.write() as s:
        term = Term(school_year=113, semester=1)
        s.add(term)
        s.flush()
        course = Course(term_id=term.id, code="C01", name="C01")
        course.teachers = [CourseTeacher(teacher_name="Ms Chang", position=0)]
        s.add(course)
        s.flush()
        enrolment = Enrolment(course_id=course.id, student_id=next(iter(students.values())))
        s.add(enrolment)
        s.flush()
        s.add(PortfolioItem(student_id=enrolment.student_id, term_id=term.id, kind="clo", title="report",
                            enrolment_id=enrolment.id, state="selected"))
    return dean


@pytest.mark.usefixtures("english")
def test_english_shows_the_compliance_view_evaluation_and_audit_page_in_english(qtbot, db: Database,  # noqa: ANN001
                                                                                 tmp_path: Path) -> None:
    from portfolio_desktop.gui.accounts.audit_page import AuditPage
    from portfolio_desktop.gui.workgroup.workgroup_page import WorkgroupPage
    from portfolio_desktop.services.workgroup import compliance
    from portfolio_desktop.services.workgroup import workgroup

    dean = _evaluation_data(db)
    compliance.set_rules(db, dean, "000")
    compliance.set_rules(db, dean, "001")
    workgroup.set_self_check(db, dean, 113, 1, planned_on=dt.date(2024, 12, 20), done_on=dt.date(2024, 11, 30),
                             today=dt.date(2024, 12, 1))
    # a session of the dean alone (the shared `actor` fixture would add a registry clerk to the counts below)
    ctx = SessionContext(db, dean, settings=QSettings(str(tmp_path / "ctx.ini"), QSettings.Format.IniFormat),
                         signed_in=True, viewer=None)
    page = WorkgroupPage(ctx, today=dt.date(2024, 12, 1))
    page.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(page)
    settle(ctx)
    page.year.setValue(113)  # reads that year again
    settle(ctx)
    rows = {c.key: row for c, row in zip(page.check_model.items, page.check_model.rows, strict=True)}
    assert rows["self_check:113-1"][1:] == ("113-1 self-check", "1/1", "113/12/20",
                                            "planned for 113/12/20; done on 113/11/30", "Kangshan rules §4")
    assert rows["self_check:113-2"][4] == "no self-check date set"
    assert rows["session:showcase:any:113"][5] == "Kangshan rules §8(4) showcase"
    for row in page.check_model.rows:
        assert not any(CJK.search(str(cell)) for cell in row), row
    assert not CJK.search(page.summary.text()), page.summary.text()

    by_duty = {row[0]: row for row in page.eval_model.rows}
    assert set(by_duty) == {labels.label(d) for d in Duty}
    office = by_duty[labels.label(Duty.SUBMISSION)]
    assert office[1] == f"{labels.role_name(Role.REGISTRY, 'day')} (Chen)" and office[5] == "Course Learning Outcome"
    assert by_duty[labels.label(Duty.CERTIFICATION)][1::4] == ("Ms Chang", "C01")
    for row in page.eval_model.rows:
        assert not any(CJK.search(str(cell)) for cell in row), row
    assert not CJK.search(page.candidates.text()), page.candidates.text()

    audit = AuditPage(ctx)
    qtbot.addWidget(audit)
    audit.refresh()
    settle(ctx)
    ctx.ops.shutdown(cancel=True)
    assert audit.model.rowCount() > 3
    shown = {audit.model.index(r, c).data() for r in range(audit.model.rowCount()) for c in (3, 4)}
    assert "Set self-check dates" in shown and "Change setting" in shown
    assert not any(CJK.search(text) for text in shown), shown
    headers = [audit.model.headerData(c, Qt.Orientation.Horizontal) for c in range(audit.model.columnCount())]
    kinds = [audit.kind.itemText(i) for i in range(audit.kind.count())]
    assert "Working group" in kinds and not any(CJK.search(t) for t in headers + kinds), (headers, kinds)
