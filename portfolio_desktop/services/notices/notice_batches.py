"""After a batch is printed: reprint it, its mailing list and labels, mark it mailed, and record each
notice's fate — returned undeliverable, or a reply (確認無誤 / 有疑義) that settles the receipt of every
term the notice covered (seed 001 §六(三), §九(三)3).

Every write needs 製作及登錄郵寄通知 (the registry) of the divisions of the batch's students, checked
before writing; a reply also confirms receipts, so it needs 確認收訖明細 as well."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState, is_minor
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.io import durable
from portfolio_desktop.reports.data import NoticeText, RenderResult
from portfolio_desktop.reports.labels import layout_for, render_labels
from portfolio_desktop.reports.layout import DEFAULT_LABELS
from portfolio_desktop.reports.data import Letterhead
from portfolio_desktop.reports.mailing_list import Addressee, Posting, render_mailing_list
from portfolio_desktop.reports.mailing_list import mail_class as parse_mail_class
from portfolio_desktop.services import guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notice_settings import notice_settings, read_settings
from portfolio_desktop.services.notices.notices import (
    BatchRow,
    NoticeRow,
    NoticeSelection,
    PreparedNotices,
    Progress,
    Cancelled,
    _batch_row,
    _load,
    batch_notices,
    require_notice,
    find_batch,
    get_batch,
    render_prepared,
)
from portfolio_desktop.services.notices.receipts import decide
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, audit_export, scope_for
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student, local_date
from portfolio_desktop.store.receipts_models import Notice, NoticeBatch


def _check_day(on: dt.date, batch: NoticeBatch, what_zh: str, what_en: str) -> None:
    if on > dt.date.today():
        raise RuleError(f"{what_zh}日期 {on.isoformat()} 在未來", f"the {what_en} date {on.isoformat()} is in the future")
    printed = local_date(batch.created_at)
    if on < printed:
        raise RuleError(f"{what_zh}日期 {on.isoformat()} 早於批次 {batch.id} 列印日 {printed.isoformat()}",
                        f"the {what_en} date {on.isoformat()} is before batch {batch.id} was printed")


def reprint_batch(db: Database, actor: Actor, batch_id: int, out: Path | str, *,
                  progress: Progress | None = None, cancelled: Cancelled | None = None) -> RenderResult:
    """Print the batch again (same students, terms, letter date and deadline; current names and
    addresses). Records only the reprint count and an audit row, never a second batch."""
    with db.write() as session:
        find_batch(session, batch_id)
        require_notice(session, actor, session.scalars(select(Notice.student_id).where(Notice.batch_id == batch_id)))
    with db.read() as session:
        batch = find_batch(session, batch_id)
        notices = session.scalars(select(Notice).where(Notice.batch_id == batch_id).options(joinedload(Notice.terms))).unique().all()
        chosen = {n.student_id: [t.id for t in n.terms] for n in notices}
        students, ids, terms = _load(session, chosen, batch.issued_on)
        settings = read_settings(session)
        text = NoticeText(batch.issued_on, batch.deadline)
    prepared = PreparedNotices(NoticeSelection(), settings, text, students, ids, terms)
    result = render_prepared(prepared, out, batch_id=batch_id, progress=progress, cancelled=cancelled)
    with db.write() as session:
        batch = find_batch(session, batch_id)
        actor = require_notice(session, actor, [n.student_id for n in batch.notices]).as_actor()
        batch.reprints += 1
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="notice.reprint",
                     entity="notice_batch", key=str(batch_id), after={"reprints": batch.reprints, "pages": result.pages})
    return result


def mark_mailed(db: Database, actor: Actor, batch_id: int, on: dt.date) -> BatchRow:
    """Record the day the batch went to the post office (each notice not yet marked gets it too)."""
    with db.write() as session:
        batch = find_batch(session, batch_id)
        actor = require_notice(session, actor, [n.student_id for n in batch.notices]).as_actor()
        _check_day(on, batch, "寄出", "mailing")
        if batch.mailed_on == on:
            return _batch_row(batch)
        before = batch.mailed_on
        batch.mailed_on = on
        for notice in batch.notices:
            if notice.mailed_on is None or notice.mailed_on == before:
                notice.mailed_on = on
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="notice.mailed",
                     entity="notice_batch", key=str(batch_id), before={"mailed_on": before}, after={"mailed_on": on})
    return get_batch(db, batch_id)


def _notice_of(session: Session, student_no: str, batch_id: int | None) -> Notice:
    stmt = (select(Notice).join(Student, Notice.student_id == Student.id).where(Student.student_no == student_no)
            .options(joinedload(Notice.terms), joinedload(Notice.batch)).order_by(Notice.id.desc()))  # fmt: skip
    if batch_id is not None:
        stmt = stmt.where(Notice.batch_id == batch_id)
    notice = session.scalars(stmt).unique().first()
    if notice is None:
        where = f"批次 {batch_id} 中" if batch_id is not None else ""
        raise NotFoundError(f"{where}沒有學號 {student_no} 的通知", f"no notice for student {student_no}"
                            + (f" in batch {batch_id}" if batch_id is not None else ""))
    return notice


def record_reply(db: Database, actor: Actor, student_no: str, *, on: dt.date, result: ReceiptState,
                 reason: str | None = None, office: str | None = None, batch_id: int | None = None) -> NoticeRow:
    """A reply slip came back: mark the notice replied and confirm or dispute every term it covered."""
    with db.write() as session:
        notice = _notice_of(session, student_no, batch_id)
        acting = require_notice(session, actor, [notice.student_id])
        _check_day(on, notice.batch, "回覆", "reply")
        if notice.replied_on is not None:
            raise RuleError(f"學號 {student_no} 的回條已於 {notice.replied_on.isoformat()} 登錄",
                            f"the reply of student {student_no} was already recorded on {notice.replied_on.isoformat()}")
        notice.replied_on, notice.reply = on, result.value
        by = acting.as_actor()  # the reply is recorded first: the timeline shows it before the decisions
        audit.record(session, actor=by.username, on_behalf_of=by.on_behalf_of, action="notice.reply",
                     entity="notice", key=f"{notice.batch_id}/{student_no}", after={"on": on, "reply": result.value})
        for term in notice.terms:
            decide(session, actor, student_no, f"{term.school_year}-{term.semester}", result, on,
                   via=ConfirmVia.REPLY_SLIP, reason=reason, office=office)
        batch = notice.batch_id
    return next(r for r in batch_notices(db, actor, batch) if r.student_no == student_no)


def record_returned(db: Database, actor: Actor, student_no: str, *, on: dt.date, batch_id: int | None = None) -> NoticeRow:
    """The letter came back undeliverable (退件); the student can then be printed for again."""
    with db.write() as session:
        notice = _notice_of(session, student_no, batch_id)
        actor = require_notice(session, actor, [notice.student_id]).as_actor()
        _check_day(on, notice.batch, "退件", "return")
        if notice.replied_on is not None:
            raise RuleError(f"學號 {student_no} 已回覆，不能再登錄退件", f"student {student_no} already replied")
        before = notice.returned_on
        notice.returned_on = on
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="notice.returned",
                     entity="notice", key=f"{notice.batch_id}/{student_no}", before={"returned_on": before},
                     after={"returned_on": on})
        batch = notice.batch_id
    return next(r for r in batch_notices(db, actor, batch) if r.student_no == student_no)


def _addressees(db: Database, scope: ReadScope, batch_id: int) -> list[Addressee]:
    """The batch's addressees in print order, only those whose notices the scope covers; a minor (on
    the letter's date) with the guardian named."""
    rows = batch_notices(db, scope, batch_id)
    with db.read() as session:
        issued = find_batch(session, batch_id).issued_on
        births = dict(session.execute(select(Student.student_no, Student.birth_date)
                                      .where(Student.student_no.in_([r.student_no for r in rows]))).all())
    return [Addressee(r.student_no, r.name, r.postal_code, r.address, is_minor(births.get(r.student_no), issued))
            for r in rows]


def _sender(db: Database, batch_id: int) -> Letterhead:
    """The batch's sender: its division's letterhead when all its students are of one division,
    else the school's."""
    with db.read() as session:
        settings = read_settings(session)
        ids = session.scalars(select(Notice.student_id).where(Notice.batch_id == batch_id))
        divisions = set(guard.division_codes(session, ids).values())
    return settings.letterhead_for(divisions.pop()) if len(divisions) == 1 else settings.letterhead


def write_mailing_list(db: Database, actor: Reader, batch_id: int, out: Path | str, *, mail_class: str | None = None,
                       start_number: str = "", postage: int | None = None, mailed_on: dt.date | None = None) -> int:
    """The batch's bulk-mail list (交寄大宗函件執據) as .pdf or .xlsx (by the file's suffix); returns
    pages (.pdf) or addressees (.xlsx). Class of mail and postage default to the settings; the
    date to the batch's mailing date, else today; ``start_number``: the first registered number.
    Home addresses: only the students whose notices the actor makes (services/read_scope.py kind
    NOTICES, the registry of their division); audited (who, which batch, how many)."""
    out = Path(out)
    scope = scope_for(db, actor, ReadKind.NOTICES)
    people = _addressees(db, scope, batch_id)
    batch = get_batch(db, batch_id)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise RuleError(f"郵寄清單只能存成 .pdf 或 .xlsx（不是 {out.suffix or '無副檔名'}）",
                        f"the mailing list is saved as .pdf or .xlsx (not '{out.suffix}')")
    settings = notice_settings(db)
    posting = Posting(
        sender=_sender(db, batch_id), mailed_on=mailed_on or batch.mailed_on or dt.date.today(),
        mail_class=parse_mail_class(mail_class) if mail_class else settings.mail_class, start_number=start_number,
        postage=settings.postage if postage is None else postage, batch_label=f"批次 {batch_id}",
    )  # fmt: skip
    with durable.atomic_output(out, prefix=".mailing-list-") as tmp:  # fsync + rename: never a partial file
        if suffix == ".xlsx":
            from portfolio_desktop.reports.mailing_xlsx import write_mailing_xlsx  # openpyxl: loads when used

            n = write_mailing_xlsx(people, tmp, posting=posting)
        else:
            n = render_mailing_list(people, tmp, posting=posting)
    audit_export(db, scope, action="notice.mailing_list", entity="notice_batch", key=str(batch_id),
                 rows=len(people), file=str(out), of=batch.notices)
    return n


def write_labels(db: Database, actor: Reader, batch_id: int, out: Path | str, *, layout: str = DEFAULT_LABELS,
                 outlines: bool = False) -> int:
    """Address labels for the batch on an A4 label sheet; returns the number of pages. Only the
    students whose notices the actor makes (as :func:`write_mailing_list`); audited."""
    chosen = layout_for(layout)
    scope = scope_for(db, actor, ReadKind.NOTICES)
    people = _addressees(db, scope, batch_id)
    with durable.atomic_output(out, prefix=".labels-") as tmp:  # fsync + rename: never a partial PDF
        pages = render_labels(people, tmp, layout=chosen, title=f"地址標籤 批次 {batch_id}", outlines=outlines)
    audit_export(db, scope, action="notice.labels", entity="notice_batch", key=str(batch_id), rows=len(people),
                 file=str(out), of=get_batch(db, batch_id).notices)
    return pages
