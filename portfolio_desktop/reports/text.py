"""Drawing and wrapping mixed-font text on a reportlab canvas (font chosen per character).

Line breaking follows the usual rules for Chinese text: a line may break between any two CJK
characters, runs of Latin letters/digits stay together, and closing punctuation (，。、）」 …) should
not start a line nor opening punctuation (（「『 …) end one (禁則).

When 禁則 and the width conflict, the width wins (a line is never wider than asked, apart from the
small hanging allowance below):

* a closing mark that does not fit is still hung on the line if the line then stays within 105 % of
  the width; otherwise it starts the next line;
* the opening marks that end a line move down with the next token only as far as they fit beside it
  on the next line, and only from a line that keeps something else (moving them off a line of
  nothing but opening marks gains nothing: that line would still end with one). So 「「「1 at a width
  of three CJK characters breaks as 「「「 / 1 (not as an empty line followed by a line wider than
  asked) and 王「「AAAA as 王「 / 「AAAA;
* a single token wider than a line (a long Latin word) is cut between characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from portfolio_desktop.reports.fonts import FontSet

_NO_START = set("，。、；：！？）」』】〕》〉,.;:!?)]}%…‧·—ー")
_NO_END = set("（「『【〔《〈([{")
_NO_END_CHARS = "".join(sorted(_NO_END))


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
        return float(t.getX()) - x

    @staticmethod
    def _run_width(run: str, font: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(run, font, size))

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Break *text* into lines no wider than *width* (a single over-long token is cut)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(self._wrap_one(paragraph, width, size))
        return lines

    def _wrap_one(self, text: str, width: float, size: float) -> list[str]:
        if not text:
            return [""]
        lines: list[str] = []
        line, line_w = "", 0.0
        for tok in _tokens(text):
            w = self.width(tok, size)
            if line and not line.strip() and line_w + w > width:
                line, line_w = "", 0.0  # leading blanks that leave no room: dropped, not a blank line
            if line and line_w + w > width and not tok.isspace():
                # 禁則: hang a closing mark on this line if it nearly fits (the 5 % allowance) ...
                if tok[0] in _NO_START and line_w + w <= width * 1.05:
                    line, line_w = line + tok, line_w + w
                    continue
                # ... and move the opening marks that end this line down with the token, if they fit.
                head = w if w <= width else self.width(tok[0], size)
                line, carry = self._split_opening(line, width - head, size)
                lines.append(line.rstrip())
                line = carry
                line_w = self.width(line, size) if line else 0.0
            if not line and tok.isspace() and lines:  # no blank at the start of a wrapped line
                continue
            if w > width:  # a token longer than a line: cut it by characters
                for ch in tok:
                    cw = self.width(ch, size)
                    if line and line_w + cw > width:
                        if line.strip():
                            lines.append(line.rstrip())
                        line, line_w = "", 0.0
                    line, line_w = line + ch, line_w + cw
                continue
            line, line_w = line + tok, line_w + w
        if line or not lines:
            lines.append(line.rstrip())
        return lines

    def _split_opening(self, line: str, room: float, size: float) -> tuple[str, str]:
        """Split *line* into (what stays, the opening marks that move to the next line).

        The moved part is the longest run of the trailing opening marks no wider than *room* (what
        the next line has left beside the token that follows). Nothing moves from a line that holds
        only opening marks and blanks: the line breaks after them (the width wins over 禁則).
        """
        stem = line.rstrip(_NO_END_CHARS)
        if not stem.strip():
            return line, ""
        for k in range(len(line) - len(stem), 0, -1):
            carry = line[-k:]
            if self.width(carry, size) <= room:
                return line[:-k], carry
        return line, ""


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
