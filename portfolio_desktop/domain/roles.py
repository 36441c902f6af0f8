"""Offices and roles, the permissions each grants, and the one pure decision ``check`` / ``can``.

Sources: DOMAIN.md "Who uses the app"; seed 001 §五 (註冊組 and 進修部教務組 build and manage the school
platform, accounts included; 訓育組 and 進修部學務組 enter cadre records; 課程諮詢教師 enter consultation
records; 任課教師 certify; 導師 oversee their class), §六(二)(三) (who submits what, who confirms
receipts), §四 (教務主任 plans the schedules), §九 (the working group keeps the proxy lists).

Offices are per division (日間部 / 進修部, seed 001 §二, §五): a grant of an office role names the
division it works for; ``division=None`` on a grant means "both divisions" (a small school with one
office). A mentor grant names a class; a teacher grant names a course code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from portfolio_desktop.errors import PermissionDenied

DIVISIONS: dict[str, str] = {"day": "日間部", "night": "進修部"}


class Role(str, Enum):
    """Stored as the English code; :func:`role_label` gives the office name per division."""

    REGISTRY = "registry"  # 註冊組 / 進修部教務組
    ACADEMIC = "academic"  # 教學組
    ACTIVITIES = "activities"  # 訓育組 (社團組) / 進修部學務組
    DISCIPLINE = "discipline"  # 生輔組 / 進修部生輔組
    MENTOR = "mentor"  # 導師 (of one class)
    TEACHER = "teacher"  # 任課教師 (of courses, by course code)
    CONSULTANT = "consultant"  # 課程諮詢教師
    IT = "it"  # 資訊媒體組 / 圖書館
    DEAN = "dean"  # 教務主任 (工作小組執行秘書)
    ADMIN = "admin"  # 系統管理者


# zh labels: (日間部 name, 進修部 name); one name where the office is not per division.
_LABELS: dict[Role, tuple[str, str]] = {
    Role.REGISTRY: ("註冊組", "進修部教務組"),
    Role.ACADEMIC: ("教學組", "教學組"),
    Role.ACTIVITIES: ("訓育組", "進修部學務組"),
    Role.DISCIPLINE: ("生輔組", "進修部生輔組"),
    Role.MENTOR: ("導師", "導師"),
    Role.TEACHER: ("任課教師", "任課教師"),
    Role.CONSULTANT: ("課程諮詢教師", "課程諮詢教師"),
    Role.IT: ("資訊媒體組", "資訊媒體組"),
    Role.DEAN: ("教務主任（執行秘書）", "教務主任（執行秘書）"),
    Role.ADMIN: ("系統管理者", "系統管理者"),
}
_EN: dict[Role, str] = {
    Role.REGISTRY: "registry office",
    Role.ACADEMIC: "academic affairs office",
    Role.ACTIVITIES: "student activities office",
    Role.DISCIPLINE: "discipline office",
    Role.MENTOR: "mentor",
    Role.TEACHER: "course teacher",
    Role.CONSULTANT: "course-consultation teacher",
    Role.IT: "IT office",
    Role.DEAN: "dean (working-group secretary)",
    Role.ADMIN: "administrator",
}

DIVISION_ROLES = frozenset({Role.REGISTRY, Role.ACTIVITIES, Role.DISCIPLINE})
"""Offices that exist once per division and write only their own division's data."""
PERSONAL_ROLES = frozenset({Role.MENTOR, Role.TEACHER, Role.CONSULTANT})
"""Roles held by a person for their class / courses: their proxy list is the person's own list."""


def role_label(role: Role, division: str | None = None) -> str:
    """The office name as the school writes it: 註冊組 for 日間部, 進修部教務組 for 進修部."""
    day, night = _LABELS[role]
    if role in DIVISION_ROLES and division is not None:
        return night if division == "night" else day
    if role in DIVISION_ROLES:
        return day if day == night else f"{day}／{night}"
    return day


def role_label_en(role: Role, division: str | None = None) -> str:
    if role in DIVISION_ROLES and division in DIVISIONS:
        return f"{_EN[role]} ({'day school' if division == 'day' else 'continuing-education division'})"
    return _EN[role]


def parse_role(text: str) -> tuple[Role, str | None]:
    """Read a role as typed: the code (``registry``), or an office name (進修部教務組 → registry, night)."""
    t = text.strip()
    for role in Role:
        if t.lower() == role.value:
            return role, None
    for role, (day, night) in _LABELS.items():
        if role in DIVISION_ROLES and t == night and night != day:
            return role, "night"
        if t == day:
            return role, "day" if role in DIVISION_ROLES else None
    aliases = {"社團組": (Role.ACTIVITIES, "day"), "教務主任": (Role.DEAN, None), "執行秘書": (Role.DEAN, None),
               "資訊組": (Role.IT, None), "圖書館": (Role.IT, None), "管理者": (Role.ADMIN, None)}
    if t in aliases:
        return aliases[t]
    known = "、".join(dict.fromkeys(n for pair in _LABELS.values() for n in pair))
    raise PermissionDenied(
        f"不認得的職務「{text}」；可用：{known}",
        f"unknown role '{text}'; use one of: {', '.join(r.value for r in Role)}",
    )


@dataclass(frozen=True)
class Grant:
    """One role held by one person: office roles name a division (None = both), a mentor a class,
    a teacher a course code."""

    role: Role
    division: str | None = None
    class_id: int | None = None
    course_code: str | None = None

    @property
    def label(self) -> str:
        base = role_label(self.role, self.division)
        if self.role in DIVISION_ROLES and self.division is None:
            return f"{base}（兩部）"
        if self.role is Role.MENTOR and self.class_id is not None:
            return f"{base}（班級 #{self.class_id}）"
        if self.role is Role.TEACHER and self.course_code:
            return f"{base}（{self.course_code}）"
        return base


class Permission(str, Enum):
    ROSTER_READ = "roster.read"  # 學籍資料 (mentor: own class only)
    ROSTER_WRITE = "roster.write"  # roster import, student data (seed 001 §五(一)1)
    STATUS_CHANGE = "status.change"  # 學籍異動
    GRADES_WRITE = "grades.write"  # 修課紀錄 / 學業成績 (seed 001 §五(二)1)
    COURSES_WRITE = "courses.write"  # course list, codes, enrolments (DOMAIN: 教學組)
    CLO_SELECT = "clo.select"  # selection of course outcomes (DOMAIN: 教學組)
    CLO_CERTIFY = "clo.certify"  # 認證 of own courses (seed 001 §五(三)2)
    CLO_SUBMIT = "clo.submit"  # 課程學習成果提交 (seed 001 §六(二)2)
    CADRE_WRITE = "cadre.write"  # 幹部經歷 (seed 001 §五(一)2)
    MP_SUBMIT = "mp.submit"  # 多元表現 / 幹部經歷提交 (seed 001 §六(二)3-4)
    ATTENDANCE_WRITE = "attendance.write"  # 出缺勤 (生輔組)
    CONSULTATION_WRITE = "consultation.write"  # 課程諮詢紀錄 (seed 001 §五(二)2)
    DASHBOARD_READ = "dashboard.read"  # follow-up lists (mentor: own class, seed 001 §五(三)3)
    RECEIPT_CONFIRM = "receipt.confirm"  # 收訖明細確認 (seed 001 §六(三))
    NOTICE_WRITE = "notice.write"  # mailed notices (seed 001 §九(三)3)
    WINDOWS_SET = "windows.set"  # 作業期程 (seed 001 §四: 教務主任)
    WINDOW_OVERRIDE = "window.override"  # acting outside a window (DOMAIN: the registry overrides)
    PROXIES_WRITE = "proxies.write"  # 代理人名單及代理順位 (seed 001 §九(一)2, (三)1-2)
    EVALUATION_WRITE = "evaluation.write"  # self-check, evaluation, rewards (seed 001 §十)
    ACCOUNTS_MANAGE = "accounts.manage"  # accounts and roles: 註冊組 帳號開設 (seed 000 附表一), the administrator
    SETTINGS_WRITE = "settings.write"  # school settings: per key, domain/setting_owners.py (the administrator always)
    BACKUP_RUN = "backup.run"  # 備援機制 (DOMAIN: 資訊媒體組)
    AUDIT_READ = "audit.read"  # the audit log viewer
    SCHOOL_READ = "school.read"  # the school's work data that is about no one student: schedules, courses, working group

    @property
    def zh(self) -> str:
        return _PERM_ZH[self]

    @property
    def en(self) -> str:
        """The duty in words for messages; the code (``clo.submit``) is for the audit log only."""
        return _PERM_EN[self]


_PERM_ZH: dict[Permission, str] = {
    Permission.ROSTER_READ: "查看學籍資料",
    Permission.ROSTER_WRITE: "登錄學籍資料",
    Permission.STATUS_CHANGE: "學籍異動",
    Permission.GRADES_WRITE: "登錄修課紀錄及成績",
    Permission.COURSES_WRITE: "維護課程及選課",
    Permission.CLO_SELECT: "課程學習成果勾選作業",
    Permission.CLO_CERTIFY: "認證課程學習成果",
    Permission.CLO_SUBMIT: "提交課程學習成果",
    Permission.CADRE_WRITE: "登錄幹部經歷",
    Permission.MP_SUBMIT: "提交多元表現及幹部經歷",
    Permission.ATTENDANCE_WRITE: "登錄出缺勤",
    Permission.CONSULTATION_WRITE: "登錄課程諮詢紀錄",
    Permission.DASHBOARD_READ: "查看進度追蹤",
    Permission.RECEIPT_CONFIRM: "確認收訖明細",
    Permission.NOTICE_WRITE: "製作及登錄郵寄通知",
    Permission.WINDOWS_SET: "訂定作業期程",
    Permission.WINDOW_OVERRIDE: "期程外補登（逾期放行）",
    Permission.PROXIES_WRITE: "維護代理人名單及代理順位",
    Permission.EVALUATION_WRITE: "自我檢核及成效評核",
    Permission.ACCOUNTS_MANAGE: "管理帳號及職務",
    Permission.SETTINGS_WRITE: "變更學校設定",
    Permission.BACKUP_RUN: "備份資料",
    Permission.AUDIT_READ: "查看稽核紀錄",
    Permission.SCHOOL_READ: "查看學校作業資料（期程、課程、工作小組）",
}

_PERM_EN: dict[Permission, str] = {
    Permission.ROSTER_READ: "read student records",
    Permission.ROSTER_WRITE: "enter student records",
    Permission.STATUS_CHANGE: "record enrolment changes",
    Permission.GRADES_WRITE: "enter course records and grades",
    Permission.COURSES_WRITE: "maintain courses and enrolments",
    Permission.CLO_SELECT: "select course learning outcomes",
    Permission.CLO_CERTIFY: "certify course learning outcomes",
    Permission.CLO_SUBMIT: "submit course learning outcomes",
    Permission.CADRE_WRITE: "enter cadre records",
    Permission.MP_SUBMIT: "submit diverse performances and cadre records",
    Permission.ATTENDANCE_WRITE: "enter attendance",
    Permission.CONSULTATION_WRITE: "enter course-consultation records",
    Permission.DASHBOARD_READ: "see progress follow-up",
    Permission.RECEIPT_CONFIRM: "confirm receipt details",
    Permission.NOTICE_WRITE: "make and record mailed notices",
    Permission.WINDOWS_SET: "set work-schedule windows",
    Permission.WINDOW_OVERRIDE: "act outside a work-schedule window",
    Permission.PROXIES_WRITE: "maintain proxy lists and their order",
    Permission.EVALUATION_WRITE: "record self-checks and evaluations",
    Permission.ACCOUNTS_MANAGE: "manage accounts and roles",
    Permission.SETTINGS_WRITE: "change school settings",
    Permission.BACKUP_RUN: "back up the data",
    Permission.AUDIT_READ: "read the audit log",
    Permission.SCHOOL_READ: "see the school's work data (schedules, courses, working group)",
}

R = Role
P = Permission
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    P.ROSTER_READ: frozenset({R.REGISTRY, R.ACADEMIC, R.ACTIVITIES, R.DISCIPLINE, R.DEAN, R.MENTOR, R.CONSULTANT}),
    P.ROSTER_WRITE: frozenset({R.REGISTRY}),
    P.STATUS_CHANGE: frozenset({R.REGISTRY}),
    P.GRADES_WRITE: frozenset({R.REGISTRY}),
    P.COURSES_WRITE: frozenset({R.ACADEMIC}),
    P.CLO_SELECT: frozenset({R.ACADEMIC}),
    P.CLO_CERTIFY: frozenset({R.TEACHER}),
    P.CLO_SUBMIT: frozenset({R.REGISTRY}),
    P.CADRE_WRITE: frozenset({R.ACTIVITIES}),
    P.MP_SUBMIT: frozenset({R.ACTIVITIES}),
    P.ATTENDANCE_WRITE: frozenset({R.DISCIPLINE}),
    P.CONSULTATION_WRITE: frozenset({R.CONSULTANT}),
    P.DASHBOARD_READ: frozenset({R.REGISTRY, R.ACADEMIC, R.ACTIVITIES, R.DEAN, R.MENTOR}),
    P.RECEIPT_CONFIRM: frozenset({R.REGISTRY}),
    P.NOTICE_WRITE: frozenset({R.REGISTRY}),
    P.WINDOWS_SET: frozenset({R.DEAN}),
    P.WINDOW_OVERRIDE: frozenset({R.REGISTRY}),
    P.PROXIES_WRITE: frozenset({R.DEAN, R.ADMIN}),
    P.EVALUATION_WRITE: frozenset({R.DEAN}),
    P.ACCOUNTS_MANAGE: frozenset({R.REGISTRY, R.ADMIN}),  # 帳號開設: seed 000 附表一 註冊組 1, seed 001 §五
    P.SETTINGS_WRITE: frozenset({R.ADMIN}),
    P.BACKUP_RUN: frozenset({R.IT, R.ADMIN}),
    P.AUDIT_READ: frozenset({R.ADMIN, R.DEAN}),
    # 作業期程 are published on the school website (seed 001 §四); the working group, its meetings and
    # the proxy lists concern every member of staff (seed 001 §二, §三, §九): every role reads them.
    P.SCHOOL_READ: frozenset(Role),
}

GRACE_PERMISSIONS = frozenset({P.CLO_CERTIFY})
"""What a departed teacher's own account may still do during its grace period (seed 001 §九(三)2(2))."""


Roles = frozenset[Role] | None
"""The roles that hold a permission when a school setting says so (e.g. ``items.submit_roles``: who
submits CLOs differs between seed 000 and seed 001); None = the fixed table :data:`PERMISSIONS`."""


def holders(permission: Permission, roles: Roles = None) -> frozenset[Role]:
    return PERMISSIONS[permission] if roles is None else roles


def grant_covers(grant: Grant, permission: Permission, *, division: str | None = None,
                 class_id: int | None = None, course_code: str | None = None, roles: Roles = None) -> bool:
    """Whether this one grant allows the permission in this context.

    Scope rules: a division office acts only for its own division when the action names one; a
    mentor only for their own class, and not at all when the action is not about one class; a
    teacher only for their own course codes, and never without one. ``roles`` replaces the fixed
    table's roles for this permission (a per-school setting).
    """
    if grant.role not in holders(permission, roles):
        return False
    if grant.role in DIVISION_ROLES:
        return division is None or grant.division is None or grant.division == division
    if grant.role is Role.MENTOR:
        return class_id is not None and grant.class_id == class_id
    if grant.role is Role.TEACHER:
        return course_code is not None and grant.course_code == course_code
    return True


def covering(grants: Iterable[Grant], permission: Permission, *, division: str | None = None,
             class_id: int | None = None, course_code: str | None = None, roles: Roles = None) -> list[Grant]:
    return [g for g in grants if grant_covers(g, permission, division=division, class_id=class_id,
                                              course_code=course_code, roles=roles)]


def can(grants: Iterable[Grant], permission: Permission, *, division: str | None = None,
        class_id: int | None = None, course_code: str | None = None, roles: Roles = None) -> bool:
    return bool(covering(grants, permission, division=division, class_id=class_id, course_code=course_code,
                         roles=roles))


def needed(permission: Permission, *, division: str | None = None, class_id: int | None = None,
           course_code: str | None = None, roles: Roles = None) -> tuple[str, str]:
    """The roles that would allow the action, in zh and en, for the refusal message."""
    zh: list[str] = []
    en: list[str] = []
    for role in Role:
        if role not in holders(permission, roles):
            continue
        if role is Role.MENTOR:
            zh.append("該班導師" if class_id is not None else "（導師僅限本班，需指定班級）")
            en.append("the mentor of that class" if class_id is not None else "(a mentor only for their own class)")
        elif role is Role.TEACHER:
            zh.append(f"課程 {course_code} 的任課教師" if course_code else "該課程的任課教師")
            en.append(f"the teacher of course {course_code}" if course_code else "the teacher of that course")
        else:
            zh.append(role_label(role, division))
            en.append(role_label_en(role, division))
    return "、".join(zh), ", ".join(en)


def check(grants: Iterable[Grant], permission: Permission, *, division: str | None = None,
          class_id: int | None = None, course_code: str | None = None, who: str = "", roles: Roles = None) -> None:
    """Raise PermissionDenied naming the role the action needs, unless a grant covers it."""
    if can(grants, permission, division=division, class_id=class_id, course_code=course_code, roles=roles):
        return
    raise denial(permission, division=division, class_id=class_id, course_code=course_code, who=who, roles=roles)


def denial(permission: Permission, *, division: str | None = None, class_id: int | None = None,
           course_code: str | None = None, who: str = "", roles: Roles = None) -> PermissionDenied:
    zh, en = needed(permission, division=division, class_id=class_id, course_code=course_code, roles=roles)
    where_zh = f"（{DIVISIONS[division]}）" if division in DIVISIONS else ""
    where_en = f" ({division} division)" if division in DIVISIONS else ""
    subject_zh = f"{who} " if who else ""
    subject_en = f"{who} " if who else "you "
    return PermissionDenied(
        f"{subject_zh}沒有「{permission.zh}」{where_zh}的權限；需要的職務：{zh}",
        f"{subject_en}may not {permission.en}{where_en}; this needs: {en}",
    )
