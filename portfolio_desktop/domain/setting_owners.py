"""Who owns which school setting, and who opens accounts: ONE table, setting key → the offices that
may change it. The administrator always may, as a fallback (DOMAIN "Who uses the app").

Sources:
- the caps of uploads and selections: 「件數…可由工作小組訂之」 (seed 000 §四 說明3); the working
  group's executive secretary is the 教務主任 (seed 000 §三, seed 001 §二), who holds the dean role;
- who submits which kind (提交分工) and the compliance rules: the working group decides the 任務分工
  and the 檢核 (seed 001 §三(一)(二), §四) → the dean;
- the mailed notices' letterhead: the registry office of that division, which confirms the receipts
  and mails the notices to students who have left (seed 001 §六(三), §九(三)3); the envelope, the
  reply days and the mailing options, shared by both divisions: either registry office;
- the school's name, code, divisions and current term: the registry offices build and manage the
  school platform (seed 001 §五; seed 000 §四, 附表二 一 系統維護);
- the backup settings: 資訊媒體組 keeps the platform's 備援 (seed 000 附表二 二);
- accounts: 「帳號開設」 is the registry's (seed 000 附表一 註冊組 1, 附表二 一; seed 001 §五 帳號開設管理).

Settings written under another permission keep it: the late-work countersignature
(``windows.late_countersign``) and the schedule are the dean's 訂定作業期程 (seed 001 §四), the
evaluation thresholds the dean's 成效評核 (seed 001 §十).

Pure: roles only; services/setting_owners.py asks authz with these roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_desktop.domain.roles import Role, role_label


@dataclass(frozen=True)
class Owner:
    roles: frozenset[Role]  # besides the administrator
    per_division: bool = False  # a division's office owns only its own division's value
    source: str = ""  # the seed section

    @property
    def all_roles(self) -> frozenset[Role]:
        return self.roles | {Role.ADMIN}

    def label(self, division: str | None = None) -> str:
        names = [role_label(r, division) for r in Role if r in self.roles]
        return "、".join([*names, role_label(Role.ADMIN)])


_DEAN = Owner(frozenset({Role.DEAN}), source="seed 000 §四 說明3; seed 001 §三、§四")
_REGISTRY_OF_DIVISION = Owner(frozenset({Role.REGISTRY}), per_division=True, source="seed 001 §六(三)、§九(三)3")
_REGISTRY = Owner(frozenset({Role.REGISTRY}), source="seed 001 §五; seed 000 §四, 附表二 一")

SETTING_OWNERS: dict[str, Owner] = {
    "items.caps": _DEAN,
    "items.submit_roles": _DEAN,
    "workgroup.compliance": _DEAN,
    "notices.letterhead": _REGISTRY_OF_DIVISION,
    "notices.envelope": _REGISTRY,
    "notices.reply_days": _REGISTRY,
    "notices.options": _REGISTRY,
    "school.name": _REGISTRY,
    "school.code": _REGISTRY,
    "school.divisions": _REGISTRY,
    "school.current_term": _REGISTRY,
    "backup": Owner(frozenset({Role.IT}), source="seed 000 附表二 二"),
}
ACCOUNTS_OWNER = _REGISTRY  # 帳號開設 (seed 000 附表一 註冊組 1, 附表二 一; seed 001 §五)
ADMIN_ONLY = Owner(frozenset())


def owner_of(key: str) -> Owner:
    """The owner of a setting key; a division's letterhead (``notices.letterhead.night``) is its
    registry's; ``backup.folder`` is ``backup``'s; a key not in the table is the administrator's alone."""
    if key in SETTING_OWNERS:
        return SETTING_OWNERS[key]
    base = key.rsplit(".", 1)[0]
    return SETTING_OWNERS.get(base, ADMIN_ONLY)


def may_change(roles: set[Role] | frozenset[Role], key: str) -> bool:
    """Whether someone holding ``roles`` (in some division) may change ``key`` at all."""
    return bool(set(roles) & owner_of(key).all_roles)
