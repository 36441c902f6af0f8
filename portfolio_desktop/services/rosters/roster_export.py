"""Roster export (issue 3 §4): the canonical columns, in a file that imports back unchanged.

學號 and the other codes are text cells (leading zeros kept), dates are real date cells, 部別 / 性別 /
學籍狀態 are written as the zh labels the import reads; io.xlsx_out makes a text that starts with
= + - @ inert. The full 身分證統一編號 is written (the file is for the school system), so every export
is audited: who took which students' personal data out of the database, and where to.
Needs 查看學籍資料 (issue 5): an office exports any class, a mentor only their own class(es).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import NotFoundError
from portfolio_desktop.io.roster_spec import ROSTER, ROSTER_HEADERS
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, audit_export, classes_named, scope_for
from portfolio_desktop.services.rosters.roster_queries import student_query
from portfolio_desktop.services.rosters.roster_types import GENDER_ZH
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass

_DATE_KEYS = {"birth_date", "left_on"}
_NUMBER_KEYS = {"seat_no"}


def _record(r: Any, scope: ReadScope) -> dict[str, Any]:
    """A student_query row → canonical key → cell value (the ID as this reader may take it out)."""
    return {
        "student_no": r[1],
        "name": r[2],
        "national_id": scope.national_id(r[3], r[18]),
        "gender": GENDER_ZH.get(r[4] or "", r[4]),
        "birth_date": r[5],
        "division": r[6],
        "department": r[7],
        "class_code": r[9],
        "seat_no": r[10],
        "status": Status(r[11]).zh,
        "left_on": r[12],
        "postal_code": r[13],
        "address": r[14],
        "guardian": r[15],
        "phone": r[16],
        "email": r[17],
    }


def export_roster(db: Database, actor: Reader, path: str | os.PathLike[str], *, class_code: str | None = None) -> int:
    """Write the roster (every student the actor may read, or one class code) to ``path`` as .xlsx;
    returns rows written. The reader's scope (services/read_scope.py) narrows an unfiltered export
    and refuses (audited) a class outside it; IDs are full only for the registry of the student's
    division, masked for everyone else. Every export is audited (who, how many, masked or not)."""
    scope = scope_for(db, actor, ReadKind.ROSTER)
    key_of = {c.header: c.key for c in ROSTER.columns}
    keys = [key_of[h] for h in ROSTER_HEADERS]
    text_columns = {i for i, k in enumerate(keys) if k not in _DATE_KEYS | _NUMBER_KEYS}
    date_columns = {i for i, k in enumerate(keys) if k in _DATE_KEYS}
    target = Path(path)
    class_ids: frozenset[int] | None = None
    if class_code is not None:
        with db.read() as session:
            if not session.scalar(select(exists().where(SchoolClass.code == class_code.strip()))):
                raise NotFoundError(f"沒有班級 {class_code}", f"there is no class {class_code}")
        class_ids = frozenset(classes_named(db, scope, class_code))  # refuses (audited) outside the scope
    with db.read() as session:

        def rows() -> Iterator[list[Any]]:
            for r in session.execute(student_query(class_code=class_code, class_ids=class_ids, scope=scope)):
                record = _record(r, scope)
                yield [record[k] for k in keys]

        written = write_table(
            target, list(ROSTER_HEADERS), rows(), sheet="學生名冊", text_columns=text_columns, date_columns=date_columns
        )
    audit_export(db, scope, action="roster.export", entity="roster", key=target.name, rows=written,
                 file=str(target), **{"class": class_code})
    return written
