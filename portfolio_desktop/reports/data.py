"""What the printed documents are made from: plain, already-masked data (no database, no Qt).

The services build these from the store; the report modules only draw them. Nothing here holds a
full ID: :class:`NoticeStudent` carries the masked one only, so a PDF cannot leak it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from portfolio_desktop.errors import PortfolioError

MM = 72 / 25.4  # points per millimetre


class Cancelled(PortfolioError):
    def __init__(self) -> None:
        super().__init__("已取消，未產生檔案也未記錄任何資料", "cancelled; no file was produced and nothing was recorded")


@dataclass(frozen=True)
class Letterhead:
    """信頭, from the settings (``notices.letterhead``)."""

    school_name: str
    office: str  # 註冊組 / 進修部教務組 …
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    contact: str = ""  # 承辦人 or a role title; printed in the contact paragraph only
    logo_path: str = ""

    @property
    def return_address(self) -> str:
        return f"{self.postal_code} {self.address}".strip()


@dataclass(frozen=True)
class EnvelopeWindow:
    """Where the address block goes so that it shows in the envelope's window (mm on the A4 sheet)."""

    key: str
    zh: str
    en: str
    left_mm: float
    top_mm: float
    width_mm: float
    height_mm: float

    def moved(self, dx_mm: float, dy_mm: float) -> EnvelopeWindow:
        """The same window moved by the school's measured correction (printer margins differ)."""
        return EnvelopeWindow(
            self.key, self.zh, self.en, self.left_mm + dx_mm, self.top_mm + dy_mm, self.width_mm, self.height_mm
        )


# Common window envelopes used by Taiwanese school offices. The positions are the address block on
# the A4 sheet after folding (tri-fold = panels of 99 mm; half-fold = 148.5 mm). They are starting
# points: each school measures its own envelopes once and sets dx/dy in the settings.
ENVELOPE_PRESETS: dict[str, EnvelopeWindow] = {
    w.key: w
    for w in (
        EnvelopeWindow(
            "tw_a4_trifold_left",
            "A4 三折標準開窗信封（約 22×11 公分，左窗 9×4.5 公分）",
            "A4 tri-fold standard window envelope (about 220×110 mm, left window 90×45 mm)",
            20, 50, 90, 40,
        ),
        EnvelopeWindow(
            "tw_a4_trifold_right",
            "A4 三折標準開窗信封（右窗 9×4.5 公分）",
            "A4 tri-fold standard window envelope, right window 90×45 mm",
            100, 50, 90, 40,
        ),
        EnvelopeWindow(
            "tw_a4_halffold_left",
            "A4 對折開窗信封（約 23×16.5 公分，左窗 10×5 公分）",
            "A4 half-fold window envelope (about 230×165 mm, left window 100×50 mm)",
            20, 42, 95, 45,
        ),
        EnvelopeWindow(
            "din5008_b",
            "國際 DIN 5008 B 式開窗信封（DL/C5）",
            "DIN 5008 form B window envelope (DL/C5)",
            20, 50.7, 85, 40,
        ),
    )
}  # fmt: skip
DEFAULT_ENVELOPE = "tw_a4_trifold_left"


@dataclass(frozen=True)
class ReceiptLine:
    """One received item as the central database returned it (收訖明細)."""

    school_year: int
    semester: int
    category: str
    item: str
    count: int = 1


@dataclass(frozen=True)
class NoticeStudent:
    """One departed student's letter: who, where to, and which items were received."""

    student_no: str
    name: str
    class_label: str  # e.g. "日間部 301"
    masked_id: str  # A12****789, never the full ID
    postal_code: str
    address: str
    guardian: str  # may be ""
    minor: bool  # then the letter is also addressed to the parent / guardian
    status_zh: str  # 休學 / 轉出 / 退學 / 畢業 / 離校
    items: tuple[ReceiptLine, ...] = ()

    def printed_text(self) -> list[str]:
        """Every piece of this student's data that goes onto paper (for the font coverage check)."""
        texts = [self.student_no, self.name, self.class_label, self.masked_id, self.postal_code]
        texts += [self.address, self.guardian, self.status_zh]
        for line in self.items:
            texts += [line.category, line.item]
        return texts


@dataclass(frozen=True)
class NoticeText:
    """The batch-wide parts of the letter."""

    issued_on: date
    deadline: date
    batch_label: str = ""  # e.g. "批次 3"; printed beside the date, not personal
    answering_offices: str = "註冊組、教學組、訓育組"  # who helps with doubts (seed 001 §六(三))


@dataclass
class RenderResult:
    pages: int = 0
    pages_by_student: dict[str, int] = field(default_factory=dict)
