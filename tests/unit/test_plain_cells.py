"""Column.plain: a usual cell the column's pattern matches is its own value (io.column_pass reads a
block of such cells with one match instead of a parse per cell), so the parser must agree."""

from __future__ import annotations

import importlib
import pkgutil
import re

from hypothesis import assume, given, settings, strategies as st
import pytest

import portfolio_desktop.io
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.column_pass import ColumnPass
from portfolio_desktop.io.normalize import WHITESPACE
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import Column, TableSpec


def _every_table() -> list[TableSpec]:
    """Every table an import reads: the TableSpecs of every io module."""
    found: dict[int, TableSpec] = {}
    for info in pkgutil.iter_modules(portfolio_desktop.io.__path__):
        module = importlib.import_module(f"portfolio_desktop.io.{info.name}")
        found.update((id(v), v) for v in vars(module).values() if isinstance(v, TableSpec))
    return list(found.values())


PLAIN = [c for spec in _every_table() for c in spec.columns if c.plain]


def test_the_roster_reads_its_usual_columns_plainly() -> None:
    assert {c.key for c in ROSTER.columns if c.plain} >= {"student_no", "name", "class_code", "phone", "email"}


@pytest.mark.parametrize("col", PLAIN, ids=lambda c: c.key)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_plain_cell_parses_to_itself(col: Column, data: st.DataObject) -> None:
    assert col.plain is not None and col.parse is not None
    text = data.draw(st.from_regex(col.plain, fullmatch=True))
    # what reaches Column.plain: a trimmed, printable text with no line break
    assume(text == text.strip(WHITESPACE) and text and text.isprintable() and "\n" not in text)
    assert col.parse(text) == text


@pytest.mark.parametrize("col", PLAIN, ids=lambda c: c.key)
def test_a_line_break_never_makes_cells_plain(col: Column) -> None:
    """A cell holding a line break between two usual texts is read by the parser, never as two cells."""
    assert col.plain is not None and col.parse is not None
    sample = {"student_no": "A1", "class_code": "301", "phone": "0912345678", "email": "a@b.tw"}.get(col.key, "甲")
    cells = [f"{sample}\n{sample}", sample]
    expected: list[object] = []
    for c in cells:
        try:
            expected.append(col.parse(c))
        except RuleError:
            expected = []
            break
    got = ColumnPass(0, 0, col.header, col.parse, col, text_only=False)._plain(cells)
    assert got is None or got == expected


@pytest.mark.parametrize(
    ("key", "cells"),
    [
        ("student_no", ["a12345", "ＡＢ１２"]),  # small letters and full-width digits are changed, not plain
        ("phone", ["912345678"]),  # the 0 Excel dropped is put back (a repaired value)
        ("email", ["ｓ＠ｅｘ．ｔｗ"]),
        ("name", ["甲" * 61]),  # too long for a name: refused
    ],
)
def test_a_cell_that_is_not_plain_takes_the_parser(key: str, cells: list[str]) -> None:
    col = ROSTER.column(key)
    assert col.plain is not None
    assert not any(re.fullmatch(col.plain, c) for c in cells)


CHECKED = [c for spec in _every_table() for c in spec.columns if c.plain_check]


def test_the_id_columns_are_checked_as_a_column() -> None:
    """Every table's national IDs (the roster's, the central files') are read with one check of the column."""
    ids = [c for spec in _every_table() for c in spec.columns if c.key == "national_id"]
    assert len(ids) >= 2 and all(c.plain_check is not None for c in ids)
    assert {c.key for c in CHECKED} == {"national_id"}


@pytest.mark.parametrize("col", CHECKED, ids=lambda c: c.key)
@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.one_of(st.from_regex(r"[A-Z][12A-D89][0-9]{8}", fullmatch=True),
                                st.text(alphabet="AZa12D89０ 0123456789", min_size=1, max_size=11)), max_size=12))
def test_a_column_its_check_passes_parses_to_itself(col: Column, texts: list[str]) -> None:
    """What Column.plain_check passes is each its own value; what the parser takes unchanged, and
    only that, passes (a column with one cell the parser changes or refuses goes to the parser)."""
    assert col.plain_check is not None and col.parse is not None
    texts = [t for t in texts if t == t.strip(WHITESPACE) and t and t.isprintable()]
    unchanged = []
    for text in texts:
        try:
            unchanged.append(col.parse(text) == text)
        except RuleError:
            unchanged.append(False)
    assert col.plain_check(texts) == all(unchanged)
