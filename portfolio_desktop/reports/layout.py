"""Paper layout rules for every printed document, in millimetres, kept in one place.

Where the numbers come from:

* Chunghwa Post (中華郵政) guidance for addresses that its sorting machines read (信封書寫及郵遞區號
  書寫說明 / 大宗函件交寄須知): the address sits in a clear area of the window with a margin all round, the
  characters at least 4 mm high, postal-code digits written separately (at least 0.6 mm apart), and the
  postal-code line apart from the address (at least 2 mm). These are minimums; the constants below
  keep a margin above them (:data:`ADDRESS_SIZE_PT` prints ideographs 4.6 mm high with TW-Sung).
* Envelope sizes: DL 110×220 mm (ISO 269; the 中華郵政 standard western envelope, 標準西式信封, is of this
  size) with a 90×45 mm window 20 mm from the side and 15 mm from the bottom; C5 162×229 mm with a
  window in the same place for a sheet folded once. A tri-folded A4 sheet (panels of 99 mm) has 10 mm
  of sideways and 11 mm of vertical play in a DL envelope, so the address is kept at least half the
  play, and never less than 5 mm, inside the window on every side.
* Label sheets: the dimensions printed on the packs of the products named in :data:`LABEL_PRODUCTS`.
  Office printers cannot print within about 4–5 mm of the sheet edge, so nothing is placed nearer
  than :data:`PRINTER_SAFE_MM` to it.

Heights of text are given as the ink height of an ideograph, measured for TW-Sung (全字庫正宋) at
600 dpi: 0.33 mm per point (11 pt → 3.6 mm; 14 pt → 4.6 mm); digits are about 0.26 mm per point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# --- the A4 sheet ------------------------------------------------------------------------------
PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
LEFT_MM, RIGHT_MM = 20.0, 190.0  # text column of letters
BOTTOM_MM = 10.0  # nothing is printed lower than PAGE_H_MM - BOTTOM_MM
PRINTER_SAFE_MM = 6.0  # no ink nearer the sheet edge than this

# Tri-fold (三折) for a DL envelope: folds at a third of the sheet; fold marks are short lines in the
# left margin (clear of the 10 mm that printers may not reach) so the clerk can fold by eye.
TRIFOLD_LINES_MM = (99.0, 198.0)
HALFFOLD_LINES_MM = (148.5,)
FOLD_MARK_X_MM = (11.0, 16.0)

# --- the address in the envelope window (Chunghwa Post) -----------------------------------------
ADDRESS_INSET_MM = 5.0  # at least this far inside the window on every side
ADDRESS_MIN_TEXT_MM = 4.0  # ideograph height at least
POSTAL_DIGIT_GAP_MM = 0.6  # between the digits of the postal code at least
POSTAL_TO_ADDRESS_MM = 2.0  # between the postal-code line and the address at least
IDEOGRAPH_MM_PER_PT = 0.33  # ink height of an ideograph per point of font size (TW-Sung, measured)
DIGIT_MM_PER_PT = 0.26  # ink height of a digit per point
ADDRESS_SIZE_PT = 14.0  # address and recipient: 4.6 mm ideographs
ADDRESS_MIN_SIZE_PT = 13.0  # a long address may shrink to this (4.3 mm) before it is refused
POSTAL_SIZE_PT = 16.0  # postal-code digits: 4.2 mm
POSTAL_CHAR_SPACE_MM = 0.8  # added between postal-code digits (their own side bearings add ~1 mm more)
POSTAL_GAP_MM = 2.5  # from the bottom of the postal-code line's box to the top of the address's
ADDRESS_LEAD = 1.2  # line pitch as a multiple of the size
RECIPIENT_GAP_MM = 1.0  # extra space above the recipient's name
ASCENT, DESCENT = 0.88, 0.2  # of the text box per size (TW-Sung / PMingLiU are within these)

# --- letters ------------------------------------------------------------------------------------
SLIP_GAP_MM = 4.0  # rows end at least this far above the reply slip's cut line
DUPLEX_DEFAULT = True  # notices padded to an even page count so no letter starts on a back side


def pt_mm(size_pt: float) -> float:
    """A font size in points as millimetres."""
    return size_pt * 25.4 / 72


@dataclass(frozen=True)
class EnvelopeWindow:
    """Where an envelope's window lies on the folded A4 sheet (mm from the sheet's top-left corner),
    with the sheet centred in the envelope, and how far inside it the address must stay.

    ``inset_x_mm`` / ``inset_y_mm``: half the play of the folded sheet in the envelope, at least
    :data:`ADDRESS_INSET_MM`; text inside the inset stays in the window wherever the sheet slides.
    """

    key: str
    zh: str
    en: str
    left_mm: float
    top_mm: float
    width_mm: float
    height_mm: float
    inset_x_mm: float = ADDRESS_INSET_MM
    inset_y_mm: float = ADDRESS_INSET_MM
    folds_mm: tuple[float, ...] = TRIFOLD_LINES_MM

    def moved(self, dx_mm: float, dy_mm: float) -> EnvelopeWindow:
        """The same window moved by the school's measured correction (printer margins differ)."""
        return replace(self, left_mm=self.left_mm + dx_mm, top_mm=self.top_mm + dy_mm)

    @property
    def area(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in mm: where the address block's text may go."""
        return (self.left_mm + self.inset_x_mm, self.top_mm + self.inset_y_mm,
                self.left_mm + self.width_mm - self.inset_x_mm, self.top_mm + self.height_mm - self.inset_y_mm)  # fmt: skip


def envelope_window(key: str, zh: str, en: str, *, envelope_w: float, envelope_h: float, window_x: float,
                    window_y: float, window_w: float = 90.0, window_h: float = 45.0,
                    folds: tuple[float, ...] = TRIFOLD_LINES_MM) -> EnvelopeWindow:
    """The window of a real envelope (its size and the window's place measured from the envelope's
    left and top edges) as it lies on an A4 sheet folded to ``folds`` and centred in the envelope."""
    panel_h = folds[0]
    play_x, play_y = envelope_w - PAGE_W_MM, envelope_h - panel_h
    return EnvelopeWindow(
        key, zh, en, window_x - play_x / 2, window_y - play_y / 2, window_w, window_h,
        max(ADDRESS_INSET_MM, play_x / 2), max(ADDRESS_INSET_MM, play_y / 2), folds,
    )  # fmt: skip


ENVELOPE_PRESETS: dict[str, EnvelopeWindow] = {
    w.key: w
    for w in (
        envelope_window(
            "dl_left", "DL 標準西式開窗信封 110×220 公厘，左窗 90×45（距左 20、距下 15 公厘），A4 三折",
            "DL window envelope 110×220 mm, left window 90×45 mm (20 mm from the left, 15 mm from the bottom), A4 tri-fold",
            envelope_w=220, envelope_h=110, window_x=20, window_y=110 - 15 - 45,
        ),
        envelope_window(
            "dl_right", "DL 標準西式開窗信封 110×220 公厘，右窗 90×45（距右 20、距下 15 公厘），A4 三折",
            "DL window envelope 110×220 mm, right window 90×45 mm (20 mm from the right, 15 mm from the bottom), A4 tri-fold",
            envelope_w=220, envelope_h=110, window_x=220 - 20 - 90, window_y=110 - 15 - 45,
        ),
        envelope_window(
            "c5_left", "C5 開窗信封 162×229 公厘，左窗 90×45（距左 20、距上 52 公厘），A4 對折",
            "C5 window envelope 162×229 mm, left window 90×45 mm (20 mm from the left, 52 mm from the top), A4 folded once",
            envelope_w=229, envelope_h=162, window_x=20, window_y=52, folds=HALFFOLD_LINES_MM,
        ),
    )
}  # fmt: skip
DEFAULT_ENVELOPE = "dl_left"
# Keys that earlier settings may hold, mapped to the preset with the same envelope.
ENVELOPE_ALIASES = {"tw_a4_trifold_left": "dl_left", "tw_a4_trifold_right": "dl_right",
                    "tw_a4_halffold_left": "c5_left", "din5008_b": "dl_left"}  # fmt: skip


def envelope_preset(key: str) -> EnvelopeWindow | None:
    return ENVELOPE_PRESETS.get(ENVELOPE_ALIASES.get(key, key))


# --- label sheets -------------------------------------------------------------------------------
@dataclass(frozen=True)
class LabelProduct:
    """An A4 label sheet: the grid as printed on the pack (mm). ``pitch`` is label + gap."""

    key: str
    zh: str
    columns: int
    rows: int
    width_mm: float
    height_mm: float
    left_mm: float  # sheet edge to the first label
    top_mm: float
    pitch_x_mm: float
    pitch_y_mm: float
    pad_mm: float = 3.0  # text inside the label edge

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def box(self, k: int) -> tuple[float, float, float, float]:
        """Label *k* on its sheet (0-based, row by row) as (left, top, right, bottom) in mm."""
        col, row = k % self.columns, k // self.columns
        x, y = self.left_mm + col * self.pitch_x_mm, self.top_mm + row * self.pitch_y_mm
        return x, y, x + self.width_mm, y + self.height_mm

    def text_area(self, k: int) -> tuple[float, float, float, float]:
        """Where the text of label *k* may go: ``pad_mm`` inside the label and never nearer the sheet
        edge than :data:`PRINTER_SAFE_MM`."""
        x0, y0, x1, y1 = self.box(k)
        s = PRINTER_SAFE_MM
        return (max(x0 + self.pad_mm, s), max(y0 + self.pad_mm, s),
                min(x1 - self.pad_mm, PAGE_W_MM - s), min(y1 - self.pad_mm, PAGE_H_MM - s))  # fmt: skip


LABEL_PRODUCTS: dict[str, LabelProduct] = {
    p.key: p
    for p in (
        # Avery L7159 (and the sheets sold as compatible with it): 3×8, 63.5×33.9 mm, side margin
        # 7.25 mm, top margin 12.9 mm, a 2.5 mm gap between columns (pitch 66.0), rows touching
        LabelProduct("avery_l7159", "Avery L7159 及相容標籤 3×8（24 格，63.5×33.9 公厘）", 3, 8, 63.5, 33.9,
                     7.25, 12.9, 66.0, 33.9),
        # Avery L7160: 3×7, 63.5×38.1 mm, side margin 7.25 mm, top margin 15.15 mm, pitch 66.0 × 38.1
        LabelProduct("avery_l7160", "Avery L7160 及相容標籤 3×7（21 格，63.5×38.1 公厘）", 3, 7, 63.5, 38.1,
                     7.25, 15.15, 66.0, 38.1),
        # Avery L7163: 2×7, 99.1×38.1 mm, side margin 4.65 mm, top margin 15.15 mm, pitch 101.6 × 38.1
        LabelProduct("avery_l7163", "Avery L7163 及相容標籤 2×7（14 格，99.1×38.1 公厘）", 2, 7, 99.1, 38.1,
                     4.65, 15.15, 101.6, 38.1),
    )
}  # fmt: skip
DEFAULT_LABELS = "avery_l7160"
LABEL_ALIASES = {"3x8": "avery_l7159", "3x7": "avery_l7160", "2x7": "avery_l7163"}  # keys of earlier versions
LABEL_MIN_SIZE_PT = 9.0  # labels are read by the carrier; a long address may go down to 3 mm ideographs
