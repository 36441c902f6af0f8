"""The cast of the consultation tests: the demo-sized roster, the dean and two consultation teachers
(吳 assigned class 101, 林 assigned the single student 0101)."""

from __future__ import annotations

import datetime as dt

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.items_school import make_roster
from tests.data.staff import DEAN, staff

CONSULTANT = Grant(Role.CONSULTANT)
DAY = dt.date(2024, 10, 10)
TODAY = dt.date(2024, 12, 1)


def consultation_people(db: Database) -> dict[str, Actor]:
    make_roster(db)
    out = {"dean": staff(db, "dean", DEAN, name="教務主任"), "wu": staff(db, "wu", CONSULTANT, name="吳諮詢"),
           "lin": staff(db, "lin", CONSULTANT, name="林諮詢")}
    consultations.assign(db, out["dean"], "wu", class_codes=["101"])
    consultations.assign(db, out["dean"], "lin", student_nos=["0101"])
    return out
