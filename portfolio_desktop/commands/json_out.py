"""The one shape of every ``--json`` output (docs/JSON.md): keys in English snake_case; a code and its
label side by side (``state`` "certified", ``state_zh`` 「認證通過」); dates and times ISO 8601; a list
is JSON Lines (one object per line, so `| head` and line tools work), a report is one document.

tests/integration/test_json_outputs.py runs every command that takes ``--json`` and holds it to this."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from portfolio_desktop.commands.common import utf8_stdout


def plain(value: Any) -> Any:
    """What ``json`` cannot write by itself: dates ISO 8601, enums by their code, sets sorted."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_line(row: Mapping[str, Any]) -> str:
    """One object on one line (no newline)."""
    return json.dumps(row, ensure_ascii=False, default=plain)


def print_json_lines(rows: Iterable[Mapping[str, Any]]) -> None:
    """A list: one object per line, UTF-8, flushed."""
    utf8_stdout()
    sys.stdout.write("".join(json_line(r) + "\n" for r in rows))
    sys.stdout.flush()


def print_json(document: Mapping[str, Any]) -> None:
    """A report: one indented document, UTF-8, flushed."""
    utf8_stdout()
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1, default=plain) + "\n")
    sys.stdout.flush()
