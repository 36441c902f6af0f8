"""Demo courses, enrolments, portfolio items and 作業期程 for the current term (the demo also
fills courses, enrolments and items in believable states for the current term, so the dashboard is
alive on first start). Runs after the roster demo, deterministic by seed, bulk-inserted in the
caller's transaction and audited as one ``demo.items`` row.

The windows are placed around today so that something is open: upload and certification are still
open, selection ends in 6 days (so students with nothing selected show as behind), submission and
receipt confirmation come later.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import ItemKind, ItemState, MPCategory
from portfolio_desktop.domain.roc import format_term, term_dates, term_of
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import ensure_term
from portfolio_desktop.store import audit
from portfolio_desktop.store.items_models import Course, CourseTeacher, Enrolment, ItemStateChange, PortfolioItem
from portfolio_desktop.store.window_models import TermWindow
from portfolio_desktop.store.models import Department, SchoolClass, Student

COMMON = ("國語文", "英語文", "數學", "歷史", "地理", "公民與社會", "物理", "化學", "生物", "資訊科技", "藝術生活", "健康與護理")
WORK = ("學習單與心得", "專題報告", "實作作品", "小組簡報", "探究與實作紀錄", "閱讀報告", "實驗報告")
MP_TITLES = {
    MPCategory.COMPETITION: ("校內科展佳作", "英文演講比賽第三名", "全國技能競賽參賽", "作文比賽優等"),
    MPCategory.CERTIFICATE: ("全民英檢中級初試通過", "電腦軟體應用丙級", "TQC 文書處理"),
    MPCategory.VOLUNTEER: ("社區淨灘志工 8 小時", "圖書館志工", "醫院志工服務"),
    MPCategory.FLEXIBLE: ("自主學習：程式設計", "選手培訓：田徑", "增廣課程：微積分先修"),
    MPCategory.GROUP_ACTIVITY: ("吉他社成果發表", "班際合唱比賽", "童軍團露營"),
    MPCategory.WORKPLACE: ("企業參訪心得", "暑期職場體驗"),
    MPCategory.WORK: ("個人攝影作品集", "微電影創作"),
    MPCategory.OTHER: ("國際交流活動", "校刊編輯"),
    MPCategory.CADRE: ("社團社長", "校外營隊隊輔"),
}
CADRE_TITLES = ("班長", "副班長", "學藝股長", "風紀股長", "衛生股長", "總務股長", "康樂股長", "輔導股長")
TEACHER_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
TEACHER_GIVEN = ("淑芬", "志明", "雅婷", "冠宇", "怡君", "建宏", "美玲", "家豪", "佩珊", "俊傑", "惠如", "文彬")


@dataclass(frozen=True)
class DemoItemsSummary:
    term: str
    courses: int
    enrolments: int
    items: int
    states: dict[str, int]


def demo_windows(today: dt.date, year: int, semester: int) -> dict[WindowKind, tuple[dt.datetime, dt.datetime]]:
    start = term_dates(year, semester)[0]

    def at(d: dt.date, h: int, m: int = 0) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(h, m))

    day = dt.timedelta(days=1)
    return {
        WindowKind.UPLOAD: (at(min(start, today - day), 8), at(today + 5 * day, 23, 59)),
        WindowKind.CERTIFICATION: (at(min(start + 14 * day, today - day), 8), at(today + 12 * day, 23, 59)),
        WindowKind.SELECTION: (at(today - 3 * day, 8), at(today + 6 * day, 23, 59)),
        WindowKind.SUBMISSION: (at(today + 14 * day, 8), at(today + 28 * day, 17)),
        WindowKind.RECEIPT: (at(today + 35 * day, 8), at(today + 49 * day, 17)),
        WindowKind.SELF_CHECK: (at(today + 50 * day, 8), at(today + 52 * day, 17)),
    }


def fill_demo_items(session: Session, actor: Actor, *, seed: int = 113, today: dt.date | None = None) -> DemoItemsSummary:
    """Fill the current term inside the caller's transaction (the roster demo must have run)."""
    rng = random.Random(seed * 7 + 4)
    today = today or dt.date.today()
    year, sem = term_of(today)
    term = ensure_term(session, year, sem)
    if session.scalar(select(func.count(Course.id)).where(Course.term_id == term.id)):
        raise RuleError("本學期已有課程資料；示範資料只能建立在空白資料庫", "this term already has courses; demo data needs an empty database")
    for kind, (s, e) in demo_windows(today, year, sem).items():
        if not session.scalar(select(TermWindow.id).where(TermWindow.term_id == term.id, TermWindow.kind == kind.value)):
            session.add(TermWindow(term_id=term.id, kind=kind.value, starts_at=s, ends_at=e, note="示範期程"))
    teachers = [f"{sur}{given}" for sur in TEACHER_SURNAMES for given in rng.sample(TEACHER_GIVEN, 3)]
    classes = session.execute(
        select(SchoolClass.id, SchoolClass.code, SchoolClass.grade, Department.name)
        .outerjoin(Department, SchoolClass.department_id == Department.id).order_by(SchoolClass.id)
    ).all()
    students = session.execute(select(Student.id, Student.student_no, Student.class_id, Student.status)).all()
    by_class: dict[int, list[Any]] = {}
    for st in students:
        by_class.setdefault(st.class_id, []).append(st)
    course_rows, teacher_rows, enrol_rows = [], [], []
    course_id = (session.scalar(select(func.max(Course.id))) or 0)
    enrol_id = (session.scalar(select(func.max(Enrolment.id))) or 0)
    enrolments: dict[int, list[tuple[int, str, str]]] = {}  # student → (enrolment id, course name, teacher)
    for cid, code, _grade, dept in classes:
        subjects = rng.sample(COMMON, 6) + [f"{dept or '專業'}專題"]
        for n, name in enumerate(subjects, start=1):
            course_id += 1
            teacher = rng.choice(teachers)
            course_rows.append(dict(id=course_id, term_id=term.id, code=f"{year}{sem}{code}{n:02d}", name=name,
                                    credits=rng.choice((2, 2, 3, 4))))
            teacher_rows.append(dict(course_id=course_id, teacher_name=teacher, position=0))
            for st in by_class.get(cid, []):
                enrol_id += 1
                enrol_rows.append(dict(id=enrol_id, course_id=course_id, student_id=st.id))
                enrolments.setdefault(st.id, []).append((enrol_id, name, teacher))
    session.execute(insert(Course), course_rows)
    session.execute(insert(CourseTeacher), teacher_rows)
    session.execute(insert(Enrolment), enrol_rows)

    start = dt.datetime.combine(term_dates(year, sem)[0], dt.time(9))
    span = max(1, int((dt.datetime.combine(today, dt.time(9)) - start).total_seconds()))
    item_id = session.scalar(select(func.max(PortfolioItem.id))) or 0
    items, history = [], []

    def when() -> dt.datetime:
        return start + dt.timedelta(seconds=rng.randrange(span))


    def add(st: Any, kind: ItemKind, title: str, path: list[tuple[ItemState, str, str]], **extra: Any) -> None:
        nonlocal item_id
        item_id += 1
        at = when()
        items.append(dict(id=item_id, student_id=st.id, term_id=term.id, kind=kind.value, title=title,
                          state=path[-1][0].value, occurred_at=at, created_at=at, updated_at=at,
                          category=extra.get("category"), enrolment_id=extra.get("enrolment_id"),
                          reason=extra.get("reason"), external_id=None))
        before = None
        for state, action, who in path:
            history.append(dict(item_id=item_id, from_state=before, to_state=state.value, action=action,
                                reason=extra.get("reason") if state is ItemState.NOT_CERTIFIED else None,
                                at=at, actor=who, on_behalf_of=None, override_id=None))
            before, at = state.value, min(at + dt.timedelta(days=rng.randint(1, 9)), dt.datetime.combine(today, dt.time(8)))

    for st in students:
        departed = st.status in ("suspended", "transferred_out", "withdrawn", "graduated", "left")
        me = f"學生{st.student_no}"
        own = enrolments.get(st.id, [])
        n_clo = 0 if departed and rng.random() < 0.7 else rng.choices((0, 1, 2, 3, 4, 5, 6), (12, 8, 12, 16, 18, 18, 16))[0]
        for enrol, cname, teacher in rng.sample(own, min(n_clo, len(own))):
            up = (ItemState.UPLOADED, "upload", me)
            roll = rng.random()
            if roll < 0.28:
                path = [up]
            elif roll < 0.36:
                path = [up, (ItemState.NOT_CERTIFIED, "reject", teacher)]
            elif roll < 0.72:
                path = [up, (ItemState.CERTIFIED, "certify", teacher)]
            else:
                path = [up, (ItemState.CERTIFIED, "certify", teacher), (ItemState.SELECTED, "select", me)]
            add(st, ItemKind.CLO, f"{cname}{rng.choice(WORK)}", path, enrolment_id=enrol,
                reason="檔案無法開啟，請重新上傳" if path[-1][0] is ItemState.NOT_CERTIFIED else None)
        for _ in range(0 if departed else rng.choices((0, 1, 2, 3, 4, 6), (20, 20, 20, 18, 12, 10))[0]):
            cat = rng.choice(list(MP_TITLES))
            up = (ItemState.UPLOADED, "upload", me)
            path = [up, (ItemState.SELECTED, "select", me)] if rng.random() < 0.3 else [up]
            add(st, ItemKind.MP, rng.choice(MP_TITLES[cat]), path, category=cat.value)
        if rng.random() < 0.22:
            add(st, ItemKind.CADRE, f"{today.year - 1911}學年度 {rng.choice(CADRE_TITLES)}",
                [(ItemState.UPLOADED, "upload", "訓育組")])
        if rng.random() < 0.3:
            add(st, ItemKind.CONSULTATION, "個人課程諮詢：選課與升學規劃", [(ItemState.UPLOADED, "upload", "課程諮詢教師")])
    if items:
        session.execute(insert(PortfolioItem), items)
        session.execute(insert(ItemStateChange), history)
    summary = DemoItemsSummary(format_term(year, sem), len(course_rows), len(enrol_rows), len(items),
                               dict(Counter(i["state"] for i in items)))
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="demo.items",
                 entity="portfolio_item", key=summary.term, after={**asdict(summary), "seed": seed})
    return summary
