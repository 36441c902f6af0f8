"""成效評核 from real items data (issue 4's tables, written through the items service): each teacher's
certification inside the window, each office's submission on time, the thresholds setting, the
敘獎 candidates, and that only the dean may read it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portfolio_desktop.domain.evaluation import Duty, Thresholds
from portfolio_desktop.domain.items import ItemKind, MPCategory
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import evaluation, items
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.items_school import NOW, TERM, make_school
from tests.data.staff import DEAN, staff

LATE = dt.datetime(2025, 1, 15, 9, 0)  # after every window


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    return make_school(db, actor, tmp_path)


def _clo(db: Database, actor: Actor, no: str, course: str) -> int:
    return items.add_item(db, actor, student_no=no, term=TERM, kind=ItemKind.CLO, title="報告", course_code=course,
                          now=NOW).id


def test_teacher_and_office_completion_and_candidates(db: Database, actor: Actor, school: dict[str, int]) -> None:
    dean = staff(db, "dean", DEAN, name="教務主任")
    staff(db, "reg", Grant(Role.REGISTRY, "day"), name="陳註冊")
    # 張老師 (C01): two outcomes, both certified inside the window.
    c01 = [_clo(db, actor, "0001", "C01"), _clo(db, actor, "0101", "C01")]
    items.certify(db, actor, c01, now=NOW)
    # 黃老師 (C03, C04): one certified in time, one rejected late with an override, one still pending.
    c03 = _clo(db, actor, "0001", "C03")
    items.certify(db, actor, [c03], now=NOW)
    c04 = _clo(db, actor, "0002", "C04")
    items.reject(db, actor, [c04], "缺少心得", now=LATE, override_reason="教師請假，補認證")
    _clo(db, actor, "0101", "C04")
    # 李老師、王老師 share C02: one certified in time.
    c02 = _clo(db, actor, "0102", "C02")
    items.certify(db, actor, [c02], now=NOW)
    # The office: three CLOs selected; two submitted in time, one late; MP of 訓育組 never submitted.
    items.select_items(db, actor, c01 + [c03], now=NOW)
    items.submit(db, actor, c01, now=NOW)
    items.submit(db, actor, [c03], now=LATE, override_reason="系統故障")
    mp = items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.MP, title="志工",
                        category=MPCategory.VOLUNTEER,
                        now=NOW).id
    items.select_items(db, actor, [mp], now=NOW)

    report = evaluation.evaluation(db, dean, 113)
    by = {(c.person, c.duty): c for c in report.completions}
    zhang = by[("張老師", Duty.CERTIFICATION)]
    assert (zhang.total, zhang.done, zhang.on_time, zhang.rate, zhang.meets) == (2, 2, 2, 1.0, True)
    huang = by[("黃老師", Duty.CERTIFICATION)]
    assert (huang.total, huang.done, huang.on_time) == (3, 2, 1) and not huang.meets
    assert huang.detail == "C03、C04"
    assert by[("李老師", Duty.CERTIFICATION)].total == by[("王老師", Duty.CERTIFICATION)].total == 1
    registry = by[("註冊組（陳註冊）", Duty.SUBMISSION)]
    assert (registry.total, registry.done, registry.on_time) == (3, 3, 2) and not registry.meets
    activities = by[("訓育組", Duty.SUBMISSION)]
    assert (activities.total, activities.done) == (1, 0)
    assert sorted(c.person for c in report.candidates) == sorted(["張老師", "李老師", "王老師"])

    # A laxer school setting makes the registry a candidate too (2 of 3 on time ≥ 0.6).
    evaluation.set_thresholds(db, dean, Thresholds(certification=0.95, submission=0.6))
    again = evaluation.evaluation(db, dean, 113)
    assert "註冊組（陳註冊）" in {c.person for c in again.candidates}
    assert "黃老師" not in {c.person for c in again.candidates}
    assert evaluation.get_thresholds(db).submission == 0.6


def test_only_the_dean_reads_the_evaluation(db: Database, school: dict[str, int]) -> None:
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    with pytest.raises(PermissionDenied):
        evaluation.evaluation(db, clerk, 113)


def test_year_without_items_judges_nobody(db: Database) -> None:
    dean = staff(db, "dean", DEAN)
    report = evaluation.evaluation(db, dean, 112)
    assert report.completions == [] and report.candidates == []
