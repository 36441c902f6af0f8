"""The national 課程代碼 (course code) of the 108 curriculum: 23 characters in eleven parts.

The central 學生學習歷程資料庫 names every course record and course learning outcome by this code
(seed 001 §五(一)1: 課程學習成果 are linked to the courses a student took; seed 000 附表二 四(一):
教學組 keeps the course codes). Layout, as schools' platforms and published research on the delivered
data use it (not an official specification: an unknown letter or digit is a warning, not a refusal):

====  ======  ==============================================
pos   length  part
====  ======  ==============================================
1     3       適用入學年度 (ROC year of entry the plan applies to, 108 or later)
4     6       校代碼 (the school's code)
10    1       課程類型 (H 普通型, V 技術型, C 綜合型, S 單科型, …)
11    2       群別 (00 for a 普通型 school)
13    3       科別
16    1       班群
17    1       課程類別 (1 部定必修, 2 校訂必修, … 5 多元選修, …)
18    1       開課方式
19    1       科目屬性
20    2       領域
22    2       科目名稱代碼
====  ======  ==============================================

Schools also use short internal codes (``MATH101``); only a code that looks national (23
characters, or a near miss that starts with an entry year and a school code) is checked part by part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LENGTH = 23


@dataclass(frozen=True)
class Part:
    key: str
    zh: str
    en: str
    start: int  # 0-based
    length: int
    shape: str  # regular expression the part must match

    def of(self, code: str) -> str:
        return code[self.start:self.start + self.length]

    @property
    def where_zh(self) -> str:
        first = self.start + 1
        last = self.start + self.length
        return f"第 {first} 碼" if first == last else f"第 {first}–{last} 碼"

    @property
    def where_en(self) -> str:
        first = self.start + 1
        last = self.start + self.length
        return f"character {first}" if first == last else f"characters {first}-{last}"


PARTS: tuple[Part, ...] = (
    Part("entry_year", "適用入學年度", "year of entry", 0, 3, r"\d{3}"),
    Part("school", "校代碼", "school code", 3, 6, r"[0-9A-Z]{6}"),
    Part("course_type", "課程類型", "course type", 9, 1, r"[A-Z]"),
    Part("group", "群別", "group", 10, 2, r"[0-9A-Z]{2}"),
    Part("department", "科別", "department", 12, 3, r"[0-9A-Z]{3}"),
    Part("class_group", "班群", "class group", 15, 1, r"[0-9A-Z]"),
    Part("category", "課程類別", "course category", 16, 1, r"[0-9A-Z]"),
    Part("delivery", "開課方式", "delivery", 17, 1, r"[0-9A-Z]"),
    Part("attribute", "科目屬性", "subject attribute", 18, 1, r"[0-9A-Z]"),
    Part("domain", "領域", "learning domain", 19, 2, r"[0-9A-Z]{2}"),
    Part("subject", "科目名稱代碼", "subject name code", 21, 2, r"[0-9A-Z]{2}"),
)  # fmt: skip

COURSE_TYPES: dict[str, tuple[str, str]] = {
    "H": ("普通型高中", "general senior high"),
    "V": ("技術型高中", "technical senior high"),
    "C": ("綜合型高中", "comprehensive senior high"),
    "S": ("單科型高中", "specialised senior high"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "1": ("部定必修", "nationally required"),
    "2": ("校訂必修", "school required"),
    "3": ("加深加廣選修", "advanced elective"),
    "4": ("補強性選修", "remedial elective"),
    "5": ("多元選修", "diversified elective"),
    "6": ("團體活動時間", "group activity time"),
    "7": ("彈性學習時間", "flexible learning time"),
    "8": ("特殊需求領域", "special-needs domain"),
}
FIRST_ENTRY_YEAR = 108  # the 108 curriculum's first cohort
_NEAR_MISS = re.compile(r"\d{3}[0-9A-Z]{6}[A-Z]")


@dataclass(frozen=True)
class CourseCode:
    code: str
    parts: dict[str, str]

    @property
    def entry_year(self) -> int:
        return int(self.parts["entry_year"])

    @property
    def course_type_zh(self) -> str:
        return COURSE_TYPES.get(self.parts["course_type"], ("未知類型", ""))[0]

    @property
    def category_zh(self) -> str:
        return CATEGORIES.get(self.parts["category"], ("未知類別", ""))[0]

    def describe_zh(self) -> str:
        """「108學年度入學適用・普通型高中・部定必修・校代碼 123456・群別 00・科別 101…」"""
        p = self.parts
        return (f"{self.entry_year}學年度入學適用・{self.course_type_zh}・{self.category_zh}・校代碼 {p['school']}・"
                f"群別 {p['group']}・科別 {p['department']}・班群 {p['class_group']}・開課方式 {p['delivery']}・"
                f"科目屬性 {p['attribute']}・領域 {p['domain']}・科目 {p['subject']}")

    def describe_short_zh(self) -> str:
        """「108入學・普通型高中・部定必修・領域 01・科目 AB」: what a listing shows beside the code."""
        p = self.parts
        return f"{self.entry_year}入學・{self.course_type_zh}・{self.category_zh}・領域 {p['domain']}・科目 {p['subject']}"


@dataclass(frozen=True)
class CodeFinding:
    """One thing wrong with a code: ``part`` is None for the whole code (its length)."""

    part: str | None
    zh: str
    en: str
    warning: bool = False


def looks_national(code: str) -> bool:
    """Whether ``code`` is meant as a national code: 23 characters, or 20–26 that start like one."""
    return len(code) == LENGTH or (20 <= len(code) <= 26 and _NEAR_MISS.match(code) is not None)


def check(code: str) -> list[CodeFinding]:
    """What is wrong with a national code (upper-case, half-width); empty when it is right."""
    if len(code) != LENGTH:
        return [CodeFinding(None, f"課程代碼應為 {LENGTH} 碼，「{code}」為 {len(code)} 碼",
                            f"a course code has {LENGTH} characters; '{code}' has {len(code)}")]
    findings: list[CodeFinding] = []
    for part in PARTS:
        value = part.of(code)
        if not re.fullmatch(part.shape, value):
            findings.append(CodeFinding(part.key, f"{part.where_zh}「{part.zh}」為「{value}」，格式不符",
                                        f"{part.where_en} ({part.en}) is '{value}', which is not of the right shape"))
    if findings:
        return findings
    year = int(PARTS[0].of(code))
    if year < FIRST_ENTRY_YEAR:
        findings.append(CodeFinding("entry_year", f"第 1–3 碼「適用入學年度」{year} 早於 108 課綱（{FIRST_ENTRY_YEAR}）",
                                    f"characters 1-3 (year of entry) {year} is before the 108 curriculum"))
    kind = PARTS[2].of(code)
    if kind not in COURSE_TYPES:
        findings.append(CodeFinding("course_type", f"第 10 碼「課程類型」為「{kind}」，不是已知的 H（普通型）或 V（技術型）等",
                                    f"character 10 (course type) is '{kind}', not a known type such as H or V",
                                    warning=True))
    category = PARTS[6].of(code)
    if category not in CATEGORIES:
        findings.append(CodeFinding("category", f"第 17 碼「課程類別」為「{category}」，不是已知的 1–8",
                                    f"character 17 (course category) is '{category}', not a known 1-8", warning=True))
    return findings


def decode(code: str) -> CourseCode | None:
    """The parts of a national code, or None when it is not one (a school's own code, or wrong)."""
    if len(code) != LENGTH or any(not f.warning for f in check(code)):
        return None
    return CourseCode(code, {p.key: p.of(code) for p in PARTS})
