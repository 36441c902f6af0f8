"""The working group's records through the services on a real SQLite file: member templates, meetings
with minutes copied into the data folder (SHA-256), sessions, self-checks, the compliance view, and the
dean-only writes (a refusal writes nothing but its audit row)."""

from __future__ import annotations


import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from portfolio_desktop.domain.compliance import Audience, CheckStatus, SessionKind
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services.workgroup import attachments
from portfolio_desktop.services.workgroup import compliance
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.workgroup import workgroup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.workgroup_models import Attachment, AttachmentContent, WorkgroupMeeting, WorkgroupMember
from tests.data.staff import DEAN, admin, staff


@pytest.fixture
def dean(db: Database) -> Actor:
    return staff(db, "dean", DEAN, name="教務主任")


def _audits(db: Database, prefix: str) -> list:  # type: ignore[type-arg]
    with db.read() as s:
        return list(s.execute(select(AuditLog.action, AuditLog.entity_key, AuditLog.before, AuditLog.after)
                              .where(AuditLog.action.like(f"{prefix}%")).order_by(AuditLog.id)))


def test_templates_give_17_and_25_members_and_refuse_to_overwrite(db: Database, dean: Actor) -> None:
    rows = workgroup.apply_template(db, dean, 113, "000")
    assert len(rows) == 17 and rows[0].title == "校長" and "召集人" in (rows[0].duty or "")
    assert rows[1].title == "教務主任" and "執行秘書" in (rows[1].duty or "")
    with pytest.raises(RuleError, match="已有 17 位成員"):
        workgroup.apply_template(db, dean, 113, "001")
    rows = workgroup.apply_template(db, dean, 113, "001", replace=True)
    assert len(rows) == 25 and [r.position for r in rows] == list(range(1, 26))
    assert {"進修部主任", "技能檢定組長", "進修部學生事務組長"} <= {r.title for r in rows}
    assert len(_audits(db, "workgroup.member.remove")) == 17
    assert len(_audits(db, "workgroup.member.add")) == 17 + 25


def test_member_links_a_staff_record_and_edits_are_audited(db: Database, dean: Actor) -> None:
    staff(db, "reg", Grant(Role.REGISTRY, "day"), name="陳𡘙註冊")
    m = workgroup.add_member(db, dean, 113, "註冊組長", staff_username="reg", duty="平台管理")
    assert m.person == "陳𡘙註冊" and m.position == 1
    m2 = workgroup.update_member(db, dean, m.id, staff_username=None, person_name="林家長")
    assert m2.staff_username is None and m2.person == "林家長" and m2.duty == "平台管理"
    (upd,) = _audits(db, "workgroup.member.update")
    assert json.loads(upd.before)["staff"] == "reg" and json.loads(upd.after)["person"] == "林家長"


def test_only_the_dean_writes_and_a_refusal_leaves_the_data_alone(db: Database, dean: Actor, tmp_path: Path) -> None:
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    minutes = tmp_path / "紀錄.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    with pytest.raises(PermissionDenied, match="自我檢核及成效評核"):
        workgroup.add_meeting(db, clerk, dt.date(2024, 9, 2), "期程規劃", minutes=minutes)
    with db.read() as s:
        assert s.scalar(select(func.count(WorkgroupMeeting.id))) == 0
        assert s.scalar(select(func.count(WorkgroupMember.id))) == 0
    assert [a.action for a in _audits(db, "authz")] == ["authz.denied"]


def test_meeting_minutes_are_kept_in_the_database_with_sha256(db: Database, dean: Actor, tmp_path: Path) -> None:
    source = tmp_path / "outside" / "113-1 會議紀錄.docx"
    source.parent.mkdir()
    content = b"PK\x03\x04 minutes of the meeting " * 1000
    source.write_bytes(content)
    row = workgroup.add_meeting(db, dean, dt.date(2024, 9, 2), "一、期程規劃\n二、任務分工", minutes=source)
    assert row.term == "113-1" and row.minutes_name == "113-1 會議紀錄.docx"
    assert row.minutes_sha256 == hashlib.sha256(content).hexdigest()
    source.unlink()  # the copy does not depend on the original
    stored = attachments.open_path(db, row.minutes_id or 0)
    assert stored.read_bytes() == content and stored.is_relative_to(attachments.cache_dir(db))
    # the same content again is stored once
    again = tmp_path / "copy.docx"
    again.write_bytes(content)
    workgroup.add_meeting(db, dean, dt.date(2025, 3, 3), "第二次", minutes=again)
    with db.read() as s:
        assert s.scalar(select(func.count(Attachment.id))) == 1
    # a changed copy handed out earlier is rewritten from the database's checked content
    stored.write_bytes(b"changed")
    assert attachments.open_path(db, row.minutes_id or 0).read_bytes() == content
    # content altered in the database itself is reported, not handed out
    with db.write() as s:
        s.execute(update(AttachmentContent).values(content=b"tampered"))
    with pytest.raises(Exception, match="SHA-256"):
        attachments.open_path(db, row.minutes_id or 0)


def test_session_needs_an_audience_and_a_sane_attendance(db: Database, dean: Actor) -> None:
    with pytest.raises(RuleError, match="對象"):
        workgroup.add_session(db, dean, "宣導說明", "", dt.date(2024, 9, 20))
    with pytest.raises(RuleError, match="負數"):
        workgroup.add_session(db, dean, "宣導說明", "家長", dt.date(2024, 9, 20), attendance=-1)
    row = workgroup.add_session(db, dean, "親師說明", "家長、學生", dt.date(2024, 9, 20), attendance=180)
    assert row.kind is SessionKind.BRIEFING and row.audiences == {Audience.PARENTS, Audience.STUDENTS}
    assert row.school_year == 113 and row.audiences_zh == "學生、家長"


def test_compliance_done_due_late_for_seed_000(db: Database, dean: Actor) -> None:
    admin_actor = admin(db)
    compliance.set_rules(db, admin_actor, "000")
    workgroup.add_meeting(db, dean, dt.date(2024, 9, 2), "第一學期會議")
    workgroup.add_session(db, dean, SessionKind.SYSTEM_TRAINING, "學生", dt.date(2024, 10, 1), attendance=300)
    workgroup.add_session(db, dean, SessionKind.PROFESSIONAL, "學生", dt.date(2024, 10, 2))  # wrong audience
    workgroup.add_meeting(db, dean, dt.date(2025, 3, 10), "第二學期會議（預定）")
    report = compliance.compliance(db, Actor("dean"), 113, today=dt.date(2025, 2, 20))
    by = {c.key: c for c in report.checks}
    assert by["meeting:113-1"].status is CheckStatus.DONE
    assert by["meeting:113-2"].status is CheckStatus.DUE and by["meeting:113-2"].scheduled == (dt.date(2025, 3, 10),)
    assert by["session:system_training:students:113"].status is CheckStatus.DONE
    assert by["session:professional:teachers:113"].status is CheckStatus.DUE
    assert by["session:briefing:parents:113"].status is CheckStatus.DUE
    assert not any(k.startswith("self_check") for k in by)  # seed 000 sets no self-check dates
    late = compliance.compliance(db, Actor("dean"), 113, today=dt.date(2025, 8, 5))
    assert {c.key for c in late.checks if c.status is CheckStatus.LATE} == {
        "session:professional:teachers:113", "session:briefing:parents:113"}


def test_self_check_deadline_from_planned_date_or_the_window(db: Database, dean: Actor) -> None:
    windows.set_window(db, dean, "113-1", WindowKind.SELF_CHECK, dt.datetime(2024, 12, 1), dt.datetime(2024, 12, 20))
    workgroup.set_self_check(db, dean, 113, 2, planned_on=dt.date(2025, 6, 1), today=dt.date(2025, 5, 1))
    report = compliance.compliance(db, Actor("dean"), 113, today=dt.date(2025, 1, 5))  # default rules: seed 001
    by = {c.key: c for c in report.checks}
    assert by["self_check:113-1"].status is CheckStatus.LATE and by["self_check:113-1"].deadline == dt.date(2024, 12, 20)
    assert by["self_check:113-2"].status is CheckStatus.DUE and by["self_check:113-2"].deadline == dt.date(2025, 6, 1)
    assert "session:showcase:any:113" in by
    with pytest.raises(RuleError, match="晚於今天"):
        workgroup.set_self_check(db, dean, 113, 1, done_on=dt.date(2025, 1, 6), today=dt.date(2025, 1, 5))
    workgroup.set_self_check(db, dean, 113, 1, done_on=dt.date(2025, 1, 5), today=dt.date(2025, 1, 5))
    after = {c.key: c for c in compliance.compliance(db, Actor("dean"), 113, today=dt.date(2025, 1, 5)).checks}
    assert after["self_check:113-1"].status is CheckStatus.DONE
    (audit_row,) = [a for a in _audits(db, "workgroup.self_check") if a.entity_key == "113-1"]
    assert json.loads(audit_row.after)["done_on"] == "2025-01-05"
