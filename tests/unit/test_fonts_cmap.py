"""The ToUnicode CMap we write instead of reportlab's (pure: no fonts, no files)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.reports.tounicode import to_unicode_cmap, utf16_hex

_ENTRY = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]+)>")


def test_supplementary_code_point_is_a_surrogate_pair() -> None:
    assert utf16_hex(0x21619) == "D845DE19"  # 𡘙
    assert utf16_hex(0x738B) == "738B"  # 王


@given(st.integers(min_value=1, max_value=0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF))
def test_every_destination_decodes_back_to_its_character(code: int) -> None:
    hex_text = utf16_hex(code)
    assert len(hex_text) % 4 == 0
    assert bytes.fromhex(hex_text).decode("utf-16-be") == chr(code)


@given(st.lists(st.integers(min_value=1, max_value=0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF),
                min_size=1, max_size=256))
def test_cmap_maps_each_byte_to_its_code_point_in_blocks_of_at_most_100(codes: list[int]) -> None:
    cmap = to_unicode_cmap("AAAAAA+X", [0, *codes][:256])
    blocks = "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))
    found = {int(src, 16): bytes.fromhex(dst).decode("utf-16-be") for src, dst in _ENTRY.findall(blocks)}
    expected = {i: chr(c) for i, c in enumerate([0, *codes][:256]) if c}
    assert found == expected
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert all(n <= 100 for n in counts) and sum(counts) == len(expected)
    assert "<00> <FF>" in cmap and "<0000>" not in cmap  # .notdef is not mapped to U+0000
