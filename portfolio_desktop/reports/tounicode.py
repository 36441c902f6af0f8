"""A correct ToUnicode CMap for reportlab's TrueType subsets, including characters above U+FFFF.

Why: reportlab 5.1 (``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``) writes each destination as
``"<%04X>" % code``. For a code point above U+FFFF, e.g. 𡘙 (U+21619), that gives ``<21619>``: an
odd-length hex string that PDF readers reject, so text extraction, search and copy-paste lose every
CJK Extension B character of a name. The PDF specification (ISO 32000-1 §9.10.3) wants the
destination in UTF-16BE, i.e. the surrogate pair ``<D845DE19>``. It also allows at most 100 entries
per ``beginbfchar`` block, which reportlab exceeds with its 256-entry subsets.

How (scoped to our fonts, nothing global is patched): :class:`SurrogateSafeTTFont` is the ``TTFont``
subclass that :mod:`portfolio_desktop.reports.fonts` registers. Its :meth:`addObjects` lets reportlab
build the subset objects as usual and then replaces the content of each subset's ToUnicode stream
(the stream reportlab registered under ``"toUnicodeCMap:" + baseFontName``) with
:func:`to_unicode_cmap`. Other code in the same process that registers plain ``TTFont`` objects is
not affected — except that reportlab hands every later registration of the *same face* the first
font object of that face, so such text gets the correct map too (and :mod:`.fonts` upgrades a plain
``TTFont`` of our face registered before us). ``tests/integration/test_fonts.py`` checks the result
with pypdf and pdftotext, and that plain reportlab (in a fresh process) still gets it wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

_BFCHAR_LIMIT = 100  # entries per beginbfchar block (PDF CMap limit)


def utf16_hex(code: int) -> str:
    """The UTF-16BE hex of one code point: U+738B → "738B"; U+21619 → "D845DE19"."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap for one single-byte subset: byte ``i`` shows ``subset[i]``.

    Entries for code 0 (.notdef, and the unused fill of reportlab's first subset) are left out,
    so extraction does not produce NUL characters.
    """
    entries = [f"<{i:02X}> <{utf16_hex(v)}>" for i, v in enumerate(subset) if v]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), _BFCHAR_LIMIT):
        block = entries[start : start + _BFCHAR_LIMIT]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class SurrogateSafeTTFont(TTFont):  # type: ignore[misc]  # reportlab ships no type information
    """A ``TTFont`` whose ToUnicode CMaps are correct for every code point (see the module doc)."""

    def _base_font_name(self, n: int) -> str:
        # Same expression as reportlab's TTFont.addObjects, so we find the stream it registered.
        face = self.face
        return (b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))).decode("pdfdoc")

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = self._base_font_name(n)
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is None:  # pragma: no cover - reportlab changed how it names the stream
                raise RuntimeError(f"reportlab did not register a ToUnicode stream for {base}")
            stream.content = to_unicode_cmap(base, subset)
