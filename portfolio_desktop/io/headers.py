"""Header-row detection and column mapping ("finds the sheet and the header row by itself").

A header cell matches a column when, after :func:`header_key` (spaces including U+3000 and line
breaks removed, full-width → half-width, lower case, a trailing required-marker ``*`` dropped), it
equals the column's canonical header or one of its aliases. The header row is the first row within
the first :data:`HEADER_SCAN_ROWS` rows that holds a header for every anchor key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io.normalize import WHITESPACE, clean, halfwidth

if TYPE_CHECKING:
    from portfolio_desktop.io.tabular import Column, TableSpec

HEADER_SCAN_ROWS = 20
_SPACES = re.compile("[" + re.escape(WHITESPACE) + "]+")
_CANONICAL, _ALIAS, _USER = 0, 1, -1  # match ranks: lower wins


def header_key(value: object) -> str:
    """The comparable form of a header cell."""
    text = halfwidth(clean(value))
    text = _SPACES.sub("", text).lower()
    return text.strip("*")


@lru_cache(maxsize=64)
def alias_index(spec: TableSpec) -> dict[str, tuple[str, int]]:
    """Normalised header → (key, rank). Raises ValueError if one header would name two keys."""
    index: dict[str, tuple[str, int]] = {}
    for col in spec.columns:
        for text, rank in [(col.header, _CANONICAL), *((a, _ALIAS) for a in col.aliases), (col.key, _ALIAS)]:
            k = header_key(text)
            other = index.get(k)
            if other is not None and other[0] != col.key:
                raise ValueError(f"{spec.name}: header {text!r} names both {other[0]!r} and {col.key!r}")
            if other is None or rank < other[1]:
                index[k] = (col.key, rank)
    return index


def _candidates(
    cells: Sequence[object], spec: TableSpec, mapping: Mapping[str, str] | None, col_offset: int
) -> dict[str, list[tuple[int, int]]]:
    """key → [(rank, absolute column)] for every header cell in *cells* that names a key."""
    index = alias_index(spec)
    chosen: dict[str, str] = {}
    if mapping:
        chosen = {header_key(text): key for key, text in mapping.items() if text and header_key(text)}
    found: dict[str, list[tuple[int, int]]] = {}
    for j, cell in enumerate(cells):
        k = header_key(cell)
        if not k:
            continue
        col = col_offset + j
        if k in chosen:
            found.setdefault(chosen[k], []).append((_USER, col))
        hit = index.get(k)
        if hit is not None:
            found.setdefault(hit[0], []).append((hit[1], col))
    return found


def is_header_row(
    cells: Sequence[object], spec: TableSpec, mapping: Mapping[str, str] | None, col_offset: int = 0
) -> int:
    """0 if *cells* is not a header row, else how many keys it names (all anchors are present)."""
    found = _candidates(cells, spec, mapping, col_offset)
    if all(a in found for a in spec.anchors):
        return len(found)
    return 0


def resolve(
    cells: Sequence[object],
    spec: TableSpec,
    mapping: Mapping[str, str] | None,
    *,
    file: str,
    sheet: str,
    header_row: int,
    col_offset: int = 0,
) -> tuple[list[str], dict[str, int]]:
    """Headers as written (index = absolute column) and key → absolute column for the header row.

    A user mapping wins over the automatic match; the canonical header wins over an alias; two
    equally good columns for one key, a mapped header not in the row, or a required column missing
    raise PortfolioError naming the file, sheet and header row.
    """
    headers = [""] * col_offset + [clean(c) for c in cells]
    found = _candidates(cells, spec, mapping, col_offset)
    user_cols = {col for hits in found.values() for rank, col in hits if rank == _USER}
    where_zh = f"檔案「{file}」工作表「{sheet}」第 {header_row} 列（標題列）"
    where_en = f"file '{file}', sheet '{sheet}', header row {header_row}"
    shown = "、".join(h for h in headers if h) or "（無）"
    shown_en = ", ".join(h for h in headers if h) or "(none)"
    unmapped = {key for key, text in (mapping or {}).items() if not text}
    result: dict[str, int] = {}
    for col in spec.columns:
        if col.key in unmapped:
            continue
        hits = found.get(col.key, [])
        if mapping and mapping.get(col.key):
            hits = [h for h in hits if h[0] == _USER]
            if not hits:
                raise PortfolioError(
                    f"{where_zh}沒有您指定給「{col.header}」的欄位「{mapping[col.key]}」；此列的欄位有：{shown}",
                    f"{where_en} has no column '{mapping[col.key]}' that you chose for '{col.header}'; "
                    f"the headers found are: {shown_en}",
                )
        else:
            hits = [h for h in hits if h[1] not in user_cols]
        if not hits:
            continue
        best = min(rank for rank, _ in hits)
        cols = sorted({c for rank, c in hits if rank == best})
        if len(cols) > 1:
            names = "、".join(f"「{headers[c]}」" for c in cols)
            names_en = ", ".join(f"'{headers[c]}'" for c in cols)
            raise PortfolioError(
                f"{where_zh}有 {len(cols)} 個欄位都可當作「{col.header}」：{names}。請修改其中之一的標題，"
                f"或在匯入時手動指定欄位",
                f"{where_en} has {len(cols)} columns that could be '{col.header}' ({col.key}): {names_en}. "
                f"Rename one of them or choose the column by hand when importing",
            )
        result[col.key] = cols[0]
    missing = [c for c in spec.columns if c.required and c.key not in result]
    if missing:
        raise missing_columns(missing, where_zh, where_en, shown, shown_en)
    return headers, result


def missing_columns(
    missing: Sequence[Column], where_zh: str, where_en: str, shown: str, shown_en: str
) -> PortfolioError:
    names = "、".join(f"「{c.header}」" for c in missing)
    names_en = ", ".join(f"'{c.header}' ({c.key})" for c in missing)
    return PortfolioError(
        f"{where_zh}缺少必要欄位 {names}；此列的欄位有：{shown}。請加上該欄或在匯入時手動指定欄位",
        f"{where_en} lacks the required column(s) {names_en}; the headers found are: {shown_en}. "
        f"Add the column or choose it by hand when importing",
    )


def describe_anchors(spec: TableSpec) -> tuple[str, str]:
    """The anchor headers, for "header row not found" messages."""
    by_key: dict[str, Column] = {c.key: c for c in spec.columns}
    zh = "、".join(f"「{by_key[a].header}」" for a in spec.anchors)
    en = ", ".join(f"'{by_key[a].header}' ({a})" for a in spec.anchors)
    return zh, en
