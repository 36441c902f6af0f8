"""`workgroup members|meetings|sessions|selfcheck|compliance|evaluation` and
`consultations assign|unassign|assignments|add|edit|remove|list|export`. Thin wrappers over
the services; the CLI signs in as the accounts commands do (``--user`` / PORTFOLIO_USER, password from
PORTFOLIO_PASSWORD). Listings to stdout, messages to stderr in both languages."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.commands.json_out import print_json, print_json_lines
from portfolio_desktop.commands.common import signed_in
from portfolio_desktop.domain.evaluation import Thresholds
from portfolio_desktop.domain.roc import format_roc, parse_date, parse_term
from portfolio_desktop.errors import RuleError

if TYPE_CHECKING:  # the services load when a command runs, not when the parsers are built
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.store.engine import Database


def _say(zh: str, en: str) -> None:
    print(f"{zh}\n{en}", file=sys.stderr)


def _out(text: str) -> None:
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(text)


def _year(args: argparse.Namespace, db: Database) -> int:
    """--year, else the school year of the school's current term (terms.current_term)."""
    from portfolio_desktop.services.terms import current_term

    return args.year if getattr(args, "year", None) else current_term(db)[0]


def _json(value: Any) -> None:
    """A list as JSON Lines, a report as one document (docs/JSON.md)."""
    if isinstance(value, list):
        print_json_lines(value)
    else:
        print_json(value)


def _run(fn: Callable[[argparse.Namespace, Database, Actor], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        with signed_in(args) as (db, actor):
            return fn(args, db, actor)
    return run


def _time_range(text: str | None) -> tuple[dt.time | None, dt.time | None]:
    if not text:
        return None, None
    parts = text.replace("～", "-").replace("–", "-").split("-")
    try:
        times = [dt.time.fromisoformat(p.strip().zfill(5)) for p in parts if p.strip()]
    except ValueError:
        raise RuleError(f"時間「{text}」請寫成 12:10-13:00", f"write the time '{text}' as 12:10-13:00") from None
    return (times[0] if times else None), (times[1] if len(times) > 1 else None)


# ------------------------------------------------------------------------------------ workgroup


def _members(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import workgroup

    year = _year(args, db)
    if args.action == "template":
        rows = workgroup.apply_template(db, actor, year, args.name, replace=args.replace)
        _say(f"已依範本 {args.name} 建立 {year} 學年度成員 {len(rows)} 位", f"{len(rows)} member(s) from template {args.name}")
        return 0
    if args.action == "add":
        row = workgroup.add_member(db, actor, year, args.name, person_name=args.person, staff_username=args.staff,
                                   duty=args.duty)
        _say(f"已新增成員 #{row.id} {row.title}", f"member #{row.id} added")
        return 0
    if args.action == "remove":
        workgroup.remove_member(db, actor, int(args.name))
        _say(f"已移除成員 #{args.name}", f"member #{args.name} removed")
        return 0
    rows = workgroup.list_members(db, actor, year)
    if args.json:
        _json([r.__dict__ | {"person": r.person} for r in rows])
        return 0
    for r in rows:
        _out(f"{r.position}\t{r.title}\t{r.person}\t{r.duty or ''}\t#{r.id}\n")
    return 0


def _record_id(text: str | None, what_zh: str, what_en: str) -> int:
    """The id of the record to change (workgroup meetings|sessions … --json: id)."""
    if not text or not text.strip().isdigit():
        raise RuleError(f"請給{what_zh}編號（list --json 的 id）", f"give the {what_en}'s id (id in list --json)")
    return int(text)


def _meetings(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import workgroup

    if args.action == "add":
        if not args.date:
            raise RuleError("請填寫會議日期：workgroup meetings add 日期 議程（例如 115/09/02 期程規劃）",
                            "the meeting date is missing: workgroup meetings add DATE AGENDA (e.g. 115/09/02 agenda)")
        row = workgroup.add_meeting(db, actor, parse_date(args.date), args.agenda, minutes=args.minutes)
        _say(f"已登錄 {row.term} 會議 #{row.id}" + (f"，紀錄 SHA-256 {row.minutes_sha256}" if row.minutes_sha256 else ""),
             f"meeting #{row.id} recorded")
        return 0
    if args.action in ("minutes", "remove"):
        meeting_id = _record_id(args.date, "會議", "meeting")
        if args.action == "remove":
            workgroup.remove_meeting(db, actor, meeting_id)
            _say(f"已刪除會議 #{meeting_id}（誤登錄）", f"meeting #{meeting_id} removed")
            return 0
        if args.minutes is None:
            raise RuleError("請以 --minutes 指定會議紀錄檔", "give the minutes file with --minutes")
        row = workgroup.attach_minutes(db, actor, meeting_id, args.minutes)
        _say(f"已附上會議 #{row.id} 的紀錄 {row.minutes_name}（SHA-256 {row.minutes_sha256}）",
             f"minutes {row.minutes_name} attached to meeting #{row.id}")
        return 0
    rows = workgroup.list_meetings(db, actor, _year(args, db))
    if args.json:
        _json([r.__dict__ for r in rows])
        return 0
    for r in rows:
        _out(f"{format_roc(r.held_on)}\t{r.term}\t{r.agenda.splitlines()[0] if r.agenda else ''}\t{r.minutes_name or ''}\n")
    return 0


def _sessions(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import workgroup

    if args.action == "add":
        if not args.kind or not args.date or not args.audience:
            raise RuleError("新增場次需要 類別、日期及 --audience", "add needs KIND, DATE and --audience")
        row = workgroup.add_session(db, actor, args.kind, args.audience, parse_date(args.date), title=args.title,
                                    organiser=args.organiser, attendance=args.attendance)
        _say(f"已登錄 {row.kind.zh}（{row.audiences_zh}）#{row.id}", f"session #{row.id} recorded")
        return 0
    if args.action == "remove":
        session_id = _record_id(args.kind, "場次", "session")
        workgroup.remove_session(db, actor, session_id)
        _say(f"已刪除場次 #{session_id}（誤登錄）", f"session #{session_id} removed")
        return 0
    rows = workgroup.list_sessions(db, actor, _year(args, db))
    if args.json:
        _json([{"id": r.id, "kind": r.kind.value, "audiences": sorted(a.value for a in r.audiences),
                "held_on": r.held_on, "title": r.title, "organiser": r.organiser, "attendance": r.attendance}
               for r in rows])
        return 0
    for r in rows:
        _out(f"{format_roc(r.held_on)}\t{r.kind.zh}\t{r.audiences_zh}\t{r.attendance if r.attendance is not None else ''}"
             f"\t{r.title or ''}\n")
    return 0


def _selfcheck(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import workgroup

    year, sem = parse_term(args.term)
    kw: dict[str, Any] = {}
    if args.planned is not None:
        kw["planned_on"] = parse_date(args.planned) if args.planned else None
    if args.done is not None:
        kw["done_on"] = parse_date(args.done) if args.done else None
    row = workgroup.set_self_check(db, actor, year, sem, **kw)
    _say(f"{row.term} 自我檢核：預定 {row.planned_on and format_roc(row.planned_on) or '—'}，"
         f"完成 {row.done_on and format_roc(row.done_on) or '—'}", f"self-check of {row.term} set")
    return 0


def _compliance(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import compliance

    if args.rules:
        compliance.set_rules(db, actor, args.rules)
        _say(f"已套用規定範本 {args.rules}", f"rules preset {args.rules} applied")
    report = compliance.compliance(db, actor, args.year or None, today=parse_date(args.on) if args.on else None)
    if args.json:
        _json({"school_year": report.school_year, "today": report.today,
               "checks": [{"key": c.key, "zh": c.zh, "en": c.en, "status": c.status.value, "required": c.required,
                           "done": c.done, "deadline": c.deadline, "scheduled": list(c.scheduled),
                           "planned_on": c.planned_on, "done_on": c.done_on,
                           "source": c.source.zh, "source_en": c.source.en}
                          for c in report.checks]})
        return 0
    for c in report.checks:
        _out(f"{c.status.zh}\t{c.zh}\t{c.done}/{c.required}\t期限 {format_roc(c.deadline)}\t{c.note}\n")  # note: zh / en
    return 0


def _evaluation(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import evaluation

    if args.certification is not None or args.submission is not None:
        now = evaluation.get_thresholds(db)
        evaluation.set_thresholds(db, actor, Thresholds(
            args.certification if args.certification is not None else now.certification,
            args.submission if args.submission is not None else now.submission, now.min_items))
    report = evaluation.evaluation(db, actor, _year(args, db), args.semester)
    if args.json:
        _json({"school_year": report.school_year, "semester": report.semester,
               "thresholds": report.thresholds.to_dict(),
               "completions": [{"person": c.person, "duty": c.duty.value, "total": c.total, "done": c.done,
                                "on_time": c.on_time, "rate": c.rate, "meets": c.meets, "detail": list(c.detail),
                                "office": None if c.office is None else {
                                    "role": c.office.role.value, "division": c.office.division,
                                    "holders": list(c.office.holders)}}
                               for c in report.completions],
               "candidates": [c.person for c in report.candidates]})
        return 0
    for c in report.completions:
        late = f"（另逾期補辦 {c.done - c.on_time}）" if c.done > c.on_time else ""
        _out(f"{c.duty.zh}\t{c.person}\t準時 {c.on_time}/{c.total}{late}\t{c.percent}\t{'達標' if c.meets else ''}"
             f"\t{c.detail_zh}\n")
    _out("敘獎候選 / candidates: " + ("、".join(c.person for c in report.candidates) or "（無）") + "\n")
    return 0


# -------------------------------------------------------------------------------- consultations


def _consult_assign(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    n = consultations.assign(db, actor, args.consultant, class_codes=args.class_code, student_nos=args.student)
    _say(f"已指派 {n} 項給 {args.consultant}", f"{n} assignment(s) added for {args.consultant}")
    return 0


def _consult_add(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    starts, ends = _time_range(args.time)
    row = consultations.add_consultation(
        db, actor, mode=args.mode, student_nos=args.student, held_on=parse_date(args.date), place=args.place,
        content=args.content, opinions=args.opinions, starts_at=starts, ends_at=ends, attachment=args.attachment)
    _say(f"已登錄{row.mode_zh} #{row.id}（{len(row.students)} 位學生）", f"consultation #{row.id} recorded")
    return 0


def _consult_unassign(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    n = consultations.unassign(db, actor, args.consultant, class_codes=args.class_code, student_nos=args.student)
    _say(f"已取消 {args.consultant} 的 {n} 項指派", f"{n} assignment(s) removed from {args.consultant}")
    return 0


def _consult_assignments(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    rows = consultations.list_assignments(db, actor, args.consultant)
    if args.json:
        _json([r.__dict__ for r in rows])
        return 0
    for r in rows:
        what = (f"班級 {r.class_code}（{r.division}，{r.students} 人）" if r.class_code
                else f"學生 {r.student_no} {r.student_name}")
        _out(f"{r.consultant}\t{r.consultant_name}\t{what}\n")
    return 0


def _consult_edit(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    """Only the options given change; ``--time ''`` clears the time, ``--opinions ''`` the opinions."""
    from portfolio_desktop.services.workgroup import consultations

    keep = consultations.KEEP
    kw: dict[str, Any] = {}
    if args.time is not None:
        kw["starts_at"], kw["ends_at"] = _time_range(args.time)
    if args.no_attachment:
        kw["attachment"] = None
    elif args.attachment is not None:
        kw["attachment"] = args.attachment
    row = consultations.edit_consultation(
        db, actor, args.id, mode=args.mode or keep, student_nos=args.student or keep,
        held_on=parse_date(args.date) if args.date else keep, place=keep if args.place is None else args.place,
        content=keep if args.content is None else args.content,
        opinions=keep if args.opinions is None else args.opinions,
        reason=args.reason, **kw)
    _say(f"已更正諮詢紀錄 #{row.id}", f"consultation record #{row.id} corrected")
    return 0


def _consult_remove(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    row = consultations.remove_consultation(db, actor, args.id, reason=args.reason)
    _say(f"已刪除諮詢紀錄 #{row.id}（{format_roc(row.held_on)} {row.mode_zh}）；內容保留於稽核紀錄",
         f"consultation record #{row.id} removed; its content is kept in the audit log")
    return 0


def _consult_list(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    rows = consultations.list_consultations(db, actor, student_no=args.student, school_year=args.year)
    if args.json:
        _json([r.__dict__ | {"students": [s.__dict__ for s in r.students]} for r in rows])
        return 0
    for r in rows:
        names = "、".join(f"{s.student_no} {s.name}" for s in r.students)
        _out(f"#{r.id}\t{format_roc(r.held_on)} {r.time_text}\t{r.mode_zh}\t{r.teacher_name}\t{r.place}\t{names}\n")
    return 0


def _consult_export(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from portfolio_desktop.services.workgroup import consultations

    n = consultations.export_xlsx(db, actor, args.file, school_year=args.year)
    _say(f"已匯出 {n} 列到 {args.file}", f"wrote {n} row(s) to {args.file}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("workgroup", help="學習歷程工作小組 / the working group")
    w = p.add_subparsers(dest="workgroup_command", metavar="PART", required=True)
    m = w.add_parser("members", help="成員 / members: list | template 000|001 | add TITLE | remove ID")
    m.add_argument("action", nargs="?", default="list", choices=["list", "template", "add", "remove"])
    m.add_argument("name", nargs="?", default="", help="template name, title, or member id")
    m.add_argument("--year", type=int, help="學年度 (default: current)")
    m.add_argument("--replace", action="store_true", help="replace an existing list with the template")
    m.add_argument("--person")
    m.add_argument("--staff", help="staff user name")
    m.add_argument("--duty")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_run(_members))
    mt = w.add_parser("meetings", help="會議 / meetings: list | add DATE AGENDA [--minutes FILE] | "
                                       "minutes ID --minutes FILE | remove ID")
    mt.add_argument("action", nargs="?", default="list", choices=["list", "add", "minutes", "remove"])
    mt.add_argument("date", nargs="?", help="會議日期（民國或西元，不可晚於今天）；minutes / remove：會議編號 "
                                            "/ meeting date (add; not in the future); the meeting's id (minutes, remove)")
    mt.add_argument("agenda", nargs="?", default="", help="議程或案由 / agenda (add)")
    mt.add_argument("--minutes", type=Path, help="會議紀錄檔 (copied into the data folder)")
    mt.add_argument("--year", type=int)
    mt.add_argument("--json", action="store_true")
    mt.set_defaults(func=_run(_meetings))
    se = w.add_parser("sessions", help="宣導/訓練/研習/成果發表 / sessions: list | add KIND DATE --audience … | remove ID")
    se.add_argument("action", nargs="?", default="list", choices=["list", "add", "remove"])
    se.add_argument("kind", nargs="?", help="宣導說明 | 系統操作訓練 | 專業研習 | 成果發表；remove：場次編號 / the session's id (remove)")
    se.add_argument("date", nargs="?")
    se.add_argument("--audience", help="學生,教師,家長")
    se.add_argument("--title")
    se.add_argument("--organiser")
    se.add_argument("--attendance", type=int)
    se.add_argument("--year", type=int)
    se.add_argument("--json", action="store_true")
    se.set_defaults(func=_run(_sessions))
    sc = w.add_parser("selfcheck", help="自我檢核日期 / self-check dates: TERM [--planned DATE] [--done DATE]")
    sc.add_argument("term", help="113-1")
    sc.add_argument("--planned", help="planned date ('' clears)")
    sc.add_argument("--done", help="the day it was done ('' clears)")
    sc.set_defaults(func=_run(_selfcheck))
    co = w.add_parser("compliance", help="法規要求辦理情形 / done, due or late")
    co.add_argument("--year", type=int)
    co.add_argument("--on", help="as of this date (default today)")
    co.add_argument("--rules", help="set the school's rules preset first: 000 | 001")
    co.add_argument("--json", action="store_true")
    co.set_defaults(func=_run(_compliance))
    ev = w.add_parser("evaluation", help="成效評核及敘獎候選 / completion and reward candidates")
    ev.add_argument("--year", type=int)
    ev.add_argument("--semester", type=int, choices=[1, 2])
    ev.add_argument("--certification", type=float, help="set the certification threshold (0–1)")
    ev.add_argument("--submission", type=float, help="set the submission threshold (0–1)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=_run(_evaluation))

    c = sub.add_parser("consultations", help="課程諮詢紀錄 / consultation records")
    cs = c.add_subparsers(dest="consultations_command", metavar="ACTION", required=True)
    a = cs.add_parser("assign", help="指派負責學生 / assign classes or students to a consultant")
    a.add_argument("consultant")
    a.add_argument("--class", dest="class_code", action="append", default=[])
    a.add_argument("--student", action="append", default=[])
    a.set_defaults(func=_run(_consult_assign))
    un = cs.add_parser("unassign", help="取消指派 / take classes or students off a consultant")
    un.add_argument("consultant")
    un.add_argument("--class", dest="class_code", action="append", default=[])
    un.add_argument("--student", action="append", default=[])
    un.set_defaults(func=_run(_consult_unassign))
    al = cs.add_parser("assignments", help="列出指派 / list who is responsible for which students")
    al.add_argument("--consultant")
    al.add_argument("--json", action="store_true")
    al.set_defaults(func=_run(_consult_assignments))
    ad = cs.add_parser("add", help="登錄諮詢 / record a consultation")
    ad.add_argument("--mode", required=True, help="團體 | 個別 (group | individual)")
    ad.add_argument("--student", action="append", required=True, help="學號, repeatable")
    ad.add_argument("--date", required=True)
    ad.add_argument("--time", help="12:10-13:00")
    ad.add_argument("--place", required=True)
    ad.add_argument("--content", required=True)
    ad.add_argument("--opinions")
    ad.add_argument("--attachment", type=Path)
    ad.set_defaults(func=_run(_consult_add))
    ed = cs.add_parser("edit", help="更正紀錄 / correct a record (only the options given change)")
    ed.add_argument("id", type=int, help="紀錄編號 (consultations list --json: id)")
    ed.add_argument("--mode", help="團體 | 個別 (group | individual)")
    ed.add_argument("--student", action="append", help="學號, repeatable: the new list of students")
    ed.add_argument("--date")
    ed.add_argument("--time", help="12:10-13:00 ('' clears)")
    ed.add_argument("--place")
    ed.add_argument("--content")
    ed.add_argument("--opinions", help="('' clears)")
    att = ed.add_mutually_exclusive_group()
    att.add_argument("--attachment", type=Path, help="replace the attachment")
    att.add_argument("--no-attachment", action="store_true", help="remove the attachment")
    ed.add_argument("--reason", help="更正原因 (kept in the audit log)")
    ed.set_defaults(func=_run(_consult_edit))
    rm = cs.add_parser("remove", help="刪除誤登的紀錄 / remove a record entered by mistake")
    rm.add_argument("id", type=int)
    rm.add_argument("--reason", help="刪除原因 (kept in the audit log)")
    rm.set_defaults(func=_run(_consult_remove))
    ls = cs.add_parser("list", help="列出 / list the records you may see")
    ls.add_argument("--year", type=int)
    ls.add_argument("--student")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_run(_consult_list))
    ex = cs.add_parser("export", help="匯出 .xlsx / export")
    ex.add_argument("file", type=Path)
    ex.add_argument("--year", type=int)
    ex.set_defaults(func=_run(_consult_export))
