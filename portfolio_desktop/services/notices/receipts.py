"""收訖明細 confirmation (seed 001 §六(三)): what each student's receipt holds, whether they
confirmed it (online, by reply slip, at the office) or disputed it (with the question and the office
that must answer), and, for departed students, where their mailed notice stands.

The import lives in :mod:`portfolio_desktop.services.notices.receipt_import` (re-exported here, loaded
on first use: printing a notice needs no file reader).
Recording a confirmation or a dispute needs 確認收訖明細 of the student's division (the registry,
seed 001 §六(三)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portfolio_desktop.domain.receipts import (
    ConfirmVia,
    ReceiptState,
    check_decision,
    office_for_categories,
    office_name,
)
from portfolio_desktop.domain.roc import format_roc, format_term
from portfolio_desktop.domain.status import Status
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.reports.data import ReceiptLine
from portfolio_desktop.services import authz, guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import find_term, resolve_term
from portfolio_desktop.services.rosters.lookup import find_student
from portfolio_desktop.services.read_scope import ReadKind, Reader, classes_named, require_student, scope_for
from portfolio_desktop.store import audit
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.models import SchoolClass, Student, Term, local_date
from portfolio_desktop.store.receipts_models import Notice, NoticeBatch, ReceiptItem, ReceiptStatus
from portfolio_desktop.store.window_models import TermWindow

if TYPE_CHECKING:
    from portfolio_desktop.services.notices.receipt_import import ReceiptImportReport as ReceiptImportReport
    from portfolio_desktop.services.notices.receipt_import import import_receipts as import_receipts


def __getattr__(name: str) -> object:
    """``import_receipts`` and ``ReceiptImportReport``, imported on first use."""
    if name in ("import_receipts", "ReceiptImportReport"):
        from portfolio_desktop.services.notices import receipt_import

        return getattr(receipt_import, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ReceiptRow:
    """One student's receipt for one term, with the latest mailed notice about it."""

    student_no: str
    name: str
    division: str  # 日間部 / 進修部
    class_code: str
    status: Status
    departed: bool
    term: str  # "113-1"
    items: int  # received items (counts added)
    categories: tuple[str, ...]
    state: ReceiptState
    via: ConfirmVia | None
    decided_on: dt.date | None
    question: str | None
    office: str | None  # office name that answers the doubt (註冊組 …)
    deadline: dt.date | None
    batch_id: int | None = None
    printed_on: dt.date | None = None
    mailed_on: dt.date | None = None
    returned_on: dt.date | None = None
    replied_on: dt.date | None = None

    @property
    def notice_stage(self) -> str:
        """The paper trail in words: 未列印 / 已列印 / 已寄出 / 退件 / 已回覆."""
        if self.replied_on:
            return "已回覆"
        if self.returned_on:
            return "退件"
        if self.mailed_on:
            return "已寄出"
        if self.batch_id:
            return "已列印"
        return "未列印" if self.departed else ""


def receipt_deadline(session: Session, term: Term) -> dt.date | None:
    """The end of the term's receipt-confirmation window (作業期程 「收訖確認」), if one is set.

    Read straight from the windows table the items feature owns (``services.windows``): the one place
    to change if that feature later offers a function for it.
    """
    ends = session.scalar(
        select(TermWindow.ends_at).where(TermWindow.term_id == term.id, TermWindow.kind == WindowKind.RECEIPT.value)
    )
    return None if ends is None else ends.date()


def list_receipts(
    db: Database,
    actor: Reader,
    *,
    pending: bool = False,
    departed: bool | None = None,
    class_code: str | None = None,
    term: str | None = None,
    state: ReceiptState | None = None,
    no_reply_days: int | None = None,
    search: str | None = None,
    today: dt.date | None = None,
) -> list[ReceiptRow]:
    """Receipts by class, seat and term. ``pending``: only pending ones; ``no_reply_days``: mailed at
    least that many days ago with no reply and not returned.

    Only the students the actor may read (services/read_scope.py, kind PROGRESS: an office its
    division or the school, a mentor their class); ``class_code`` outside that is refused (audited)."""
    today = today or dt.date.today()
    scope = scope_for(db, actor, ReadKind.PROGRESS)
    class_ids = classes_named(db, scope, class_code) if class_code else None
    with db.read() as session:
        stmt = (
            select(ReceiptStatus, Student, Term)
            .join(Student, ReceiptStatus.student_id == Student.id)
            .join(Term, ReceiptStatus.term_id == Term.id)
            .options(joinedload(Student.school_class).joinedload(SchoolClass.division))
            .where(scope.student_clause())
        )
        if pending:
            stmt = stmt.where(ReceiptStatus.state == ReceiptState.PENDING.value)
        if state is not None:
            stmt = stmt.where(ReceiptStatus.state == state.value)
        if class_code:
            stmt = stmt.where(Student.class_id.in_(class_ids or [-1]))
        if term:
            year, sem = resolve_term(term)
            stmt = stmt.where(Term.school_year == year, Term.semester == sem)
        if search:
            stmt = stmt.where(Student.student_no.contains(search) | Student.name.contains(search))
        found = session.execute(stmt).all()
        ids = {s.id for _, s, _ in found}
        items = _item_summary(session, ids)
        notices = _latest_notices(session, ids)
        deadlines: dict[int, dt.date | None] = {}
        rows: list[ReceiptRow] = []
        for status_row, student, t in found:
            st = Status(student.status)
            if departed is not None and st.departed != departed:
                continue
            if t.id not in deadlines:
                deadlines[t.id] = receipt_deadline(session, t)
            count, cats = items.get((student.id, t.id), (0, ()))
            notice = notices.get((student.id, t.id))
            row = _row(status_row, student, t, count, cats, deadlines[t.id], notice)
            if no_reply_days is not None and not (
                row.mailed_on and not row.replied_on and not row.returned_on
                and (today - row.mailed_on).days >= no_reply_days
            ):
                continue
            rows.append(row)
    rows.sort(key=lambda r: (r.division, r.class_code, r.student_no, r.term))
    return rows


def _item_summary(session: Session, ids: set[int]) -> dict[tuple[int, int], tuple[int, tuple[str, ...]]]:
    out: dict[tuple[int, int], tuple[int, tuple[str, ...]]] = {}
    if not ids:
        return out
    rows = session.execute(
        select(ReceiptItem.student_id, ReceiptItem.term_id, ReceiptItem.category, ReceiptItem.count)
        .where(ReceiptItem.student_id.in_(ids))
        .order_by(ReceiptItem.id)
    )
    for sid, tid, cat, n in rows:
        count, cats = out.get((sid, tid), (0, ()))
        out[(sid, tid)] = (count + n, cats if cat in cats else (*cats, cat))
    return out


def _latest_notices(session: Session, ids: set[int]) -> dict[tuple[int, int], tuple[Notice, NoticeBatch]]:
    out: dict[tuple[int, int], tuple[Notice, NoticeBatch]] = {}
    if not ids:
        return out
    stmt = (
        select(Notice, NoticeBatch)
        .join(NoticeBatch, Notice.batch_id == NoticeBatch.id)
        .where(Notice.student_id.in_(ids))
        .options(joinedload(Notice.terms))
        .order_by(Notice.id)
    )
    for notice, batch in session.execute(stmt).unique():
        for t in notice.terms:
            out[(notice.student_id, t.id)] = (notice, batch)  # later notices win
    return out


def _row(status: ReceiptStatus, student: Student, term: Term, count: int, cats: tuple[str, ...],
         deadline: dt.date | None, notice: tuple[Notice, NoticeBatch] | None) -> ReceiptRow:
    division = student.school_class.division
    n, b = notice if notice else (None, None)
    return ReceiptRow(
        student_no=student.student_no, name=student.name, division=division.name,
        class_code=student.school_class.code, status=Status(student.status),
        departed=Status(student.status).departed, term=format_term(term.school_year, term.semester),
        items=count, categories=cats, state=ReceiptState(status.state),
        via=ConfirmVia(status.via) if status.via else None, decided_on=status.decided_on,
        question=status.question,
        office=office_name(status.office, division.code) if status.office else None,
        deadline=deadline,
        batch_id=b.id if b else None, printed_on=local_date(b.created_at) if b else None,
        mailed_on=n.mailed_on if n else None, returned_on=n.returned_on if n else None,
        replied_on=n.replied_on if n else None,
    )  # fmt: skip


def require_student_in_scope(db: Database, actor: Reader, student_no: str) -> None:
    """Refuse (audited) reading the receipt round of a student outside the actor's progress scope
    (services/read_scope.py): receipt details and disputes are read like the dashboard."""
    scope = scope_for(db, actor, ReadKind.PROGRESS)
    with db.read() as session:
        student = find_student(session, student_no)
        division = guard.division_of(session, student.id)
        sid, cid = student.id, student.class_id
    require_student(db, scope, sid, cid, division, student_no)


def receipt_items(db: Database, actor: Reader, student_no: str, term: str | None = None) -> list[ReceiptLine]:
    """The received items of a student (one term, or all), as printed on the notice; a student
    outside the actor's scope is refused (audited)."""
    require_student_in_scope(db, actor, student_no)
    with db.read() as session:
        student = find_student(session, student_no)
        stmt = (
            select(ReceiptItem, Term)
            .join(Term, ReceiptItem.term_id == Term.id)
            .where(ReceiptItem.student_id == student.id)
            .order_by(Term.school_year, Term.semester, ReceiptItem.id)
        )
        if term:
            year, sem = resolve_term(term)
            stmt = stmt.where(Term.school_year == year, Term.semester == sem)
        return [ReceiptLine(t.school_year, t.semester, i.category, i.item_name, i.count) for i, t in session.execute(stmt)]


def _status_for(session: Session, student_no: str, term: str) -> tuple[Student, Term, ReceiptStatus]:
    student = find_student(session, student_no)
    year, sem = resolve_term(term)
    t = find_term(session, year, sem)
    status = None if t is None else session.scalar(
        select(ReceiptStatus).where(ReceiptStatus.student_id == student.id, ReceiptStatus.term_id == t.id)
    )
    if t is None or status is None:
        label = format_term(year, sem)
        raise NotFoundError(f"學號 {student_no} 沒有 {label} 的收訖明細（請先匯入）",
                            f"student {student_no} has no receipt details for {label} (import them first)")
    return student, t, status


def decide(
    session: Session,
    actor: Actor,
    student_no: str,
    term: str,
    state: ReceiptState,
    on: dt.date,
    *,
    via: ConfirmVia = ConfirmVia.ONLINE,
    reason: str | None = None,
    office: str | None = None,
) -> None:
    """Record a confirmation or a dispute inside the caller's transaction (one audit row).

    Checks 確認收訖明細 for the student's division first (a refusal rolls the caller's session back)."""
    check_decision(state, reason)
    if on > dt.date.today():
        raise RuleError(f"日期 {on.isoformat()} 在未來", f"the date {on.isoformat()} is in the future")
    student = find_student(session, student_no)
    actor = authz.require(session, actor, Permission.RECEIPT_CONFIRM,
                          division=guard.division_of(session, student.id)).as_actor()
    student, t, status = _status_for(session, student_no, term)
    before = {"state": status.state, "via": status.via, "on": status.decided_on, "question": status.question,
              "office": status.office}
    if state is ReceiptState.DISPUTED and office is None:
        cats = list(session.scalars(select(ReceiptItem.category).where(
            ReceiptItem.student_id == student.id, ReceiptItem.term_id == t.id)))
        office = office_for_categories(cats)
    status.state, status.via, status.decided_on = state.value, via.value, on
    status.question = reason.strip() if state is ReceiptState.DISPUTED and reason else None
    status.office = office if state is ReceiptState.DISPUTED else None
    after = {"state": status.state, "via": status.via, "on": on, "question": status.question, "office": status.office}
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action=f"receipt.{state.value}",
                 entity="receipt", key=f"{student_no} {format_term(t.school_year, t.semester)}",
                 before=before, after=after)


def confirm(db: Database, actor: Actor, student_no: str, term: str, on: dt.date, *,
            via: ConfirmVia = ConfirmVia.ONLINE) -> ReceiptRow:
    """Record a confirmation; a term already confirmed is refused, naming who confirmed it and when,
    so that a second confirmation does not overwrite the first one's date and channel."""
    with db.write() as session:
        _refuse_if_confirmed(session, student_no, term)
        decide(session, actor, student_no, term, ReceiptState.CONFIRMED, on, via=via)
    return _one(db, actor, student_no, term)


def _refuse_if_confirmed(session: Session, student_no: str, term: str) -> None:
    _student, t, status = _status_for(session, student_no, term)
    if status.state != ReceiptState.CONFIRMED.value:
        return
    label = format_term(t.school_year, t.semester)
    entry = session.scalar(select(AuditLog).where(
        AuditLog.entity == "receipt", AuditLog.action == "receipt.confirmed",
        AuditLog.entity_key == f"{student_no} {label}").order_by(AuditLog.id.desc()).limit(1))
    who = entry.actor if entry is not None else "?"
    name = session.scalar(select(Staff.display_name).where(Staff.username == who)) or who
    by_zh = f"{name}（{who}）" if name != who else who
    on, on_iso = (format_roc(status.decided_on), status.decided_on.isoformat()) if status.decided_on else ("?", "?")
    raise RuleError(f"學號 {student_no} 的 {label} 收訖明細已於 {on} 由 {by_zh} 登錄確認無誤，不再重複登錄",
                    f"student {student_no}'s receipt for {label} was already confirmed on {on_iso} by {who}; "
                    f"nothing was changed")


def dispute(db: Database, actor: Actor, student_no: str, term: str, on: dt.date, reason: str, *,
            office: str | None = None, via: ConfirmVia = ConfirmVia.ONLINE) -> ReceiptRow:
    """Record a doubt; ``office`` (registry / academic / activities) defaults to the office that
    submitted the categories concerned (seed 001 §六(三))."""
    with db.write() as session:
        decide(session, actor, student_no, term, ReceiptState.DISPUTED, on, via=via, reason=reason, office=office)
    return _one(db, actor, student_no, term)


def _one(db: Database, actor: Actor, student_no: str, term: str) -> ReceiptRow:
    return next(r for r in list_receipts(db, actor, term=term, search=student_no) if r.student_no == student_no)
