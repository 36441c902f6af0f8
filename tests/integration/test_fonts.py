"""Fonts: discovery of the 全字庫 fonts, per-character choice, refusal of uncovered characters, and the
ToUnicode fix read back from a real PDF with pypdf and pdftotext."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from portfolio_desktop.reports import font_pieces
from portfolio_desktop.reports.font_pieces import CACHE_ENV
from portfolio_desktop.reports.fonts import CNS11643_DIR, UncoveredText, font_set
from portfolio_desktop.reports.pdf import UncoveredCharacters, check_coverage, new_canvas
from portfolio_desktop.reports.text import Pen

EXTB = "王𡘙明"  # U+21619
UNCOVERED = "\U00030000"  # CJK Extension G: in none of the installed fonts

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout.decode()


def test_base_font_first_and_ext_b_for_the_rare_character() -> None:
    fonts = font_set()
    assert fonts.primary.startswith("PD-TW-Sung")
    runs = fonts.runs(EXTB + " A12****789")
    assert [r for _, r in runs] == ["王", "𡘙", "明 A12****789"]
    assert "Ext-B" in runs[1][0] and runs[0][0] == runs[2][0] == fonts.primary


def test_uncovered_character_is_reported_not_drawn_as_a_box() -> None:
    fonts = font_set()
    assert fonts.missing(f"林{UNCOVERED}華{UNCOVERED}") == [UNCOVERED]
    with pytest.raises(UncoveredText) as exc:
        fonts.runs(f"林{UNCOVERED}華")
    assert "U+30000" in exc.value.zh and "U+30000" in exc.value.en


def test_check_coverage_lists_every_student_and_character() -> None:
    fonts = font_set()
    with pytest.raises(UncoveredCharacters) as exc:
        check_coverage(fonts, [("001 甲", ["甲"]), ("002 乙" + UNCOVERED, ["乙" + UNCOVERED, "地址😀"])])
    assert exc.value.gaps == [("002 乙" + UNCOVERED, [UNCOVERED, "😀"])]
    assert "U+1F600" in exc.value.zh and "002" in exc.value.en


def test_extracted_text_holds_the_ext_b_character_exactly(tmp_path: Path) -> None:
    out = tmp_path / "ours.pdf"
    fonts = font_set()
    c = new_canvas(out, fonts, title="t")
    Pen(c, fonts).draw(72, 700, f"姓名：{EXTB}", 14)
    c.showPage()
    c.save()
    assert EXTB in pdftotext(out)
    assert EXTB in PdfReader(out).pages[0].extract_text()


PLAIN = """
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
import sys
pdfmetrics.registerFont(TTFont("plainB", sys.argv[1]))
c = Canvas(sys.argv[2])
c.setFont("plainB", 14)
c.drawString(72, 700, "\U00021619")
c.save()
"""


def test_plain_reportlab_loses_the_character_so_the_fix_is_needed(tmp_path: Path) -> None:
    """Guards the reason for tounicode.py (in a fresh process: reportlab shares one font object per
    face, so in this process the face already carries our fix). If reportlab fixes it, this fails."""
    out = tmp_path / "plain.pdf"
    subprocess.run([sys.executable, "-c", PLAIN, str(CNS11643_DIR / "TW-Sung-Ext-B-98_1.ttf"), str(out)], check=True)
    assert "𡘙" not in pdftotext(out)


LATER = """
import sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from portfolio_desktop.reports.fonts import font_set
fonts = font_set()
assert all(f.cut is None for f in fonts.fonts), "expected the fonts registered whole"
pdfmetrics.registerFont(TTFont("laterB", sys.argv[1]))
c = Canvas(sys.argv[2], initialFontName="laterB")
c.drawString(72, 700, "\U00021619")
c.save()
"""


def test_fonts_that_cannot_be_cut_are_registered_whole_and_a_later_plain_ttfont_is_fixed(tmp_path: Path) -> None:
    """No usable cache folder (here: a file stands where it should be): the fonts are registered whole,
    as before the cut, and a plain TTFont of that face registered later shares our ToUnicode fix."""
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / "later.pdf"
    env = {**os.environ, CACHE_ENV: str(tmp_path / "blocked" / "cache")}
    subprocess.run([sys.executable, "-c", LATER, str(CNS11643_DIR / "TW-Sung-Ext-B-98_1.ttf"), str(out)], check=True,
                   env=env)
    assert "𡘙" in pdftotext(out)


def test_a_cut_piece_with_an_ext_b_glyph_prints_and_reads_back_exactly(tmp_path: Path) -> None:
    """𡘙 comes from a small cached piece of TW-Sung-Ext-B (its own PostScript name, 0600 in a 0700
    folder), embedded, and extracted back byte-exact by pdftotext and pypdf."""
    fonts = font_set()
    runs = fonts.runs(EXTB)
    extb = next(f for f in fonts.fonts if "Ext-B" in f.file.path.name)
    assert extb.cut is not None
    piece = extb.cut.piece(font_pieces.piece_of(ord("𡘙")))
    assert runs[1] == (f"PD-{extb.file.path.stem}-p{font_pieces.piece_of(ord('𡘙'))}", "𡘙")
    assert piece.stat().st_size < extb.file.path.stat().st_size // 20
    assert stat.S_IMODE(piece.stat().st_mode) == 0o600 and stat.S_IMODE(piece.parent.stat().st_mode) == 0o700
    out = tmp_path / "piece.pdf"
    c = new_canvas(out, fonts, title="t")
    Pen(c, fonts).draw(72, 700, f"收件人：{EXTB} 君", 14)
    c.save()
    assert f"{EXTB} 君" in pdftotext(out)
    assert EXTB in PdfReader(out).pages[0].extract_text()
    listing = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True).stdout
    assert "TW-Sung-Ext-B-98_1-p" in listing and "TW-Sung-98_1-p0" in listing


def test_only_our_embedded_fonts_are_used(tmp_path: Path) -> None:
    out = tmp_path / "fonts.pdf"
    fonts = font_set()
    c = new_canvas(out, fonts, title="t")
    Pen(c, fonts).draw(72, 700, EXTB, 12)
    c.save()
    listing = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    for line in listing:
        cols = line.split()
        assert cols[-5] == "yes", line  # emb
        assert "TW-Sung" in cols[0]


from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("王明高雄市岡山區路號樓之，。、（）「」：") + ["𡘙", " ", "A", "b", "1", "-", "Ｂ"])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120), st.floats(min_value=30, max_value=300))
@example("「「「1", 30.0)  # found by Hypothesis: the opening run was carried down with the "1" → 35 wide
@example("王「「AAAA", 30.0)  # the same bug with something before the run: 「「AAAA was 40 wide
def test_wrap_keeps_every_character_and_the_width(text: str, width: float) -> None:
    import io

    fonts = font_set()
    pen = Pen(Canvas(io.BytesIO()), fonts)
    lines = pen.wrap(text, width, 10)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert len(line) <= 1 or fonts.width(line, 10) <= width * 1.05 + 0.01, (line, width)


def _wrap(text: str, width: float) -> list[str]:
    import io

    return Pen(Canvas(io.BytesIO()), font_set()).wrap(text, width, 10)


def test_wrap_moves_an_opening_mark_down_and_hangs_a_closing_mark() -> None:
    """禁則 where the width allows it (10 pt CJK characters are 10 wide)."""
    assert _wrap("王「明", 20) == ["王", "「明"]
    assert _wrap("王明。", 28.6) == ["王明。"]  # hung: 30 is within the 5 % allowance
    assert _wrap("王明。", 28) == ["王明", "。"]  # beyond it: the width wins


def test_wrap_breaks_a_run_of_opening_marks_when_nothing_else_fits() -> None:
    """The width wins over 禁則: no empty line, no line wider than asked, the marks that fit stay
    with what follows them."""
    assert _wrap("「「「1", 30) == ["「「「", "1"]
    assert _wrap("王「「AAAA", 30) == ["王「", "「AAAA"]
    assert _wrap("「「「「「「", 30) == ["「「「", "「「「"]
    assert _wrap("王明「「「「", 30) == ["王明", "「「「", "「"]
