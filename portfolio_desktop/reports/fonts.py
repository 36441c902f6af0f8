"""Find the TrueType fonts that can print the notices, register them once, and pick a font per character.

reportlab embeds TrueType outlines only (ARCHITECTURE.md "Fonts"), and no single font covers every
name: the 全字庫 TW-Sung covers the BMP, TW-Sung-Ext-B the CJK Extension B plane (𡘙 U+21619), and
TW-Sung-Plus further planes. So text is split into runs, each drawn in the first font (in the order
below) whose cmap has the character. A character no font has is an error, never a blank box:
:meth:`FontSet.missing` lets the caller refuse before printing.

Where fonts come from, in this order:
1. ``resources/fonts/`` of the app (a school may ship its own .ttf/.ttc there; see README set-up);
2. the directory in the environment variable ``PORTFOLIO_FONT_DIR`` (if set);
3. the 全字庫 fonts of Debian's ``fonts-cns11643-sung`` (``/usr/share/fonts/truetype/cns11643/``);
4. Windows' PMingLiU / PMingLiU-ExtB (``%WINDIR%\\Fonts\\mingliu.ttc``, ``mingliub.ttc``).
Base fonts (covering ordinary text) come before extension fonts (Ext-B, Plus), so the BMP is drawn
in one consistent typeface. OpenType fonts with CFF outlines (.otf) cannot be embedded by reportlab
and are skipped.

Each font is registered in pieces (reports/font_pieces.py): the common piece of the first base font
is the primary font, and a piece is read only when a character of it is drawn, so a notice reads a
few megabytes of glyphs instead of three whole-plane fonts.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from portfolio_desktop.config import resources_dir
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.reports import font_pieces
from portfolio_desktop.reports.tounicode import SurrogateSafeTTFont

FONT_DIR_ENV = "PORTFOLIO_FONT_DIR"
CNS11643_DIR = Path("/usr/share/fonts/truetype/cns11643")
CNS11643_FILES = ("TW-Sung-98_1.ttf", "TW-Sung-Ext-B-98_1.ttf", "TW-Sung-Plus-98_1.ttf")
# Windows: file → subfont index of the proportional face (PMingLiU is face 1 of mingliu.ttc).
WINDOWS_FILES = (("mingliu.ttc", 1), ("mingliub.ttc", 1))
_EXTENSION = re.compile(r"ext-?b|plus|hkscs-?extb", re.IGNORECASE)


class NoFonts(PortfolioError):
    def __init__(self) -> None:
        super().__init__(
            "找不到可嵌入的中文 TrueType 字型（全字庫正宋體 TW-Sung 或 新細明體）。請安裝 fonts-cns11643-sung，"
            "或把 TW-Sung*.ttf 放入程式的 resources/fonts 資料夾（見 README 安裝說明）。",
            "No embeddable Chinese TrueType font found (TW-Sung or PMingLiU). Install fonts-cns11643-sung "
            "or copy TW-Sung*.ttf into the app's resources/fonts folder (see the README set-up).",
        )


@dataclass(frozen=True)
class FontFile:
    """One candidate font face on disk."""

    path: Path
    subfont: int
    source: str  # "resources" | "env" | "system" | "windows"

    @property
    def extension(self) -> bool:
        """An extension-plane font (Ext-B, Plus): used only for what the base fonts lack."""
        return bool(_EXTENSION.search(self.path.stem))


@dataclass(frozen=True)
class RegisteredFont:
    name: str  # the name registered with reportlab's pdfmetrics (of its common piece, when cut)
    file: FontFile
    codes: Container[int]  # code points with a real glyph (not .notdef)
    cut: font_pieces.CutFont | None = None  # None: registered whole

    def name_for(self, code: int) -> str:
        """The registered font that draws ``code`` (one of ``codes``): its piece, registered now if new."""
        if self.cut is None:
            return self.name
        number = font_pieces.piece_of(code)
        return self.name if number == 0 else _register_piece(self.cut, number)


_WIDTHS_KEPT = 50_000


@dataclass
class FontSet:
    """The registered fonts in order of preference, and the per-character choice between them."""

    fonts: tuple[RegisteredFont, ...]
    _choice: dict[str, str | None] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # widths already measured: wrapping a batch measures the same letter text for every notice
    _widths: dict[tuple[str, float], float] = field(default_factory=dict, repr=False)

    @property
    def primary(self) -> str:
        return self.fonts[0].name

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fonts]

    def font_for(self, ch: str) -> str | None:
        """The first font that has a glyph for *ch*, or None."""
        try:
            return self._choice[ch]
        except KeyError:
            pass
        code = ord(ch)
        if code == 0xA0:  # reportlab draws NBSP as a space
            code = 0x20
        chosen = next((f.name_for(code) for f in self.fonts if code in f.codes), None)
        with self._lock:
            self._choice[ch] = chosen
        return chosen

    def missing(self, text: str) -> list[str]:
        """Characters of *text* that no font covers, each once, in order of appearance."""
        seen: dict[str, None] = {}
        for ch in text:
            if ch not in seen and self.font_for(ch) is None:
                seen[ch] = None
        return list(seen)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split *text* into (font name, run) pieces. Raises :class:`UncoveredText` for a gap."""
        result: list[tuple[str, str]] = []
        current: str | None = None
        start = 0
        choice = self._choice
        for i, ch in enumerate(text):
            font = choice[ch] if ch in choice else self.font_for(ch)
            if font is None:
                raise UncoveredText(text, self.missing(text))
            if font != current:
                if current is not None:
                    result.append((current, text[start:i]))
                current, start = font, i
        if current is not None:
            result.append((current, text[start:]))
        return result

    def width(self, text: str, size: float) -> float:
        """Width in points of *text* drawn at *size*, each run in its own font."""
        key = (text, size)
        found = self._widths.get(key)
        if found is None:
            found = sum(float(pdfmetrics.stringWidth(run, font, size)) for font, run in self.runs(text))
            if len(self._widths) < _WIDTHS_KEPT:
                self._widths[key] = found
        return found


class UncoveredText(PortfolioError):
    """A piece of text has characters that no registered font can draw."""

    def __init__(self, text: str, chars: Iterable[str]) -> None:
        self.text = text
        self.chars = list(chars)
        listed = "、".join(describe_char(c) for c in self.chars)
        super().__init__(
            f"「{text}」中的字 {listed} 沒有任何已安裝的字型可以印出",
            f"no installed font has a glyph for {listed} in '{text}'",
        )


def describe_char(ch: str) -> str:
    """「𡘙」(U+21619) as shown in messages."""
    return f"「{ch}」(U+{ord(ch):04X})"


def discover(extra_dirs: Iterable[Path] = ()) -> list[FontFile]:
    """Candidate font faces, base fonts first, each group in the source order of the module doc."""
    found: list[FontFile] = []

    def scan(folder: Path, source: str) -> None:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in (".ttf", ".ttc"):
                    found.append(FontFile(path, 0, source))

    scan(resources_dir() / "fonts", "resources")
    for folder in extra_dirs:
        scan(Path(folder), "env")
    env = os.environ.get(FONT_DIR_ENV)
    if env:
        for part in env.split(os.pathsep):
            if part:
                scan(Path(part), "env")
    for name in CNS11643_FILES:
        if (CNS11643_DIR / name).is_file():
            found.append(FontFile(CNS11643_DIR / name, 0, "system"))
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        for name, index in WINDOWS_FILES:
            path = Path(windir) / "Fonts" / name
            if path.is_file():
                found.append(FontFile(path, index, "windows"))
    unique: dict[tuple[str, int], FontFile] = {}
    for f in found:
        unique.setdefault((f.path.name.lower(), f.subfont), f)
    return sorted(unique.values(), key=lambda f: f.extension)  # stable: keeps the source order


_registered: dict[tuple[str, int], RegisteredFont] = {}
_pieces: dict[tuple[Path, int], str] = {}
_sets: dict[tuple[Path, ...], FontSet] = {}
_lock = threading.Lock()
_piece_lock = threading.RLock()


def _register_ttf(path: str, subfont: int = 0) -> tuple[str, SurrogateSafeTTFont] | None:
    """Register one TrueType file with reportlab under ``PD-<its PostScript name>``."""
    try:
        ttf = SurrogateSafeTTFont(f"_pending_{len(_registered)}_{len(_pieces)}", path, subfontIndex=subfont)
    except (TTFError, OSError, ValueError):
        return None  # CFF outlines, a font that forbids embedding, or an unreadable file
    face_name = ttf.face.name.decode("latin-1", "replace")
    name = f"PD-{face_name}"
    taken = {r.name for r in _registered.values()} | set(_pieces.values())
    if name in taken:  # two files with the same face name
        name = f"{name}-{len(_registered)}"
    ttf.fontName = name
    pdfmetrics.registerFont(ttf)
    # reportlab maps every name registered for an already-known face to the FIRST font object of that
    # face. If other code registered this face as a plain TTFont before us, give that object our
    # ToUnicode fix too (same face, same glyphs), so text drawn with it stays extractable.
    actual = pdfmetrics.getFont(name)
    if not isinstance(actual, SurrogateSafeTTFont) and isinstance(actual, TTFont):
        actual.__class__ = SurrogateSafeTTFont
    return name, ttf


def _register_piece(cut: font_pieces.CutFont, number: int) -> str:
    key = (cut.folder, number)
    with _piece_lock:
        if key not in _pieces:
            registered = _register_ttf(str(cut.piece(number)))
            if registered is None:
                raise NoFonts()
            _pieces[key] = registered[0]
        return _pieces[key]


def _register(file: FontFile) -> RegisteredFont | None:
    key = (str(file.path.resolve()), file.subfont)
    if key in _registered:
        return _registered[key]
    try:
        cut: font_pieces.CutFont | None = font_pieces.open_cut(file.path, file.subfont)
    except Exception:  # noqa: BLE001 - no fontTools, no cache folder, a font fontTools cannot read: whole
        cut = None
    if cut is not None:
        try:
            name = _register_piece(cut, 0)
        except Exception:  # noqa: BLE001 - the piece could not be cut or read: register the font whole
            cut = None
        else:
            result = _registered[key] = RegisteredFont(name, file, cut, cut)
            return result
    registered = _register_ttf(str(file.path), file.subfont)
    if registered is None:
        return None
    name, ttf = registered
    codes = frozenset(code for code, glyph in ttf.face.charToGlyph.items() if glyph)
    result = _registered[key] = RegisteredFont(name, file, codes)
    return result


def font_set(extra_dirs: Iterable[Path] = ()) -> FontSet:
    """The fonts available on this machine, registered with reportlab once per process.

    Raises :class:`NoFonts` when there is no usable base font at all.
    """
    extra = tuple(Path(p).resolve() for p in extra_dirs)
    env = os.environ.get(FONT_DIR_ENV, "")
    cache_key = extra + (Path(env),)
    with _lock:
        if cache_key in _sets:
            return _sets[cache_key]
        fonts = [r for r in (_register(f) for f in discover(extra)) if r is not None]
        if not fonts or fonts[0].file.extension:
            raise NoFonts()
        result = _sets[cache_key] = FontSet(tuple(fonts))
        return result
