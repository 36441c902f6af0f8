"""`workgroup …` and `consultations …` through the real CLI entry point, signed in as real accounts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.store.open import open_database
from tests.data.items_school import make_roster
from tests.data.cli_run import run_as
from tests.data.staff import DEAN, PASSWORD, staff
from tests.data.cli_json import json_lines


@pytest.fixture
def school(db_path: Path) -> Path:
    db = open_database(str(db_path))
    try:
        make_roster(db)
        dean = staff(db, "dean", DEAN, name="教務主任", password=PASSWORD)
        staff(db, "wu", Grant(Role.CONSULTANT), name="吳諮詢", password=PASSWORD)
        consultations.assign(db, dean, "wu", class_codes=["101"])
    finally:
        db.dispose()
    return db_path




def test_workgroup_commands(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], school: Path,
                            tmp_path: Path) -> None:
    def run(*args: str, user: str = "dean") -> tuple[int, str, str]:
        return run_as(monkeypatch, capsys, school, user, *args)

    assert run("workgroup", "members", "template", "000", "--year", "113")[0] == 0
    code, out, _ = run("workgroup", "members", "--year", "113", "--json")
    assert code == 0 and len(json_lines(out)) == 17
    minutes = tmp_path / "m.pdf"
    minutes.write_bytes(b"%PDF minutes")
    code, _, err = run("workgroup", "meetings", "add", "113/09/02", "期程規劃", "--minutes", str(minutes))
    assert code == 0 and "SHA-256" in err
    assert run("workgroup", "sessions", "add", "學生訓練", "113/10/01", "--audience", "學生", "--attendance", "320")[0] == 0
    code, out, _ = run("workgroup", "compliance", "--year", "113", "--on", "2024-12-01", "--rules", "000", "--json")
    checks = {c["key"]: c["status"] for c in json.loads(out)["checks"]}
    assert checks["meeting:113-1"] == "done" and checks["session:system_training:students:113"] == "done"
    assert checks["session:briefing:parents:113"] == "due"
    assert run("workgroup", "selfcheck", "113-1", "--planned", "113/12/20")[0] == 0
    code, out, _ = run("workgroup", "evaluation", "--year", "113", "--json")
    assert code == 0 and json.loads(out)["candidates"] == []
    code, _, err = run("workgroup", "meetings", "add", "113/09/03", "x", user="wu")  # a consultant may not
    assert code == 1 and "自我檢核及成效評核" in err


def test_consultation_commands(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], school: Path,
                               tmp_path: Path) -> None:
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    code, _, err = run_as(monkeypatch, capsys, school, "wu", "consultations", "add", "--mode", "團體", "--student", "0001",
                        "--student", "0002", "--date", day, "--time", "12:10-13:00", "--place", "會議室",
                        "--content", "選課說明")
    assert code == 0, err
    code, _, err = run_as(monkeypatch, capsys, school, "wu", "consultations", "add", "--mode", "個別", "--student", "0101",
                        "--date", day, "--place", "A", "--content", "x")
    assert code == 1 and "0101" in err
    code, out, _ = run_as(monkeypatch, capsys, school, "wu", "consultations", "list", "--json")
    (rec,) = json_lines(out)
    assert [s["student_no"] for s in rec["students"]] == ["0001", "0002"] and rec["starts_at"] == "12:10:00"
    out_file = tmp_path / "c.xlsx"
    assert run_as(monkeypatch, capsys, school, "dean", "consultations", "export", str(out_file))[0] == 0
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert [r[6] for r in rows[1:]] == ["0001", "0002"] and rows[2][7] == "王𡘙"


def test_a_meeting_needs_a_date_that_is_not_in_the_future(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str], school: Path) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        return run_as(monkeypatch, capsys, school, "dean", *args)

    code, _, err = run("workgroup", "meetings", "add")
    assert code == 1 and "請填寫會議日期" in err and "meeting date is missing" in err and "None" not in err
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    code, _, err = run("workgroup", "meetings", "add", tomorrow, "下次會議")
    assert code == 1 and "晚於今天" in err and "after today" in err
    code, out, _ = run("workgroup", "meetings", "--json")
    assert code == 0 and json_lines(out) == []  # nothing was recorded
    today = dt.date.today().isoformat()
    assert run("workgroup", "meetings", "add", today, "今天開的會")[0] == 0


def test_followup_refuses_a_file_name_it_would_not_write(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], school: Path,
                                                        tmp_path: Path) -> None:
    target = tmp_path / "fu.csv"
    code, _, err = run_as(monkeypatch, capsys, school, "dean", "followup", "no-uploads", "--out", str(target))
    assert code == 1 and "fu.csv" in err and ".xlsx" in err and not target.exists()
    target = tmp_path / "fu.xlsx"
    code, _, err = run_as(monkeypatch, capsys, school, "dean", "followup", "no-uploads", "--out", str(target))
    assert code == 0, err
    assert load_workbook(target).active is not None


def test_minutes_attached_later_and_records_entered_by_mistake_removed(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path) -> None:
    """Minutes are often finished after the meeting (seed 000 §三: the working group keeps its records);
    a meeting or session entered by mistake is removed, each step audited."""
    def run(*args: str, user: str = "dean") -> tuple[int, str, str]:
        return run_as(monkeypatch, capsys, school, user, *args)

    assert run("workgroup", "meetings", "add", "113/09/02", "期程規劃")[0] == 0
    assert run("workgroup", "meetings", "add", "113/09/03", "誤登的會議")[0] == 0
    [first, second] = json_lines(run("workgroup", "meetings", "--year", "113", "--json")[1])
    assert first["minutes_name"] is None
    minutes = tmp_path / "會議紀錄.pdf"
    minutes.write_bytes(b"%PDF minutes of 113/09/02")
    code, _, err = run("workgroup", "meetings", "minutes", str(first["id"]), "--minutes", str(minutes))
    assert code == 0 and "SHA-256" in err
    code, _, err = run("workgroup", "meetings", "minutes", str(first["id"]))
    assert code == 1 and "--minutes" in err
    assert run("workgroup", "meetings", "minutes", "一", "--minutes", str(minutes))[0] == 1  # not an id
    assert run("workgroup", "meetings", "remove", str(second["id"]), user="wu")[0] == 1  # not the working group's
    assert run("workgroup", "meetings", "remove", str(second["id"]))[0] == 0
    listed = json_lines(run("workgroup", "meetings", "--year", "113", "--json")[1])
    assert [(m["id"], m["minutes_name"]) for m in listed] == [(first["id"], "會議紀錄.pdf")]

    assert run("workgroup", "sessions", "add", "學生訓練", "113/10/01", "--audience", "學生")[0] == 0
    [session] = json_lines(run("workgroup", "sessions", "--year", "113", "--json")[1])
    assert run("workgroup", "sessions", "remove", str(session["id"]))[0] == 0
    assert json_lines(run("workgroup", "sessions", "--year", "113", "--json")[1]) == []
    code, out, _ = run("audit", "--kind", "workgroup", "--json")
    assert {r["action"] for r in json_lines(out)} >= {"workgroup.meeting.minutes", "workgroup.meeting.remove",
                                                      "workgroup.session.remove"}
