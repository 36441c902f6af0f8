"""The receipt round trip on a real database: printed → mailed → reply (有疑義) → the answering office
resolves (explained → confirmed; corrected → pending, and a new notice is printed) → all of it on one
timeline; through the services and the real CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portfolio_desktop.cli import main
from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notices import NoticeSelection
from portfolio_desktop.services.notices.receipt_disputes import Outcome, parse_outcome, resolve_dispute, timeline
from portfolio_desktop.store.engine import Database
from tests.data.receipts import RECEIPT_HEADERS, STUDENTS, load_roster, receipt_rows, set_letterhead, write_xlsx
from tests.data.staff import ACTIVITIES_DAY, CLERK, signed_in_env, seed_staff

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
ISSUED = dt.date(2024, 8, 29)


@pytest.fixture
def mailed(db: Database, actor: Actor, tmp_path: Path) -> Database:
    rows = [r[:] for r in STUDENTS]
    rows[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]
    load_roster(db, actor, tmp_path, rows)
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(4)))
    set_letterhead(db, actor)
    batch, _ = notices.print_notices(db, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    today = dt.date.today()
    notice_batches.mark_mailed(db, actor, batch.id, today)
    notice_batches.record_reply(db, actor, "0012302", on=today, result=ReceiptState.DISPUTED, reason="少了一件多元表現")
    return db


def states(db: Database, student_no: str) -> dict[str, tuple[ReceiptState, ConfirmVia | None]]:
    return {r.term: (r.state, r.via) for r in receipts.list_receipts(db, Actor(CLERK), search=student_no)}


def test_explained_confirms_and_the_timeline_tells_the_story(mailed: Database, actor: Actor) -> None:
    today = dt.date.today()
    state = resolve_dispute(mailed, actor, "0012302", "112-1", on=today, outcome=Outcome.EXPLAINED,
                            answer="該件為 113 學年度上傳，不在本次收訖範圍")  # fmt: skip
    assert state is ReceiptState.CONFIRMED
    got = states(mailed, "0012302")
    assert got["112-1"] == (ReceiptState.CONFIRMED, ConfirmVia.OFFICE) and got["112-2"][0] is ReceiptState.DISPUTED
    events = [(e.term, e.what) for e in timeline(mailed, actor, "0012302")]
    assert events[:3] == [("112-1、112-2", "列印通知"), ("112-1、112-2", "寄出"), ("112-1、112-2", "收到回條")]
    assert ("112-1", "提出疑義") in events and ("112-2", "提出疑義") in events
    assert events[-1] == ("112-1", "疑義處理")
    last = timeline(mailed, actor, "0012302")[-1]
    assert "資料無誤，已答覆（註冊組）" in last.detail and "不在本次收訖範圍" in last.detail
    with pytest.raises(RuleError):  # already resolved: not disputed any more
        resolve_dispute(mailed, actor, "0012302", "112-1", on=today, outcome=Outcome.EXPLAINED, answer="x")


def test_corrected_starts_a_new_round_with_a_new_notice(mailed: Database, actor: Actor, tmp_path: Path) -> None:
    today = dt.date.today()
    assert resolve_dispute(mailed, actor, "0012302", "112-2", on=today, outcome=Outcome.CORRECTED,
                           answer="已補登志工服務並重新提交") is ReceiptState.PENDING  # fmt: skip
    again, _ = notices.print_notices(mailed, actor, tmp_path / "round2.pdf", NoticeSelection(), issued_on=today)
    rows = notices.batch_notices(mailed, actor, again.id)
    assert [(r.student_no, r.terms) for r in rows] == [("0012302", ("112-2",))]
    whats = [e.what for e in timeline(mailed, actor, "0012302")]
    assert whats.count("列印通知") == 2 and whats.index("疑義處理") < len(whats) - 1


def test_only_the_answering_office_may_resolve_and_bad_input_is_refused(mailed: Database, actor: Actor) -> None:
    today = dt.date.today()
    activities = seed_staff(mailed, "activities-day", ACTIVITIES_DAY)
    with pytest.raises(PermissionDenied):  # a doubt over 學籍/修課紀錄 is the registry's to answer
        resolve_dispute(mailed, activities, "0012302", "112-1", on=today, outcome=Outcome.CORRECTED, answer="x")
    with pytest.raises(RuleError) as exc:
        resolve_dispute(mailed, actor, "0012302", "112-1", on=today, outcome=Outcome.CORRECTED, answer="  ")
    assert "答覆內容" in exc.value.zh
    with pytest.raises(RuleError):
        resolve_dispute(mailed, actor, "0012301", "112-1", on=today, outcome=Outcome.EXPLAINED, answer="x")
    assert parse_outcome("更正") is Outcome.CORRECTED
    with pytest.raises(RuleError):
        parse_outcome("maybe")
    assert states(mailed, "0012302")["112-1"][0] is ReceiptState.DISPUTED  # nothing changed


def test_resolve_and_timeline_through_the_cli(mailed: Database, db_path: Path, actor: Actor,
                                              capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in signed_in_env(mailed, actor.username).items():
        monkeypatch.setenv(key, value)
    base = ["--db", str(db_path)]
    today = dt.date.today().isoformat()
    assert main([*base, "receipts", "resolve", "0012302", "--term", "112-2", "--date", today, "--outcome", "corrected",
                 "--answer", "已補登並重新提交"]) == 0
    assert "已更正並重新提交" in capsys.readouterr().err
    assert main([*base, "receipts", "resolve", "0012302", "--term", "112-2", "--date", today, "--outcome", "explained",
                 "--answer", "x"]) == 1  # pending now, not disputed
    capsys.readouterr()
    assert main([*base, "receipts", "timeline", "0012302"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[2] == "列印通知" and any("疑義處理" in line and "已補登並重新提交" in line for line in out)


def test_the_timeline_is_read_within_the_readers_scope(mailed: Database) -> None:
    from sqlalchemy import func, select

    from portfolio_desktop.errors import PermissionDenied
    from portfolio_desktop.store.models import AuditLog
    from tests.data.staff import staff, teacher

    outsider = staff(mailed, "t_outside", teacher("C99"))
    with mailed.read() as s:
        before = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "authz.denied"))
    with pytest.raises(PermissionDenied):
        timeline(mailed, outsider, "0012302")  # dispute text is not a subject teacher's to read
    with mailed.read() as s:
        after = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "authz.denied"))
    assert after == before + 1
