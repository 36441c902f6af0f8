"""What the one import dialog needs to know about each kind of import (roster, courses, items, windows, receipts, proxy lists):
its title, the io TableSpec it previews with, the service call, the setting that remembers the
column mapping, whether it takes a default term, and how its report is shown.

The dialog knows none of the kinds; a new import is one more :class:`ImportKind` here. Every service
call goes through the same keyword arguments (``sheet``, ``mapping``, ``dry_run``, ``skip_invalid``,
``term``, ``progress``, ``cancelled``); the small adapters below drop what a service does not take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from portfolio_desktop.gui import i18n
from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.gui.imports.import_mapping import MAPPING_KEY, mapping_key
from portfolio_desktop.io.course_spec import COURSES
from portfolio_desktop.io.item_spec import ITEMS
from portfolio_desktop.io.proxy_spec import PROXIES
from portfolio_desktop.io.receipt_spec import RECEIPTS
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import TableSpec
from portfolio_desktop.io.window_spec import WINDOWS
from portfolio_desktop.services.rosters import courses
from portfolio_desktop.services.items import items_import
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

CONTEXT = "ImportKind"  # translation context of the strings below
ServiceCall = Callable[..., Any]
MAX_LISTED = 200  # numbers / labels listed per line of the result
MAX_LINES = 50  # rows described one per line (rows left for another office)


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def default_summary(report: Any) -> tuple[str, str]:
    zh, en = report.summary()
    return str(zh), str(en)


@dataclass(frozen=True)
class ImportKind:
    """One kind of import. ``title`` and ``file_hint`` are zh_TW source texts, translated when shown."""

    key: str  # "roster", "courses" …: names the job
    title: str  # the dialog's title
    file_hint: str  # what file to choose (the file field's placeholder)
    spec: TableSpec  # the columns the preview maps and the mapping combos offer
    run: ServiceCall  # (db, actor, path, *, sheet, mapping, dry_run, skip_invalid, term, progress, cancelled)
    mapping_key: str  # the setting remembering the user's column choices for this kind
    details: Callable[[Any], list[str]]  # the report → lines under its summary
    summary: Callable[[Any], tuple[str, str]] = default_summary
    takes_term: bool = False  # the service takes a default term for rows without one
    can_skip_invalid: bool = True  # the service can write the good rows and skip the bad ones


# --- report formatters ----------------------------------------------------------------------
def listed(title: str, values: Sequence[object]) -> list[str]:
    if not values:
        return []
    shown = QCoreApplication.translate("ImportKind", "、").join(str(v) for v in values[:MAX_LISTED])
    return [tr(title) + shown + (" …" if len(values) > MAX_LISTED else "")]


def _skipped(report: Any) -> list[str]:
    return listed(QT_TRANSLATE_NOOP("ImportKind", "略過的列："), getattr(report, "skipped_rows", []))


def _roster_details(report: Any) -> list[str]:
    return [*listed(QT_TRANSLATE_NOOP("ImportKind", "新增："), report.added),
            *listed(QT_TRANSLATE_NOOP("ImportKind", "變更："), report.changed), *_skipped(report)]


def _course_details(report: Any) -> list[str]:
    return [*listed(QT_TRANSLATE_NOOP("ImportKind", "新增課程："), report.courses_added),
            *listed(QT_TRANSLATE_NOOP("ImportKind", "變更課程："), report.courses_changed), *_skipped(report)]


def _item_details(report: Any) -> list[str]:
    """Rows left for another office (one platform export holds every office's rows), then the
    skipped rows; the summary has the counts."""
    left = [QCoreApplication.translate("ImportKind", "第 {row} 列：{words}").format(
        row=p.row, words=p.en if i18n.is_english() else p.zh) for p in getattr(report, "elsewhere", [])]
    return [*left[:MAX_LINES], *(["…"] if len(left) > MAX_LINES else []), *_skipped(report)]


def _window_details(report: Any) -> list[str]:
    return [*listed(QT_TRANSLATE_NOOP("ImportKind", "新增："), report.added),
            *listed(QT_TRANSLATE_NOOP("ImportKind", "變更："), report.changed), *_skipped(report)]


def _receipt_details(report: Any) -> list[str]:
    return [*listed(QT_TRANSLATE_NOOP("ImportKind", "寫入收訖明細："), report.replaced),
            *listed(QT_TRANSLATE_NOOP("ImportKind", "改回待確認："), report.reset_to_pending), *_skipped(report)]


def _proxy_summary(report: Any) -> tuple[str, str]:
    """ProxyImportReport has no summary(): lists named in the file, how many of them changed."""
    named, changed = len(report.lists), len(report.changed)
    zh = QCoreApplication.translate("ImportKind", "檔案列出 {n} 份代理人名單：變更 {c} 份、未變更 {u} 份").format(
        n=named, c=changed, u=named - changed)
    en = f"{named} proxy list(s) in the file: {changed} changed, {named - changed} unchanged"
    if report.dry_run:
        zh, en = zh + QCoreApplication.translate("ImportKind", "（試算，未寫入任何資料）"), en + " (dry run: nothing written)"
    return zh, en


def _proxy_details(report: Any) -> list[str]:
    return listed(QT_TRANSLATE_NOOP("ImportKind", "變更的名單："), [k.split(":", 1)[-1] for k in report.changed])


# --- service adapters (one signature for the dialog) ----------------------------------------
def _roster(db: Database, actor: Actor, path: Path, *, term: str | None, **kw: Any) -> Any:
    return rosters.import_roster(db, actor, path, **kw)


def _courses(db: Database, actor: Actor, path: Path, *, term: str | None, **kw: Any) -> Any:
    return courses.import_courses(db, actor, path, term=term, **kw)


def _items(db: Database, actor: Actor, path: Path, *, term: str | None, **kw: Any) -> Any:
    return items_import.import_items(db, actor, path, term=term, **kw)


def _windows(db: Database, actor: Actor, path: Path, *, term: str | None, **kw: Any) -> Any:
    return windows.import_windows(db, actor, path, term=term, **kw)


def _receipts(db: Database, actor: Actor, path: Path, *, term: str | None, **kw: Any) -> Any:
    return receipts.import_receipts(db, actor, path, **kw)


def _proxies(db: Database, actor: Actor, path: Path, *, term: str | None, skip_invalid: bool, **kw: Any) -> Any:
    return proxies.import_xlsx(db, actor, Path(path), **kw)  # always all or nothing (seed 001 §九)


# --- the kinds ------------------------------------------------------------------------------
ROSTER_IMPORT = ImportKind(
    "roster", QT_TRANSLATE_NOOP("ImportKind", "匯入學生名冊"),
    QT_TRANSLATE_NOOP("ImportKind", "請選擇校務行政系統匯出的名冊（.xlsx 或 .csv）"),
    ROSTER, _roster, MAPPING_KEY, _roster_details,
)
COURSES_IMPORT = ImportKind(
    "courses", QT_TRANSLATE_NOOP("ImportKind", "匯入課程與修課名單"),
    QT_TRANSLATE_NOOP("ImportKind", "請選擇課程清單或學生修課名單（.xlsx 或 .csv）"),
    COURSES, _courses, mapping_key("courses"), _course_details, takes_term=True,
)
ITEMS_IMPORT = ImportKind(
    "items", QT_TRANSLATE_NOOP("ImportKind", "匯入學習歷程項目"),
    QT_TRANSLATE_NOOP("ImportKind", "請選擇學習歷程平臺匯出的項目清單（.xlsx 或 .csv）"),
    ITEMS, _items, mapping_key("items"), _item_details, takes_term=True,
)
WINDOWS_IMPORT = ImportKind(
    "windows", QT_TRANSLATE_NOOP("ImportKind", "匯入作業期程"),
    QT_TRANSLATE_NOOP("ImportKind", "請選擇作業期程表（.xlsx 或 .csv）"),
    WINDOWS, _windows, mapping_key("windows"), _window_details, takes_term=True,
)
RECEIPTS_IMPORT = ImportKind(
    "receipts", QT_TRANSLATE_NOOP("ImportKind", "匯入收訖明細"),
    QT_TRANSLATE_NOOP("ImportKind", "請選擇中央資料庫回傳的收訖明細（.xlsx 或 .csv）"),
    RECEIPTS, _receipts, mapping_key("receipts"), _receipt_details,
)
PROXIES_IMPORT = ImportKind(
    "proxies", QT_TRANSLATE_NOOP("ImportKind", "匯入代理人名單"),
    QT_TRANSLATE_NOOP("ImportKind", "請選擇代理人名單及代理順位（.xlsx 或 .csv）"),
    PROXIES, _proxies, mapping_key("proxies"), _proxy_details, summary=_proxy_summary, can_skip_invalid=False,
)

KINDS: dict[str, ImportKind] = {k.key: k for k in (
    ROSTER_IMPORT, COURSES_IMPORT, ITEMS_IMPORT, WINDOWS_IMPORT, RECEIPTS_IMPORT, PROXIES_IMPORT)}
