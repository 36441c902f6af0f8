"""How a command says that what it listed or exported was narrowed to what the user may read
(services/read_scope.py): 「只匯出您可查看的 2 位學生（範圍：班級 301）」."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_desktop.commands.common import say

if TYPE_CHECKING:
    from portfolio_desktop.services.read_scope import ReadScope


def say_narrowed(scope: ReadScope, count: int, what_zh: str, what_en: str, *, export: bool = False) -> None:
    note = scope.narrowed_note(count, what_zh, what_en, export=export)
    if note is not None:
        say(*note)
    if export and scope.masks_any:
        say("身分證統一編號已遮蔽（僅該部別註冊組／進修部教務組可匯出完整號碼）",
            "national IDs are masked (only the registry office of the student's division may export them in full)")
