"""Item commands: `dashboard`, `courses import|list`, `items import|list|mine|show|add|certify|reject|select|
deselect|submit|confirm|caps`, `followup KIND`, `windows list|set|import|export|overrides`.

Thin wrappers over the services. Messages go to stderr in both languages; listings to stdout (UTF-8).
Exit codes as the roster commands: 0 done, 1 refused (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.commands.json_out import print_json, print_json_lines
from portfolio_desktop.commands.common import add_import_arguments, out, run_import, say, signed_in
from portfolio_desktop.commands.scope_notes import say_narrowed
from portfolio_desktop.domain.items import Action, Caps, parse_category, parse_kind, parse_state
from portfolio_desktop.domain.windows import Countersign, OutsideWindow, format_when, parse_datetime, parse_window_kind
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io import durable

if TYPE_CHECKING:  # the services load when a command runs, not when the parsers are built
    from portfolio_desktop.services.items import items


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    d = sub.add_parser("dashboard", help="班級學習歷程進度 / per-class progress dashboard")
    d.add_argument("--term", help="學期 / term, e.g. 113-1 (default: current)")
    d.add_argument("--class", dest="class_code", metavar="C", help="只看此班 / one class")
    d.add_argument("--json", action="store_true", help="JSON：每班、每位學生的件數 / per class, per student counts")
    d.set_defaults(func=cmd_dashboard)

    c = sub.add_parser("courses", help="課程與修課名單 / courses and enrolments")
    csub = c.add_subparsers(dest="courses_command", metavar="ACTION", required=True)
    ci = csub.add_parser("import", help="匯入課程或修課名單 / import courses or enrolments")
    add_import_arguments(ci, term=True)
    ci.set_defaults(func=cmd_courses_import)
    cl = csub.add_parser("list", help="列出課程 / list courses")
    cl.add_argument("--term")
    cl.add_argument("--teacher")
    cl.add_argument("--json", action="store_true")
    cl.set_defaults(func=cmd_courses_list)

    i = sub.add_parser("items", help="學習歷程項目 / portfolio items")
    isub = i.add_subparsers(dest="items_command", metavar="ACTION", required=True)
    ii = isub.add_parser("import", help="匯入平臺匯出的項目 / import the platform's item export")
    add_import_arguments(ii, term=True)
    ii.set_defaults(func=cmd_items_import)
    il = isub.add_parser("list", help="列出項目 / list items")
    il.add_argument("--student", metavar="學號")
    il.add_argument("--class", dest="class_code", metavar="C")
    il.add_argument("--term")
    il.add_argument("--kind")
    il.add_argument("--state")
    il.add_argument("--teacher", help="任課教師：帳號或姓名（如 t_math 或 劉數學）/ a course teacher: account or name")
    il.add_argument("--json", action="store_true")
    il.set_defaults(func=cmd_items_list)
    im = isub.add_parser("mine", help="我的待辦：等我（或我代理的人）處理的項目與截止日 / "
                                      "my work: items waiting for me (or for whom I act as proxy), with deadlines")
    im.add_argument("--on", metavar="DATE", help="以哪一天判斷（預設今天，如 113/12/20）/ the day to decide for (default today)")
    im.add_argument("--term", help="只列此學年期（如 113-1）/ only this term")
    im.add_argument("--json", action="store_true", help="每列一個 JSON 物件 / one JSON object per line")
    im.set_defaults(func=cmd_items_mine)
    ish = isub.add_parser("show", help="項目與歷程 / an item and its history")
    ish.add_argument("item_id", type=int)
    ish.set_defaults(func=cmd_items_show)
    ia = isub.add_parser("add", help="新增一件（如幹部經歷）/ enter one item (e.g. a cadre record)")
    ia.add_argument("--student", required=True, metavar="學號")
    ia.add_argument("--kind", required=True, help="課程學習成果、多元表現、幹部經歷、修課紀錄、課程諮詢紀錄")
    ia.add_argument("--title", required=True)
    ia.add_argument("--category", help="多元表現細項 / MP category")
    ia.add_argument("--course", help="課程代碼 / course code (課程學習成果)")
    ia.add_argument("--term")
    ia.add_argument("--override", metavar="REASON", help="期程外補辦理由 / override the window with a reason")
    ia.set_defaults(func=cmd_items_add)
    for action in (Action.CERTIFY, Action.REJECT, Action.SELECT, Action.DESELECT, Action.SUBMIT, Action.CONFIRM):
        ap = isub.add_parser(action.value, help=f"{action.zh} / {action.value}")
        ap.add_argument("item_ids", type=int, nargs="+", metavar="ITEM_ID")
        ap.add_argument("--reason", required=action is Action.REJECT, metavar="R",
                        help="認證不通過的原因（必填）/ why the item is not certified (required)"
                        if action is Action.REJECT else "原因（選填，記入歷程）/ reason (optional, kept in the history)")
        ap.add_argument("--override", metavar="REASON", help="期程外補辦理由 / override the window with a reason")
        ap.set_defaults(func=cmd_items_transition, action=action)
    icap = isub.add_parser("caps", help="件數上限 / caps (show, or --set key=N|none)")
    icap.add_argument("--set", nargs="+", metavar="KEY=N", default=[])
    icap.set_defaults(func=cmd_items_caps)

    f = sub.add_parser("followup", help="未完成名單 / follow-up lists")
    f.add_argument("kind", help="no-uploads | uncertified | not-selected | awaiting-submission")
    f.add_argument("--term")
    f.add_argument("--class", dest="class_code", metavar="C")
    f.add_argument("--out", type=Path, metavar="FILE.xlsx", help=".xlsx 或可列印的 .html / .xlsx or printable .html")
    f.set_defaults(func=cmd_followup)

    w = sub.add_parser("windows", help="作業期程 / work-schedule windows")
    wsub = w.add_subparsers(dest="windows_command", metavar="ACTION", required=True)
    wl = wsub.add_parser("list", help="列出期程 / list windows")
    wl.add_argument("--term")
    wl.set_defaults(func=cmd_windows_list)
    ws = wsub.add_parser("set", help="設定一項期程 / set one window")
    ws.add_argument("kind", help="上傳、認證、勾選、提交、收訖確認、自我檢核")
    ws.add_argument("start", help="113/06/01 08:00")
    ws.add_argument("end", help="113/06/30 17:00 (a date alone = end of that day)")
    ws.add_argument("--term")
    ws.add_argument("--note")
    ws.set_defaults(func=cmd_windows_set)
    wi = wsub.add_parser("import", help="匯入期程 (.xlsx / .csv) / import windows")
    add_import_arguments(wi, term=True)
    wi.set_defaults(func=cmd_windows_import)
    we = wsub.add_parser("export", help="匯出期程 .xlsx / export windows")
    we.add_argument("file", type=Path)
    we.add_argument("--term")
    we.set_defaults(func=cmd_windows_export)
    wo = wsub.add_parser("overrides", help="期程外補辦紀錄與會簽 / late work and its countersignature")
    wo.add_argument("--term")
    wo.set_defaults(func=cmd_windows_overrides)
    wc = wsub.add_parser("countersign", help="會簽期程外補辦 / countersign late work")
    wc.add_argument("ids", nargs="+", type=int, metavar="ID", help="補辦紀錄編號（windows overrides）/ late record ids")
    wc.set_defaults(func=cmd_windows_countersign)
    wr = wsub.add_parser("late-rule", help="期程外補辦由誰會簽 / who countersigns late work")
    wr.add_argument("rule", nargs="?", choices=[c.value for c in Countersign],
                    help="registry 註冊組 | dean 教務主任 | none 不需會簽（省略則顯示目前設定）/ omit to show")
    wr.set_defaults(func=cmd_windows_late_rule)


# ------------------------------------------------------------------------------------ helpers


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


# ----------------------------------------------------------------------------------- commands


def cmd_dashboard(args: argparse.Namespace) -> int:
    from portfolio_desktop.domain.roc import format_term
    from portfolio_desktop.services.terms import current_term
    from portfolio_desktop.services.items import dashboard
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    with signed_in(args) as (db, actor):
        viewer = scope_for(db, actor, ReadKind.PROGRESS)
        if args.json:
            document = dashboard.dashboard_json(db, viewer, args.term, class_code=args.class_code)
            if not args.class_code:  # the school's view: the term's submission rounds, as the text shows them
                from portfolio_desktop.services.central import submission_rounds

                document["submissions"] = [
                    {"round": r.id, "kind": r.kind, "name": r.kind_name, "division": r.division,
                     "stage": r.stage.value, "students": r.students, "confirmed": r.confirmed}
                    for r in submission_rounds.rounds_shown(db, actor, document["term"])]
            print_json(document)
            return 0
        if args.class_code:
            board = dashboard.class_dashboard(db, viewer, args.term, class_code=args.class_code)
            lines = [f"{board.term} 班級 {board.summary.label}（導師 {board.summary.mentor or '—'}）",
                     "\t".join(["座號", "學號", "姓名", "離校", *dashboard.COUNT_LABELS_ZH, "落後"])]
            for s in board.students:
                lines.append("\t".join([str(s.seat_no or ""), s.student_no, s.name, "是" if s.departed else "",
                                        *(str(v) for v in s.counts().values()), "、".join(b.zh for b in s.behind)]))
            total = board.summary
            lines.append("\t".join(["", "", "合計", str(total.departed), *(str(v) for v in total.counts.values()),
                                    f"{total.behind} 人"]))
            out("\n".join(lines) + "\n")
            return 0
        from portfolio_desktop.services.central import submission_rounds

        rows = dashboard.school_overview(db, viewer, args.term)
        lines = ["\t".join(["班級", "部別", "導師", "人數", "離校", "上傳率", "認證率", "勾選率", "提交率", "收訖確認率"])]
        for c in [*rows, dashboard.school_total(rows)]:
            lines.append("\t".join([c.label, c.division, c.mentor or "", str(c.students), str(c.departed),
                                    *(_pct(v) for v in c.percentages().values())]))
        rounds = submission_rounds.rounds_shown(db, actor, args.term or format_term(*current_term(db)))
        lines.append("本學期提交 / submissions: " + ("；".join(submission_rounds.round_line(r)[0] for r in rounds)
                                                   or "（尚無 / none yet）"))
        out("\n".join(lines) + "\n")
        say_narrowed(viewer, len(rows), "個班級", "class(es)")
        return 0


def cmd_courses_import(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.rosters import courses

    return run_import(args, courses.import_courses, term=args.term)


def cmd_courses_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.io.course_spec import describe_code
    from portfolio_desktop.services.rosters import courses

    with signed_in(args) as (db, actor):
        rows = courses.list_courses(db, actor, args.term, teacher=args.teacher)
    if args.json:
        print_json_lines({"term": r.term, "code": r.code, "name": r.name, "credits": r.credits,
                          "teachers": list(r.teachers), "enrolled": r.enrolled, "code_parts": describe_code(r.code)}
                         for r in rows)
    else:
        out("學年期\t課程代碼\t科目名稱\t學分\t授課教師\t修課人數\t代碼解析\n" + "".join(
            f"{r.term}\t{r.code}\t{r.name}\t{r.credits or ''}\t{'、'.join(r.teachers)}\t{r.enrolled}"
            f"\t{describe_code(r.code)}\n" for r in rows))
    say(f"共 {len(rows)} 門課程", f"{len(rows)} course(s)")
    return 0


def cmd_items_import(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import items_import

    return run_import(args, items_import.import_items, term=args.term)


def _item_json(r: items.ItemRow) -> dict[str, Any]:
    return {"id": r.id, "student_no": r.student_no, "name": r.student_name, "class": r.class_code, "term": r.term,
            "kind": r.kind.value, "kind_zh": r.kind_zh, "category": r.category.value if r.category else None,
            "title": r.title, "course_code": r.course_code, "teachers": list(r.teachers), "state": r.state.value,
            "state_zh": r.state_zh, "reason": r.reason}


def cmd_items_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import items
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    kind = parse_kind(args.kind)[0] if args.kind else None
    state = parse_state(args.state) if args.state else None
    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.ITEMS)
        rows = items.list_items(db, scope, student_no=args.student, class_code=args.class_code, term=args.term,
                                kind=kind, state=state, teacher=args.teacher)
    if args.json:
        print_json_lines(_item_json(r) for r in rows)
    else:
        out("編號\t學號\t姓名\t班級\t學年期\t類別\t名稱\t課程代碼\t狀態\n" + "".join(
            f"{r.id}\t{r.student_no}\t{r.student_name}\t{r.class_code}\t{r.term}\t{r.kind_zh}\t{r.title}\t"
            f"{r.course_code or ''}\t{r.state_zh}\n" for r in rows))
    say(f"共 {len(rows)} 件", f"{len(rows)} item(s)")
    say_narrowed(scope, len(rows), "件", "item(s)")
    return 0


def cmd_items_mine(args: argparse.Namespace) -> int:
    from portfolio_desktop.domain.roc import parse_date
    from portfolio_desktop.services.items import my_work

    with signed_in(args) as (db, actor):
        rows = my_work.my_work(db, actor, on=parse_date(args.on) if args.on else None, term=args.term)
    if args.json:
        print_json_lines({**_item_json(r.item), "action": r.action.value, "action_zh": r.action.zh,
                          "on_behalf_of": r.on_behalf_of, "deadline": r.deadline.ends_at if r.deadline else None,
                          "days_left": r.days_left} for r in rows)
    else:
        out("編號\t待辦\t為誰\t學號\t姓名\t班級\t學年期\t名稱\t課程代碼\t截止\t剩餘\n" + "".join(
            f"{r.item.id}\t{r.action.zh}\t{r.for_whom}\t{r.item.student_no}\t{r.item.student_name}\t"
            f"{r.item.class_code}\t{r.item.term}\t{r.item.title}\t{r.item.course_code or ''}\t{r.deadline_roc}\t"
            f"{r.days_left_zh}\n" for r in rows))
    say(*my_work.summary(rows))
    return 0


def cmd_items_show(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import items

    with signed_in(args) as (db, actor):
        detail = items.item_detail(db, actor, args.item_id)
    r = detail.item
    lines = [f"#{r.id} {r.student_no} {r.student_name}（{r.class_code}）{r.term} {r.kind_zh}「{r.title}」：{r.state_zh}"]
    for h in detail.history:
        who = h.actor + (f" 代 {h.on_behalf_of}" if h.on_behalf_of else "")
        extra = (f"　原因：{h.reason}" if h.reason else "") + (f"　期程覆寫：{h.override_reason}" if h.override_reason else "")
        lines.append(f"{format_when(h.at)}\t{h.action_zh}\t{h.from_state.zh if h.from_state else '—'} → "
                     f"{h.to_state.zh}\t{who}{extra}")
    out("\n".join(lines) + "\n")
    return 0


@contextmanager
def late_work_hint() -> Iterator[None]:
    """Work outside its window: say how to do it late on the command line (--override REASON)."""
    try:
        yield
    except OutsideWindow as exc:
        raise RuleError(f"{exc.zh}（命令列：加上 --override 補辦理由）",
                        f"{exc.en} (on the command line: add --override REASON)") from exc


def cmd_items_add(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import items

    kind, category = parse_kind(args.kind)
    if args.category:
        category = parse_category(args.category)
    with signed_in(args) as (db, actor), late_work_hint():
        row = items.add_item(db, actor, student_no=args.student, term=args.term, kind=kind, title=args.title,
                             category=category, course_code=args.course, override_reason=args.override)
    say(f"已新增項目 #{row.id}：{row.kind_zh}「{row.title}」", f"item #{row.id} added: {row.kind.en} '{row.title}'")
    return 0


def cmd_items_transition(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import items

    action: Action = args.action
    with signed_in(args) as (db, actor), late_work_hint():
        rows = items.transition(db, actor, args.item_ids, action, reason=args.reason,
                                override_reason=args.override)
    for r in rows:
        say(f"#{r.id}「{r.title}」→ {r.state_zh}", f"#{r.id} '{r.title}' → {r.state.en}")
    return 0


def cmd_items_caps(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items.item_settings import read_caps, set_caps

    with signed_in(args) as (db, actor):
        caps = read_caps(db)
        if args.set:
            values: dict[str, Any] = caps.to_dict()
            for pair in args.set:
                key, _, value = pair.partition("=")
                if key not in values:
                    raise RuleError(f"沒有上限「{key}」；可設定：{', '.join(values)}",
                                    f"no cap '{key}'; known: {', '.join(values)}")
                values[key] = None if value.strip().lower() in ("", "none", "無") else int(value) if value.strip().isdigit() else value
            caps = set_caps(db, actor, Caps.from_dict(values))
    out("".join(f"{k}\t{'（不設上限）' if v is None else v}\n" for k, v in caps.to_dict().items()))
    return 0


def cmd_followup(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import followup
    from portfolio_desktop.services.read_scope import audit_export, ReadKind, scope_for

    kind = followup.parse_followup_kind(args.kind)
    if args.out is not None and args.out.suffix.lower() not in (".xlsx", ".html", ".htm"):
        raise RuleError(f"追蹤名單只能存成 .xlsx 或可列印的 .html，「{args.out.name}」請改用其中一種副檔名",
                        f"a follow-up list is saved as .xlsx or printable .html; rename '{args.out.name}' "
                        f"to end in .xlsx or .html")
    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.PROGRESS)
        data = followup.followup(db, scope, kind, term=args.term, class_code=args.class_code)
        if args.out is not None and args.out.suffix.lower() in (".html", ".htm"):
            with durable.atomic_output(args.out) as tmp:  # complete or absent, 0600 (io/durable.py)
                tmp.write_text(followup.followup_html(data), encoding="utf-8")
            audit_export(db, scope, action="followup.export", entity="followup", key=data.kind.value,
                         rows=len(data.rows), file=str(args.out), term=data.term)
            say(f"已存成可列印的 {args.out}（{len(data.rows)} 筆）", f"saved printable {args.out} ({len(data.rows)} rows)")
        elif args.out is not None:
            n = followup.export_followup(db, actor, data, args.out)
            say(f"已匯出 {n} 筆到 {args.out}", f"exported {n} row(s) to {args.out}")
        else:
            out("\t".join(data.headers) + "\n" + "".join(
                "\t".join("" if v is None else str(v) for v in row) + "\n" for row in data.rows))
            say(f"{data.title}：共 {len(data.rows)} 筆", f"{data.title_en}: {len(data.rows)} row(s)")
        say_narrowed(scope, len(data.rows), "筆", "row(s)", export=args.out is not None)
    return 0


def cmd_windows_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import windows

    with signed_in(args) as (db, actor):
        rows = windows.list_windows(db, actor, args.term)
    out("學年期\t項目\t開始時間\t結束時間\t備註\n" + "".join(
        f"{r.term}\t{r.kind.zh}\t{format_when(r.starts_at)}\t{format_when(r.ends_at)}\t{r.note or ''}\n" for r in rows))
    if not rows:
        say("此學期尚未設定作業期程", "no windows are set for this term")
    return 0


def cmd_windows_set(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import windows

    kind = parse_window_kind(args.kind)
    starts, ends = parse_datetime(args.start), parse_datetime(args.end, end_of_day=True)
    with signed_in(args) as (db, actor):
        row = windows.set_window(db, actor, args.term, kind, starts, ends, args.note)
    say(f"{row.term}「{kind.zh}」期程：{format_when(starts)} – {format_when(ends)}",
        f"{row.term} {kind.en} window: {starts:%Y-%m-%d %H:%M} – {ends:%Y-%m-%d %H:%M}")
    return 0


def cmd_windows_import(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import windows

    return run_import(args, windows.import_windows, term=args.term)


def cmd_windows_export(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import windows

    with signed_in(args) as (db, actor):
        n = windows.export_windows(db, actor, args.file, args.term)
    say(f"已匯出 {n} 項期程到 {args.file}", f"exported {n} window(s) to {args.file}")
    return 0


def cmd_windows_overrides(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import windows

    with signed_in(args) as (db, actor):
        rows = windows.list_overrides(db, actor, args.term)

    def status(o: Any) -> str:
        if o.countersign is None:
            return "不需會簽"
        if o.countersigned_at is None:
            return f"待{Countersign(o.countersign).office(o.division)[0]}會簽"
        return f"已會簽（{o.person(o.countersigned_by)}，{format_when(o.countersigned_at)}）"

    def who(o: Any) -> str:
        return o.person(o.actor) + (f" 代 {o.person(o.on_behalf_of)}" if o.on_behalf_of else "")

    out("編號\t學年期\t期程\t動作\t項目\t理由\t時間\t人員\t會簽\n" + "".join(
        f"{o.id}\t{o.term}\t{o.kind.zh}\t{Action(o.action).zh}\t"
        f"{f'#{o.item_id}「{o.item_title}」' if o.item_id else ''}\t{o.reason}\t{format_when(o.at)}\t"
        f"{who(o)}\t{status(o)}\n" for o in rows))
    return 0


def cmd_windows_countersign(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import late_work

    with signed_in(args) as (db, actor):
        done = late_work.countersign(db, actor, args.ids)
    say(f"已會簽 {len(done)} 筆期程外補辦：{'、'.join(str(d.id) for d in done)}",
        f"countersigned {len(done)} late record(s): {', '.join(str(d.id) for d in done)}")
    return 0


def cmd_windows_late_rule(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.items import late_work

    with signed_in(args) as (db, actor):
        if args.rule is None:
            with db.read() as session:
                rule = late_work.late_countersign(session)
            out(f"{rule.value}\t{rule.zh}\n")
            return 0
        rule = late_work.set_late_countersign(db, actor, Countersign(args.rule))
    say(f"已設定期程外補辦的會簽者：{rule.zh}", f"late work is now countersigned by: {rule.en}")
    return 0
