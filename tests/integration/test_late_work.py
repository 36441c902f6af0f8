"""Late work (seed 001 §四-§六; domain.windows.Countersign): the teacher or office whose duty an action is
does it after the window with a reason; the act is recorded at once and countersigned afterwards by the
registry office of the student's division (the default), by the 教務主任, or by nobody — the school's
setting, which the 教務主任 sets. Through the services and the real CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from portfolio_desktop.cli import main
from portfolio_desktop.domain.items import ItemKind, ItemState, MPCategory
from portfolio_desktop.domain.windows import Countersign
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items import items, late_work, windows
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import WindowOverride
from portfolio_desktop.store.models import AuditLog
from tests.data.items_school import NOW, TERM, add_night_class, make_school
from tests.data.staff import (
    ACTIVITIES_NIGHT,
    CLERK,
    DEAN,
    REGISTRY_DAY,
    REGISTRY_NIGHT,
    seed_staff,
    signed_in_env,
    teacher,
)

LATE = dt.datetime(2025, 1, 15, 9, 0)  # after every window of tests/data/items_school.py


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    """The items school (day classes, courses C01-C07, windows open around NOW), a 進修部 class 301 with
    student N001, and one CLO of 0001 in course C01."""
    make_school(db, actor, tmp_path)
    add_night_class(db)
    clo = items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CLO, title="C01 報告",
                         course_code="C01", now=NOW).id
    return {"clo": clo}


def _late_rows(db: Database) -> list[WindowOverride]:
    with db.read() as s:
        rows = list(s.scalars(select(WindowOverride).order_by(WindowOverride.id)))
        s.expunge_all()
        return rows


def test_the_teacher_certifies_late_with_a_reason_and_the_registry_countersigns(
        db: Database, school: dict[str, int]) -> None:
    chang = seed_staff(db, "chang", teacher("C01"))
    with pytest.raises(RuleError) as info:  # no reason: refused, saying exactly what may still be done
        items.certify(db, chang, [school["clo"]], now=LATE)
    assert "負責辦理者可填寫補辦理由後再執行" in info.value.zh and "註冊組（進修部教務組）會簽" in info.value.zh
    assert "countersigned afterwards by the registry office" in info.value.en
    assert "由註冊組填寫理由覆寫" not in info.value.zh  # the old text, which the rule no longer says

    row = items.certify(db, chang, [school["clo"]], now=LATE, override_reason="教師病假補認證")[0]
    assert row.state is ItemState.CERTIFIED
    [late] = _late_rows(db)
    assert (late.actor, late.action, late.reason, late.countersign, late.countersigned_at) == \
        ("chang", "certify", "教師病假補認證", "registry", None)
    assert windows.list_overrides(db, Actor(CLERK), TERM)[0].awaiting

    with pytest.raises(PermissionDenied):  # the teacher cannot countersign (it is the registry's)
        late_work.countersign(db, chang, [late.id], at=LATE)
    night = seed_staff(db, "night-reg", REGISTRY_NIGHT)
    with pytest.raises(PermissionDenied) as refused:  # the student is 日間部: the day registry's
        late_work.countersign(db, night, [late.id], at=LATE)
    assert "註冊組" in refused.value.zh
    day = seed_staff(db, "day-reg", REGISTRY_DAY)
    [done] = late_work.countersign(db, day, [late.id], at=LATE + dt.timedelta(hours=2))
    assert (done.by, done.at) == ("day-reg", LATE + dt.timedelta(hours=2))
    with pytest.raises(RuleError) as twice:
        late_work.countersign(db, day, [late.id])
    assert "已由 day-reg" in twice.value.zh
    assert not windows.list_overrides(db, Actor(CLERK), TERM)[0].awaiting
    with db.read() as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.entity_key == str(late.id),
                                                               AuditLog.entity == "window_override")))
    assert actions == ["window.override", "window.countersign"]


def test_the_night_activities_office_enters_late_and_only_the_night_registry_countersigns(
        db: Database, school: dict[str, int]) -> None:
    act = seed_staff(db, "night-act", ACTIVITIES_NIGHT)
    row = items.add_item(db, act, student_no="N001", term=TERM, kind=ItemKind.MP, category=MPCategory.CADRE,
                         title="班長", now=LATE, override_reason="進修部補登幹部")
    assert row.state is ItemState.UPLOADED
    [late] = _late_rows(db)
    assert (late.actor, late.countersign) == ("night-act", "registry")
    day = seed_staff(db, "day-reg", REGISTRY_DAY)
    with pytest.raises(PermissionDenied) as refused:
        late_work.countersign(db, day, [late.id])
    assert "進修部" in refused.value.zh
    night = seed_staff(db, "night-reg", REGISTRY_NIGHT)
    assert late_work.countersign(db, night, [late.id])[0].by == "night-reg"


def test_the_dean_decides_who_countersigns(db: Database, school: dict[str, int]) -> None:
    registry = seed_staff(db, "day-reg", REGISTRY_DAY)
    with pytest.raises(PermissionDenied):  # the rule belongs to whoever plans the windows (seed 001 §四)
        late_work.set_late_countersign(db, registry, Countersign.DEAN)
    dean = seed_staff(db, "dean", DEAN)
    assert late_work.set_late_countersign(db, dean, Countersign.DEAN) is Countersign.DEAN

    chang = seed_staff(db, "chang", teacher("C01"))
    with pytest.raises(RuleError) as info:
        items.certify(db, chang, [school["clo"]], now=LATE)
    assert "事後由教務主任會簽" in info.value.zh and "by the dean" in info.value.en
    items.certify(db, chang, [school["clo"]], now=LATE, override_reason="補認證")
    [late] = _late_rows(db)
    assert late.countersign == "dean"
    with pytest.raises(PermissionDenied):  # now it is the dean's, not the registry's
        late_work.countersign(db, registry, [late.id])
    assert late_work.countersign(db, dean, [late.id])[0].by == "dean"

    late_work.set_late_countersign(db, dean, Countersign.NONE)
    with pytest.raises(RuleError) as plain:
        items.reject(db, chang, [school["clo"]], "請重交", now=LATE)
    assert "會簽" not in plain.value.zh
    items.reject(db, chang, [school["clo"]], "請重交", now=LATE, override_reason="補退件")
    last = _late_rows(db)[-1]
    assert last.countersign is None
    with pytest.raises(RuleError, match="不需會簽"):
        late_work.countersign(db, dean, [last.id])


def test_nobody_countersigns_their_own_late_work(db: Database, school: dict[str, int]) -> None:
    both = seed_staff(db, "both", REGISTRY_DAY, teacher("C01"))
    items.certify(db, both, [school["clo"]], now=LATE, override_reason="補認證")
    [late] = _late_rows(db)
    with pytest.raises(RuleError, match="須由他人會簽"):
        late_work.countersign(db, both, [late.id])


def test_cli_late_rule_countersign_and_the_list(db: Database, db_path: Path, school: dict[str, int],
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    chang = seed_staff(db, "chang", teacher("C01"))
    items.certify(db, chang, [school["clo"]], now=LATE, override_reason="教師病假補認證")
    [late] = _late_rows(db)
    monkeypatch.delenv("PORTFOLIO_DB", raising=False)
    for key, value in signed_in_env(db).items():  # the clerk: registry of both divisions and 教務主任
        monkeypatch.setenv(key, value)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", str(db_path), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("windows", "overrides", "--term", TERM)
    assert code == 0 and "待註冊組會簽" in out and "教師病假補認證" in out  # the day division's registry
    code, out, _ = run("windows", "late-rule")
    assert code == 0 and out == "registry\t註冊組（進修部教務組）\n"
    code, _, err = run("windows", "countersign", str(late.id))
    assert code == 0 and "已會簽 1 筆" in err and "countersigned 1 late record" in err
    code, _, err = run("windows", "countersign", str(late.id))
    assert code == 1 and f"補辦紀錄 {late.id} 已由" in err and "was countersigned by" in err
    assert "已會簽" in run("windows", "overrides", "--term", TERM)[1]
    code, _, err = run("windows", "late-rule", "dean")
    assert code == 0 and "教務主任" in err
    assert run("windows", "late-rule")[1] == "dean\t教務主任\n"
    with pytest.raises(SystemExit) as bad:  # argparse lists the choices
        main(["--db", str(db_path), "windows", "late-rule", "mentor"])
    assert bad.value.code == 2
