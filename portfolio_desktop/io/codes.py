"""Codes that Excel typed as numbers (學號 0990123 stored as 990123): put their leading zeros back.

A numeric cell cannot show whether it lost zeros; the file's other codes can. The codes written as
text are the reference (their zeros are intact): when all their all-digit codes have one length,
a shorter numeric code is padded to it. With no text code in the file, the lengths of the codes the
database already holds (``known_lengths``: the school's 學號) are the reference; with neither, the
numeric codes themselves are the reference when at least :data:`MAJORITY` of them share the longest length (else they are kept
as they are: nothing shows that zeros were lost). A numeric code
that could belong to more than one length, or lacks more than :data:`MAX_PADDING` zeros, is refused
with a message saying why: a wrong 學號 would be another student.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from portfolio_desktop.errors import RuleError

MAJORITY = 0.8  # share of numeric codes at the longest length for that length to be the reference
MAX_PADDING = 3  # zeros that may be put back


def _lengths_text(lengths: Sequence[int]) -> str:
    return "、".join(str(n) for n in sorted(lengths))


def restore_codes(texts: Sequence[str], numerics: Sequence[str],
                  known_lengths: Collection[int] = ()) -> list[str | RuleError]:
    """For each numeric code (its digits as Excel kept them): the code with its zeros put back, the
    code unchanged, or the RuleError that explains why it cannot be decided."""
    reference = Counter(len(t) for t in texts if t.isdigit())
    if not reference:
        reference = Counter(known_lengths)
    if not reference:
        counts = Counter(len(t) for t in numerics if t.isdigit())
        if counts:
            longest = max(counts)
            if counts[longest] >= MAJORITY * sum(counts.values()):
                reference = Counter({longest: counts[longest]})
    out: list[str | RuleError] = []
    lengths = sorted(reference)
    for code in numerics:
        if not code.isdigit() or not lengths or len(code) >= lengths[-1]:
            out.append(code)
        elif len(lengths) == 1 and lengths[0] - len(code) <= MAX_PADDING:
            out.append(code.zfill(lengths[0]))
        else:
            out.append(RuleError(
                f"{code} 是 Excel 存成數字的代碼，可能少了開頭的 0；本檔其他代碼為 {_lengths_text(lengths)} 碼，"
                f"無法判斷原本的位數。請把此欄設成「文字」格式後照原樣輸入（例如 0{code}）",
                f"{code} was stored by Excel as a number and may have lost leading zeros; the file's other "
                f"codes have {', '.join(map(str, lengths))} digits, so its length cannot be told. Format the "
                f"column as Text and type the code as it is (e.g. 0{code})",
            ))  # fmt: skip
    return out
