"""The proxy-list spreadsheet (代理人名單及代理順位, seed 001 §九): one row per proxy.

| 職務或教師 | 順位 | 代理人帳號 | 代理人姓名 |
| 進修部教務組 | 1 | chen | 陳小華 |
| wang (a teacher's user name) | 1 | lin | 林老師 |

The target is an office as the school names it (註冊組, 進修部教務組, 教學組 …) or a person's user
name; 代理人姓名 is for people reading the file and is ignored on import.
"""

from __future__ import annotations

from portfolio_desktop.domain import limits
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.normalize import clean, halfwidth
from portfolio_desktop.io.tabular import Column, TableSpec


def parse_rank(value: object) -> int:
    text = halfwidth(clean(value))
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if number != int(number) or not 1 <= number <= 99:
        raise RuleError(f"順位應為 1 到 99 的整數，不是「{text}」", f"the rank must be a whole number 1–99, not '{text}'")
    return int(number)


def parse_name(value: object) -> str:
    """An office name or a user name: neither holds spaces, so stray ones (incl. U+3000) go."""
    return "".join(clean(value).split())


PROXY_COLUMNS = (
    Column("target", "職務或教師", aliases=("職務", "被代理人", "職務/教師", "function", "holder"), required=True,
           parse=parse_name, expected_zh="處室職務名稱或教師帳號", expected_en="an office name or a teacher's user name",
           max_chars=limits.USER_NAME),
    Column("rank", "順位", aliases=("代理順位", "順序", "rank", "order"), required=True, parse=parse_rank,
           expected_zh="1 起的整數", expected_en="a whole number from 1"),
    Column("proxy", "代理人帳號", aliases=("代理人", "proxy", "帳號"), required=True, parse=parse_name,
           expected_zh="代理人的帳號", expected_en="the proxy's user name", max_chars=limits.USER_NAME),
    Column("proxy_name", "代理人姓名", aliases=("姓名", "name"), max_chars=limits.DISPLAY_NAME),
)

PROXIES = TableSpec(name="proxies", columns=PROXY_COLUMNS, anchors=("target", "proxy"))
PROXY_HEADERS: list[str] = [c.header for c in PROXY_COLUMNS]
