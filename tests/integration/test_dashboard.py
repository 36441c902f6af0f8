"""The dashboard, school overview, follow-up lists and the issue-4 CLI on a real SQLite file."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_desktop import cli
from portfolio_desktop.domain.items import ItemKind, MPCategory
from portfolio_desktop.domain.windows import Behind, WindowKind
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.items import items
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import Viewer
from portfolio_desktop.store.engine import Database
from tests.data.items_school import NOW, TERM, class_ids, make_school, write_xlsx
from tests.data.staff import DEAN, seed_staff, signed_in_env

TODAY = dt.date(2024, 12, 28)  # the windows end 2024-12-31: within the default 7 days


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    ids = make_school(db, actor, tmp_path)
    add = lambda no, **kw: items.add_item(db, actor, student_no=no, term=TERM, now=NOW, **kw).id  # noqa: E731
    a = add("0001", kind=ItemKind.CLO, title="國文報告", course_code="C01")
    b = add("0001", kind=ItemKind.CLO, title="數學報告", course_code="C02")
    c = add("0001", kind=ItemKind.MP, title="志工", category=MPCategory.VOLUNTEER)
    items.certify(db, actor, [a], now=NOW)
    items.select_items(db, actor, [a, c], now=NOW)
    items.submit(db, actor, [a], now=NOW)
    d = add("0002", kind=ItemKind.CLO, title="物理報告", course_code="C03")
    items.reject(db, actor, [d], reason="檔案空白", now=NOW)
    add("0101", kind=ItemKind.CLO, title="化學報告", course_code="C04")
    add("0102", kind=ItemKind.CADRE, title="班長")
    _ = b
    return ids


def test_class_dashboard_counts_flags_and_summary(db: Database, school: dict[str, int]) -> None:
    board = dashboard.class_dashboard(db, Actor(CLERK), TERM, class_code="101", today=TODAY)
    rows = {s.student_no: s for s in board.students}
    assert [s.seat_no for s in board.students] == [1, 2, 3]
    first = rows["0001"]
    assert first.counts() == {"clo_uploaded": 2, "clo_certified": 1, "clo_not_certified": 0, "clo_pending": 1,
                              "clo_selected": 1, "mp_uploaded": 1, "mp_selected": 1, "submitted": 1, "confirmed": 0}
    assert first.behind == (Behind.AWAITING_CERTIFICATION, Behind.NOT_CONFIRMED)  # submitted, not confirmed
    assert rows["0002"].clo_not_certified == 1 and rows["0002"].name == "王𡘙"
    assert rows["0002"].behind == (Behind.NOT_SELECTED,)
    assert rows["0003"].departed and rows["0003"].behind == ()  # 休學: never flagged
    s = board.summary
    assert (s.students, s.departed, s.at_school, s.behind) == (3, 1, 2, 2)
    assert s.counts["clo_uploaded"] == 3 and s.pct_uploaded == 100.0 and s.pct_selected == 50.0
    assert s.pct_certified == round(100 / 3, 1) and s.pct_confirmed == 0.0
    assert dashboard.class_dashboard(db, Actor(CLERK), TERM, class_code="101", today=dt.date(2024, 12, 1)).summary.behind == 0


def test_a_state_change_shows_up(db: Database, actor: Actor, school: dict[str, int]) -> None:
    [d] = [r.id for r in items.list_items(db, Actor(CLERK), student_no="0002")]
    items.certify(db, actor, [d], now=NOW)
    items.select_items(db, actor, [d], now=NOW)
    row = next(s for s in dashboard.class_dashboard(db, Actor(CLERK), TERM, class_code="101", today=TODAY).students
               if s.student_no == "0002")
    assert (row.clo_certified, row.clo_not_certified, row.clo_selected, row.behind) == (1, 0, 1, ())


def test_school_overview_and_mentor_viewer(db: Database, school: dict[str, int]) -> None:
    overview = {c.class_code: c for c in dashboard.school_overview(db, Actor(CLERK), TERM)}
    assert set(overview) == {"101", "102"}
    assert overview["102"].students_uploaded == 1 and overview["102"].pct_uploaded == 50.0
    assert overview["101"].counts == dashboard.class_dashboard(db, Actor(CLERK), TERM, class_code="101").summary.counts
    total = dashboard.school_total(list(overview.values()))
    assert total.students == 5 and total.at_school == 4 and total.students_uploaded == 3
    ids = class_ids(db)
    mentor = Viewer.mentor({ids["102"]}, "導師102")
    assert [c.class_code for c in dashboard.school_overview(db, mentor, TERM)] == ["102"]
    dashboard.class_dashboard(db, mentor, TERM, class_code="102")
    with pytest.raises(PermissionDenied, match="不能查看班級 101 的資料.*該班導師"):
        dashboard.class_dashboard(db, mentor, TERM, class_code="101")
    assert [c["class"] for c in dashboard.dashboard_json(db, mentor, TERM)["classes"]] == ["102"]
    assert dashboard.school_overview(db, Actor(CLERK), "112-2") == [] or all(
        c.counts["clo_uploaded"] == 0 for c in dashboard.school_overview(db, Actor(CLERK), "112-2"))


def test_followup_lists_export_and_print(db: Database, actor: Actor, school: dict[str, int], tmp_path: Path) -> None:
    no_up = followup.followup(db, Actor(CLERK), followup.FollowupKind.NO_UPLOADS, term=TERM)
    assert [r[2] for r in no_up.rows] == ["0102"]  # 0003 departed, others uploaded
    unc = followup.followup(db, Actor(CLERK), followup.FollowupKind.UNCERTIFIED, term=TERM)
    assert [(r[0], r[5]) for r in unc.rows] == [("李老師", "0001"), ("王老師", "0001"), ("黃老師", "0101")]
    not_sel = followup.followup(db, Actor(CLERK), followup.FollowupKind.NOT_SELECTED, term=TERM)
    assert [r[2] for r in not_sel.rows] == ["0002", "0101", "0102"]
    waiting = followup.followup(db, Actor(CLERK), followup.FollowupKind.AWAITING_SUBMISSION, term=TERM)
    assert [(r[0], r[4], r[7]) for r in waiting.rows] == [("訓育組", "0001", "志工"), ("訓育組", "0102", "班長")]
    mentor = Viewer.mentor({class_ids(db)["101"]})
    assert followup.followup(db, mentor, followup.FollowupKind.NOT_SELECTED, term=TERM).rows[0][2] == "0002"
    out = tmp_path / "unc.xlsx"
    assert followup.export_followup(db, actor, unc, out) == 3
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == unc.headers and ws["F2"].value == "0001" and ws["F2"].data_type == "s"
    page = followup.followup_html(unc, today=dt.date(2024, 12, 28))
    assert "113/12/28" in page and "授課教師：李老師（1 筆）" in page and "<td>0001</td>" in page


def test_cli_dashboard_items_and_windows(db: Database, db_path: Path, school: dict[str, int], tmp_path: Path,
                                         actor: Actor, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in signed_in_env(db, actor.username).items():  # the CLI signs in (issue 5)
        monkeypatch.setenv(key, value)
    base = ["--db", str(db_path)]
    assert cli.main([*base, "dashboard", "--term", TERM, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["class"] for c in data["classes"]] == ["101", "102"]
    student = data["classes"][0]["students"][1]
    assert student["name"] == "王𡘙" and student["counts"]["clo_not_certified"] == 1
    assert cli.main([*base, "dashboard", "--term", TERM, "--class", "101"]) == 0
    assert "王𡘙" in capsys.readouterr().out
    assert cli.main([*base, "items", "list", "--student", "0002", "--json"]) == 0
    [item] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli.main([*base, "items", "select", str(item["id"])]) == 1  # not certified: refused
    assert "只有認證通過" in capsys.readouterr().err
    assert cli.main([*base, "items", "certify", str(item["id"]), "--override", "補認證"]) == 0
    assert cli.main([*base, "windows", "overrides", "--term", TERM]) == 0
    assert "補認證" in capsys.readouterr().out
    out = tmp_path / "f.xlsx"
    assert cli.main([*base, "followup", "uncertified", "--term", TERM, "--out", str(out)]) == 0 and out.exists()
    bad = write_xlsx(tmp_path / "bad.xlsx", ["學號", "學年度", "學期", "類別", "名稱"], [["0001", 113, 1, "作業", "x"]])
    assert cli.main([*base, "items", "import", str(bad)]) == 1
    assert "第2列" in capsys.readouterr().err
    assert cli.main([*base, "windows", "set", "勾選", "114/01/02 08:00", "114/01/10", "--term", TERM]) == 0
    got = {w.kind: w for w in windows.list_windows(db, Actor(CLERK), TERM)}
    assert got[WindowKind.SELECTION].ends_at == dt.datetime(2025, 1, 10, 23, 59, 59)


def test_demo_makes_the_dashboard_alive(tmp_path: Path, actor: Actor) -> None:
    from portfolio_desktop.services.admin.demo import generate_demo
    from portfolio_desktop.store.open import open_database

    db = open_database(str(tmp_path / "demo.sqlite3"))
    try:
        today = dt.date(2024, 11, 20)
        generate_demo(db, actor, students=120, seed=7, today=today)
        office = seed_staff(db, "demo-dean", DEAN)  # reads the whole school
        overview = dashboard.school_overview(db, office, "113-1", today=today)
        assert sum(c.counts["clo_uploaded"] for c in overview) > 100
        assert sum(c.counts["clo_selected"] for c in overview) > 10
        assert sum(c.students_uploaded for c in overview) > 50
        open_now = [w for w in windows.list_windows(db, office, "113-1") if w.starts_at.date() <= today <= w.ends_at.date()]
        assert {w.kind for w in open_now} >= {WindowKind.UPLOAD, WindowKind.SELECTION}
        boards = [dashboard.class_dashboard(db, office, "113-1", class_id=c.class_id, today=today) for c in overview]
        assert any(s.is_behind for b in boards for s in b.students)
    finally:
        db.dispose()
