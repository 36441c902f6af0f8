"""`consultations edit|remove|unassign|assignments` through the real CLI entry point, signed in as real
accounts: exit 0 done, 1 refused with both languages on stderr and nothing written, 2 usage error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.store.open import open_database
from tests.data.items_school import make_roster
from tests.data.cli_run import run_as
from tests.data.staff import DEAN, PASSWORD, staff
from tests.data.cli_json import json_lines

DAY = dt.date.today() - dt.timedelta(days=1)


@pytest.fixture
def school(db_path: Path) -> tuple[Path, int]:
    db = open_database(str(db_path))
    try:
        make_roster(db)
        dean = staff(db, "dean", DEAN, name="教務主任", password=PASSWORD)
        wu = staff(db, "wu", Grant(Role.CONSULTANT), name="吳諮詢", password=PASSWORD)
        staff(db, "lin", Grant(Role.CONSULTANT), name="林諮詢", password=PASSWORD)
        consultations.assign(db, dean, "wu", class_codes=["101"])
        consultations.assign(db, dean, "lin", student_nos=["0101"])
        rec = consultations.add_consultation(db, wu, mode="團體", student_nos=["0001"], held_on=DAY, place="會議室",
                                             content="選課說明", starts_at=dt.time(12, 10), ends_at=dt.time(13, 0))
    finally:
        db.dispose()
    return db_path, rec.id




def _record(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    code, out, _ = run_as(monkeypatch, capsys, db, "dean", "consultations", "list", "--json")
    assert code == 0
    (rec,) = json_lines(out)
    return rec


def test_edit_and_remove(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                         school: tuple[Path, int], tmp_path: Path) -> None:
    db, rid = school

    def run(user: str, *args: str) -> tuple[int, str, str]:
        return run_as(monkeypatch, capsys, db, user, "consultations", *args)

    code, out, _ = run("wu", "list")
    assert code == 0 and out.startswith(f"#{rid}\t")
    slides = tmp_path / "s.pdf"
    slides.write_bytes(b"%PDF slides")
    code, _, err = run("wu", "edit", str(rid), "--student", "0001", "--student", "0002", "--place", "輔導室",
                       "--time", "", "--attachment", str(slides), "--reason", "漏登")
    assert code == 0, err
    assert f"已更正諮詢紀錄 #{rid}" in err and "corrected" in err
    rec = _record(monkeypatch, capsys, db)
    assert [s["student_no"] for s in rec["students"]] == ["0001", "0002"]
    assert (rec["place"], rec["starts_at"], rec["attachment_name"]) == ("輔導室", None, "s.pdf")
    assert run("wu", "edit", str(rid), "--no-attachment")[0] == 0
    assert _record(monkeypatch, capsys, db)["attachment_name"] is None
    # another consultant: refused in both languages, nothing changed
    code, _, err = run("lin", "edit", str(rid), "--place", "X")
    assert code == 1 and "只有本人（或其代理人）及教務主任可以修改" in err and "only they" in err
    code, _, err = run("lin", "remove", str(rid))
    assert code == 1 and "可以刪除" in err
    assert _record(monkeypatch, capsys, db)["place"] == "輔導室"
    code, _, err = run("wu", "edit", str(rid), "--place", "輔導室")
    assert code == 1 and "沒有任何變更" in err and "nothing changed" in err
    code, _, err = run("wu", "edit", str(rid), "--time", "noon")
    assert code == 1 and "12:10-13:00" in err
    code, _, err = run("dean", "edit", str(rid), "--content", "更正", "--opinions", "建議選修")
    assert code == 0, err
    assert _record(monkeypatch, capsys, db)["opinions"] == "建議選修"
    with pytest.raises(SystemExit) as usage:  # argparse: both attachment options at once
        run("wu", "edit", str(rid), "--attachment", str(slides), "--no-attachment")
    assert usage.value.code == 2
    code, _, err = run("wu", "remove", str(rid), "--reason", "重複登錄")
    assert code == 0 and "內容保留於稽核紀錄" in err
    assert json_lines(run("dean", "list", "--json")[1]) == []
    code, _, err = run("wu", "remove", str(rid))
    assert code == 1 and f"沒有編號 {rid} 的諮詢紀錄" in err


def test_unassign_and_list_assignments(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                       school: tuple[Path, int]) -> None:
    db, _ = school

    def run(user: str, *args: str) -> tuple[int, str, str]:
        return run_as(monkeypatch, capsys, db, user, "consultations", *args)

    code, out, _ = run("dean", "assignments")
    assert code == 0 and out.splitlines() == ["lin\t林諮詢\t學生 0101 陳大文", "wu\t吳諮詢\t班級 101（日間部，3 人）"]
    code, out, _ = run("wu", "assignments", "--json")
    assert [r["class_code"] for r in json_lines(out)] == ["101"]
    code, _, err = run("wu", "assignments", "--consultant", "lin")
    assert code == 1 and "只能查看自己負責的學生" in err
    code, _, err = run("wu", "unassign", "wu", "--class", "101")
    assert code == 1 and "自我檢核及成效評核" in err
    code, _, err = run("dean", "unassign", "wu", "--class", "101", "--class", "102")
    assert code == 1 and "並未負責班級 102" in err
    assert len(json_lines(run("dean", "assignments", "--json")[1])) == 2  # all or nothing
    code, _, err = run("dean", "unassign", "wu", "--class", "101")
    assert code == 0 and "已取消 wu 的 1 項指派" in err
    code, _, err = run("dean", "unassign", "lin")
    assert code == 1 and "請指定班級或學號" in err
    assert [r["consultant"] for r in json_lines(run("dean", "assignments", "--json")[1])] == ["lin"]
