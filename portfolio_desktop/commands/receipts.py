"""`receipts import|list|confirm|dispute|resolve|timeline` and `notices print|reprint|list-batches|mailing-list|labels|
mark-mailed|reply|returned|settings|calibrate`: thin wrappers over the receipt and notice services.

Messages go to stderr in both languages; listings go to stdout (UTF-8, so 𡘙 comes out whole).
Exit codes: 0 done, 1 refused (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.commands.json_out import json_line
from portfolio_desktop.commands.common import add_import_arguments, cli_actor, opened, run_import, say, signed_in, utf8_stdout
from portfolio_desktop.commands.scope_notes import say_narrowed
from portfolio_desktop.domain.receipts import ReceiptState, parse_office, parse_via
from portfolio_desktop.domain.roc import format_roc, parse_date
from portfolio_desktop.domain.roles import DIVISIONS
from portfolio_desktop.reports.data import Letterhead
from portfolio_desktop.reports.layout import (
    DEFAULT_LABELS,
    ENVELOPE_ALIASES,
    ENVELOPE_PRESETS,
    LABEL_ALIASES,
    LABEL_PRODUCTS,  # the keys of reports.labels.LABEL_LAYOUTS
)

if TYPE_CHECKING:  # the services load when a command runs, not when the parsers are built
    from portfolio_desktop.services.notices.receipts import ReceiptRow


def _date(text: str) -> Any:
    return parse_date(text, allow_future=False)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    letterhead_fields = [f.name for f in fields(Letterhead)]  # services.notice_settings.LETTERHEAD_FIELDS
    p = sub.add_parser("receipts", help="收訖明細匯入、列表、確認 / receipt details")
    rs = p.add_subparsers(dest="receipts_command", metavar="ACTION", required=True)
    imp = rs.add_parser("import", help="匯入收訖明細 (.xlsx / .csv) / import receipt details")
    add_import_arguments(imp)
    imp.set_defaults(func=cmd_import)
    ls = rs.add_parser("list", help="列出收訖確認狀態 / list confirmation states")
    ls.add_argument("--pending", action="store_true", help="只列待確認 / only pending")
    ls.add_argument("--departed", action="store_true", help="只列已離校 / only departed students")
    ls.add_argument("--disputed", action="store_true", help="只列有疑義 / only disputed")
    ls.add_argument("--class", dest="class_code", metavar="C")
    ls.add_argument("--term", metavar="113-1")
    ls.add_argument("--no-reply-days", type=int, metavar="N", help="已寄出 N 天以上未回覆 / mailed ≥ N days ago, no reply")
    ls.add_argument("--json", action="store_true", help="每筆一行 JSON / one JSON object per line")
    ls.set_defaults(func=cmd_list)
    for name, helptext in (("confirm", "登錄確認無誤 / record a confirmation"), ("dispute", "登錄有疑義 / record a dispute")):
        c = rs.add_parser(name, help=helptext)
        c.add_argument("student_no", metavar="學號")
        c.add_argument("--term", required=True, metavar="113-1")
        c.add_argument("--date", required=True, metavar="D", help="113/08/29 or 2024-08-29")
        c.add_argument("--reason", metavar="R", help="疑義內容 (dispute 必填) / the question (required to dispute)")
        c.add_argument("--via", default="online", help="online | reply-slip | office")
        if name == "dispute":
            c.add_argument("--office", help="答覆處室：註冊組、教學組、訓育組 … (預設依類別) / answering office")
        c.set_defaults(func=cmd_decide, decision=name)

    rv = rs.add_parser("resolve", help="答覆單位處理疑義 / the answering office resolves a dispute")
    rv.add_argument("student_no", metavar="學號")
    rv.add_argument("--term", required=True, metavar="113-1")
    rv.add_argument("--date", required=True, metavar="D")
    rv.add_argument("--outcome", required=True, metavar="explained|corrected",
                    help="explained 資料無誤已答覆（確認）/ corrected 已更正並重新提交（重新待確認）")
    rv.add_argument("--answer", required=True, metavar="TEXT", help="答覆內容 / what was answered")
    rv.set_defaults(func=cmd_resolve)
    tl = rs.add_parser("timeline", help="一位學生的收訖確認歷程 / one student's receipt timeline")
    tl.add_argument("student_no", metavar="學號")
    tl.set_defaults(func=cmd_timeline)

    n = sub.add_parser("notices", help="離校學生收訖明細郵寄通知 / mailed notices for departed students")
    ns = n.add_subparsers(dest="notices_command", metavar="ACTION", required=True)
    pr = ns.add_parser("print", help="列印一批通知並記錄 / print and record a batch")
    pr.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    pr.add_argument("--term", metavar="113-1")
    pr.add_argument("--class", dest="class_code", metavar="C")
    pr.add_argument("--student", dest="students", nargs="+", default=[], metavar="學號")
    pr.add_argument("--all-departed", action="store_true", help="所有離校學生（不論狀態）/ every departed student")
    pr.add_argument("--again", action="store_true", help="已寄過通知者也列印 / include those already sent one")
    pr.add_argument("--date", metavar="D", help="發文日期 (預設今天) / the letter's date (default today)")
    pr.set_defaults(func=cmd_print)
    rp = ns.add_parser("reprint", help="重印一批（不重複記錄）/ reprint a batch (not recorded twice)")
    rp.add_argument("batch", type=int)
    rp.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    rp.set_defaults(func=cmd_reprint)
    lb = ns.add_parser("list-batches", help="列出通知批次 / list batches")
    lb.add_argument("--json", action="store_true")
    lb.set_defaults(func=cmd_list_batches)
    ml = ns.add_parser("mailing-list", help="郵寄清單 / mailing list")
    ml.add_argument("batch", type=int)
    ml.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|.xlsx")
    ml.add_argument("--class", dest="mail_class", metavar="平信|掛號|限時掛號", help="郵件種類 (預設依設定) / class of mail")
    ml.add_argument("--start", default="", metavar="NNNNNN", help="第一個掛號號碼 / the first registered number")
    ml.add_argument("--postage", type=int, metavar="元", help="每件郵資 / postage per piece (NT$)")
    ml.add_argument("--date", metavar="D", help="交寄日期 (預設寄出日或今天) / date of posting")
    ml.set_defaults(func=cmd_mailing_list)
    la = ns.add_parser("labels", help="地址標籤 / address labels")
    la.add_argument("batch", type=int)
    la.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    la.add_argument("--layout", default=DEFAULT_LABELS, choices=sorted([*LABEL_PRODUCTS, *LABEL_ALIASES]),
                    help="標籤紙產品 / label sheet product")
    la.add_argument("--outlines", action="store_true", help="畫出標籤框線 / draw the label edges")
    la.set_defaults(func=cmd_labels)
    mm = ns.add_parser("mark-mailed", help="登錄寄出日期 / record the mailing date")
    mm.add_argument("batch", type=int)
    mm.add_argument("--date", required=True, metavar="D")
    mm.set_defaults(func=cmd_mark_mailed)
    rr = ns.add_parser("reply", help="登錄回條 / record a reply slip")
    rr.add_argument("student_no", metavar="學號", help="回條上的學號 / the student number on the slip")
    rr.add_argument("--date", required=True, metavar="D")
    rr.add_argument("--disputed", action="store_true", help="回條勾選有疑義 / the slip says 有疑義")
    rr.add_argument("--reason", metavar="R", help="回條所寫疑義（--disputed 時必填）/ the question on the slip (required with --disputed)")
    rr.add_argument("--office")
    rr.add_argument("--batch", type=int)
    rr.set_defaults(func=cmd_reply)
    rt = ns.add_parser("returned", help="登錄退件 / record an undeliverable letter")
    rt.add_argument("student_no", metavar="學號")
    rt.add_argument("--date", required=True, metavar="D")
    rt.add_argument("--batch", type=int)
    rt.set_defaults(func=cmd_returned)
    st = ns.add_parser("settings", help="信頭與信封設定 / letterhead and envelope settings")
    st.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE", help=f"信頭欄位：{', '.join(letterhead_fields)}")
    st.add_argument("--division", choices=sorted(DIVISIONS),
                    help="--set 的信頭屬於哪個部別（night = 進修部）/ whose letterhead --set changes")
    st.add_argument("--envelope", choices=sorted([*ENVELOPE_PRESETS, *ENVELOPE_ALIASES]))
    st.add_argument("--dx", type=float, metavar="MM")
    st.add_argument("--dy", type=float, metavar="MM")
    st.add_argument("--reply-days", type=int)
    st.add_argument("--duplex", action=argparse.BooleanOptionalAction,
                    help="雙面列印：每封通知補成偶數頁 / two-sided: each notice gets an even page count")
    st.add_argument("--return-envelope", action=argparse.BooleanOptionalAction,
                    help="隨函附回郵信封 / a return envelope goes with the letter")
    st.add_argument("--mail-class", metavar="平信|掛號|限時掛號", help="郵寄清單的郵件種類 / class of mail on the list")
    st.add_argument("--postage", type=int, metavar="元", help="每件郵資 / postage per piece (NT$)")
    st.set_defaults(func=cmd_settings)
    ca = ns.add_parser("calibrate", help="信封開窗校正頁 / envelope window calibration page")
    ca.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    ca.add_argument("--envelope", choices=sorted([*ENVELOPE_PRESETS, *ENVELOPE_ALIASES]))
    ca.set_defaults(func=cmd_calibrate)


def _import_and_match(*args: Any, **options: Any) -> Any:
    """The import, then the submission rounds the file answers (services/central/submission_rounds.py)."""
    from portfolio_desktop.services.notices import receipts

    report = receipts.import_receipts(*args, **options)
    for match in report.rounds:
        say(*match.describe())
    return report


def cmd_import(args: argparse.Namespace) -> int:
    return run_import(args, _import_and_match)


def _d(value: Any) -> str | None:
    return value.isoformat() if value else None


def _as_json(r: ReceiptRow) -> dict[str, Any]:
    return {
        "student_no": r.student_no, "name": r.name, "division": r.division, "class_code": r.class_code,
        "status": r.status.value, "status_zh": r.status.zh, "departed": r.departed, "term": r.term,
        "items": r.items, "categories": list(r.categories), "state": r.state.value, "state_zh": r.state.zh,
        "via": r.via.value if r.via else None, "via_zh": r.via.zh if r.via else None, "decided_on": r.decided_on,
        "question": r.question, "office": r.office, "deadline": r.deadline, "batch": r.batch_id,
        "printed_on": r.printed_on, "mailed_on": r.mailed_on, "returned_on": r.returned_on, "replied_on": r.replied_on,
    }  # fmt: skip


def cmd_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import receipts
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.PROGRESS)
        rows = receipts.list_receipts(
            db, scope, pending=args.pending, departed=True if args.departed else None, class_code=args.class_code,
            term=args.term, state=ReceiptState.DISPUTED if args.disputed else None, no_reply_days=args.no_reply_days,
        )  # fmt: skip
    utf8_stdout()
    for r in rows:
        if args.json:
            print(json_line(_as_json(r)))
        else:
            extra = f"  {r.notice_stage}" if r.departed else ""
            print(f"{r.class_code}\t{r.student_no}\t{r.name}\t{r.term}\t{r.items} 件\t{r.state.zh}{extra}")
    say(f"共 {len(rows)} 筆", f"{len(rows)} row(s)")
    say_narrowed(scope, len(rows), "筆", "row(s)")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import receipts

    with opened(args) as db:
        via = parse_via(args.via)
        on = _date(args.date)
        if args.decision == "confirm":
            row = receipts.confirm(db, cli_actor(args, db), args.student_no, args.term, on, via=via)
        else:
            office = parse_office(args.office) if args.office else None
            row = receipts.dispute(db, cli_actor(args, db), args.student_no, args.term, on, args.reason or "", office=office, via=via)
    say(f"{row.student_no} {row.name} {row.term}：{row.state.zh}", f"{row.student_no} {row.term}: {row.state.value}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import receipt_disputes

    with opened(args) as db:
        outcome = receipt_disputes.parse_outcome(args.outcome)
        state = receipt_disputes.resolve_dispute(db, cli_actor(args, db), args.student_no, args.term, on=_date(args.date),
                                                 outcome=outcome, answer=args.answer)
    say(f"{args.student_no} {args.term} 疑義已處理（{outcome.zh}），收訖明細：{state.zh}",
        f"{args.student_no} {args.term}: dispute resolved ({outcome.value}); the receipt is {state.value}")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import receipt_disputes

    with signed_in(args) as (db, actor):
        events = receipt_disputes.timeline(db, actor, args.student_no)
    utf8_stdout()
    for e in events:
        print(f"{format_roc(e.on)}\t{e.term}\t{e.what}\t{e.detail}".rstrip())
    say(f"共 {len(events)} 筆", f"{len(events)} event(s)")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notices

    with opened(args) as db:
        sel = notices.NoticeSelection(term=args.term, class_code=args.class_code, student_nos=tuple(args.students),
                                      all_departed=args.all_departed, again=args.again)
        issued = _date(args.date) if args.date else None
        batch, warnings = notices.print_notices(db, cli_actor(args, db), args.out, sel, issued_on=issued)
    for w in warnings:
        print(w, file=sys.stderr)
    say(f"批次 {batch.id}：{batch.notices} 封通知、{batch.pages} 頁，已存到 {args.out}；回覆期限 {format_roc(batch.deadline)}",
        f"batch {batch.id}: {batch.notices} notice(s), {batch.pages} page(s) saved to {args.out}; "
        f"reply by {batch.deadline.isoformat()}")
    return 0


def cmd_reprint(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notice_batches

    with signed_in(args) as (db, actor):
        result = notice_batches.reprint_batch(db, actor, args.batch, args.out)
    say(f"批次 {args.batch} 已重印 {result.pages} 頁到 {args.out}", f"batch {args.batch} reprinted: {result.pages} page(s)")
    return 0


def cmd_list_batches(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notices

    with signed_in(args) as (db, actor):
        rows = notices.list_batches(db, actor)
    utf8_stdout()
    for b in rows:
        if args.json:
            print(json_line({"batch": b.id, "created_at": b.created_at.isoformat(timespec="seconds"),
                             "created_by": b.created_by, "issued_on": b.issued_on, "deadline": b.deadline,
                             "notices": b.notices, "pages": b.pages, "mailed_on": b.mailed_on,
                             "replied": b.replied, "returned": b.returned, "reprints": b.reprints}))  # fmt: skip
        else:
            mailed = format_roc(b.mailed_on) if b.mailed_on else "未寄出"
            print(f"{b.id}\t{format_roc(b.issued_on)}\t{b.notices} 封\t{b.pages} 頁\t寄出 {mailed}\t"
                  f"回覆 {b.replied}\t退件 {b.returned}\t重印 {b.reprints}")
    say(f"共 {len(rows)} 批", f"{len(rows)} batch(es)")
    return 0


def cmd_mailing_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notice_batches
    from portfolio_desktop.services.notices import notices
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.NOTICES)
        n = notice_batches.write_mailing_list(db, scope, args.batch, args.out, mail_class=args.mail_class,
                                              start_number=args.start, postage=args.postage,
                                              mailed_on=_date(args.date) if args.date else None)
        shown = len(notices.batch_notices(db, scope, args.batch))
    say(f"郵寄清單已存到 {args.out}（{n}）", f"mailing list saved to {args.out} ({n})")
    say_narrowed(scope, shown, "位學生", "student(s)", export=True)
    return 0


def cmd_labels(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notice_batches
    from portfolio_desktop.services.notices import notices
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.NOTICES)
        pages = notice_batches.write_labels(db, scope, args.batch, args.out, layout=args.layout, outlines=args.outlines)
        shown = len(notices.batch_notices(db, scope, args.batch))
    say(f"地址標籤 {pages} 頁已存到 {args.out}", f"{pages} page(s) of labels saved to {args.out}")
    say_narrowed(scope, shown, "位學生", "student(s)", export=True)
    return 0


def cmd_mark_mailed(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notice_batches

    with signed_in(args) as (db, actor):
        b = notice_batches.mark_mailed(db, actor, args.batch, _date(args.date))
    say(f"批次 {b.id} 寄出日期：{format_roc(b.mailed_on)}", f"batch {b.id} mailed on {_d(b.mailed_on)}")  # type: ignore[arg-type]
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notice_batches

    with opened(args) as db:
        result = ReceiptState.DISPUTED if args.disputed else ReceiptState.CONFIRMED
        office = parse_office(args.office) if args.office else None
        row = notice_batches.record_reply(db, cli_actor(args, db), args.student_no, on=_date(args.date), result=result,
                                          reason=args.reason, office=office, batch_id=args.batch)
    say(f"{row.student_no} {row.name} 回條已登錄（{result.zh}）", f"{row.student_no}: reply recorded ({result.value})")
    return 0


def cmd_returned(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices import notice_batches

    with signed_in(args) as (db, actor):
        row = notice_batches.record_returned(db, actor, args.student_no, on=_date(args.date), batch_id=args.batch)
    say(f"{row.student_no} {row.name} 退件已登錄", f"{row.student_no}: returned letter recorded")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices.notice_settings import LETTERHEAD_FIELDS, notice_settings, save_settings

    with signed_in(args) as (db, actor):
        head: dict[str, str] = {}
        for pair in args.set:
            key, sep, value = pair.partition("=")
            if not sep:
                say(f"請用 KEY=VALUE：{pair}", f"use KEY=VALUE: {pair}")
                return 2
            head[key.strip()] = value
        changes = (args.envelope, args.dx, args.dy, args.reply_days, args.duplex, args.return_envelope,
                   args.mail_class, args.postage)
        if head or any(v is not None for v in changes):
            s = save_settings(db, actor, letterhead=head or None, envelope_preset=args.envelope,
                              dx_mm=args.dx, dy_mm=args.dy, reply_days=args.reply_days, division=args.division,
                              duplex=args.duplex, return_envelope=args.return_envelope,
                              mail_class=args.mail_class, postage=args.postage)
        else:
            s = notice_settings(db)
    utf8_stdout()
    for key in LETTERHEAD_FIELDS:
        print(f"{key}\t{getattr(s.letterhead, key)}")
    for division, head_ in sorted(s.division_letterheads.items()):
        for key in LETTERHEAD_FIELDS:
            print(f"{division}.{key}\t{getattr(head_, key)}")
    print(f"envelope\t{s.envelope_preset}\t{ENVELOPE_PRESETS[s.envelope_preset].zh}\tdx={s.dx_mm:g}mm dy={s.dy_mm:g}mm")
    print(f"reply_days\t{s.reply_days}")
    print(f"duplex\t{'yes' if s.duplex else 'no'}")
    print(f"return_envelope\t{'yes' if s.return_envelope else 'no'}")
    print(f"mail\t{s.mail_class}\t{'' if s.postage is None else s.postage}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.notices.notice_settings import write_calibration

    with opened(args) as db:
        window = write_calibration(db, args.out, envelope=args.envelope)
    say(f"信封開窗校正頁（{window.zh}）已存到 {args.out}：以普通紙列印、折好放入信封核對",
        f"calibration page for {window.key} saved to {args.out}: print on plain paper, fold and check in the envelope")
    return 0
