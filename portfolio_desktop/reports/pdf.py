"""A reportlab canvas set up the way every document of ours needs it, and the font coverage check.

- Only our embedded TrueType fonts appear in the file: the canvas starts in our primary font, so
  reportlab does not add its default (non-embedded) Helvetica.
- The document information (title, author, subject, keywords, creator) is fixed, batch-level text:
  no student's name, number or ID is ever put into the metadata.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.reports.fonts import FontSet, describe_char

APP = "portfolio-desktop"


def new_canvas(out: Path | str | BinaryIO, fonts: FontSet, *, title: str, subject: str = "") -> Canvas:
    target = str(out) if isinstance(out, Path) else out
    c = Canvas(target, pagesize=A4, initialFontName=fonts.primary, initialFontSize=10, pageCompression=1)
    c.setTitle(title)
    c.setSubject(subject or title)
    c.setAuthor(APP)
    c.setCreator(APP)
    c.setKeywords("")
    return c


class UncoveredCharacters(PortfolioError):
    """Some students' data holds characters that no font can print; nothing was printed."""

    def __init__(self, gaps: list[tuple[str, list[str]]]) -> None:
        self.gaps = gaps  # (student label, characters)
        lines = [f"{who}：{'、'.join(describe_char(c) for c in chars)}" for who, chars in gaps]
        listing = "\n".join(lines)
        super().__init__(
            f"有 {len(gaps)} 位學生的資料含有字型無法印出的字，未列印任何通知。請安裝涵蓋這些字的字型"
            f"（例如全字庫 TW-Sung-Ext-B / TW-Sung-Plus）或更正資料：\n{listing}",
            f"{len(gaps)} student(s) have characters that no installed font can print; nothing was printed. "
            f"Install a font covering them (e.g. TW-Sung-Ext-B / TW-Sung-Plus) or correct the data:\n{listing}",
        )


def check_coverage(fonts: FontSet, people: Iterable[tuple[str, Iterable[str]]]) -> None:
    """Refuse (before anything is drawn) when a character of anyone's text has no glyph.

    ``people``: (label such as "0001234 王𡘙明", the texts that will be printed for them).
    """
    gaps: list[tuple[str, list[str]]] = []
    for label, texts in people:
        missing: dict[str, None] = {}
        for text in texts:
            for ch in fonts.missing(text.replace("\n", " ")):
                missing[ch] = None
        if missing:
            gaps.append((label, list(missing)))
    if gaps:
        raise UncoveredCharacters(gaps)
