"""What the printed documents are made from: plain, already-masked data (no database, no Qt).

The services build these from the store; the report modules only draw them. Nothing here holds a
full ID: :class:`NoticeStudent` carries the masked one only, so a PDF cannot leak it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from portfolio_desktop.errors import PortfolioError
# The envelope windows live with the other layout rules; imported from here by older callers.
from portfolio_desktop.reports.layout import DEFAULT_ENVELOPE as DEFAULT_ENVELOPE
from portfolio_desktop.reports.layout import ENVELOPE_PRESETS as ENVELOPE_PRESETS
from portfolio_desktop.reports.layout import EnvelopeWindow as EnvelopeWindow

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
    doc_prefix: str = ""  # 發文字號's 字 (e.g. 岡農教註字): the letter's number is 「{doc_prefix}第{serial}號」

    @property
    def return_address(self) -> str:
        return f"{self.postal_code} {self.address}".strip()

    def doc_number(self, serial: str) -> str:
        """發文字號, e.g. 岡農教註字第1130000007號 ("" without a prefix or a serial)."""
        return f"{self.doc_prefix}第{serial}號" if self.doc_prefix and serial else ""




def recipient_line(name: str, minor: bool) -> str:
    """The addressee's line on letters and labels alike: a minor's parent or guardian is named too."""
    return f"{name} 同學 暨 家長（監護人） 收" if minor else f"{name} 同學 收"


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
    status_zh: str  # 休學 / 轉出 / 退學 / 畢業 / 離校 (or 在學 when a listed student is still enrolled)
    items: tuple[ReceiptLine, ...] = ()
    departed: bool = True  # False: still at school (printed on request): no "cannot log in" sentence
    division: str = "day"  # the division's code: chooses the letterhead (day / night)
    answering_offices: str = ""  # who answers doubts for this division ("" → the batch's text)

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
    doc_serial: str = ""  # the batch's number in the 發文字號 (ROC year + sequence), e.g. 1130000007
    return_envelope: bool = True  # a stamped return envelope goes with the letter


@dataclass
class RenderResult:
    pages: int = 0
    pages_by_student: dict[str, int] = field(default_factory=dict)  # sheets' sides incl. a blank pad page
    slip_page_by_student: dict[str, int] = field(default_factory=dict)  # the page (1-based) with the reply slip
