"""Dates as the GUI shows them: ROC (113/08/29) by default, Gregorian (2024/08/29) when the user chose it
in 設定 → 介面 (gui/i18n.py). Every date the GUI shows goes through here; what the user types is read
by domain.roc.parse_date, which accepts both forms."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from portfolio_desktop.domain.roc import format_roc, format_roc_long, roc_year
from portfolio_desktop.gui import i18n

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def show_date(d: dt.date | None) -> str:
    """113/08/29 (ROC) or 2024/08/29 (Gregorian); "" for no date."""
    if d is None:
        return ""
    if i18n.gregorian_dates():
        return f"{d.year:04d}/{d.month:02d}/{d.day:02d}"
    return format_roc(d)


def show_datetime(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """The date as :func:`show_date` plus the 24-hour time (113/06/01 08:00[:00])."""
    if value is None:
        return ""
    return f"{show_date(value.date())} {value:%H:%M:%S}" if seconds else f"{show_date(value.date())} {value:%H:%M}"


def show_date_long(d: dt.date) -> str:
    """As dates are written on paper: 中華民國113年8月29日 / 2024年8月29日, in English 29 August 2024
    (ROC 113)."""
    if i18n.is_english():
        roc = f" (ROC {roc_year(d)})" if not i18n.gregorian_dates() else ""
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}{roc}"
    if i18n.gregorian_dates():
        return QCoreApplication.translate("dates", "{year}年{month}月{day}日").format(
            year=d.year, month=d.month, day=d.day)
    return format_roc_long(d)
