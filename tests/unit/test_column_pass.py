"""io.column_pass reads a block of cells by its distinct cells, or, in a column whose cells do not
repeat, all at once: either way each cell must come out as reading it alone would (ColumnPass.outcome)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st
import pytest

from portfolio_desktop.io.column_pass import BLANK, ColumnPass, Noted
from portfolio_desktop.io.roster_spec import ROSTER

_VALID_IDS = ["A123456789", "F131104093", "FA12345689", "A800000014", "Y200000002"]
_CELLS = {
    "student_no": st.one_of(st.from_regex(r"[0-9]{6}", fullmatch=True), st.sampled_from(["a12345", " 0012 ", "", "  "]),
                            st.integers(1, 999_999), st.floats(1, 1e6), st.booleans()),
    "national_id": st.one_of(st.sampled_from(_VALID_IDS), st.sampled_from(["A123456788", "a123456789", "Ａ123456789",
                                                                           " A123456789", "", "A12345"])),
    "name": st.one_of(st.text(alphabet="王小明𡘙李", min_size=1, max_size=4), st.sampled_from(["", " ", "甲" * 61, "乙\x07"])),
    "seat_no": st.one_of(st.integers(0, 120), st.sampled_from([1.0, 2.5, True, "3", " 4 ", "x", None])),
    "birth_date": st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2015, 12, 31)), st.sampled_from(["97/04/25", "", None,
                                                                                                   "2099-01-01"])),
}


def _alone(p: ColumnPass, cell: object) -> tuple[object, bool, tuple[str, object] | None]:
    """(value, blank, (refusal kind, the value a note keeps)) of ``cell`` read alone."""
    outcome = p.outcome(cell)
    if outcome is BLANK:
        return None, True, None
    if type(outcome) is Noted:
        kind = outcome.refusal[0] if outcome.refusal is not None else "note"
        return (None if outcome.refusal is not None else outcome.value), False, (kind, outcome.value)
    return outcome, False, None


@pytest.mark.parametrize("key", sorted(_CELLS))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_cell_of_every_block_reads_as_it_would_alone(key: str, data: st.DataObject) -> None:
    col = ROSTER.column(key)
    assert col.parse is not None
    p = ColumnPass(0, 0, col.header, col.parse, col, text_only=False)
    lone = ColumnPass(0, 0, col.header, col.parse, col, text_only=False)
    # the first block may be one of distinct plain cells, so that later blocks are tried all at once
    first = data.draw(st.lists(st.from_regex(r"[0-9]{6}", fullmatch=True), unique=True, max_size=5)) \
        if key == "student_no" else []
    blocks = [first, *data.draw(st.lists(st.lists(_CELLS[key], min_size=1, max_size=12), min_size=1, max_size=4))]
    for block in blocks:
        if not block:
            continue
        values, keys, blank, notes = p.read(list(block))
        noted = {i: (n.refusal[0] if n.refusal is not None else "note", n.value) for i, n in notes}
        for i, cell in enumerate(block):
            value, is_blank, note = _alone(lone, cell)
            assert values[i] == value and type(values[i]) is type(value), (cell, values[i], value)
            assert (keys[i] in blank) == is_blank, cell
            assert noted.get(i) == note, cell


def test_a_column_of_distinct_cells_is_read_all_at_once_until_a_cell_repeats_or_needs_a_word() -> None:
    col = ROSTER.column("student_no")
    assert col.parse is not None
    p = ColumnPass(0, 0, col.header, col.parse, col, text_only=False)
    p.read(["000001", "000002"])
    assert p.distinct  # the next block is tried all at once
    values, _keys, _blank, notes = p.read(["000003", "a4", "000003", 5])
    assert values == ["000003", "A4", "000003", "5"] and [i for i, _ in notes] == [3]  # a number: its zeros checked
    assert not p.distinct and "000003" in p.memo  # looked up cell by cell (the memo holds them)
