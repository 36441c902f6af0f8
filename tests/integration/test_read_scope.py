"""Reads are scoped like writes: role × every read command, on one real school (SQLite file, real
.xlsx and PDFs, the CLI through ``cli.main`` with PORTFOLIO_USER / PORTFOLIO_PASSWORD).

The school: 日間部 classes 301 (3 students, two departed) and 302 (2, one departed), 進修部 class 303
(2, one departed); receipts for all seven (112-1), one notice batch for the four departed students,
three items (a CLO of course C01 in 301, a CLO of course C02 in 303, a 多元表現 in 302), courses C01
(301's students) and C02 (303's).

The cast: each office of its division, academic affairs, the mentor of 301, the teacher of C01, a
consultation teacher assigned class 302 and the single student N3032 (進修部), IT, the dean, the
administrator, and a proxy — the teacher of C02, first on the list of the mentor of 302, who is on
leave today, so the proxy reads class 302 for them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portfolio_desktop.cli import main
from portfolio_desktop.domain.ids import expected_check_digit, mask_id
from portfolio_desktop.domain.items import ItemKind, parse_category
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.rosters import courses
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.items import items
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.rosters import roster_pages, rosters
from portfolio_desktop.services.rosters.roster_types import StudentFilter
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notices import NoticeSelection
from portfolio_desktop.services.read_scope import ReadKind, scope_for
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, SchoolClass
from portfolio_desktop.store.open import open_database
from tests.data.items_school import NOW, open_all_windows
from tests.data.items_school import write_xlsx as write_items_xlsx
from tests.data.receipts import RECEIPT_HEADERS, set_letterhead, write_xlsx
from tests.data.staff import (
    ACADEMIC,
    ACTIVITIES_DAY,
    ADMIN,
    ADMIN_PASSWORD,
    CLERK_GRANTS,
    DEAN,
    IT,
    PASSWORD,
    REGISTRY_DAY,
    REGISTRY_NIGHT,
    admin,
    seed_staff,
    staff,
    teacher,
)


def _id(prefix: str) -> str:
    """A valid national ID: the 9 characters given plus their check digit."""
    return prefix + str(expected_check_digit(prefix + "0"))


ROSTER_HEADERS = ["學號", "姓名", "身分證統一編號", "部別", "科別", "班級", "座號", "學籍狀態", "離校日期",
                  "郵遞區號", "通訊地址", "監護人", "聯絡電話"]
# 學號 → (division, class, departed)
STUDENTS: list[list[Any]] = [
    ["D3011", "王𡘙明", _id("A12345678"), "日間部", "資訊科", "301", 1, "轉出", "2024-06-30", "82047", "岡山區大仁路1號", "王大同", "0912000001"],
    ["D3012", "陳小華", _id("F13110409"), "日間部", "資訊科", "301", 2, "畢業", "2024-06-30", "820", "岡山區岡山路2號", "", "0912000002"],
    ["D3013", "林在校", _id("E22345678"), "日間部", "資訊科", "301", 3, "在學", None, "820", "岡山區壽天路3號", "林爸爸", "0912000003"],
    ["D3021", "張畢業", _id("S12345678"), "日間部", "機械科", "302", 1, "畢業", "2024-06-30", "820", "岡山區中山路4號", "", "0912000004"],
    ["D3022", "李在校", _id("K22345678"), "日間部", "機械科", "302", 2, "在學", None, "820", "岡山區中正路5號", "", "0912000005"],
    ["N3031", "黃夜校", _id("T12345678"), "進修部", "資訊科", "303", 1, "畢業", "2024-06-30", "820", "岡山區公園路6號", "", "0912000006"],
    ["N3032", "吳夜讀", _id("H22345678"), "進修部", "資訊科", "303", 2, "在學", None, "820", "岡山區前峰路7號", "", "0912000007"],
]  # fmt: skip
FULL = {r[0]: r[2] for r in STUDENTS}
DAY_301 = {"D3011", "D3012", "D3013"}
DAY_302 = {"D3021", "D3022"}
NIGHT_303 = {"N3031", "N3032"}
DAY = DAY_301 | DAY_302
ALL = DAY | NIGHT_303
DEPARTED = {"D3011", "D3012", "D3021", "N3031"}

ROLES = ["reg_day", "reg_night", "academic", "act_day", "mentor301", "teacher", "consult", "it", "dean", "admin",
         "proxy"]
REFUSED = None  # expected result of a refused read


# --------------------------------------------------------------------------------------------- the school


def _build(db: Database, tmp: Path) -> dict[str, Any]:
    boss = admin(db)
    setup = seed_staff(db, "setup", *CLERK_GRANTS)  # set-up only: every office of both divisions
    rosters.import_roster(db, setup, write_xlsx(tmp / "roster.xlsx", ROSTER_HEADERS, STUDENTS))
    with db.read() as s:
        cls = {c.code: c.id for c in s.scalars(select(SchoolClass))}
    enrol = [[113, 1, "C01", "國語文", 4, "張老師", r[0], r[1]] for r in STUDENTS if r[5] == "301"]
    enrol += [[113, 1, "C02", "數學", 4, "周老師", r[0], r[1]] for r in STUDENTS if r[5] == "303"]
    courses.import_courses(db, setup, write_items_xlsx(
        tmp / "enrol.xlsx", ["學年度", "學期", "課程代碼", "科目名稱", "學分", "授課教師", "學號", "姓名"], enrol))
    open_all_windows(db, setup)
    items.add_item(db, setup, student_no="D3013", term="113-1", kind=ItemKind.CLO, title="國文報告",
                   course_code="C01", now=NOW)
    items.add_item(db, setup, student_no="N3032", term="113-1", kind=ItemKind.CLO, title="數學專題",
                   course_code="C02", now=NOW)
    items.add_item(db, setup, student_no="D3022", term="113-1", kind=ItemKind.MP, title="淨灘",
                   category=parse_category("志工服務"), now=NOW)
    rows = [[r[0], r[1], 112, 1, "多元表現", "志工服務", 1] for r in STUDENTS]
    receipts.import_receipts(db, setup, write_xlsx(tmp / "receipts.xlsx", RECEIPT_HEADERS, rows))
    receipts.dispute(db, setup, "D3022", "112-1", dt.date(2024, 9, 1), "地址有誤，志工時數不符")
    set_letterhead(db, boss)
    batch, _ = notices.print_notices(db, setup, tmp / "batch.pdf", NoticeSelection(all_departed=True),
                                     issued_on=dt.date(2024, 9, 2))
    cast = {
        "reg_day": staff(db, "reg_day", REGISTRY_DAY, password=PASSWORD),
        "reg_night": staff(db, "reg_night", REGISTRY_NIGHT, password=PASSWORD),
        "academic": staff(db, "academic", ACADEMIC, password=PASSWORD),
        "act_day": staff(db, "act_day", ACTIVITIES_DAY, password=PASSWORD),
        "mentor301": staff(db, "mentor301", Grant(Role.MENTOR, class_id=cls["301"]), password=PASSWORD),
        "teacher": staff(db, "teacher", teacher("C01"), password=PASSWORD),
        "consult": staff(db, "consult", Grant(Role.CONSULTANT), password=PASSWORD),
        "it": staff(db, "it", IT, password=PASSWORD),
        "dean": staff(db, "dean", DEAN, password=PASSWORD),
        "admin": boss,
        "proxy": staff(db, "proxy", teacher("C02"), password=PASSWORD),
    }
    staff(db, "ho", Grant(Role.MENTOR, class_id=cls["302"]), password=PASSWORD)
    proxies.set_list(db, boss, "ho", ["proxy"])
    today = dt.date.today()
    accounts.add_leave(db, boss, "ho", today - dt.timedelta(days=1), today + dt.timedelta(days=30))
    consultations.assign(db, cast["dean"], "consult", class_codes=["302"], student_nos=["N3032"])
    return {"cast": cast, "batch": batch.id, "classes": cls}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path, dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("read-scope")
    path = tmp / "school.sqlite3"
    db = open_database(str(path))
    try:
        yield db, path, _build(db, tmp)
    finally:
        db.dispose()


@pytest.fixture
def db(world: tuple[Database, Path, dict[str, Any]]) -> Database:
    return world[0]


def who(world: tuple[Database, Path, dict[str, Any]], role: str) -> Actor:
    return world[2]["cast"][role]  # type: ignore[no-any-return]


def cli(monkeypatch: pytest.MonkeyPatch, world: tuple[Database, Path, dict[str, Any]], role: str, *args: str) -> int:
    monkeypatch.setenv("PORTFOLIO_USER", ADMIN if role == "admin" else role)
    monkeypatch.setenv("PORTFOLIO_PASSWORD", ADMIN_PASSWORD if role == "admin" else PASSWORD)
    monkeypatch.delenv("PORTFOLIO_DB", raising=False)
    return main(["--db", str(world[1]), *args])


def refusals(db: Database) -> list[tuple[str, str, Any]]:
    with db.read() as s:
        return [(r.actor, r.entity_key, json.loads(r.after) if r.after else None) for r in s.scalars(
            select(AuditLog).where(AuditLog.action == "authz.denied").order_by(AuditLog.id))]


def audit_rows(db: Database, action: str) -> list[tuple[str, str | None, dict[str, Any]]]:
    with db.read() as s:
        return [(r.actor, r.entity_key, json.loads(r.after) if r.after else {}) for r in s.scalars(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id))]


def _class_of(student_no: str) -> str:
    return "301" if student_no in DAY_301 else "302" if student_no in DAY_302 else "303"


def _or_refused(fn: Any) -> Any:
    try:
        return fn()
    except PermissionDenied:
        return REFUSED


# ------------------------------------------------------------------------- the roster (學籍資料)

ROSTER_SEES = {"reg_day": DAY, "reg_night": NIGHT_303, "academic": ALL, "act_day": DAY, "mentor301": DAY_301,
               "teacher": REFUSED, "consult": DAY_302 | {"N3032"}, "it": REFUSED, "dean": ALL, "admin": REFUSED,
               "proxy": DAY_302}
FULL_IDS = {"reg_day": DAY, "reg_night": NIGHT_303}  # only the registry of the student's division


@pytest.mark.parametrize("role", ROLES)
def test_roster_list_and_detail(world: Any, db: Database, role: str) -> None:
    actor = who(world, role)
    before = len(refusals(db))
    rows = _or_refused(lambda: rosters.list_students(db, actor))
    expected = ROSTER_SEES[role]
    if expected is REFUSED:
        assert rows is REFUSED and len(refusals(db)) == before + 1
        assert refusals(db)[-1][:2] == (actor.username, "roster.read")
        return
    assert {r.student_no for r in rows} == expected
    assert all(r.national_id_masked == mask_id(FULL[r.student_no]) for r in rows)  # the list always masks
    for no in sorted(expected):
        detail = rosters.student_detail(db, actor, no)
        full = no in FULL_IDS.get(role, set())
        assert detail.national_id == (FULL[no] if full else mask_id(FULL[no]))
    outside = sorted(ALL - expected)
    if outside:
        with pytest.raises(PermissionDenied):
            rosters.student_detail(db, actor, outside[0])
        assert refusals(db)[-1][:2] == (actor.username, "roster.read")
    tree = rosters.class_tree(db, actor)
    assert {c.code for c in tree} == {_class_of(no) for no in expected}
    assert sum(c.students for c in tree) == len(expected)  # a consultant's single student counts alone


@pytest.mark.parametrize("role", ROLES)
def test_roster_pages_read_the_same_students(world: Any, db: Database, role: str) -> None:
    """The pages a screen reads (filtered, sorted and counted by the database) hold exactly the students
    the full list does, for every reader; one who may read none is refused (audited) the same way."""
    actor = who(world, role)
    before = len(refusals(db))
    expected = ROSTER_SEES[role]
    if expected is REFUSED:
        assert _or_refused(lambda: roster_pages.roster_scope(db, actor)) is REFUSED
        assert len(refusals(db)) == before + 1 and refusals(db)[-1][:2] == (actor.username, "roster.read")
        return
    scope = roster_pages.roster_scope(db, actor)
    by_name = StudentFilter(sort="name", descending=True)
    first = roster_pages.student_page(db, scope, by_name, 0, 2, with_total=True)
    rest = roster_pages.student_page(db, scope, by_name, 2, roster_pages.MAX_PAGE)
    rows = first.rows + rest.rows
    assert first.total == len(expected) and [r.student_no for r in rows] == [
        r.student_no for r in sorted(rosters.list_students(db, actor), key=lambda r: (r.name, r.student_no),
                                     reverse=True)]
    assert all(r.national_id_masked == mask_id(FULL[r.student_no]) for r in rows)  # masked, as the list
    for position, row in enumerate(rows):
        assert roster_pages.student_position(db, scope, by_name, row.student_no) == position
    outside = sorted(ALL - expected)
    if outside:  # not found, not refused: the filter is narrowed to the scope
        assert roster_pages.student_position(db, scope, by_name, outside[0]) is None
        everyone = roster_pages.student_page(db, scope, StudentFilter(class_ids=frozenset(
            c.id for c in rosters.class_tree(db, who(world, "academic")))), 0, 100, with_total=True)
        assert everyone.total == len(expected) and {r.student_no for r in everyone.rows} == expected
    assert len(refusals(db)) == before


def test_roster_pages_refuse_an_unknown_order_and_a_page_too_large(world: Any, db: Database) -> None:
    scope = roster_pages.roster_scope(db, who(world, "academic"))
    with pytest.raises(RuleError, match="排序") as refused:
        roster_pages.student_page(db, scope, StudentFilter(sort="national_id; DROP TABLE student"), 0, 10)
    assert "cannot sort" in refused.value.en
    with pytest.raises(RuleError):
        roster_pages.student_page(db, scope, StudentFilter(), 0, roster_pages.MAX_PAGE + 1)


@pytest.mark.parametrize("role", ROLES)
def test_roster_export_through_the_cli(world: Any, db: Database, role: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"roster-{role}.xlsx"
    exports = len(audit_rows(db, "roster.export"))
    before = len(refusals(db))
    capsys.readouterr()
    code = cli(monkeypatch, world, role, "roster", "export", str(out))
    err = capsys.readouterr().err
    expected = ROSTER_SEES[role]
    if expected is REFUSED:
        assert code == 1 and not out.exists()
        assert len(refusals(db)) == before + 1 and len(audit_rows(db, "roster.export")) == exports
        assert "查看學籍資料" in err
        return
    assert code == 0
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    got = {r[header.index("學號")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(got) == expected
    for no, row in got.items():
        full = no in FULL_IDS.get(role, set())
        assert row[header.index("身分證統一編號")] == (FULL[no] if full else mask_id(FULL[no]))
        assert row[header.index("聯絡電話")].startswith("09")
    rows = audit_rows(db, "roster.export")
    assert len(rows) == exports + 1
    actor, _key, after = rows[-1]
    assert actor == role and after["rows"] == len(expected) and after["narrowed"] == (expected != ALL)
    assert after["ids_masked"] == (role not in FULL_IDS)
    if expected != ALL:
        assert f"只匯出您可查看的 {len(expected)} 位學生" in err
        assert f"exported only the {len(expected)} student(s) you may see" in err
    else:
        assert "只匯出" not in err
    assert ("身分證統一編號已遮蔽" in err) == (role not in FULL_IDS)


@pytest.mark.parametrize(("role", "cls", "allowed"), [
    ("mentor301", "302", False), ("mentor301", "301", True), ("reg_night", "301", False), ("reg_day", "302", True),
    ("consult", "301", False), ("consult", "302", True), ("proxy", "302", True), ("proxy", "301", False),
])
def test_roster_class_filter(world: Any, db: Database, role: str, cls: str, allowed: bool,
                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = len(refusals(db))
    capsys.readouterr()
    code = cli(monkeypatch, world, role, "roster", "list", "--class", cls, "--json")
    captured = capsys.readouterr()
    if allowed:
        assert code == 0 and {json.loads(line)["class_code"] for line in captured.out.splitlines()} == {cls}
        assert len(refusals(db)) == before
        return
    assert code == 1 and captured.out == ""
    assert f"班級 {cls}" in captured.err and ("註冊組" in captured.err or "進修部教務組" in captured.err)
    assert len(refusals(db)) == before + 1 and refusals(db)[-1][:2] == (role, "roster.read")


# ------------------------------------------------------------- receipts, dashboard, follow-up, items

PROGRESS_SEES = {"reg_day": DAY, "reg_night": NIGHT_303, "academic": ALL, "act_day": DAY, "mentor301": DAY_301,
                 "teacher": REFUSED, "consult": REFUSED, "it": REFUSED, "dean": ALL, "admin": REFUSED,
                 "proxy": DAY_302}


@pytest.mark.parametrize("role", ROLES)
def test_receipts_list_through_the_cli(world: Any, db: Database, role: str, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    before = len(refusals(db))
    capsys.readouterr()
    code = cli(monkeypatch, world, role, "receipts", "list", "--json")
    captured = capsys.readouterr()
    expected = PROGRESS_SEES[role]
    if expected is REFUSED:
        assert code == 1 and captured.out == "" and len(refusals(db)) == before + 1
        assert refusals(db)[-1][:2] == (role, "dashboard.read")
        return
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 0 and {r["student_no"] for r in rows} == expected
    assert ("地址有誤" in captured.out) == ("D3022" in expected)  # the dispute text only where it may be read
    if expected != ALL:
        assert f"只列出您可查看的 {len(expected)} 筆" in captured.err


@pytest.mark.parametrize(("role", "args"), [
    ("mentor301", ("receipts", "list", "--class", "302")),
    ("mentor301", ("followup", "uncertified", "--term", "113-1", "--class", "302")),
    ("mentor301", ("dashboard", "--term", "113-1", "--class", "302")),
    ("mentor301", ("items", "list", "--class", "302")),
    ("reg_night", ("receipts", "list", "--class", "301")),
    ("reg_day", ("followup", "not-selected", "--term", "113-1", "--class", "303")),
    ("act_day", ("dashboard", "--term", "113-1", "--class", "303", "--json")),
])
def test_out_of_scope_filters_are_refused_and_audited(world: Any, db: Database, role: str, args: tuple[str, ...],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = len(refusals(db))
    capsys.readouterr()
    code = cli(monkeypatch, world, role, *args)
    captured = capsys.readouterr()
    cls = args[args.index("--class") + 1]
    assert code == 1 and captured.out == ""
    assert f"班級 {cls}" in captured.err and f"class {cls}" in captured.err
    assert "可查看的職務" in captured.err and ("該班導師" in captured.err)  # names who may read it
    got = refusals(db)
    assert len(got) == before + 1 and got[-1][:2] == (role, "dashboard.read")
    assert got[-1][2]["class_id"] == world[2]["classes"][cls]


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_followup(world: Any, db: Database, role: str) -> None:
    actor = who(world, role)
    expected = PROGRESS_SEES[role]
    overview = _or_refused(lambda: dashboard.school_overview(db, actor, "113-1"))
    data = _or_refused(lambda: followup.followup(db, actor, followup.FollowupKind.NO_UPLOADS, term="113-1"))
    if expected is REFUSED:
        assert overview is REFUSED and data is REFUSED
        return
    classes = {_class_of(no) for no in expected}
    assert {c.class_code for c in overview} == classes
    assert sum(c.students for c in overview) == len(expected)
    at_school_without_clo = {"D3022"} & expected  # D3013 and N3032 uploaded a CLO; the others left
    assert {r[2] for r in data.rows} == at_school_without_clo


ITEMS_SEE = {"reg_day": {"D3013", "D3022"}, "reg_night": {"N3032"}, "academic": {"D3013", "D3022", "N3032"},
             "act_day": {"D3013", "D3022"}, "mentor301": {"D3013"}, "teacher": {"D3013"}, "consult": REFUSED,
             "it": REFUSED, "dean": {"D3013", "D3022", "N3032"}, "admin": REFUSED,
             "proxy": {"D3022", "N3032"}}  # the mentor of 302 they act for, and their own course C02


@pytest.mark.parametrize("role", ROLES)
def test_items_list_and_show(world: Any, db: Database, role: str) -> None:
    actor = who(world, role)
    rows = _or_refused(lambda: items.list_items(db, actor))
    expected = ITEMS_SEE[role]
    if expected is REFUSED:
        assert rows is REFUSED
        return
    assert {r.student_no for r in rows} == expected
    every = items.list_items(db, who(world, "dean"))
    for r in every:
        if r.student_no in expected:
            assert items.item_detail(db, actor, r.id).item.id == r.id
        else:
            with pytest.raises(PermissionDenied):
                items.item_detail(db, actor, r.id)


# ------------------------------------------------------------------- mailed notices (addresses)

NOTICE_SEES = {"reg_day": {"D3011", "D3012", "D3021"}, "reg_night": {"N3031"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", ["mailing-list", "labels"])
def test_mailing_list_and_labels_through_the_cli(world: Any, db: Database, role: str, what: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{what}-{role}.{'xlsx' if what == 'mailing-list' else 'pdf'}"
    action = "notice.mailing_list" if what == "mailing-list" else "notice.labels"
    exports = len(audit_rows(db, action))
    before = len(refusals(db))
    capsys.readouterr()
    code = cli(monkeypatch, world, role, "notices", what, str(world[2]["batch"]), "--out", str(out))
    err = capsys.readouterr().err
    expected = NOTICE_SEES.get(role)
    if expected is None:
        assert code == 1 and not out.exists() and len(audit_rows(db, action)) == exports
        assert len(refusals(db)) == before + 1 and refusals(db)[-1][:2] == (role, "notice.write")
        assert "註冊組" in err and "進修部教務組" in err
        return
    assert code == 0 and out.exists()
    if what == "mailing-list":
        ws = load_workbook(out).active
        rows = list(ws.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r and r[0] == "順序")  # the post office's form: title rows first
        col = rows[head].index("收件人")
        names = {r[col] for r in rows[head + 1:] if isinstance(r[0], int) and r[col]}
        assert names == {r[1] for r in STUDENTS if r[0] in expected}
    rows = audit_rows(db, action)
    assert len(rows) == exports + 1 and rows[-1][0] == role
    assert rows[-1][2]["rows"] == len(expected) and rows[-1][2]["of"] == len(DEPARTED) and rows[-1][2]["narrowed"]
    assert f"只匯出您可查看的 {len(expected)} 位學生" in err


@pytest.mark.parametrize("role", ROLES)
def test_notice_batches_and_printing(world: Any, db: Database, role: str, tmp_path: Path) -> None:
    actor = who(world, role)
    batches = _or_refused(lambda: notices.list_batches(db, actor))
    expected = NOTICE_SEES.get(role)
    if expected is None:
        assert batches is REFUSED
        return
    assert world[2]["batch"] in [b.id for b in batches]
    assert {r.student_no for r in notices.batch_notices(db, actor, world[2]["batch"])} == expected
    # an unfiltered print is narrowed to the office's own division (and says so); nobody new to print here
    with pytest.raises(Exception, match="沒有需要列印通知的學生"):
        notices.prepare_notices(db, actor, NoticeSelection())
    prepared = notices.prepare_notices(db, actor, NoticeSelection(all_departed=True, again=True))
    assert set(prepared.student_ids) == expected
    assert any("未列入本批" in w.zh for w in prepared.warnings)  # how many of the other division were left out
    other = sorted(DEPARTED - expected)[0]
    before = len(refusals(db))
    with pytest.raises(PermissionDenied):
        notices.prepare_notices(db, actor, NoticeSelection(student_nos=(other,), again=True))
    assert len(refusals(db)) == before + 1


def test_a_batch_of_only_another_divisions_students_is_refused(world: Any, db: Database, tmp_path: Path) -> None:
    night = who(world, "reg_night")
    batch, _ = notices.print_notices(db, night, tmp_path / "night.pdf",
                                     NoticeSelection(student_nos=("N3031",), again=True), issued_on=dt.date(2024, 9, 3))
    before = len(refusals(db))
    with pytest.raises(PermissionDenied, match=f"通知批次 {batch.id}"):
        notice_batches.write_labels(db, who(world, "reg_day"), batch.id, tmp_path / "l.pdf")
    assert not (tmp_path / "l.pdf").exists() and len(refusals(db)) == before + 1
    assert batch.id not in [b.id for b in notices.list_batches(db, who(world, "reg_day"))]


# --------------------------------------------------------------- school data about no one student


@pytest.mark.parametrize("role", ROLES)
def test_courses_windows_and_proxy_lists(world: Any, db: Database, role: str) -> None:
    actor = who(world, role)
    codes = {c.code for c in courses.list_courses(db, actor, "113-1")}
    assert codes == ({"C01"} if role == "teacher" else {"C01", "C02"})  # a course teacher: their own
    assert len(windows.list_windows(db, actor, "113-1")) == len(list(WindowKind))
    assert [r.target.key for r in proxies.list_lists(db, actor)] == ["person:ho"]


def test_someone_who_is_not_staff_reads_nothing(world: Any, db: Database) -> None:
    nobody = Actor("nobody")
    before = len(refusals(db))
    for read in (lambda: courses.list_courses(db, nobody), lambda: windows.list_windows(db, nobody),
                 lambda: rosters.list_students(db, nobody), lambda: receipts.list_receipts(db, nobody),
                 lambda: notices.list_batches(db, nobody), lambda: items.list_items(db, nobody)):
        with pytest.raises(PermissionDenied, match="不是本系統的人員帳號"):
            read()
    assert len(refusals(db)) == before + 6


# ------------------------------------------------------------------------ consultation records


def test_consultation_read_refusals_are_audited(world: Any, db: Database) -> None:
    before = len(refusals(db))
    with pytest.raises(PermissionDenied, match="不能查看課程諮詢紀錄"):
        consultations.list_consultations(db, who(world, "mentor301"))
    with pytest.raises(PermissionDenied, match="只能查看自己負責的學生"):
        consultations.list_assignments(db, who(world, "consult"), "someone-else")
    got = refusals(db)
    assert len(got) == before + 2 and [g[:2] for g in got[-2:]] == [("mentor301", "consultation.write"),
                                                                     ("consult", "consultation.write")]
    assert {a.target for a in consultations.list_assignments(db, who(world, "consult"))} == {"302", "N3032 吳夜讀"}


# ---------------------------------------------------------------------------- the scope itself


@pytest.mark.parametrize(("role", "reach"), [
    ("reg_day", "日間部"), ("reg_night", "進修部"), ("academic", "全校"), ("mentor301", "班級 301"),
    ("consult", "班級 302、個別負責的 1 位學生"), ("proxy", "班級 302"), ("dean", "全校"),
])
def test_the_scope_says_what_it_covers(world: Any, db: Database, role: str, reach: str) -> None:
    kind = ReadKind.ROSTER
    scope = scope_for(db, who(world, role), kind)
    assert reach in scope.reach[0]


def test_a_consultation_attachment_opens_only_for_who_may_read_the_record(world: Any, db: Database,
                                                                          tmp_path: Path) -> None:
    note = tmp_path / "諮詢紀錄.txt"
    note.write_text("選課建議：資訊科學", encoding="utf-8")
    row = consultations.add_consultation(db, who(world, "consult"), mode="individual", student_nos=["D3022"],
                                         held_on=dt.date(2024, 10, 10), place="輔導室", content="選課諮詢",
                                         attachment=note, today=dt.date(2024, 12, 1))
    for reader in ("consult", "dean"):
        assert consultations.attachment_path(db, who(world, reader), row.id).read_text(encoding="utf-8") == \
            "選課建議：資訊科學"
    before = len(refusals(db))
    for outsider in ("mentor301", "reg_day"):
        with pytest.raises(PermissionDenied):
            consultations.attachment_path(db, who(world, outsider), row.id)
    assert [r[:2] for r in refusals(db)[before:]] == [("mentor301", "consultation.write"),
                                                       ("reg_day", "consultation.write")]


def test_the_staff_list_is_for_staff(world: Any, db: Database) -> None:
    assert "proxy" in {r.username for r in accounts.list_staff(db, who(world, "teacher"))}
    with pytest.raises(PermissionDenied):
        accounts.list_staff(db, Actor("nobody"))
