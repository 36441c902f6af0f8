"""Who may submit follows the school's setting ``items.submit_roles`` (services/guard.py item_roles):
seed 000 (臺南二中 分工明細表, 附表二 五、六) — 教學組 submits the CLOs, 學務處訓育組 the MPs; seed 001
§六(二) — 註冊組 / 進修部教務組 the CLOs, 訓育組 / 進修部學務組 the MPs. A refusal names the office the
setting asks for and leaves the database as it was (but the refusal's audit row)."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop.domain.items import ItemKind, ItemState, MPCategory
from portfolio_desktop.domain.roles import Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.items import items
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import SUBMIT_ROLE_PRESETS, set_submit_roles, submit_office
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import ItemStateChange, PortfolioItem
from portfolio_desktop.store.models import AuditLog
from tests.data.items_school import NOW, TERM, make_school
from tests.data.staff import ACADEMIC, ACTIVITIES_DAY, REGISTRY_DAY, seed_staff

OFFICES = {Role.ACADEMIC: ("教學組員", ACADEMIC), Role.REGISTRY: ("註冊組員", REGISTRY_DAY),
           Role.ACTIVITIES: ("訓育組員", ACTIVITIES_DAY)}
# preset → (who submits CLOs, who submits MPs)
EXPECTED = {"seed000": (Role.ACADEMIC, Role.ACTIVITIES), "seed001": (Role.REGISTRY, Role.ACTIVITIES),
            None: (Role.REGISTRY, Role.ACTIVITIES)}  # no setting: seed 001's rule


@pytest.fixture
def selected(db: Database, actor: Actor, tmp_path: Path) -> dict[ItemKind, int]:
    """One selected CLO and one selected MP of student 0001 (日間部), entered by the all-offices clerk."""
    make_school(db, actor, tmp_path)
    clo = items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CLO, title="報告", course_code="C01",
                         now=NOW).id
    items.certify(db, actor, [clo], now=NOW)
    mp = items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.MP, title="志工",
                        category=MPCategory.VOLUNTEER, now=NOW).id
    items.select_items(db, actor, [clo, mp], now=NOW)
    for username, grant in OFFICES.values():
        seed_staff(db, username, grant)
    return {ItemKind.CLO: clo, ItemKind.MP: mp}


def _changes(db: Database) -> tuple[list[tuple[int, str]], int, int]:
    with db.read() as s:
        return (sorted(s.execute(select(PortfolioItem.id, PortfolioItem.state)).all()),
                s.scalar(select(func.count(ItemStateChange.id))) or 0,
                s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action != "authz.denied")) or 0)


@pytest.mark.parametrize("preset", ["seed000", "seed001", None])
def test_submission_follows_the_school_setting(db: Database, actor: Actor, selected: dict[ItemKind, int],
                                               preset: str | None) -> None:
    if preset is not None:
        set_submit_roles(db, actor, SUBMIT_ROLE_PRESETS[preset])
    for kind, submitter in zip((ItemKind.CLO, ItemKind.MP), EXPECTED[preset], strict=True):
        item = selected[kind]
        with db.read() as s:
            office = submit_office(s, kind, "day")
        for role, (username, _grant) in OFFICES.items():
            if role is submitter:
                continue
            before = _changes(db)
            with pytest.raises(PermissionDenied) as exc:
                items.submit(db, Actor(username), [item], now=NOW)
            assert office in exc.value.zh  # names the office the setting asks for
            assert _changes(db) == before
        row = items.submit(db, Actor(OFFICES[submitter][0]), [item], now=NOW)[0]
        assert row.state is ItemState.SUBMITTED
        assert items.item_detail(db, Actor(CLERK), item).history[-1].actor == OFFICES[submitter][0]


def test_seed_000_names_教學組_and_seed_001_註冊組(db: Database, actor: Actor, selected: dict[ItemKind, int]) -> None:
    set_submit_roles(db, actor, SUBMIT_ROLE_PRESETS["seed000"])
    with pytest.raises(PermissionDenied) as exc:
        items.submit(db, Actor("註冊組員"), [selected[ItemKind.CLO]], now=NOW)
    assert "教學組" in exc.value.zh and "註冊組" not in exc.value.zh.split("需要的職務")[-1]
    set_submit_roles(db, actor, SUBMIT_ROLE_PRESETS["seed001"])
    with pytest.raises(PermissionDenied) as exc:
        items.submit(db, Actor("教學組員"), [selected[ItemKind.CLO]], now=NOW)
    assert "需要的職務：註冊組" in exc.value.zh


def test_only_the_administrator_sets_who_submits(db: Database, actor: Actor, selected: dict[ItemKind, int]) -> None:
    with pytest.raises(PermissionDenied):
        set_submit_roles(db, Actor("教學組員"), {ItemKind.CLO: Role.ACADEMIC})
    with db.read() as s:
        assert submit_office(s, ItemKind.CLO, "night") == "進修部教務組"
