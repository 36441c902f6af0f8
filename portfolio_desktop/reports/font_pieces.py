"""The 全字庫 fonts cut into small pieces, cached, so that a print job reads only the glyphs it uses.

TW-Sung (35 MB), TW-Sung-Ext-B (67 MB) and TW-Sung-Plus (29 MB) are whole-plane fonts: reportlab
reads and parses a TrueType file whole when it is registered, which costs about half a second and
300 MB for the three, whatever a notice prints. So each font is cut once, with fontTools, into:

- piece ``0``: Latin, punctuation, the common symbols, 注音, the 5,401 常用字 of Big5 level 1 and the
  full-width forms (``_COMMON_BLOCKS``) — what nearly every line of a letter uses, about half the
  glyphs below U+3400 that TW-Sung has (reportlab parses a piece's tables in time with its glyphs);
- one piece per 1,024 code points for the rest (e.g. the block of 𡘙 U+21619 in Ext-B).

Each piece is a real TrueType subset of the font (same outlines, same metrics) whose PostScript name
carries the piece (``TW-Sung-98_1-p0``): reportlab keeps one font object per face name, so pieces
must not share one. A piece is written the first time a character of it is drawn and kept in the
user's cache folder (``PORTFOLIO_CACHE_DIR`` or the per-user cache dir; 0700, files 0600 through
io/private.py), next to a coverage map of the font (a bitmap of its code points), all keyed by the
font file's path, size and modification time. A font that cannot be cut (fontTools missing, an
unwritable cache) is registered whole as before: slower, same result.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from portfolio_desktop.io.private import create_private_file, private_dir

CACHE_ENV = "PORTFOLIO_CACHE_DIR"
FORMAT = "2"  # change when the cut changes: old pieces are then ignored
BLOCK_BITS = 10  # 1,024 code points a piece
_PLANE_BITS = 0x110000


def cache_root() -> Path:
    """The cache folder (created 0700): ``PORTFOLIO_CACHE_DIR`` or the per-user cache dir."""
    value = os.environ.get(CACHE_ENV)
    if value:
        return private_dir(Path(value).expanduser())
    from platformdirs import user_cache_dir

    from portfolio_desktop.config import APP_AUTHOR, APP_NAME

    return private_dir(Path(user_cache_dir(APP_NAME, APP_AUTHOR)))


def _common() -> frozenset[int]:
    """Big5 level 1 (常用字, A440–C67E): decoded from Python's own cp950 codec."""
    chars: set[int] = set()
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(ord(bytes((lead, trail)).decode("cp950")))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


_COMMON: frozenset[int] | None = None


# The blocks of the common piece besides the 常用字: what a letter's text, an address and a table use.
_COMMON_BLOCKS = (
    (0x0000, 0x024F),  # Latin: ASCII, Latin-1, Latin Extended-A and -B
    (0x02B0, 0x02FF),  # spacing modifier letters (the 注音 tone marks ˊ ˇ ˋ ˙)
    (0x2000, 0x22FF),  # punctuation (— … ‧ ※), letterlike (℃ №), number forms (Ⅰ), arrows, math (≤ −)
    (0x2460, 0x27BF),  # enclosed ①, box drawing, shapes (□ ○), symbols (☐ ☎), dingbats (✂ ✓)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。「」【】)
    (0x3100, 0x312F),  # 注音
    (0xFE30, 0xFE6F),  # CJK compatibility and small form variants (﹐ ﹔), as Big5 text carries them
    (0xFF00, 0xFFEF),  # full-width forms (（），：)
)


def piece_of(code: int) -> int:
    """0 for the common piece, else 1 + the code point's 1,024-block."""
    global _COMMON
    for first, last in _COMMON_BLOCKS:
        if code < first:
            break
        if code <= last:
            return 0
    if _COMMON is None:
        _COMMON = _common()
    return 0 if code in _COMMON else 1 + (code >> BLOCK_BITS)


@dataclass
class CutFont:
    """One font file, its coverage map, and the pieces cut so far (piece → file)."""

    source: Path
    subfont: int
    folder: Path
    coverage: bytes  # bit i set: the font has a real glyph for U+i
    pieces: dict[int, Path] = field(default_factory=dict)

    def has(self, code: int) -> bool:
        return 0 <= code < _PLANE_BITS and bool(self.coverage[code >> 3] & (1 << (code & 7)))

    def __contains__(self, code: object) -> bool:  # a Container[int], as a font's set of codes
        return isinstance(code, int) and self.has(code)

    def codes(self) -> list[int]:
        """Every code point the font has, in order."""
        out: list[int] = []
        for index, byte in enumerate(self.coverage):
            if byte:
                out.extend((index << 3) | bit for bit in range(8) if byte & (1 << bit))
        return out

    def piece(self, number: int) -> Path:
        """The piece's file, cut now when it is not in the cache yet."""
        path = self.pieces.get(number)
        if path is None:
            path = self.folder / f"p{number}.ttf"
            if not path.is_file():
                codes = [c for c in self.codes() if piece_of(c) == number] if number == 0 \
                    else [c for c in range((number - 1) << BLOCK_BITS, number << BLOCK_BITS) if self.has(c)]
                _write_atomically(path, _cut(self.source, self.subfont, codes, f"p{number}"))
            self.pieces[number] = path
        return path


def _key(source: Path, subfont: int) -> str:
    stat = source.stat()
    text = f"{FORMAT}|{source.resolve()}|{subfont}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def open_cut(source: Path, subfont: int = 0) -> CutFont:
    """The cut of ``source`` from the cache (its coverage map made now on first use).

    Raises ImportError (no fontTools) or OSError (no usable cache) for the caller to fall back on.
    """
    folder = private_dir(cache_root() / "fonts" / f"{source.stem}-{_key(source, subfont)}")
    cover = folder / "coverage.bin"
    if cover.is_file() and cover.stat().st_size == _PLANE_BITS // 8:
        coverage = cover.read_bytes()
    else:
        coverage = _coverage(source, subfont)
        _write_atomically(cover, coverage)
    return CutFont(source, subfont, folder, coverage)


@contextmanager
def _quiet() -> Iterator[None]:
    """fontTools' notes on odd tables ("FFTM NOT subset", a short post table): nothing a user can act on."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _open_font(source: Path, subfont: int):  # type: ignore[no-untyped-def]  # fontTools is untyped
    from fontTools.ttLib import TTFont

    return TTFont(str(source), fontNumber=subfont, lazy=True)


def _coverage(source: Path, subfont: int) -> bytes:
    with _quiet():
        font = _open_font(source, subfont)
        try:
            bits = bytearray(_PLANE_BITS // 8)
            for code, glyph in (font["cmap"].getBestCmap() or {}).items():
                if glyph != ".notdef" and 0 <= code < _PLANE_BITS:
                    bits[code >> 3] |= 1 << (code & 7)
            return bytes(bits)
        finally:
            font.close()


def _cut(source: Path, subfont: int, codes: list[int], suffix: str) -> bytes:
    """A TrueType subset of ``source`` holding ``codes`` (outlines and metrics unchanged), named apart."""
    import io

    from fontTools import subset

    with _quiet():
        font = _open_font(source, subfont)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        for record in font["name"].names:
            if record.nameID == 6:  # the PostScript name, which reportlab keys its fonts by
                record.string = f"{record.toUnicode()}-{suffix}"
        out = io.BytesIO()
        font.save(out)
        font.close()
        return out.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file 0600 (io/private.py) under a temporary name, then rename it into place, so a
    second process never reads half a piece."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        create_private_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
