"""Demo receipt details and letterheads, so that mailed notices can be tried on the demo school at
once: the central database's receipt details (收訖明細, seed 001 §六(三)) of the previous term for
the departed students (pending, the state they are in before the notices go out), and a letterhead
for each division (日間部: 教務處註冊組; 進修部: 進修部教務組, with its own phone and 發文字號 prefix).

Runs in the demo's transaction after the roster and items, deterministic by seed, audited as one
``demo.receipts`` row; a letterhead that is already set is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.domain.roc import format_term, term_of
from portfolio_desktop.domain.status import DEPARTED
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.admin.demo_items import COMMON, MP_TITLES, WORK
from portfolio_desktop.services.item_support import ensure_term
from portfolio_desktop.services.notices.notice_settings import LETTERHEAD_KEY, division_letterhead_key
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store import audit
from portfolio_desktop.store.receipts_models import ReceiptItem, ReceiptStatus
from portfolio_desktop.store.models import Student

DEMO_LETTERHEAD = {
    "school_name": "示範市立示範高級中等學校", "office": "教務處註冊組", "postal_code": "820",
    "address": "高雄市岡山區示範路1號", "phone": "(07)621-0000", "fax": "(07)621-0001",
    "email": "registry@school.example", "contact": "註冊組長", "doc_prefix": "示範教註字",
}  # fmt: skip
DEMO_NIGHT_LETTERHEAD = {
    "office": "進修部教務組", "phone": "(07)621-0100", "email": "night@school.example",
    "contact": "進修部教務組長", "doc_prefix": "示範進教字",
}  # fmt: skip


def _previous_term(today: dt.date) -> tuple[int, int]:
    year, semester = term_of(today)
    return (year, 1) if semester == 2 else (year - 1, 2)


def fill_demo_receipts(session: Session, actor: Actor, *, seed: int, today: dt.date) -> int:
    """Add the receipts and letterheads; returns the number of students with receipt details."""
    rng = random.Random(seed * 31 + 7)
    year, semester = _previous_term(today)
    term = ensure_term(session, year, semester)
    students = session.scalars(
        select(Student).where(Student.status.in_([s.value for s in DEPARTED])).order_by(Student.student_no)
    ).all()
    items: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    mp_titles = [t for titles in MP_TITLES.values() for t in titles]
    for student in students:
        if not (student.postal_code and student.address):
            continue
        rows = [("學籍資料", "學籍資料", 1)]
        rows += [("修課紀錄", course, 1) for course in rng.sample(COMMON, rng.randint(3, 8))]
        rows += [("課程學習成果", f"{rng.choice(COMMON)}：{rng.choice(WORK)}", 1) for _ in range(rng.randint(0, 3))]
        rows += [("多元表現", t, 1) for t in rng.sample(mp_titles, rng.randint(0, 3))]
        items += [{"student_id": student.id, "term_id": term.id, "category": c, "item_name": n, "count": k,
                   "source": "示範資料"} for c, n, k in rows]  # fmt: skip
        states.append({"student_id": student.id, "term_id": term.id, "state": ReceiptState.PENDING.value})
    if items:
        session.execute(insert(ReceiptItem), items)
        session.execute(insert(ReceiptStatus), states)
    if not get_setting(session, LETTERHEAD_KEY, None):
        set_setting(session, actor, LETTERHEAD_KEY, DEMO_LETTERHEAD)
    if not get_setting(session, division_letterhead_key("night"), None):
        set_setting(session, actor, division_letterhead_key("night"), DEMO_NIGHT_LETTERHEAD)
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="demo.receipts",
                 entity="school", key=None, after={"term": format_term(year, semester), "students": len(states),
                                                   "items": len(items)})  # fmt: skip
    return len(states)
