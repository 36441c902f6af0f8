"""Correcting and removing 課程諮詢紀錄, and the dean's assignments, on a real SQLite file: the author (or
the proxy acting for them) and the dean may; another consultant is refused and the refusal audited;
every change leaves one audit row with the changed fields before → after; a consultant never sees
another consultant's students or records."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import NotFoundError, PermissionDenied, RuleError
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.workgroup_models import Consultation, ConsultationStudent
from tests.data.consultation_people import DAY, TODAY, consultation_people
from tests.data.staff import admin, staff

@pytest.fixture
def people(db: Database) -> dict[str, Actor]:
    return consultation_people(db)


def _record(db: Database, who: Actor, nos: list[str], **kw: object) -> consultations.ConsultationRow:
    args: dict = {"mode": "團體", "held_on": DAY, "place": "會議室", "content": "選課說明", "today": TODAY} | kw
    return consultations.add_consultation(db, who, student_nos=nos, **args)


def _audits(db: Database, action: str) -> list[tuple[str, str | None, str | None, dict | None, dict | None]]:
    with db.read() as s:
        rows = s.execute(select(AuditLog.actor, AuditLog.on_behalf_of, AuditLog.entity_key, AuditLog.before,
                                AuditLog.after).where(AuditLog.action == action).order_by(AuditLog.id)).all()
    return [(a, o, k, json.loads(b) if b else None, json.loads(x) if x else None) for a, o, k, b, x in rows]


def _stored(db: Database, cid: int) -> tuple[str, list[str]]:
    with db.read() as s:
        c = s.get(Consultation, cid)
        assert c is not None
        return c.place, sorted(cs.student.student_no for cs in c.students)


def test_the_author_corrects_their_record_and_the_change_is_audited(db: Database, people: dict[str, Actor],
                                                                    tmp_path: Path) -> None:
    wu = people["wu"]
    rec = _record(db, wu, ["0001"], starts_at=dt.time(12, 10), ends_at=dt.time(13, 0))
    row = consultations.edit_consultation(db, wu, rec.id, place="輔導室", student_nos=["0001", "0002"],
                                          ends_at=dt.time(13, 20), opinions="建議修習物理", reason="漏登一位學生",
                                          today=TODAY)
    assert (row.place, row.time_text, row.opinions) == ("輔導室", "12:10–13:20", "建議修習物理")
    assert [s.name for s in row.students] == ["王小明", "王𡘙"]
    assert row.recorded_by == "wu" and row.held_on == DAY  # untouched fields stay
    ((actor, for_whom, key, before, after),) = _audits(db, "consultation.edit")
    assert (actor, for_whom, key) == ("wu", None, str(rec.id))
    assert before == {"place": "會議室", "students": ["0001"], "ends_at": "13:00", "opinions": None}
    assert after == {"place": "輔導室", "students": ["0001", "0002"], "ends_at": "13:20", "opinions": "建議修習物理",
                     "reason": "漏登一位學生"}
    # the attachment: added, replaced, removed — each time the hash before → after
    slides = tmp_path / "簡報.pdf"
    slides.write_bytes(b"%PDF slides v1")
    consultations.edit_consultation(db, wu, rec.id, attachment=slides, today=TODAY)
    v2 = tmp_path / "簡報2.pdf"
    v2.write_bytes(b"%PDF slides v2")
    row = consultations.edit_consultation(db, wu, rec.id, attachment=v2, today=TODAY)
    assert row.attachment_sha256 == hashlib.sha256(b"%PDF slides v2").hexdigest()
    assert consultations.edit_consultation(db, wu, rec.id, attachment=None, today=TODAY).attachment_id is None
    edits = _audits(db, "consultation.edit")[1:]
    assert [(b["attachment_sha256"] if b else None, a["attachment_sha256"]) for _, _, _, b, a in edits] == [
        (None, hashlib.sha256(b"%PDF slides v1").hexdigest()),
        (hashlib.sha256(b"%PDF slides v1").hexdigest(), hashlib.sha256(b"%PDF slides v2").hexdigest()),
        (hashlib.sha256(b"%PDF slides v2").hexdigest(), None)]


def test_corrections_keep_the_rules_and_write_nothing_when_refused(db: Database, people: dict[str, Actor]) -> None:
    wu = people["wu"]
    rec = _record(db, wu, ["0001", "0002"])
    with pytest.raises(PermissionDenied, match="0101"):  # lin's student, not wu's
        consultations.edit_consultation(db, wu, rec.id, student_nos=["0001", "0101"], place="X", today=TODAY)
    with pytest.raises(RuleError, match="只能有一位學生"):
        consultations.edit_consultation(db, wu, rec.id, mode="個別", today=TODAY)
    with pytest.raises(RuleError, match="尚未到來"):
        consultations.edit_consultation(db, wu, rec.id, held_on=dt.date(2025, 1, 1), today=TODAY)
    with pytest.raises(RuleError, match="結束時間早於開始時間"):
        consultations.edit_consultation(db, wu, rec.id, starts_at=dt.time(14, 0), ends_at=dt.time(13, 0), today=TODAY)
    with pytest.raises(RuleError, match="沒有任何變更"):
        consultations.edit_consultation(db, wu, rec.id, place=" 會議室 ", today=TODAY)
    with pytest.raises(NotFoundError):
        consultations.edit_consultation(db, wu, 999, place="X", today=TODAY)
    assert _stored(db, rec.id) == ("會議室", ["0001", "0002"])
    assert _audits(db, "consultation.edit") == []
    # a student already on the record may stay after the class moved to another consultant
    consultations.unassign(db, people["dean"], "wu", class_codes=["101"])
    consultations.assign(db, people["dean"], "wu", student_nos=["0003"])
    row = consultations.edit_consultation(db, wu, rec.id, student_nos=["0002", "0003"], today=TODAY)
    assert [s.student_no for s in row.students] == ["0002", "0003"]


def test_another_consultant_is_refused_and_audited_the_dean_may(db: Database, people: dict[str, Actor]) -> None:
    wu, lin, dean = people["wu"], people["lin"], people["dean"]
    rec = _record(db, wu, ["0001"])
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    for who in (lin, clerk, Actor("lin", on_behalf_of="wu")):  # lin is not wu's proxy
        with pytest.raises(PermissionDenied, match="只有本人（或其代理人）及教務主任"):
            consultations.edit_consultation(db, who, rec.id, place="X", today=TODAY)
        with pytest.raises(PermissionDenied):
            consultations.remove_consultation(db, who, rec.id)
    assert _stored(db, rec.id) == ("會議室", ["0001"])
    refusals = [(a, k, x["action"], x["teacher"]) for a, _, k, _, x in _audits(db, "authz.denied")
                if x and x.get("teacher")]
    assert refusals == [("lin", str(rec.id), "edit", "wu"), ("lin", str(rec.id), "remove", "wu"),
                        ("reg", str(rec.id), "edit", "wu"), ("reg", str(rec.id), "remove", "wu"),
                        ("lin", str(rec.id), "edit", "wu"), ("lin", str(rec.id), "remove", "wu")]
    row = consultations.edit_consultation(db, dean, rec.id, content="選課說明（更正）", reason="錯字", today=TODAY)
    assert row.content == "選課說明（更正）" and row.teacher_username == "wu"  # still wu's record
    ((actor, _, _, before, after),) = _audits(db, "consultation.edit")
    assert actor == "dean" and before == {"content": "選課說明"} and after["content"] == "選課說明（更正）"
    # the dean may not add a student the teacher is not responsible for either
    with pytest.raises(PermissionDenied, match="0101"):
        consultations.edit_consultation(db, dean, rec.id, student_nos=["0001", "0101"], today=TODAY)


def test_removal_by_the_author_or_the_dean_keeps_the_record_in_the_audit(db: Database,
                                                                         people: dict[str, Actor]) -> None:
    wu, dean = people["wu"], people["dean"]
    first = _record(db, wu, ["0001", "0002"], opinions="意見")
    second = _record(db, wu, ["0003"], mode="個別")
    removed = consultations.remove_consultation(db, wu, first.id, reason="重複登錄")
    assert removed.id == first.id
    consultations.remove_consultation(db, dean, second.id)
    with db.read() as s:
        assert s.scalar(select(func.count(Consultation.id))) == 0
        assert s.scalar(select(func.count(ConsultationStudent.id))) == 0
    (a, b) = _audits(db, "consultation.remove")
    assert a[0] == "wu" and a[3]["students"] == ["0001", "0002"] and a[3]["opinions"] == "意見"
    assert a[3]["teacher"] == "wu" and a[4] == {"removed": True, "reason": "重複登錄"}
    assert b[0] == "dean" and b[3]["mode"] == "individual" and b[4] == {"removed": True}
    with pytest.raises(NotFoundError):
        consultations.remove_consultation(db, wu, first.id)


def test_the_proxy_of_a_consultant_on_leave_corrects_their_record(db: Database, people: dict[str, Actor]) -> None:
    boss = admin(db)
    rec = _record(db, people["wu"], ["0001"])
    staff(db, "chen", Grant(Role.REGISTRY, "day"), name="陳代理")  # not a consultant themselves
    now = dt.date.today()  # the proxy's turn is decided on the day of the correction
    accounts.add_leave(db, boss, "wu", now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    proxies.set_list(db, boss, "wu", ["chen"])
    consultations.edit_consultation(db, Actor("chen"), rec.id, place="圖書館", today=TODAY)
    consultations.edit_consultation(db, Actor("chen", on_behalf_of="wu"), rec.id, place="輔導室", today=TODAY)
    assert [(a, o) for a, o, *_ in _audits(db, "consultation.edit")] == [("chen", "wu"), ("chen", "wu")]
    # acting for wu, chen sees wu's students and records
    assert [s.student_no for s in consultations.my_students(db, Actor("chen", on_behalf_of="wu"))] == [
        "0001", "0002", "0003"]
    assert [r.id for r in consultations.list_consultations(db, Actor("chen", on_behalf_of="wu"))] == [rec.id]
    with pytest.raises(PermissionDenied):  # chen is not lin's proxy
        consultations.list_consultations(db, Actor("chen", on_behalf_of="lin"))


def test_a_consultant_never_sees_anothers_students(db: Database, people: dict[str, Actor]) -> None:
    wu, lin, dean = people["wu"], people["lin"], people["dean"]
    mine = _record(db, wu, ["0001"])
    theirs = _record(db, lin, ["0101"], mode="個別")
    assert [s.student_no for s in consultations.my_students(db, lin)] == ["0101"]
    assert [s.student_no for s in consultations.student_choices(db, wu, mine.id)] == ["0001", "0002", "0003"]
    for fn in (consultations.get_consultation, consultations.student_choices):
        with pytest.raises(PermissionDenied, match="不是您的紀錄"):
            fn(db, wu, theirs.id)
    assert consultations.get_consultation(db, dean, theirs.id).teacher_username == "lin"
    assert [r.target for r in consultations.list_assignments(db, wu)] == ["101"]
    with pytest.raises(PermissionDenied, match="只能查看自己負責的學生"):
        consultations.list_assignments(db, wu, "lin")
    assert [c.username for c in consultations.consultants(db, lin)] == ["lin"]


def test_the_dean_lists_and_removes_assignments(db: Database, people: dict[str, Actor]) -> None:
    wu, dean = people["wu"], people["dean"]
    rec = _record(db, wu, ["0001"])
    rows = consultations.list_assignments(db, dean)
    assert [(r.consultant, r.class_code, r.students, r.student_no, r.student_name) for r in rows] == [
        ("lin", None, 1, "0101", "陳大文"), ("wu", "101", 3, None, None)]
    assert [c.username for c in consultations.consultants(db, dean)] == ["lin", "wu"]
    assert consultations.class_codes(db) == ["101", "102"]
    with pytest.raises(PermissionDenied):  # assigning is the dean's
        consultations.unassign(db, wu, "wu", class_codes=["101"])
    with pytest.raises(NotFoundError, match="並未負責班級 102"):  # all or nothing: 101 stays too
        consultations.unassign(db, dean, "wu", class_codes=["101", "102"])
    assert [r.target for r in consultations.list_assignments(db, dean, "wu")] == ["101"]
    assert consultations.unassign(db, dean, "wu", class_codes=["101"]) == 1
    assert consultations.my_students(db, wu) == []
    assert [r.id for r in consultations.list_consultations(db, wu)] == [rec.id]  # records already made stay
    assert consultations.unassign(db, dean, "lin", student_nos=["0101"]) == 1
    assert consultations.list_assignments(db, dean) == []
    assert [(a, b) for a, _, _, b, _ in _audits(db, "consultation.unassign")] == [
        ("dean", {"class": "101", "division_id": 1}), ("dean", {"student_no": "0101"})]
