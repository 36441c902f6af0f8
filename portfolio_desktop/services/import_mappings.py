"""The import dialog's remembered column choices, one setting per kind of import
(``import.mapping.roster``, ``import.mapping.courses`` …): key → the file header chosen by hand
(``""`` = do not import that column).

Reading and writing them needs the permission of the import being mapped — a column mapping says
which of a file's columns become school data, so it is the importing office's choice: the roster's
the registry's (seed 001 §五(一)1), the courses' 教學組's, the windows' the dean's (seed 001 §四), the
items' whichever office enters that kind (services/guard.py ENTRY), the receipts' the registry's
(seed 001 §六(三)), the proxy lists' the dean's or the administrator's (seed 001 §九(三)1-2).
"""

from __future__ import annotations

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import NotFoundError, PermissionDenied
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.guard import ENTRY
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database

PREFIX = "import.mapping."

PERMISSIONS: dict[str, tuple[Permission, ...]] = {
    "roster": (Permission.ROSTER_WRITE,),
    "courses": (Permission.COURSES_WRITE,),
    "items": tuple(dict.fromkeys(ENTRY.values())),  # any office that enters some kind of item
    "windows": (Permission.WINDOWS_SET,),
    "receipts": (Permission.RECEIPT_CONFIRM,),
    "proxies": (Permission.PROXIES_WRITE,),
}
"""Who may read / change the column choices of each import: any one of these permissions."""


def setting_key(kind: str) -> str:
    """The setting that remembers the column choices of the import ``kind`` ("roster", "courses" …)."""
    return PREFIX + kind


def _permissions(kind: str) -> tuple[Permission, ...]:
    try:
        return PERMISSIONS[kind]
    except KeyError:
        raise NotFoundError(f"沒有「{kind}」這種匯入；可用：{'、'.join(PERMISSIONS)}",
                            f"there is no '{kind}' import; use one of: {', '.join(PERMISSIONS)}") from None


def why_not(db: Database | None, actor: Actor, kind: str, *,
            directory: authz.StaffDirectory | None = None) -> PermissionDenied | None:
    """The refusal :func:`load` / :func:`remember` would raise for ``kind`` (not audited), or None
    (with ``directory``, read once: no database read)."""
    first: PermissionDenied | None = None
    for permission in _permissions(kind):
        denied = authz.why_not(db, actor, permission, anywhere=True, directory=directory)
        if denied is None:
            return None
        first = first or denied
    return first


def _require(db: Database, actor: Actor, kind: str) -> None:
    """Allowed when any of the kind's permissions is (some division, some class); otherwise the first
    permission's refusal, audited by authz.require."""
    if why_not(db, actor, kind) is not None:
        authz.require(db, actor, _permissions(kind)[0])  # raises, and audits the refusal


def load(db: Database, actor: Actor, kind: str) -> dict[str, str]:
    """The remembered choices of ``kind`` ({} when none)."""
    _require(db, actor, kind)
    with db.read() as session:
        value = get_setting(session, setting_key(kind), {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember(db: Database, actor: Actor, kind: str, mapping: dict[str, str]) -> dict[str, str]:
    """Store the choices (one audited setting write, skipped when unchanged); returns them."""
    _require(db, actor, kind)
    clean = {str(k): str(v) for k, v in mapping.items()}
    with db.write() as session:
        set_setting(session, actor, setting_key(kind), clean)
    return clean
