"""Item transitions, entry, caps and windows through the services on a real SQLite file (issue 4)."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop.domain.items import CAPS_SEED_001, Action, CapExceeded, Caps, ItemKind, ItemState, MPCategory
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.items import items
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import read_caps, set_caps
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import ItemStateChange, PortfolioItem, WindowOverride
from portfolio_desktop.store.models import AuditLog
from tests.data.items_school import NOW, TERM, make_school
from tests.data.staff import REGISTRY_DAY, seed_staff

LATE = dt.datetime(2025, 1, 15, 9, 0)  # after every window


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    return make_school(db, actor, tmp_path)


def _clo(db: Database, actor: Actor, no: str, course: str, title: str = "報告") -> int:
    return items.add_item(db, actor, student_no=no, term=TERM, kind=ItemKind.CLO, title=title, course_code=course,
                          now=NOW).id


def _proxy_for_teacher(db: Database, boss: Actor, teacher: str, course: str, proxy: str, *, departed: bool,
                       proxy_grants: tuple[Grant, ...] = ()) -> Actor:
    """``teacher`` (of ``course``) left yesterday or is on leave today; ``proxy`` is first on their list."""
    today = dt.date.today()
    seed_staff(db, teacher, Grant(Role.TEACHER, course_code=course))
    seed_staff(db, proxy, *proxy_grants)
    if departed:
        accounts.set_departure(db, boss, teacher, today - dt.timedelta(days=1))
    else:
        accounts.add_leave(db, boss, teacher, today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    proxies.set_list(db, boss, teacher, [proxy])
    return Actor(proxy)


def _snapshot(db: Database) -> tuple[list[tuple[int, str]], int, int]:
    with db.read() as s:
        states = sorted(s.execute(select(PortfolioItem.id, PortfolioItem.state)).all())
        return states, s.scalar(select(func.count(ItemStateChange.id))), s.scalar(select(func.count(AuditLog.id)))


def test_full_clo_flow_records_every_step_with_actor_and_proxy(db: Database, actor: Actor, school: dict[str, int]) -> None:
    item = _clo(db, actor, "0002", "C01", "𡘙的閱讀報告")
    teacher = _proxy_for_teacher(db, actor, "張老師", "C01", "李代課", departed=True)  # 李代課 certifies for 張老師
    assert items.certify(db, teacher, [item], now=NOW)[0].state is ItemState.CERTIFIED
    assert items.select_items(db, actor, [item], now=NOW)[0].state is ItemState.SELECTED
    assert items.submit(db, actor, [item], now=NOW)[0].state is ItemState.SUBMITTED
    row = items.confirm_receipt(db, actor, [item], now=NOW)[0]
    assert row.state is ItemState.CONFIRMED and row.student_name == "王𡘙" and row.title == "𡘙的閱讀報告"
    detail = items.item_detail(db, Actor(CLERK), item)
    assert [(h.action, h.to_state) for h in detail.history] == [
        ("upload", ItemState.UPLOADED), ("certify", ItemState.CERTIFIED), ("select", ItemState.SELECTED),
        ("submit", ItemState.SUBMITTED), ("confirm", ItemState.CONFIRMED)]
    certify = detail.history[1]
    assert (certify.actor, certify.on_behalf_of, certify.at) == ("李代課", "張老師", NOW)
    with db.read() as s:
        audits = s.execute(select(AuditLog.action, AuditLog.on_behalf_of, AuditLog.before)
                           .where(AuditLog.entity == "portfolio_item", AuditLog.entity_key == str(item))
                           .order_by(AuditLog.id)).all()
    assert [a.action for a in audits] == ["item.upload", "item.certify", "item.select", "item.submit", "item.confirm"]
    assert audits[1].on_behalf_of == "張老師" and json.loads(audits[1].before) == {"state": "uploaded"}


def test_reject_needs_a_reason_and_keeps_it(db: Database, actor: Actor, school: dict[str, int]) -> None:
    item = _clo(db, actor, "0001", "C02")
    with pytest.raises(RuleError, match="必須填寫原因"):
        items.reject(db, actor, [item], reason="  ", now=NOW)
    row = items.reject(db, actor, [item], reason="檔案無法開啟", now=NOW)[0]
    assert row.state is ItemState.NOT_CERTIFIED and row.reason == "檔案無法開啟"
    assert items.item_detail(db, Actor(CLERK), item).history[-1].reason == "檔案無法開啟"
    with pytest.raises(RuleError, match="只有認證通過的課程學習成果可以勾選"):
        items.select_items(db, actor, [item], now=NOW)
    assert items.certify(db, actor, [item], now=NOW)[0].reason is None  # the teacher changed their mind


def test_refusals_leave_the_database_exactly_as_before(db: Database, actor: Actor, school: dict[str, int]) -> None:
    a = _clo(db, actor, "0001", "C01")
    b = _clo(db, actor, "0001", "C02")
    items.certify(db, actor, [a], now=NOW)
    before = _snapshot(db)
    with pytest.raises(RuleError) as info:  # a is fine, b is not certified: all or nothing
        items.select_items(db, actor, [a, b], now=NOW)
    assert f"項目 #{b}" in info.value.zh
    with pytest.raises(RuleError):  # submit a CLO that was never selected
        items.submit(db, actor, [a], now=NOW)
    with pytest.raises(NotFoundError):
        items.certify(db, actor, [b, 9999], now=NOW)  # b would be certified first: rolled back
    assert _snapshot(db) == before


def test_outside_the_window_refused_unless_overridden_with_a_reason(db: Database, actor: Actor, school: dict[str, int]) -> None:
    item = _clo(db, actor, "0001", "C01")
    before = _snapshot(db)
    with pytest.raises(RuleError) as info:
        items.certify(db, actor, [item], now=LATE)
    assert "不在「認證」期程內" in info.value.zh and "outside the certification window" in info.value.en
    with pytest.raises(RuleError, match="必須填寫理由"):
        items.certify(db, actor, [item], now=LATE, override_reason=" ")
    assert _snapshot(db) == before
    # 張老師 is on leave; 註冊組長 (registry, first on 張老師's proxy list) certifies for them, late,
    # with the registry's override (issue 5: both the certification and the override need their role)
    registry = _proxy_for_teacher(db, actor, "張老師", "C01", "註冊組長", departed=False, proxy_grants=(REGISTRY_DAY,))
    items.certify(db, registry, [item], now=LATE, override_reason="任課教師請假，經教務主任核可補認證")
    with db.read() as s:
        override = s.execute(select(WindowOverride.id, WindowOverride.kind, WindowOverride.action, WindowOverride.item_id,
                                    WindowOverride.actor, WindowOverride.on_behalf_of)).one()
        change = s.execute(select(ItemStateChange.override_id, ItemStateChange.at)
                           .where(ItemStateChange.action == "certify")).one()
        audit_after = s.scalar(select(AuditLog.after).where(AuditLog.action == "window.override"))
    assert tuple(override)[1:] == ("certification", "certify", item, "註冊組長", None)  # the registry itself
    assert items.item_detail(db, Actor(CLERK), item).history[-1].on_behalf_of == "張老師"  # the certification: for the teacher
    assert change.override_id == override.id and change.at == LATE
    assert "經教務主任核可" in json.loads(audit_after)["reason"]
    assert items.item_detail(db, Actor(CLERK), item).history[-1].override_reason.startswith("任課教師請假")


def test_selection_window_of_the_school_year_applies(db: Database, actor: Actor, tmp_path: Path) -> None:
    """Selection happens 學年末 (seed 000 附表二 五): a 113-1 item may be selected in 113-2's window."""
    from portfolio_desktop.domain.windows import WindowKind
    from portfolio_desktop.services.items import windows

    make_school(db, actor, tmp_path, with_windows=False)
    windows.set_window(db, actor, TERM, WindowKind.UPLOAD, dt.datetime(2024, 12, 1), dt.datetime(2024, 12, 31))
    windows.set_window(db, actor, TERM, WindowKind.CERTIFICATION, dt.datetime(2024, 12, 1), dt.datetime(2024, 12, 31))
    windows.set_window(db, actor, "113-2", WindowKind.SELECTION, dt.datetime(2025, 6, 1), dt.datetime(2025, 6, 30))
    item = _clo(db, actor, "0001", "C01")
    items.certify(db, actor, [item], now=NOW)
    with pytest.raises(RuleError, match="113-2 勾選"):
        items.select_items(db, actor, [item], now=NOW)
    assert items.select_items(db, actor, [item], now=dt.datetime(2025, 6, 2))[0].state is ItemState.SELECTED


def test_clo_upload_cap_names_the_items(db: Database, actor: Actor, school: dict[str, int]) -> None:
    ids = [_clo(db, actor, "0001", f"C0{i}", f"成果{i}") for i in range(1, 7)]
    before = _snapshot(db)
    with pytest.raises(CapExceeded) as info:
        _clo(db, actor, "0001", "C07", "第七件")
    exc = info.value
    assert exc.rule.key == "clo_uploads_per_semester" and exc.limit == 6
    assert [c.id for c in exc.counted] == ids
    assert "課程學習成果每學期上傳至多 6 件" in exc.zh and "已有 6 件" in exc.zh and "「成果1」" in exc.zh
    assert _snapshot(db) == before
    _clo(db, actor, "0002", "C07", "別人的第一件")  # caps count per student


def test_clo_selection_cap_counts_selected_or_later(db: Database, actor: Actor, school: dict[str, int]) -> None:
    set_caps(db, actor, Caps(clo_selected_per_year=2))
    ids = [_clo(db, actor, "0001", f"C0{i}") for i in range(1, 4)]
    items.certify(db, actor, ids, now=NOW)
    items.select_items(db, actor, ids[:2], now=NOW)
    items.submit(db, actor, ids[:1], now=NOW)  # submitted still counts as selected
    with pytest.raises(CapExceeded, match="課程學習成果每學年勾選至多 2 件"):
        items.select_items(db, actor, [ids[2]], now=NOW)
    items.deselect(db, actor, [ids[1]], now=NOW)
    assert items.select_items(db, actor, [ids[2]], now=NOW)[0].state is ItemState.SELECTED


def test_mp_caps_per_semester_and_year_follow_the_school_setting(db: Database, actor: Actor, school: dict[str, int]) -> None:
    def mp(i: int, term: str = TERM, now: dt.datetime = NOW) -> int:
        return items.add_item(db, actor, student_no="0101", term=term, kind=ItemKind.MP, title=f"志工{i}",
                              category=MPCategory.VOLUNTEER, now=now).id

    for i in range(10):
        mp(i)
    with pytest.raises(CapExceeded, match="多元表現每學期上傳至多 10 件"):  # seed 000
        mp(10)
    set_caps(db, actor, CAPS_SEED_001)  # seed 001: only the yearly 20
    assert read_caps(db).mp_uploads_per_semester is None
    for i in range(10, 20):
        mp(i)
    with pytest.raises(CapExceeded, match="多元表現每學年上傳至多 20 件") as info:
        mp(20)
    assert len(info.value.counted) == 20
    with db.read() as s:
        setting_audits = s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "setting.set"))
    assert setting_audits == 1


def test_add_item_rules(db: Database, actor: Actor, school: dict[str, int]) -> None:
    with pytest.raises(RuleError, match="沒有修課程代碼 C99"):
        _clo(db, actor, "0001", "C99")
    with pytest.raises(RuleError, match="必須選擇細項"):
        items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.MP, title="x", now=NOW)
    with pytest.raises(NotFoundError):
        items.add_item(db, actor, student_no="9999", term=TERM, kind=ItemKind.CADRE, title="班長", now=NOW)
    with pytest.raises(RuleError, match="不在「上傳」期程內"):
        items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CLO, title="x", course_code="C01",
                       now=LATE)
    cadre = items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CADRE, title="班長", now=LATE)
    assert cadre.state_zh == "已登錄"  # 訓育組 enters cadre records outside the students' upload window
    with pytest.raises(RuleError, match="課程諮詢紀錄只留存"):
        consult = items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CONSULTATION,
                                 title="個人諮詢", now=NOW)
        items.submit(db, actor, [consult.id], now=NOW)


def test_list_items_filters_and_mentor_view(db: Database, actor: Actor, school: dict[str, int]) -> None:
    from portfolio_desktop.services.item_support import Viewer
    from tests.data.items_school import class_ids

    a = _clo(db, actor, "0001", "C02")
    _clo(db, actor, "0101", "C01")
    rows = items.list_items(db, Actor(CLERK), student_no="0001")
    assert [r.id for r in rows] == [a] and rows[0].teachers == ("李老師", "王老師") and rows[0].course_name == "數學"
    assert len(items.list_items(db, Actor(CLERK), term=TERM, kind=ItemKind.CLO)) == 2
    assert [r.id for r in items.list_items(db, Actor(CLERK), teacher="李老師")] == [a]
    mentor = Viewer.mentor({class_ids(db)["102"]})
    assert {r.class_code for r in items.list_items(db, mentor)} == {"102"}
    with pytest.raises(Exception, match="不能查看項目 #.*（範圍：本班）|不能查看項目 #.*該班導師"):
        items.item_detail(db, mentor, a)


def test_transition_refuses_upload_and_empty_lists(db: Database, actor: Actor, school: dict[str, int]) -> None:
    with pytest.raises(RuleError):
        items.transition(db, actor, [1], Action.UPLOAD)
    with pytest.raises(RuleError, match="沒有指定項目"):
        items.certify(db, actor, [])
