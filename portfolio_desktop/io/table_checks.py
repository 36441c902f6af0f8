"""The checks ``read_table`` makes once the whole file is read: codes Excel typed as numbers get their
zeros back (io.codes decides from the file's other codes), then values of unique columns repeated on
a later row are problems (after the repair, so 0990123 and 990123 are the same 學號)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.codes import restore_codes
from portfolio_desktop.io.normalize import clean
from portfolio_desktop.io.read_notes import ReadNote, leading_zero_note, unverified_codes_note
from portfolio_desktop.io.row_problems import duplicate_problem, rule_problem
from portfolio_desktop.io.rows import SeenRow

if TYPE_CHECKING:
    from portfolio_desktop.io.tabular import Column, TableSpec


def restore_numeric_codes(
    numeric_codes: list[tuple[SeenRow, str, object]], seen_rows: list[SeenRow], spec: TableSpec,
    headers: dict[str, str], file: str, sheet: str, notes: list[ReadNote], *, text_only: bool = False,
    known_lengths: Mapping[str, Collection[int]] | None = None,
) -> None:
    """Pad the numeric cells of code columns that lost leading zeros (io.codes decides), and say so.
    ``known_lengths``: per key, the lengths of the codes the database holds (the reference when the
    file has no code written as text). Numeric codes kept as they are with no reference at all are
    named in a note: nothing shows whether they lost zeros.

    In a CSV every cell is text: the all-digit codes shorter than the longest are the candidates, and
    only when some code of the longest length starts with 0 (so zeros matter in this file's codes)."""
    for key in dict.fromkeys(k for _, k, _ in numeric_codes):
        numeric_rows = {id(seen) for seen, k, _ in numeric_codes if k == key}
        texts = [str(s.values[key]) for s in seen_rows if id(s) not in numeric_rows and s.values.get(key) is not None]
        cells = [(seen, raw) for seen, k, raw in numeric_codes if k == key]
        if text_only:
            longest = max(len(str(seen.values[key])) for seen, _ in cells)
            texts += [str(seen.values[key]) for seen, _ in cells if len(str(seen.values[key])) == longest]
            cells = [(seen, raw) for seen, raw in cells if len(str(seen.values[key])) < longest]
            if not cells or not any(t.startswith("0") for t in texts if len(t) == longest):
                continue
        known = (known_lengths or {}).get(key, ())
        decisions = restore_codes(texts, [str(seen.values[key]) for seen, _ in cells], known)
        unverified = not known and not any(t.isdigit() for t in texts)
        restored: list[tuple[int, object, str]] = []
        col = spec.column(key)
        for (seen, raw), decision in zip(cells, decisions, strict=True):
            if isinstance(decision, RuleError):
                seen.problems = seen.problems or []
                seen.problems.append(rule_problem(file, sheet, seen.row, headers[key], raw, decision, col))
                seen.values[key] = None
            elif decision != seen.values[key]:
                seen.values[key] = decision
                restored.append((seen.row, raw, decision))
        if restored:
            notes.append(leading_zero_note(headers[key], [r for r, _, _ in restored],
                                           (clean(restored[0][1]), restored[0][2])))
        elif unverified and not text_only:
            kept = [seen.row for (seen, _), d in zip(cells, decisions, strict=True) if not isinstance(d, RuleError)]
            if kept:
                notes.append(unverified_codes_note(headers[key], kept))


def check_unique(seen_rows: list[SeenRow], keys: list[tuple[str, str, Column]], file: str, sheet: str) -> None:
    """A value of a unique column seen on an earlier row is a problem on the later row."""
    for key, header, col in keys:
        firsts: dict[object, int] = {}
        for seen in seen_rows:
            value = seen.values[key]
            if value is None:
                continue
            first = firsts.setdefault(value, seen.row)
            if first != seen.row:
                seen.problems = seen.problems or []
                seen.problems.append(duplicate_problem(file, sheet, seen.row, header, value, first, col))
