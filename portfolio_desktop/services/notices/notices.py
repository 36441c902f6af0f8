"""Mailed receipt notices for departed students (issue 6; seed 001 §九(三)3, §六(三)).

A batch goes printed → mailed; each notice in it then returned undeliverable or replied (confirmed or
disputed, which is recorded on the receipt of every term the notice covered).

Printing is prepare (read + checks) → render (PDF into a hidden temporary file beside the output,
cancellable) → record (one transaction: the batch, its notices and one audit row) → fsync and rename
the PDF into place (io/durable.py). Reprinting a batch renders the same
students and terms with the batch's own date and deadline and records nothing new but a reprint
count and its audit row. Mailing lists and labels are read-only outputs of a recorded batch.

Selection (:class:`NoticeSelection`):
* default — departed students whose receipt is pending, for the terms not yet covered by a notice
  that was printed and not returned (``again`` prints those too);
* ``all_departed`` — every departed student with receipt details, whatever their state;
* ``student_nos`` — exactly those students (any status), all their terms with receipt details;
* ``term`` and ``class_code`` narrow any of these.
Notices are ordered by 郵遞區號 then 學號 (the post office sorts by postal code).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.roles import DIVISIONS, Permission
from portfolio_desktop.domain.receipts import REGISTRY, ReceiptState, answering_offices, doc_serial, is_minor, office_name
from portfolio_desktop.domain.roc import format_roc
from portfolio_desktop.domain.status import Status
from portfolio_desktop.domain.texts import Bilingual
from portfolio_desktop.errors import NotFoundError, PortfolioError, RuleError
from portfolio_desktop.io import durable
from portfolio_desktop.reports.data import NoticeStudent, NoticeText, ReceiptLine, RenderResult
from portfolio_desktop.reports.notice import render_notices
from portfolio_desktop.services import guard
from portfolio_desktop.services.authz import ActingAs
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import resolve_term
from portfolio_desktop.services.read_scope import ReadKind, Reader, classes_named, require_student, scope_for
from portfolio_desktop.services.notices.notice_settings import NoticeSettings, read_settings, require_letterhead
from portfolio_desktop.services.notices.receipts import receipt_deadline
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, Student, Term
from portfolio_desktop.store.receipts_models import Notice, NoticeBatch, NoticeTerm, ReceiptItem, ReceiptStatus

_log = logging.getLogger(__name__)

MIN_REPLY_DAYS = 7  # a window that ends sooner than this after the letter's date is not used as the deadline

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class NoticeSelection:
    term: str | None = None
    class_code: str | None = None
    student_nos: tuple[str, ...] = ()
    all_departed: bool = False
    again: bool = False

    def describe(self) -> dict[str, object]:
        return {"term": self.term, "class": self.class_code, "students": list(self.student_nos),
                "all_departed": self.all_departed, "again": self.again}  # fmt: skip


@dataclass
class PreparedNotices:
    """Everything needed to draw and then record a batch (no Qt, no open session)."""

    selection: NoticeSelection
    settings: NoticeSettings
    text: NoticeText
    students: list[NoticeStudent]
    student_ids: dict[str, int]
    terms: dict[str, list[int]]  # 學號 → term ids the notice covers
    warnings: list[Bilingual] = field(default_factory=list)  # the deadline choice, zh + en


@dataclass(frozen=True)
class BatchRow:
    id: int
    created_at: dt.datetime
    created_by: str
    issued_on: dt.date
    deadline: dt.date
    notices: int
    pages: int
    mailed_on: dt.date | None
    reprints: int
    replied: int
    returned: int
    selection: str


@dataclass(frozen=True)
class NoticeRow:
    batch_id: int
    student_no: str
    name: str
    class_code: str
    postal_code: str
    address: str
    terms: tuple[str, ...]
    pages: int
    mailed_on: dt.date | None
    returned_on: dt.date | None
    replied_on: dt.date | None
    reply: str | None


def _class_label(student: Student) -> str:
    return f"{student.school_class.division.name} {student.school_class.code}"


def _notice_student(student: Student, items: list[ReceiptLine], issued_on: dt.date) -> NoticeStudent:
    division = student.school_class.division.code
    status = Status(student.status)
    return NoticeStudent(
        student_no=student.student_no, name=student.name, class_label=_class_label(student),
        masked_id=mask_id(student.national_id or ""), postal_code=student.postal_code or "",
        address=student.address or "", guardian=student.guardian or "",
        minor=is_minor(student.birth_date, issued_on), status_zh=status.zh, items=tuple(items),
        departed=status.departed, division=division,
        answering_offices=answering_offices((i.category for i in items), division),
    )  # fmt: skip


def _covered(session: Session) -> set[tuple[int, int]]:
    """(student id, term id) already covered by a printed notice that was neither returned nor
    replied to: a term that is pending again after a reply (a dispute resolved by correcting the data,
    services/notices/receipt_disputes.py) starts a new round and gets a new notice."""
    rows = session.execute(
        select(Notice.student_id, NoticeTerm.term_id)
        .join(NoticeTerm, NoticeTerm.notice_id == Notice.id)
        .where(Notice.returned_on.is_(None), Notice.replied_on.is_(None))
    )
    return {(s, t) for s, t in rows}


def _students_with_terms(session: Session, sel: NoticeSelection) -> dict[int, list[int]]:
    stmt = select(ReceiptStatus.student_id, ReceiptStatus.term_id, ReceiptStatus.state, Student.status).join(
        Student, ReceiptStatus.student_id == Student.id
    )
    if sel.term:
        year, sem = resolve_term(sel.term)
        stmt = stmt.join(Term, ReceiptStatus.term_id == Term.id).where(Term.school_year == year, Term.semester == sem)
    if sel.class_code:
        stmt = stmt.join(SchoolClass, Student.class_id == SchoolClass.id).where(SchoolClass.code == sel.class_code)
    if sel.student_nos:
        stmt = stmt.where(Student.student_no.in_(sel.student_nos))
    covered = _covered(session) if not (sel.student_nos or sel.all_departed or sel.again) else set()
    chosen: dict[int, list[int]] = {}
    for sid, tid, state, status in session.execute(stmt):
        if not sel.student_nos:
            if not Status(status).departed:
                continue
            if not sel.all_departed and (state != ReceiptState.PENDING.value or (sid, tid) in covered):
                continue
        chosen.setdefault(sid, []).append(tid)
    return chosen


def _deadline(session: Session, term_ids: set[int], issued_on: dt.date, reply_days: int,
              warnings: list[Bilingual]) -> dt.date:
    """The latest end of the terms' receipt windows; issued_on + reply_days when none is set or it
    leaves less than a week to reply (said in ``warnings``, both languages: the GUI shows one)."""
    ends = [d for t in session.scalars(select(Term).where(Term.id.in_(term_ids))) if (d := receipt_deadline(session, t))]
    fallback = issued_on + dt.timedelta(days=reply_days)
    if not ends:
        warnings.append(Bilingual(f"未設定收訖確認期程，回覆期限訂為發文後 {reply_days} 天",
                                  f"no receipt window set: the deadline is {reply_days} days after the letter's date"))
        return fallback
    latest = max(ends)
    if latest < issued_on + dt.timedelta(days=MIN_REPLY_DAYS):
        warnings.append(Bilingual(
            f"收訖確認期程已於 {format_roc(latest)} 結束或太近，回覆期限訂為發文後 {reply_days} 天",
            f"the receipt window ends {latest.isoformat()}: the deadline is {reply_days} days after the letter"))
        return fallback
    return latest


def _load(session: Session, chosen: dict[int, list[int]], issued_on: dt.date) -> tuple[list[NoticeStudent], dict[str, int], dict[str, list[int]]]:
    students = session.scalars(
        select(Student).where(Student.id.in_(chosen))
        .options(joinedload(Student.school_class).joinedload(SchoolClass.division))
    ).unique().all()  # fmt: skip
    items: dict[int, list[ReceiptLine]] = {}
    for item, term in session.execute(
        select(ReceiptItem, Term).join(Term, ReceiptItem.term_id == Term.id)
        .where(ReceiptItem.student_id.in_(chosen)).order_by(Term.school_year, Term.semester, ReceiptItem.id)
    ):  # fmt: skip
        if term.id in chosen[item.student_id]:
            items.setdefault(item.student_id, []).append(
                ReceiptLine(term.school_year, term.semester, item.category, item.item_name, item.count)
            )
    ordered = sorted(students, key=lambda s: ((s.postal_code or "").ljust(6, "0"), s.student_no))
    result = [_notice_student(s, items.get(s.id, []), issued_on) for s in ordered]
    return result, {s.student_no: s.id for s in ordered}, {s.student_no: sorted(chosen[s.id]) for s in ordered}


def _in_scope(db: Database, actor: Reader, selection: NoticeSelection,
              chosen: dict[int, list[int]]) -> tuple[dict[int, list[int]], list[Bilingual]]:
    """Keep the students whose notices the actor makes (services/read_scope.py, kind NOTICES: the
    registry office of their division, seed 001 §九(三)3). A class or a student named outside that is
    refused (audited); a broad selection is narrowed, and a warning per other division says how many
    were left out and which office prints them (seed 001 §六(三))."""
    scope = scope_for(db, actor, ReadKind.NOTICES)
    if selection.class_code:
        classes_named(db, scope, selection.class_code)  # refuses (audited) a class outside the scope
    with db.read() as session:
        seen = set(session.scalars(select(Student.id).where(Student.id.in_(list(chosen)), scope.student_clause())))
        outside = [(s.id, s.class_id, s.student_no) for s in session.scalars(
            select(Student).where(Student.id.in_([i for i in chosen if i not in seen])))]
        division = guard.division_codes(session, [o[0] for o in outside]) if outside else {}
    if outside and selection.student_nos:
        sid, cid, no = outside[0]
        require_student(db, scope, sid, cid, division.get(sid), no)  # refuses (audited)
    warnings: list[Bilingual] = []
    for code in sorted({division.get(o[0]) or "" for o in outside}):
        n = sum(1 for o in outside if (division.get(o[0]) or "") == code)
        zh, office = DIVISIONS.get(code, code), office_name(REGISTRY, code) if code else "註冊組"
        warnings.append(Bilingual(f"另有 {n} 位{zh}學生不在您可列印的部別，未列入本批（請由{office}列印）",
                                  f"{n} {code or 'unknown'}-division student(s) left out: not in your divisions "
                                  f"(their registry prints them)"))  # fmt: skip
    return {sid: terms for sid, terms in chosen.items() if sid in seen}, warnings


def prepare_notices(db: Database, actor: Reader, selection: NoticeSelection, *,
                    issued_on: dt.date | None = None) -> PreparedNotices:
    """Select the students and build their letters' data; refuse when nobody is selected, a listed
    student has no receipt, the letterhead is not set, or someone has no postal address. Only the
    students whose notices the actor makes (:func:`_in_scope`)."""
    issued_on = issued_on or dt.date.today()
    warnings: list[Bilingual] = []
    with db.read() as session:
        chosen = _students_with_terms(session, selection)
    chosen, scope_warnings = _in_scope(db, actor, selection, chosen)
    with db.read() as session:
        settings = read_settings(session)
        require_letterhead(settings.letterhead)
        if selection.student_nos:
            known = {s for s, in session.execute(select(Student.student_no).where(Student.id.in_(chosen)))}
            lacking = [no for no in selection.student_nos if no not in known]
            if lacking:
                raise NotFoundError(f"這些學號沒有收訖明細（或不存在）：{'、'.join(lacking)}",
                                    f"no receipt details (or no such student) for: {', '.join(lacking)}")
        if not chosen:
            raise RuleError("沒有需要列印通知的學生（已離校且收訖明細待確認、尚未寄發通知者）",
                            "nobody to print for (departed, receipt pending, no notice yet)")
        students, ids, terms = _load(session, chosen, issued_on)
        no_address = [f"{s.student_no} {s.name}" for s in students if not (s.address and s.postal_code)]
        if no_address:
            raise RuleError(f"{len(no_address)} 位學生沒有郵遞區號或地址，請先在名冊補上：{'、'.join(no_address)}",
                            f"{len(no_address)} student(s) have no postal code or address: {', '.join(no_address)}")
        warnings: list[Bilingual] = list(scope_warnings)
        unset = sorted({s.division for s in students} - {"day", *settings.division_letterheads})
        for division in unset:
            office = office_name(REGISTRY, division)
            warnings.append(Bilingual(f"{DIVISIONS.get(division, division)}信頭未設定：沿用學校信頭的地址與電話，處室印為{office}",
                                      f"no letterhead for the {division} division: the school's address and phone "
                                      f"are printed with the office {office}"))  # fmt: skip
        all_terms = {t for ts in terms.values() for t in ts}
        deadline = _deadline(session, all_terms, issued_on, settings.reply_days, warnings)
    text = NoticeText(issued_on=issued_on, deadline=deadline)
    return PreparedNotices(selection, settings, text, students, ids, terms, warnings)


NOTICE_TEMP_PREFIX = ".notices-"  # hidden temporary PDFs in the output folder (tests/integration/test_crash_notices.py)


@contextmanager
def _rendered(prepared: PreparedNotices, folder: Path, batch_label: str, progress: Progress | None,
              cancelled: Cancelled | None, batch_id: int | None = None) -> Iterator[tuple[Path, RenderResult]]:
    """Draw the PDF into a hidden temporary file in ``folder``; the file is deleted when the render or
    the caller's block fails (a killed run's file is removed as stale by a later print).
    ``batch_id`` gives the letters their 發文字號 (the division's prefix and :func:`doc_serial`)."""
    s = prepared.settings
    issued = prepared.text.issued_on
    label = batch_label or (f"批次 {batch_id}" if batch_id is not None else "")
    text = NoticeText(issued, prepared.text.deadline, label, return_envelope=s.return_envelope,
                      doc_serial=doc_serial(batch_id, issued) if batch_id is not None else "")  # fmt: skip
    with durable.hidden_temp(folder, NOTICE_TEMP_PREFIX, ".pdf") as tmp:
        result = render_notices(prepared.students, tmp, letterhead=s.letterhead, letterheads=s.letterheads,
                                window=s.window, text=text, duplex=s.duplex, progress=progress, cancelled=cancelled)
        yield tmp, result


def render_prepared(prepared: PreparedNotices, out: Path | str, *, batch_label: str = "",
                    progress: Progress | None = None, cancelled: Cancelled | None = None,
                    batch_id: int | None = None) -> RenderResult:
    """Draw the PDF to ``out`` via a hidden temporary file in the same folder, fsync'ed and renamed
    (io/durable.py): a cancelled, failed or killed render leaves no partial file under ``out``.
    Writes nothing to the database (a preview or a reprint of a recorded batch)."""
    out = Path(out)
    with _rendered(prepared, out.parent, batch_label, progress, cancelled, batch_id) as (tmp, result):
        durable.commit(tmp, out)
    return result


def _place(tmp: Path, out: Path, batch: BatchRow) -> None:
    """Rename the recorded batch's PDF into place; if that fails the batch stays recorded and can be
    reprinted, which the message says."""
    try:
        durable.commit(tmp, out)
    except OSError as exc:
        raise PortfolioError(
            f"批次 {batch.id} 已記錄，但無法儲存 PDF 到 {out}（{exc.strerror or exc}）；請用「重印」（notices reprint {batch.id}）",
            f"batch {batch.id} was recorded but its PDF could not be saved to {out} ({exc.strerror or exc}); "
            f"reprint it (notices reprint {batch.id})",
        ) from exc


def require_notice(session: Session, actor: Actor, student_ids: Iterable[int]) -> ActingAs:
    """製作及登錄郵寄通知 (the registry) of every division these students belong to (issue 5).
    Call before writing in ``session``: a refusal rolls it back, audits and raises."""
    return guard.require_divisions(session, actor, Permission.NOTICE_WRITE,
                                   set(guard.division_codes(session, student_ids).values()))


def next_batch_id(db: Database) -> int:
    """The number the next batch will get (printed on its letters as 批次 N)."""
    with db.read() as session:
        last = session.scalar(select(NoticeBatch.id).order_by(NoticeBatch.id.desc()).limit(1))
    return (last or 0) + 1


def print_notices(db: Database, actor: Actor, out: Path | str, selection: NoticeSelection, *,
                  issued_on: dt.date | None = None, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> tuple[BatchRow, list[Bilingual]]:
    """Prepare, render and record one batch; returns the batch and the warnings (deadline choice).
    The role is checked before anything is drawn: the letters hold addresses."""
    prepared = prepare_notices(db, actor, selection, issued_on=issued_on)
    with db.write() as session:
        require_notice(session, actor, prepared.student_ids.values())
    batch_id = next_batch_id(db)
    out = Path(out)
    # render to a hidden file → record the batch (one transaction) → rename into place: a kill leaves
    # either no batch and no PDF, or a recorded batch that `notices reprint` prints again; never a
    # "批次 N" PDF that no batch records.
    with _rendered(prepared, out.parent, f"批次 {batch_id}", progress, cancelled, batch_id) as (tmp, result):
        batch = record_batch(db, actor, prepared, result, batch_id=batch_id)
        _place(tmp, out, batch)
    return batch, prepared.warnings


def record_and_save(db: Database, actor: Actor, prepared: PreparedNotices, result: RenderResult, rendered: Path | str,
                    out: Path | str, *, batch_id: int) -> BatchRow:
    """Save an already rendered (previewed) batch PDF to ``out`` and record the batch, in the same
    order as :func:`print_notices`: hidden copy → record → rename."""
    out = Path(out)
    with durable.hidden_temp(out.parent, NOTICE_TEMP_PREFIX, ".pdf") as tmp:
        shutil.copyfile(rendered, tmp)
        batch = record_batch(db, actor, prepared, result, batch_id=batch_id)
        _place(tmp, out, batch)
    return batch


def record_batch(db: Database, actor: Actor, prepared: PreparedNotices, result: RenderResult, *,
                 batch_id: int | None = None) -> BatchRow:
    """Record a rendered batch: the batch, one notice per student with its terms, one audit row.

    ``batch_id``: the number printed on the letters; if another workstation took it meanwhile the
    recording is refused (print again), so paper and database never disagree.
    """
    with db.write() as session:
        actor = require_notice(session, actor, prepared.student_ids.values()).as_actor()
        if batch_id is not None and session.get(NoticeBatch, batch_id) is not None:
            raise RuleError(f"批次 {batch_id} 已由其他工作站建立，請重新列印",
                            f"batch {batch_id} was just recorded by another workstation; print again")
        batch = NoticeBatch(id=batch_id, created_by=actor.username, on_behalf_of=actor.on_behalf_of,
                            issued_on=prepared.text.issued_on, deadline=prepared.text.deadline,
                            selection=json.dumps(prepared.selection.describe(), ensure_ascii=False),
                            pages=result.pages, reprints=0)  # fmt: skip
        session.add(batch)
        session.flush()
        for s in prepared.students:
            notice = Notice(batch_id=batch.id, student_id=prepared.student_ids[s.student_no],
                            pages=result.pages_by_student.get(s.student_no, 1))
            session.add(notice)
            session.flush()
            session.add_all(NoticeTerm(notice_id=notice.id, term_id=t) for t in prepared.terms[s.student_no])
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="notice.print",
                     entity="notice_batch", key=str(batch.id), after={
                         "students": [s.student_no for s in prepared.students], "pages": result.pages,
                         "issued_on": prepared.text.issued_on, "deadline": prepared.text.deadline})  # fmt: skip
        batch_id = batch.id
    _log.info("notice batch %d recorded by %s: %d letter(s), %d page(s)", batch_id, actor.username,
              len(prepared.students), result.pages)
    return get_batch(db, batch_id)


# --- queries ---------------------------------------------------------------------------------------


def _batch_row(batch: NoticeBatch) -> BatchRow:
    notices = batch.notices
    return BatchRow(
        id=batch.id, created_at=batch.created_at, created_by=batch.created_by, issued_on=batch.issued_on,
        deadline=batch.deadline, notices=len(notices), pages=batch.pages, mailed_on=batch.mailed_on,
        reprints=batch.reprints, replied=sum(1 for n in notices if n.replied_on),
        returned=sum(1 for n in notices if n.returned_on), selection=batch.selection,
    )  # fmt: skip


def list_batches(db: Database, actor: Reader) -> list[BatchRow]:
    """The batches with a notice to a student whose notices the actor makes (read_scope NOTICES)."""
    scope = scope_for(db, actor, ReadKind.NOTICES)
    with db.read() as session:
        visible = (select(Notice.batch_id).join(Student, Notice.student_id == Student.id)
                   .where(scope.student_clause()))
        batches = session.scalars(
            select(NoticeBatch).options(joinedload(NoticeBatch.notices)).where(NoticeBatch.id.in_(visible))
            .order_by(NoticeBatch.id.desc())
        ).unique().all()
        return [_batch_row(b) for b in batches]


def get_batch(db: Database, batch_id: int) -> BatchRow:
    with db.read() as session:
        return _batch_row(find_batch(session, batch_id))


def find_batch(session: Session, batch_id: int) -> NoticeBatch:
    batch = session.get(NoticeBatch, batch_id)
    if batch is None:
        raise NotFoundError(f"沒有通知批次 {batch_id}", f"there is no notice batch {batch_id}")
    return batch


def batch_notices(db: Database, actor: Reader, batch_id: int) -> list[NoticeRow]:
    """The notices of a batch in print order (郵遞區號, 學號): those to students whose notices the
    actor makes (read_scope NOTICES; a batch with none of them is refused, audited)."""
    scope = scope_for(db, actor, ReadKind.NOTICES)
    with db.read() as session:
        find_batch(session, batch_id)
        notices = session.scalars(
            select(Notice).join(Student, Notice.student_id == Student.id)
            .where(Notice.batch_id == batch_id, scope.student_clause())
            .options(joinedload(Notice.student).joinedload(Student.school_class), joinedload(Notice.terms))
        ).unique().all()  # fmt: skip
        rows = [
            NoticeRow(n.batch_id, n.student.student_no, n.student.name, n.student.school_class.code,
                      n.student.postal_code or "", n.student.address or "",
                      tuple(f"{t.school_year}-{t.semester}" for t in n.terms), n.pages, n.mailed_on,
                      n.returned_on, n.replied_on, n.reply)
            for n in notices
        ]  # fmt: skip
        hidden = not rows and session.scalar(select(Notice.id).where(Notice.batch_id == batch_id).limit(1))
    if hidden:
        raise scope.refuse(db, what_zh=f"通知批次 {batch_id} 的學生資料", what_en=f"the students of notice batch {batch_id}")
    return sorted(rows, key=lambda r: (r.postal_code.ljust(6, "0"), r.student_no))
