"""The national 課程代碼 (domain/course_code.py): 23 characters, eleven parts, each named when wrong."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain import course_code as cc

GOOD = "108123456H00101" + "1" + "1" + "1" + "1" + "01" + "02"  # 3+6+1+2+3+1 then 1+1+1+2+2


def test_a_good_code_decodes_into_its_parts() -> None:
    assert len(GOOD) == 23 and cc.check(GOOD) == []
    code = cc.decode(GOOD)
    assert code is not None
    assert code.parts == {"entry_year": "108", "school": "123456", "course_type": "H", "group": "00",
                          "department": "101", "class_group": "1", "category": "1", "delivery": "1",
                          "attribute": "1", "domain": "01", "subject": "02"}
    assert code.entry_year == 108 and code.course_type_zh == "普通型高中" and code.category_zh == "部定必修"
    assert code.describe_zh().startswith("108學年度入學適用・普通型高中・部定必修・校代碼 123456")


def test_the_wrong_length_is_named_with_both_lengths() -> None:
    (finding,) = cc.check(GOOD[:-1])
    assert finding.part is None and "23 碼" in finding.zh and "22 碼" in finding.zh and "22" in finding.en
    assert cc.decode(GOOD[:-1]) is None


def test_a_wrong_part_is_named_by_its_position_and_name() -> None:
    bad = GOOD[:3] + "12345X" + GOOD[9:]  # school code fine (letters allowed)
    assert cc.check(bad) == []
    bad = "1A8" + GOOD[3:]
    (finding,) = cc.check(bad)
    assert finding.part == "entry_year" and "第 1–3 碼" in finding.zh and "適用入學年度" in finding.zh
    assert "characters 1-3" in finding.en and not finding.warning
    bad = GOOD[:9] + "7" + GOOD[10:]
    (finding,) = cc.check(bad)
    assert finding.part == "course_type" and "第 10 碼" in finding.zh and "課程類型" in finding.zh


def test_unknown_letters_are_warnings_and_still_decode() -> None:
    odd = GOOD[:9] + "Q" + GOOD[10:16] + "9" + GOOD[17:]
    findings = cc.check(odd)
    assert {f.part for f in findings} == {"course_type", "category"} and all(f.warning for f in findings)
    decoded = cc.decode(odd)
    assert decoded is not None and decoded.course_type_zh == "未知類型" and decoded.category_zh == "未知類別"


def test_an_entry_year_before_the_108_curriculum_is_refused() -> None:
    (finding,) = cc.check("107" + GOOD[3:])
    assert finding.part == "entry_year" and not finding.warning and "107" in finding.zh


def test_school_codes_are_not_mistaken_for_national_ones() -> None:
    assert not cc.looks_national("MATH101") and not cc.looks_national("A" * 22)
    assert cc.looks_national(GOOD) and cc.looks_national(GOOD[:-2]) and cc.looks_national(GOOD + "X")


_digit = st.sampled_from("0123456789")
_alnum = st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@st.composite
def national_codes(draw: st.DrawFn) -> str:
    year = draw(st.integers(108, 999))
    rest = [draw(st.text(_alnum, min_size=p.length, max_size=p.length)) for p in cc.PARTS[1:]]
    rest[1] = draw(st.sampled_from(sorted(cc.COURSE_TYPES)))
    rest[5] = draw(st.sampled_from(sorted(cc.CATEGORIES)))
    return f"{year:03d}" + "".join(rest)


@given(national_codes())
def test_every_well_formed_code_round_trips_through_its_parts(code: str) -> None:
    assert cc.check(code) == []
    decoded = cc.decode(code)
    assert decoded is not None and "".join(decoded.parts[p.key] for p in cc.PARTS) == code


@given(national_codes(), st.integers(0, 22), st.sampled_from("-_.a#"))
def test_any_character_out_of_shape_is_named_by_the_part_that_holds_it(code: str, pos: int, bad: str) -> None:
    broken = code[:pos] + bad + code[pos + 1:]
    findings = [f for f in cc.check(broken) if not f.warning]
    (part,) = [p for p in cc.PARTS if p.start <= pos < p.start + p.length]
    assert [f.part for f in findings] == [part.key]
    assert part.zh in findings[0].zh
