"""First-run set-up and the school settings it asks for.

The wizard on a fresh database collects everything first and writes it here in ONE transaction:
the school (name, code, 部別, 科別), the current 學年度/學期, the caps (seed 000 §四(三)(四) /
seed 001 §五(三)(四) presets) and who submits which kind (提交分工, the same school's preset), the
letterhead with the return address, the first administrator and their own office roles, and where
backups go. Cancel in the wizard therefore writes nothing, and a failure half-way leaves the
database exactly as it was.

The same values are changed later in the Settings dialog through :func:`save_school_settings`
(administrator only, one transaction, every setting audited by ``services.settings``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain import passwords as pw
from portfolio_desktop.domain.items import CAPS_SEED_000, CAPS_SEED_001, Caps, ItemKind
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.roles import DIVISIONS, Grant, Role
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services.admin import backup as backup_service
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import CURRENT_TERM_KEY, current_term, ensure_term
from portfolio_desktop.services.items.item_settings import (
    CAPS_KEY,
    SUBMIT_ROLE_PRESETS,
    SUBMIT_ROLES_KEY,
    get_caps,
    submit_role,
)
from portfolio_desktop.services.notices.notice_settings import LETTERHEAD_FIELDS, LETTERHEAD_KEY, read_settings
from portfolio_desktop.services.setting_owners import require_setting
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.services.accounts.staff_store import division_id
from portfolio_desktop.store import audit
from portfolio_desktop.store.accounts_models import Account, Staff, StaffRole
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Department, SchoolClass, Student

NAME_KEY = "school.name"
CODE_KEY = "school.code"
DIVISIONS_KEY = "school.divisions"
TERM_KEY = CURRENT_TERM_KEY  # "113-1": the term the school said it is in at set-up (terms.current_term)

# Per-school presets for the caps (data, not code): seed 000 is 臺南二中, seed 001 岡山農工.
CAP_PRESETS: dict[str, tuple[str, Caps]] = {
    "seed000": ("依臺南二中補充規定", CAPS_SEED_000),
    "seed001": ("依岡山農工補充規定", CAPS_SEED_001),
}
# The same two schools' 提交分工 (item_settings.SUBMIT_ROLE_PRESETS, same keys): the wizard's preset
# choice sets both, the Settings dialog changes each on its own.


@dataclass(frozen=True)
class SchoolProfile:
    name: str
    code: str
    divisions: tuple[str, ...]  # "day" / "night"
    departments: tuple[str, ...]


@dataclass(frozen=True)
class BackupChoice:
    folder: str  # "" = the default (backups/ beside the database)
    keep: int
    encrypt: bool


@dataclass(frozen=True)
class AdminAccount:
    username: str
    display_name: str
    password: str = field(repr=False)  # never printed, logged nor audited
    grants: tuple[Grant, ...] = ()  # their own office roles; the admin role is always added


@dataclass(frozen=True)
class FirstRunSetup:
    school: SchoolProfile
    term: tuple[int, int]
    caps: Caps
    letterhead: dict[str, str]
    admin: AdminAccount
    backup: BackupChoice
    # 提交分工, e.g. SUBMIT_ROLE_PRESETS["seed000"]; None keeps the seed-001 default (items/item_settings.py).
    submit_roles: dict[ItemKind, Role] | None = None


@dataclass(frozen=True)
class SchoolSettings:
    """What the Settings dialog shows and saves."""

    school: SchoolProfile
    caps: Caps
    letterhead: dict[str, str]
    backup: BackupChoice
    term: tuple[int, int] | None = None  # the current term (terms.current_term)
    submit_roles: dict[ItemKind, Role] = field(default_factory=dict)  # in effect (stored, else default)


# ---- reading ------------------------------------------------------------------------------------

def is_fresh(db: Database) -> bool:
    """A database nobody has set up: no account and no student (the wizard's condition)."""
    with db.read() as s:
        return not s.scalar(select(func.count(Account.id))) and not s.scalar(select(func.count(Student.id)))


def _profile(s: Session) -> SchoolProfile:
    divisions = get_setting(s, DIVISIONS_KEY) or list(DIVISIONS)
    return SchoolProfile(
        name=str(get_setting(s, NAME_KEY, "") or ""),
        code=str(get_setting(s, CODE_KEY, "") or ""),
        divisions=tuple(d for d in DIVISIONS if d in divisions),
        departments=tuple(s.scalars(select(Department.name).order_by(Department.id))),
    )


def _submit_roles(s: Session) -> dict[ItemKind, Role]:
    roles = {kind: submit_role(s, kind) for kind in ItemKind if kind is not ItemKind.CONSULTATION}
    return {kind: role for kind, role in roles.items() if role is not None}


def submit_preset(roles: dict[ItemKind, Role]) -> str | None:
    """The SUBMIT_ROLE_PRESETS key these roles are, or None for another (hand-set) division of work."""
    return next((key for key, preset in SUBMIT_ROLE_PRESETS.items() if preset == roles), None)


def school_settings(db: Database) -> SchoolSettings:
    b = backup_service.backup_settings(db)
    with db.read() as s:
        return SchoolSettings(
            school=_profile(s), caps=get_caps(s), letterhead=asdict(read_settings(s).letterhead),
            backup=BackupChoice(b.folder_setting, b.keep, b.encrypt), term=current_term(s),
            submit_roles=_submit_roles(s),
        )


# ---- validation (before any transaction) ---------------------------------------------------------

def check_profile(profile: SchoolProfile) -> SchoolProfile:
    name, code = profile.name.strip(), profile.code.strip()
    if not name:
        raise RuleError("請填寫校名", "the school name is missing")
    if code and not (code.isascii() and code.isalnum() and len(code) <= 10):
        raise RuleError(f"學校代碼「{code}」應為 6 碼左右的英數字（例如 213303）",
                        f"school code '{code}' should be a short alphanumeric code (e.g. 213303)")
    if not profile.divisions:
        raise RuleError("至少要選一個部別（日間部或進修部）", "choose at least one division (day or night)")
    unknown = [d for d in profile.divisions if d not in DIVISIONS]
    if unknown:
        raise RuleError(f"不認得的部別 {unknown}", f"unknown divisions {unknown}")
    departments = tuple(dict.fromkeys(d.strip() for d in profile.departments if d.strip()))
    too_long = [d for d in departments if len(d) > 60]
    if too_long:
        raise RuleError(f"科別名稱太長（最多 60 字）：{too_long[0]}", f"department name too long (60 max): {too_long[0]}")
    return SchoolProfile(name, code, tuple(profile.divisions), departments)


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 60 or any(ch.isspace() for ch in name):
        raise RuleError("帳號不可空白、不可含空白字元，且最多 60 字", "a user name must be 1–60 characters without spaces")
    return name


def check_submit_roles(roles: dict[ItemKind, Role]) -> dict[ItemKind, Role]:
    """Who submits which kind (item_settings.set_submit_roles' rule): never a 課程諮詢紀錄."""
    if ItemKind.CONSULTATION in roles:
        raise RuleError("課程諮詢紀錄不提交", "consultation records are never submitted")
    return {ItemKind(k): Role(r) for k, r in roles.items()}


def check_backup(choice: BackupChoice) -> None:
    if not 1 <= choice.keep <= 1000:
        raise RuleError("保留份數須介於 1 到 1000", "the number of backups to keep must be 1–1000")
    if choice.encrypt:
        from portfolio_desktop.services.accounts import secrets  # the key store loads when a key is needed

        secrets.stored_backup_key()  # no keyring: say so now, not at the first backup


# ---- writing ------------------------------------------------------------------------------------

def _write_school(s: Session, actor: Actor, profile: SchoolProfile, *, remove_departments: bool) -> dict[str, object]:
    for code in profile.divisions:
        division_id(s, code)  # the 部別 rows the roster import and the office roles refer to
    existing = {d.name: d for d in s.scalars(select(Department))}
    added = [d for d in profile.departments if d not in existing]
    for name in added:
        s.add(Department(name=name))
    removed: list[str] = []
    if remove_departments:
        for name, dept in existing.items():
            if name in profile.departments:
                continue
            used = s.scalar(select(func.count(SchoolClass.id)).where(SchoolClass.department_id == dept.id))
            if used:
                raise RuleError(f"科別「{name}」仍有 {used} 個班級，不能刪除", f"department '{name}' still has {used} classes")
            students = s.scalar(select(func.count(Student.id)).where(Student.department_id == dept.id))
            if students:  # 科別 belongs to the student: a 合班 class's other department has no class of its own
                raise RuleError(f"科別「{name}」仍有 {students} 位學生，不能刪除",
                                f"department '{name}' still has {students} student(s)")
            s.delete(dept)
            removed.append(name)
    s.flush()
    set_setting(s, actor, NAME_KEY, profile.name)
    set_setting(s, actor, CODE_KEY, profile.code)
    set_setting(s, actor, DIVISIONS_KEY, list(profile.divisions))
    return {"departments_added": added, "departments_removed": removed}


def _write_letterhead(s: Session, actor: Actor, letterhead: dict[str, str]) -> None:
    unknown = set(letterhead) - set(LETTERHEAD_FIELDS)
    if unknown:
        raise RuleError(f"信頭沒有欄位 {'、'.join(sorted(unknown))}", f"the letterhead has no field {', '.join(sorted(unknown))}")
    merged = {**asdict(read_settings(s).letterhead), **{k: (v or "").strip() for k, v in letterhead.items()}}
    set_setting(s, actor, LETTERHEAD_KEY, merged)


def _write_submit_roles(s: Session, actor: Actor, roles: dict[ItemKind, Role]) -> None:
    # the setting services/guard.py require_item reads (item_settings.submit_role)
    set_setting(s, actor, SUBMIT_ROLES_KEY, {k.value: r.value for k, r in roles.items()})


def _write_backup(s: Session, actor: Actor, choice: BackupChoice) -> None:
    set_setting(s, actor, backup_service.SETTING_FOLDER, choice.folder.strip())
    set_setting(s, actor, backup_service.SETTING_KEEP, choice.keep)
    set_setting(s, actor, backup_service.SETTING_ENCRYPT, choice.encrypt)


def apply_first_run(db: Database, setup: FirstRunSetup) -> Actor:
    """Write the whole set-up in one transaction and return the new administrator (not yet signed in).

    Refused when the database already has an account or a student (another workstation may have set
    it up meanwhile): the wizard is only for a fresh database.
    """
    profile = check_profile(setup.school)
    admin = setup.admin
    name = check_username(admin.username)
    pw.check_strength(admin.password, username=name)
    check_backup(setup.backup)
    caps = Caps.from_dict(setup.caps.to_dict())
    submit_roles = check_submit_roles(setup.submit_roles) if setup.submit_roles is not None else None
    hashed = pw.hash_password(admin.password)
    year, semester = setup.term
    actor = Actor(name)
    with db.write() as s:
        if s.scalar(select(func.count(Account.id))) or s.scalar(select(func.count(Student.id))):
            raise PermissionDenied("這個資料庫已經設定過（已有帳號或學生）；請以既有帳號登入",
                                   "this database is already set up (it has accounts or students); sign in instead")
        school = _write_school(s, actor, profile, remove_departments=False)
        term = ensure_term(s, year, semester)
        set_setting(s, actor, TERM_KEY, term.label)
        set_setting(s, actor, CAPS_KEY, caps.to_dict())
        if submit_roles is not None:
            _write_submit_roles(s, actor, submit_roles)
        letterhead = {"school_name": profile.name, **setup.letterhead}
        _write_letterhead(s, actor, letterhead)
        _write_backup(s, actor, setup.backup)

        staff = s.scalar(select(Staff).where(Staff.username == name))
        if staff is None:
            staff = Staff(username=name, display_name=admin.display_name.strip() or name)
            s.add(staff)
        grants = list(dict.fromkeys([Grant(Role.ADMIN), *admin.grants]))
        for g in grants:
            if g.role in (Role.MENTOR, Role.TEACHER):
                raise RuleError("設定精靈只能指定處室職務；導師與任課教師請於「人員帳號」頁設定",
                                "the wizard sets office roles only; add mentor/teacher roles on the accounts page")
            if g.division is not None and g.division not in profile.divisions:
                raise RuleError(f"職務的部別「{DIVISIONS.get(g.division, g.division)}」不是本校的部別",
                                f"role division '{g.division}' is not one of the school's divisions")
            staff.grants.append(StaffRole(role=g.role.value, division_id=division_id(s, g.division)))
        staff.account = Account(password_hash=hashed, must_change=False, disabled=False, failed_count=0)
        s.flush()
        audit.record(s, actor=name, action="account.bootstrap", entity="staff", key=name,
                     after={"display_name": staff.display_name,
                            "roles": [{"role": g.role.value, "division": g.division} for g in grants]})
        audit.record(s, actor=name, action="setup.first_run", entity="school", key=profile.code or None,
                     after={"name": profile.name, "divisions": list(profile.divisions),
                            "departments": list(profile.departments), "term": format_term(year, semester),
                            **school})
    return actor


def save_school_settings(db: Database, actor: Actor, *, school: SchoolProfile | None = None,
                         caps: Caps | None = None, letterhead: dict[str, str] | None = None,
                         backup: BackupChoice | None = None, term: tuple[int, int] | None = None,
                         submit_roles: dict[ItemKind, Role] | None = None) -> SchoolSettings:
    """The Settings dialog: change any of the parts in one transaction, each part by the office that owns
    its setting (domain/setting_owners.py: the school and term the registry's, the caps and 提交分工 the
    dean's, the letterhead the registry's, the backups 資訊媒體組's; the administrator all). ``term``
    moves the school to another current term (the default of every term choice, terms.current_term);
    ``submit_roles`` is who submits which kind (提交分工, e.g. SUBMIT_ROLE_PRESETS["seed001"])."""
    profile = check_profile(school) if school is not None else None
    roles = check_submit_roles(submit_roles) if submit_roles is not None else None
    if backup is not None:
        check_backup(backup)
    checked_caps = Caps.from_dict(caps.to_dict()) if caps is not None else None
    parts = [(NAME_KEY, profile), (CAPS_KEY, checked_caps), (LETTERHEAD_KEY, letterhead), ("backup", backup),
             (TERM_KEY, term), (SUBMIT_ROLES_KEY, roles)]
    keys = [key for key, part in parts if part is not None] or [NAME_KEY]
    with db.write() as s:
        # each part by the office that owns it (domain/setting_owners.py); one refusal writes nothing
        acting = [require_setting(s, actor, key) for key in keys][0]
        who = acting.as_actor()
        if profile is not None:
            changes = _write_school(s, who, profile, remove_departments=True)
            if changes["departments_added"] or changes["departments_removed"]:
                acting.audit(s, action="setup.departments", entity="department", key=None, after=changes)
        if checked_caps is not None:
            set_setting(s, who, CAPS_KEY, checked_caps.to_dict())
        if letterhead is not None:
            _write_letterhead(s, who, letterhead)
        if backup is not None:
            _write_backup(s, who, backup)
        if term is not None:
            set_setting(s, who, TERM_KEY, ensure_term(s, *term).label)
        if roles is not None:
            _write_submit_roles(s, who, roles)
    return school_settings(db)
