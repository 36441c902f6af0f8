"""Reading a PDF back for layout checks: words with their boxes in mm (poppler's ``pdftotext -bbox``),
page texts, and a page rendered to a grey image (``pdftoppm``)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def words_by_page(pdf: Path) -> list[list[Word]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    html = html.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return [[Word(*(float(v) / MM for v in m[:4]), m[4]) for m in _WORD.findall(page)] for page in _PAGE.findall(html)]


def pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    """The text without blanks and line breaks (pdftotext breaks lines where the layout does)."""
    return re.sub(r"\s+", "", text)


def render_grey(pdf: Path, page: int, dpi: int, out_stem: Path) -> Path:
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out_stem)], check=True)  # fmt: skip
    return out_stem.with_suffix(".pgm")


def save_png(pdf: Path, page: int, target: Path, dpi: int = 100) -> Path:
    """A page as PNG (for looking at it): ``target`` without suffix."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(target)], check=True)  # fmt: skip
    return target.with_suffix(".png")
