"""The school's item settings: the caps on uploads and selections (``items.caps``), who submits
which kind of item (``items.submit_roles``) and after how many days a class counts as behind on the
dashboard (``dashboard.behind_days``). The caps and who submits what are the working group's (seed 000
§四 說明3, seed 001 §三(二)): the dean's, or the administrator's (domain/setting_owners.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import Caps, ItemKind
from portfolio_desktop.domain.roles import Role, role_label
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.setting_owners import require_setting
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database

CAPS_KEY = "items.caps"
BEHIND_DAYS_KEY = "dashboard.behind_days"
SUBMIT_ROLES_KEY = "items.submit_roles"
DEFAULT_BEHIND_DAYS = 7

# Who submits what (seed 001 §六(二)): 註冊組/進修部教務組 — 學業成績 and CLO; 訓育組/進修部學務組 — 幹部經歷
# and MP. Seed 000 附表二 五 has 教學組 submit the CLO: set items.submit_roles {"clo": "academic"} there.
# services/guard.py item_roles gives the SUBMIT action the role this setting names.
DEFAULT_SUBMIT_ROLES: dict[ItemKind, Role] = {
    ItemKind.CLO: Role.REGISTRY,
    ItemKind.MP: Role.ACTIVITIES,
    ItemKind.CADRE: Role.ACTIVITIES,
    ItemKind.COURSE_RECORD: Role.REGISTRY,
}
SUBMIT_ROLE_PRESETS: dict[str, dict[ItemKind, Role]] = {
    # seed 000 分工明細表 and 附表二 五、六: 教學組 「每學年提交學生勾選之6件課程學習成果」, 學務處(訓育組)
    # 「每學年提交學生勾選之10件多元表現」 and 幹部經歷; 註冊組 填報學業成績 (附表二 四(三)).
    "seed000": {**DEFAULT_SUBMIT_ROLES, ItemKind.CLO: Role.ACADEMIC},
    # seed 001 §六(二)1-4: 註冊組/進修部教務組 學業成績 and CLO, 訓育組/進修部學務組 幹部經歷 and MP.
    "seed001": dict(DEFAULT_SUBMIT_ROLES),
}


def get_caps(session: Session) -> Caps:
    """The school's caps (setting ``items.caps``); the seed-000 defaults where nothing is set."""
    stored = get_setting(session, CAPS_KEY)
    return Caps() if stored is None else Caps.from_dict(stored)


def set_caps(db: Database, actor: Actor, caps: Caps) -> Caps:
    """The school's caps: 「可由工作小組訂之」 (seed 000 §四 說明3) — the dean, its executive secretary —
    or the administrator (domain/setting_owners.py)."""
    with db.write() as session:
        acting = require_setting(session, actor, CAPS_KEY)
        set_setting(session, acting.as_actor(), CAPS_KEY, caps.to_dict())
    return caps


def read_caps(db: Database) -> Caps:
    with db.read() as session:
        return get_caps(session)


def behind_days(session: Session) -> int:
    value = get_setting(session, BEHIND_DAYS_KEY, DEFAULT_BEHIND_DAYS)
    return int(value) if isinstance(value, int) and value >= 0 else DEFAULT_BEHIND_DAYS


def submit_role(session: Session, kind: ItemKind) -> Role | None:
    stored = get_setting(session, SUBMIT_ROLES_KEY) or {}
    code = stored.get(kind.value)
    if code:
        return Role(code)
    return DEFAULT_SUBMIT_ROLES.get(kind)


def set_submit_roles(db: Database, actor: Actor, roles: dict[ItemKind, Role]) -> dict[ItemKind, Role]:
    """Who submits which kind (setting ``items.submit_roles``, e.g. ``SUBMIT_ROLE_PRESETS["seed000"]``):
    the working group's 任務分工 (seed 001 §三(二)): the dean, or the administrator. Kinds not given keep
    the seed-001 default."""
    if ItemKind.CONSULTATION in roles:
        raise RuleError("課程諮詢紀錄不提交", "consultation records are never submitted")
    with db.write() as session:
        acting = require_setting(session, actor, SUBMIT_ROLES_KEY)
        set_setting(session, acting.as_actor(), SUBMIT_ROLES_KEY, {k.value: r.value for k, r in roles.items()})
    return {**DEFAULT_SUBMIT_ROLES, **roles}


def submit_office(session: Session, kind: ItemKind, division_code: str | None) -> str:
    """The office that submits this kind for this division, as the school names it."""
    role = submit_role(session, kind)
    return "（不提交）" if role is None else role_label(role, division_code)
