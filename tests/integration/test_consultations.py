"""課程諮詢紀錄 on a real SQLite file: group and individual records, a consultant limited to their own
students (recording and reading), a proxy recording for a consultant on leave, the attachment copied
with its SHA-256, and the .xlsx export read back (學號 as text, 𡘙 intact, dates as dates)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.workgroup_models import Consultation
from tests.data.consultation_people import CONSULTANT, DAY, TODAY, consultation_people
from tests.data.staff import admin, staff

@pytest.fixture
def people(db: Database) -> dict[str, Actor]:
    return consultation_people(db)


def _count(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return s.scalar(select(func.count(Consultation.id))) or 0, s.scalar(select(func.count(AuditLog.id))) or 0


def test_group_and_individual_records_and_who_sees_what(db: Database, people: dict[str, Actor], tmp_path: Path) -> None:
    wu, lin, dean = people["wu"], people["lin"], people["dean"]
    assert [s.student_no for s in consultations.my_students(db, wu)] == ["0001", "0002", "0003"]
    slides = tmp_path / "簡報.pptx"
    slides.write_bytes(b"slides " * 100)
    group = consultations.add_consultation(
        db, wu, mode="團體", student_nos=["0001", "0002"], held_on=DAY, starts_at=dt.time(12, 10),
        ends_at=dt.time(13, 0), place="會議室", content="選課說明", opinions="建議修習物理", attachment=slides, today=TODAY)
    assert group.mode_zh == "團體諮詢" and group.time_text == "12:10–13:00"
    assert [s.name for s in group.students] == ["王小明", "王𡘙"]
    assert group.attachment_sha256 == hashlib.sha256(b"slides " * 100).hexdigest()
    consultations.add_consultation(db, lin, mode="individual", student_nos=["0101"], held_on=DAY, place="輔導室",
                                   content="生涯規劃", today=TODAY)
    assert [r.id for r in consultations.list_consultations(db, wu)] == [group.id]
    assert [r.teacher_username for r in consultations.list_consultations(db, lin)] == ["lin"]
    assert len(consultations.list_consultations(db, dean)) == 2
    assert [r.id for r in consultations.list_consultations(db, dean, student_no="0002")] == [group.id]
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    with pytest.raises(PermissionDenied, match="不能查看課程諮詢紀錄"):
        consultations.list_consultations(db, clerk)


def test_refusals_write_nothing(db: Database, people: dict[str, Actor]) -> None:
    wu = people["wu"]
    before = _count(db)
    with pytest.raises(PermissionDenied, match="0101"):  # not wu's student
        consultations.add_consultation(db, wu, mode="group", student_nos=["0001", "0101"], held_on=DAY, place="A",
                                       content="x", today=TODAY)
    with pytest.raises(RuleError, match="個別諮詢一筆紀錄只能有一位學生"):
        consultations.add_consultation(db, wu, mode="個別", student_nos=["0001", "0002"], held_on=DAY, place="A",
                                       content="x", today=TODAY)
    with pytest.raises(RuleError, match="尚未到來"):
        consultations.add_consultation(db, wu, mode="個別", student_nos=["0001"], held_on=dt.date(2025, 1, 1),
                                       place="A", content="x", today=TODAY)
    assert _count(db)[0] == before[0]
    with pytest.raises(PermissionDenied):  # the dean assigns, but does not record consultations
        consultations.add_consultation(db, people["dean"], mode="個別", student_nos=["0001"], held_on=DAY,
                                       place="A", content="x", today=TODAY)
    assert _count(db)[0] == before[0]


def test_a_proxy_records_for_a_consultant_on_leave(db: Database, people: dict[str, Actor]) -> None:
    boss = admin(db)
    staff(db, "chen", CONSULTANT, name="陳代理")
    now = dt.date.today()  # the proxy's turn is decided on the day the record is written
    accounts.add_leave(db, boss, "wu", now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    proxies.set_list(db, boss, "wu", ["chen"])
    row = consultations.add_consultation(
        db, Actor("chen", on_behalf_of="wu"), mode="個別", student_nos=["0003"], held_on=DAY, place="A",
        content="休學生追蹤", today=TODAY)
    assert (row.teacher_username, row.recorded_by, row.on_behalf_of) == ("wu", "chen", "wu")
    with db.read() as s:
        audit = s.execute(select(AuditLog.actor, AuditLog.on_behalf_of).where(AuditLog.action == "consultation.add")).one()
    assert tuple(audit) == ("chen", "wu")


def test_export_reads_back(db: Database, people: dict[str, Actor], tmp_path: Path) -> None:
    consultations.add_consultation(db, people["wu"], mode="團體", student_nos=["0001", "0002"], held_on=DAY,
                                   starts_at=dt.time(8, 5), place="=cmd|' /C calc'!A0", content="內容", today=TODAY)
    out = tmp_path / "諮詢.xlsx"
    assert consultations.export_xlsx(db, people["dean"], out, school_year=113) == 2
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:7] == ("日期", "開始時間", "結束時間", "地點", "型式", "課程諮詢教師", "學號")
    assert rows[1][0] == dt.datetime(2024, 10, 10) and rows[1][1] == "08:05" and rows[1][6] == "0001"
    assert rows[2][7] == "王𡘙" and rows[2][3] == "=cmd|' /C calc'!A0"
    assert ws.cell(2, 4).data_type == "s"  # never a formula
    with db.read() as s:
        assert s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "consultation.export")) == 1
