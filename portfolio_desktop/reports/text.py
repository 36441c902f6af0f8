"""Drawing and wrapping mixed-font text on a reportlab canvas (font chosen per character).

Line breaking follows the usual rules for Chinese text: a line may break between any two CJK
characters, runs of Latin letters/digits stay together, and closing punctuation (，。、）」 …) never
starts a line nor opening punctuation ends one (禁則).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from portfolio_desktop.reports.fonts import FontSet

_NO_START = set("，。、；：！？）」』】〕》〉,.;:!?)]}%…‧·—ー")
_NO_END = set("（「『【〔《〈([{")


@dataclass
class Pen:
    """Draws text in one :class:`FontSet` on one canvas."""

    canvas: Canvas
    fonts: FontSet

    def width(self, text: str, size: float) -> float:
        return self.fonts.width(text, size)

    def draw(self, x: float, y: float, text: str, size: float, *, align: str = "left") -> float:
        """Draw one line with its baseline at *y*; returns its width. ``align``: left/right/center."""
        if not text:
            return 0.0
        runs = self.fonts.runs(text)
        if align != "left":
            w = sum(self._run_width(run, font, size) for font, run in runs)
            x = x - w if align == "right" else x - w / 2
        t = self.canvas.beginText(x, y)
        for font, run in runs:
            t.setFont(font, size)
            t.textOut(run)
        self.canvas.drawText(t)
        return t.getX() - x

    @staticmethod
    def _run_width(run: str, font: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(run, font, size)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Break *text* into lines no wider than *width* (a single over-long token is cut)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(self._wrap_one(paragraph, width, size))
        return lines

    def _wrap_one(self, text: str, width: float, size: float) -> list[str]:
        if not text:
            return [""]
        tokens = _tokens(text)
        lines: list[str] = []
        line, line_w = "", 0.0
        for tok in tokens:
            w = self.width(tok, size)
            if line and line_w + w > width and not tok.isspace():
                # 禁則: pull a closing mark back onto this line, push an opening mark down.
                if tok[0] in _NO_START and line_w + w <= width * 1.05:
                    line, line_w = line + tok, line_w + w
                    continue
                carry = ""
                while line and line[-1] in _NO_END:
                    carry, line = line[-1] + carry, line[:-1]
                lines.append(line.rstrip())
                line = carry.lstrip()
                line_w = self.width(line, size) if line else 0.0
            if not line and tok.isspace() and lines:  # no blank at the start of a wrapped line
                continue
            if w > width:  # a token longer than a line: cut it by characters
                for ch in tok:
                    cw = self.width(ch, size)
                    if line and line_w + cw > width:
                        lines.append(line)
                        line, line_w = "", 0.0
                    line, line_w = line + ch, line_w + cw
                continue
            line, line_w = line + tok, line_w + w
        if line or not lines:
            lines.append(line.rstrip())
        return lines


def _tokens(text: str) -> list[str]:
    """Latin words / digit groups and spaces as one token each; every other character alone."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-_./@*#'&+"):
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out
