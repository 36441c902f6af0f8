"""`accounts add|list|reset|passwd|roles|leave|depart|unlock`, `proxies list|set|who|import|export`,
`audit`. Every one of them runs signed in by the gate (commands/gate.py: ``--user NAME`` or
``PORTFOLIO_USER``; the password from ``PORTFOLIO_PASSWORD`` or, at a terminal, a prompt).

A new password (add, reset, passwd) comes from ``PORTFOLIO_NEW_PASSWORD`` or a prompt typed twice.
Passwords are never arguments (they would land in the shell history and the process list) and never
printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_desktop.commands.json_out import print_json_lines
from portfolio_desktop.commands.common import PASSWORD_ENV, add_file_to_read, prompt, say, signed_in
from portfolio_desktop.commands.gate import NEW_PASSWORD_ENV
from portfolio_desktop.domain.roc import format_roc, parse_date
from portfolio_desktop.domain.roles import Role, role_label
from portfolio_desktop.errors import RuleError

if TYPE_CHECKING:  # the services load when a command runs, not when the parsers are built
    from portfolio_desktop.store.engine import Database


def init_admin(db: Database, username: str) -> None:
    """``init --admin NAME``: the first administrator, password from PORTFOLIO_PASSWORD or a prompt."""
    from portfolio_desktop.services.accounts import accounts

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = prompt(f"{username} 的密碼 / password (PORTFOLIO_PASSWORD)")
        if prompt("再輸入一次 / again") != password:
            raise RuleError("兩次輸入的密碼不同", "the two passwords differ")
    row = accounts.bootstrap_admin(db, username, password)
    say(f"已建立系統管理者 {row.username}", f"administrator {row.username} created")


def new_password(label: str = "新密碼 / new password") -> str:
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value is not None:
        return value
    first = prompt(f"{label} (PORTFOLIO_NEW_PASSWORD)")
    if prompt("再輸入一次 / again") != first:
        raise RuleError("兩次輸入的密碼不同", "the two passwords differ")
    return first


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("accounts", help="人員帳號及職務 / staff accounts and roles")
    a = p.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    add = a.add_parser("add", help="新增人員（含帳號）/ add a staff member")
    add.add_argument("username", help="登入帳號 / sign-in name")
    add.add_argument("--name", help="顯示姓名 / display name")
    add.add_argument("--role", action="append", default=[],
                     help="ROLE[:ARG]，可重複 / repeatable; ROLE: " + ", ".join(f"{r.value}={role_label(r)}" for r in Role)
                     + "; e.g. registry:day, registry:night, mentor:301, teacher:C1234")
    add.add_argument("--no-account", action="store_true", help="只建人員資料，不開帳號 / no sign-in")
    add.set_defaults(func=cmd_add)
    lst = a.add_parser("list", help="列出人員 / list staff")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)
    rst = a.add_parser("reset", help="系統管理者重設密碼 / administrator resets a password")
    rst.add_argument("username")
    rst.set_defaults(func=cmd_reset)
    pwd = a.add_parser("passwd", help="變更自己的密碼 / change your own password")
    pwd.set_defaults(func=cmd_passwd)
    rol = a.add_parser("roles", help="設定職務（取代原有）/ replace a person's roles")
    rol.add_argument("username")
    rol.add_argument("--role", action="append", default=[])
    rol.set_defaults(func=cmd_roles)
    lv = a.add_parser("leave", help="登錄請假期間 / record a leave period")
    lv.add_argument("username", help="請假者的帳號 / the account on leave")
    lv.add_argument("starts_on", help="請假起日（113/09/02 或 2024-09-02）/ first day of leave")
    lv.add_argument("ends_on", help="請假迄日 / last day of leave")
    lv.add_argument("--reason", help="假別或事由（選填）/ kind of leave (optional)")
    lv.set_defaults(func=cmd_leave)
    dep = a.add_parser("depart", help="登錄離職日（及帳號保留期）/ record a departure (and grace period)")
    dep.add_argument("username")
    dep.add_argument("departed_on", nargs="?", help="omit to clear")
    dep.add_argument("--grace-until")
    dep.set_defaults(func=cmd_depart)
    unl = a.add_parser("unlock", help="解除鎖定 / unlock an account")
    unl.add_argument("username")
    unl.set_defaults(func=cmd_unlock)

    q = sub.add_parser("proxies", help="代理人名單及代理順位 / proxy lists")
    qs = q.add_subparsers(dest="proxies_command", metavar="ACTION", required=True)
    ql = qs.add_parser("list", help="列出名單 / list")
    ql.add_argument("--json", action="store_true")
    ql.set_defaults(func=cmd_proxies_list)
    qset = qs.add_parser("set", help="設定名單（依順位）/ set a list in order of precedence")
    qset.add_argument("target", help="office (進修部教務組, function:registry:night) or a teacher's user name")
    qset.add_argument("proxies", nargs="*", help="user names, first = rank 1; none clears the list")
    qset.set_defaults(func=cmd_proxies_set)
    qw = qs.add_parser("who", help="某日由誰執行 / who acts on a date")
    qw.add_argument("target")
    qw.add_argument("--on", help="date (default today)")
    qw.set_defaults(func=cmd_proxies_who)
    qi = qs.add_parser("import", help="匯入 .xlsx / import")
    add_file_to_read(qi)
    qi.add_argument("--sheet")
    qi.add_argument("--dry-run", action="store_true")
    qi.set_defaults(func=cmd_proxies_import)
    qe = qs.add_parser("export", help="匯出 .xlsx / export")
    qe.add_argument("file", type=Path)
    qe.set_defaults(func=cmd_proxies_export)

    au = sub.add_parser("audit", help="稽核紀錄 / the audit log")
    au.add_argument("--since", help="from date (ROC or ISO)")
    au.add_argument("--until", help="to date, included")
    au.add_argument("--user", dest="audit_user", help="actor or the person acted for")
    au.add_argument("--record", help="record key contains")
    au.add_argument("--kind", help="action or its family: account, proxies.set, authz …")
    au.add_argument("--limit", type=int, default=200)
    au.add_argument("--json", action="store_true")
    au.add_argument("--export", type=Path, help="write .xlsx instead of printing")
    au.set_defaults(func=cmd_audit)


def cmd_add(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        grants = [accounts.parse_grant(db, r) for r in args.role]
        password = None if args.no_account else new_password()
        row = accounts.create_staff(db, actor, args.username, args.name or args.username, grants=grants,
                                    password=password)
        say(f"已新增 {row.username}（{'、'.join(row.role_labels) or '無職務'}）",
            f"added {row.username}" + (" with an account (to change the password at first sign-in)" if password else ""))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        rows = accounts.list_staff(db, actor)
    if args.json:
        print_json_lines({"username": r.username, "name": r.display_name, "roles": list(r.role_labels),
                          "account": r.has_account, "departed_on": r.departed_on, "grace_until": r.grace_until,
                          "locked_until": r.locked_until} for r in rows)
        return 0
    for r in rows:
        flags = [] if r.has_account else ["無帳號"]
        if r.departed_on:
            flags.append(f"離職 {r.departed_on}" + (f" 保留至 {r.grace_until}" if r.grace_until else ""))
        if r.locked_until:
            flags.append(f"鎖定至 {r.locked_until:%Y-%m-%d %H:%M} UTC")
        sys.stdout.write(f"{r.username}\t{r.display_name}\t{'、'.join(r.role_labels)}\t{' '.join(flags)}\n")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        accounts.reset_password(db, actor, args.username, new_password())
    say(f"已重設 {args.username} 的密碼；下次登入需變更", f"password of {args.username} reset; to change at next sign-in")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    """The gate checked the current password (and, for this command only, accepts a first password
    that must change: gate.Access.FIRST_PASSWORD); the new one comes from PORTFOLIO_NEW_PASSWORD or a
    prompt typed twice."""
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        accounts.change_own_password(db, actor, new_password())
    say("密碼已變更", "password changed")
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        row = accounts.set_grants(db, actor, args.username, [accounts.parse_grant(db, r) for r in args.role])
    say(f"{row.username} 的職務：{'、'.join(row.role_labels) or '（無）'}", f"roles of {row.username} set")
    return 0


def cmd_leave(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        accounts.add_leave(db, actor, args.username, parse_date(args.starts_on), parse_date(args.ends_on), args.reason)
    say("已登錄請假期間", "leave recorded")
    return 0


def cmd_depart(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        departed = parse_date(args.departed_on) if args.departed_on else None
        grace = parse_date(args.grace_until) if args.grace_until else None
        accounts.set_departure(db, actor, args.username, departed, grace)
    say("已登錄離職資料", "departure recorded")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import accounts

    with signed_in(args) as (db, actor):
        accounts.unlock(db, actor, args.username)
    say(f"已解除 {args.username} 的鎖定", f"{args.username} unlocked")
    return 0


def cmd_proxies_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import proxies

    with signed_in(args) as (db, actor):
        rows = proxies.list_lists(db, actor)
    if args.json:
        print_json_lines({"target": r.target.key, "label": r.target.label, "proxies": r.usernames} for r in rows)
        return 0
    for r in rows:
        order = " → ".join(f"{i}.{u}({n})" for i, (u, n) in enumerate(r.proxies, start=1))
        sys.stdout.write(f"{r.target.label}\t{order}\n")
    return 0


def cmd_proxies_set(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import proxies

    with signed_in(args) as (db, actor):
        row = proxies.set_list(db, actor, args.target, args.proxies)
    say(f"{row.target.label} 的代理順位：{' → '.join(row.usernames) or '（已清除）'}", f"proxies of {row.target.key} set")
    return 0


def cmd_proxies_who(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import proxies

    with signed_in(args) as (db, actor):
        day = parse_date(args.on) if args.on else None
        res = proxies.resolve_for(db, actor, args.target, day)
        grace = proxies.holder_in_grace(db, actor, args.target, day)
    if res.is_proxy:
        sys.stdout.write(f"{res.acting}\t代 {res.holder}（第 {res.rank} 順位）/ for {res.holder} (rank {res.rank})\n")
        if grace is not None:  # seed 001 §九(三)2(2): the holder's own account too, until the grace ends
            say(f"{res.holder} 的帳號保留至 {format_roc(grace)}，期間本人仍可認證",
                f"{res.holder}'s own account may still certify until {grace}")
    else:
        sys.stdout.write(f"{res.acting}\n")
    return 0


def cmd_proxies_import(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import proxies
    from portfolio_desktop.services.imports import log_report

    with signed_in(args) as (db, actor):
        report = proxies.import_xlsx(db, actor, args.file, sheet=args.sheet, dry_run=args.dry_run)
    verb = "試算（未寫入）" if report.dry_run else "已匯入"
    en = f"{'dry run: ' if report.dry_run else ''}{len(report.lists)} list(s), {len(report.changed)} changed"
    say(f"{verb} {len(report.lists)} 份名單，變更 {len(report.changed)} 份", en)
    log_report(report, en)
    return 0


def cmd_proxies_export(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import proxies

    with signed_in(args) as (db, actor):
        n = proxies.export_xlsx(db, actor, args.file)
    say(f"已匯出 {n} 列到 {args.file}", f"wrote {n} row(s) to {args.file}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.accounts import audit_log

    flt = audit_log.AuditFilter(
        user=args.audit_user, record=args.record, kind=args.kind,
        since=parse_date(args.since) if args.since else None, until=parse_date(args.until) if args.until else None,
    )
    with signed_in(args) as (db, actor):
        if args.export:
            n = audit_log.export_xlsx(db, actor, args.export, flt)
            say(f"已匯出 {n} 筆稽核紀錄到 {args.export}", f"wrote {n} audit row(s) to {args.export}")
            return 0
        rows = audit_log.query(db, actor, flt, limit=args.limit)
    if args.json:
        print_json_lines({"id": r.id, "at": r.at.isoformat() + "Z", "actor": r.actor, "on_behalf_of": r.on_behalf_of,
                          "action": r.action, "entity": r.entity, "key": r.entity_key, "before": r.before,
                          "after": r.after} for r in rows)
        return 0
    for r in rows:
        sys.stdout.write(f"{r.local_at():%Y-%m-%d %H:%M:%S}\t{r.who}\t{r.action}\t{r.entity}:{r.entity_key or ''}\n")
    return 0
