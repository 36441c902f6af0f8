"""One column of a block of rows, read at once (the cell rules of ``io.tabular``).

A table repeats itself down a column: a roster's genders, divisions, classes, seats and postal
codes thousands of times. So a column is read by its *distinct* cells: each is trimmed, checked and
parsed once (``Column.parse`` is a pure function of the cell), and every cell's value is then one
dictionary lookup done in C. Only the cells that need a word are visited one by one: a refused
cell (each row gets its own problem), a value repaired on the way (a phone whose leading 0 Excel
dropped) and a number in a code column (its zeros are checked against the whole file).

The distinct text cells of a block are checked together first (trimmed, lengths, printable, parsed
in one pass); only a block where one of them needs a word takes them one at a time. Outcomes are
remembered per column for the blocks after, up to ``MEMO_LIMIT`` distinct cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import repeat
from typing import TYPE_CHECKING, Any

from portfolio_desktop.errors import Problem, RuleError
from portfolio_desktop.io.normalize import WHITESPACE
from portfolio_desktop.io.read_notes import Repaired
from portfolio_desktop.io.readers import MAX_CELL_CHARS
from portfolio_desktop.io.row_problems import cell_problem, limit_problem, rule_problem

if TYPE_CHECKING:
    from portfolio_desktop.io.tabular import Column

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # characters Excel/XML cannot hold
MEMO_LIMIT = 4096
_TEXT = {str}
_NUMBERS = frozenset({int, float, bool})  # what calamine gives besides text, dates, times and None
BLANK = object()  # the outcome of an empty cell (None, "" or only white space)


class Noted:
    """The outcome of a cell that needs a word: refused (``refusal`` says why) or kept with a note."""

    __slots__ = ("raw", "value", "refusal", "repaired", "numeric")

    def __init__(
        self, raw: object, value: object = None, refusal: tuple[str, object] | None = None,
        repaired: bool = False, numeric: bool = False,
    ) -> None:  # fmt: skip
        self.raw = raw  # the cell as the problem or note quotes it (text trimmed)
        self.value = value
        self.refusal = refusal  # ("cell", None) | ("rule", RuleError) | ("limit", the parsed text)
        self.repaired = repaired  # the parser repaired the cell (io.read_notes.Repaired)
        self.numeric = numeric  # a number in a code column (io.codes checks its zeros)


class ColumnPass:
    """Reads one mapped column of every block of one table."""

    __slots__ = ("pos", "key", "index", "header", "parse", "col", "max_chars", "pad", "text_only", "plain", "memo",
                 "blank", "noted", "distinct")

    def __init__(self, pos: int, index: int, header: str, parse: Callable[[object], object], col: Column,
                 *, text_only: bool) -> None:  # fmt: skip
        self.pos = pos  # the column's place among the mapped columns (a row's problems keep that order)
        self.key = col.key
        self.index = index  # in the row as read (after the sheet's first column)
        self.header = header  # as written in the file
        self.parse = parse
        self.col = col
        self.max_chars = col.max_chars
        self.pad = col.pad_zeros
        self.text_only = text_only  # a CSV: a code of digits may have lost zeros in a spreadsheet before
        # the column's usual texts, one per line (a text holding a line break never matches it)
        self.plain = re.compile(f"(?:{col.plain})(?:\n(?:{col.plain}))*") if col.plain else None
        # distinct cell → its value (None when blank) or Noted, for the blocks after (up to MEMO_LIMIT)
        self.memo: dict[object, object] = {"": None}
        self.blank: set[object] = {""}  # the keys of blank cells met so far
        self.noted: set[object] = set()  # the keys in memo whose outcome is a Noted
        self.distinct = False  # the last block looked up had no cell twice (學號, 姓名, IDs, phones)

    def cells(self, rows: list[list[object]], shortest: int) -> list[object]:
        """This column's cell of every row; a row too short for it has an empty cell there."""
        j = self.index
        if j < shortest:
            return [row[j] for row in rows]
        return [row[j] if j < len(row) else "" for row in rows]

    def outcome(self, cell: object) -> object:
        """A distinct cell's value, :data:`BLANK`, or a :class:`Noted`."""
        kind = type(cell)
        if kind is str:
            text: str = cell.strip(WHITESPACE)  # type: ignore[attr-defined]
            if not text:
                return BLANK
            if len(text) > MAX_CELL_CHARS or (not text.isprintable() and _CONTROL.search(text)):
                return Noted(text, refusal=("cell", None))
            raw: object = text
        elif cell is None:
            return BLANK
        else:
            raw = cell
        try:
            value = self.parse(raw)
        except RuleError as exc:
            return Noted(raw, refusal=("rule", exc))
        if self.max_chars is not None and type(value) is str and len(value) > self.max_chars:
            return Noted(raw, refusal=("limit", value))
        repaired = type(value) is Repaired
        if repaired:
            value = value.value  # type: ignore[attr-defined]
        numeric = self.pad and (kind is int or kind is float or (self.text_only and isinstance(value, str)
                                                                   and value.isdigit()))
        if repaired or numeric:
            return Noted(raw, value, repaired=repaired, numeric=numeric)
        return value

    def read(self, cells: list[object]) -> tuple[list[object], list[object], set[object], list[tuple[int, Noted]]]:
        """(value of each cell, the lookup key of each cell, the keys of blank cells, the cells that
        need a word as (index in the block, what)). A blank, refused or unreadable cell's value is None."""
        kinds = set(map(type, cells))
        text = kinds == _TEXT
        if text and self.distinct:
            # a column whose cells do not repeat gains nothing from reading each distinct cell once:
            # when all of them are plain, they are read as they stand (the outcome of a cell does not
            # depend on the blocks before it, so the memo has nothing to add)
            plain = self._plain(cells)  # type: ignore[arg-type]  # (text: every cell is a str)
            if plain is not None:
                return plain, cells, set(), []
        # 1, 1.0 and True are equal keys: a number is keyed with its type (a text, a date or a time
        # never equals a cell of another type, and is its own key)
        keys: list[object] = (cells if kinds.isdisjoint(_NUMBERS)
                              else [c if type(c) not in _NUMBERS else (type(c), c) for c in cells])
        distinct = set(keys)
        self.distinct = len(distinct) == len(keys)
        memo = self.memo
        new = list(distinct.difference(memo))
        results = self._plain(new) if text else None  # type: ignore[arg-type]  # (text: every key is a str)
        noted: set[object] = set()
        if results is None:  # some cell is not text, or needs a word: one distinct cell at a time
            outcome = self.outcome
            results = [outcome(k[1] if type(k) is tuple else k) for k in new]
            for i, (key, result) in enumerate(zip(new, results, strict=True)):
                if result is BLANK:
                    self.blank.add(key)
                    results[i] = None
                elif type(result) is Noted:
                    noted.add(key)
        room = MEMO_LIMIT - len(memo)
        if room >= len(new):
            memo.update(zip(new, results, strict=True))
            found = memo
            self.noted.update(noted)
        else:
            found = dict(zip(new, results, strict=True))
            for key in distinct:  # (a set's intersection with a dict walks the whole dict)
                if key in memo:
                    found[key] = memo[key]
            if room > 0:
                memo.update(zip(new[:room], results[:room], strict=True))
                self.noted.update(noted.intersection(new[:room]))
        noted.update(distinct.intersection(self.noted))
        values = list(map(found.__getitem__, keys))
        notes: list[tuple[int, Noted]] = []
        if noted:
            for i, key in enumerate(keys):
                if key in noted:
                    note: Noted = found[key]  # type: ignore[assignment]
                    values[i] = None if note.refusal is not None else note.value
                    notes.append((i, note))
        return values, keys, distinct.intersection(self.blank), notes

    def _plain(self, cells: list[str]) -> list[Any] | None:
        """The values of distinct text cells when none of them needs a word (none blank once
        trimmed, too long, with control characters, refused or repaired, nor a code of digits in a
        CSV), all checked at once; else None."""
        if self.pad and self.text_only:
            return None
        texts = list(map(str.strip, cells, repeat(WHITESPACE)))
        if not texts:
            return texts
        if "" in texts or max(map(len, texts)) > MAX_CELL_CHARS or not "".join(texts).isprintable():
            return None  # (a text that is not printable may hold a control character: see outcome())
        if (self.plain is not None and self.plain.fullmatch("\n".join(texts))) or (
                self.col.plain_check is not None and self.col.plain_check(texts)):
            values: list[Any] = texts  # each its own value (Column.plain, Column.plain_check)
            longest = max(map(len, texts))  # (no text holds a line break: all are printable)
        else:
            try:
                values = list(map(self.parse, texts))
            except RuleError:
                return None
            kinds = set(map(type, values))
            if Repaired in kinds:
                return None
            longest = max((len(v) for v in values if type(v) is str), default=0)
        if self.max_chars is not None and longest > self.max_chars:
            return None
        return values

    def problem(self, file: str, sheet: str, row: int, note: Noted) -> Problem:
        """The problem of a refused cell on Excel row ``row``."""
        assert note.refusal is not None
        why, detail = note.refusal
        if why == "cell":
            return cell_problem(file, sheet, row, self.header, note.raw, personal=self.col.personal)  # type: ignore[arg-type]
        if why == "rule":
            return rule_problem(file, sheet, row, self.header, note.raw, detail, self.col)  # type: ignore[arg-type]
        return limit_problem(file, sheet, row, self.header, detail, self.col)  # type: ignore[arg-type]
