"""The 我的待辦 page, on a real database with the thread guard on: a proxy sees their own item and the
departed teacher's, with the deadline in ROC and the days left; the list is read through the op
runner and follows a write announced on the change bus; an account the services refuse is told why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portfolio_desktop.domain.items import ItemKind
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.items.my_work_page import HEADER_SOURCES, MyWorkPage, headers
from portfolio_desktop.services.accounts import accounts, proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items import items
from portfolio_desktop.store.engine import Database
from tests.data.items_school import NOW, make_school
from tests.data.staff import admin, seed_staff, teacher
from tests.gui.conftest import settle


def _cells(page: MyWorkPage) -> dict[int, list[str]]:
    m = page.model
    return {int(m.index(r, 0).data()): [m.index(r, c).data() for c in range(m.columnCount())]
            for r in range(m.rowCount())}


def test_a_proxy_sees_their_work_and_the_departed_teachers(qtbot, make_ctx, db: Database, actor: Actor,  # noqa: ANN001
                                                           tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)
    boss = admin(db)
    seed_staff(db, "chang", teacher("C01"), name="張老師")
    li = seed_staff(db, "li", teacher("C03"), name="李代課")
    theirs = items.add_item(db, actor, student_no="0001", term="113-1", kind=ItemKind.CLO, title="國文報告",
                            course_code="C01", now=NOW).id
    own = items.add_item(db, actor, student_no="0101", term="113-1", kind=ItemKind.CLO, title="物理實驗",
                         course_code="C03", now=NOW).id
    proxies.set_list(db, boss, "chang", ["li"])
    # chang left on 12/1 and keeps his own account until 12/25: his proxy acts from the departure on
    accounts.set_departure(db, boss, "chang", dt.date(2024, 12, 1), dt.date(2024, 12, 25))
    ctx = make_ctx(li)
    page = MyWorkPage(ctx, on=dt.date(2024, 12, 20))
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    assert [page.model.headerData(c, page.view.horizontalHeader().orientation()) for c in range(len(HEADER_SOURCES))
            ] == headers()
    cells = _cells(page)
    assert set(cells) == {theirs, own}
    assert cells[theirs][1:3] == ["認證通過", "代 chang"] and cells[own][1:3] == ["認證通過", "本人"]
    assert cells[theirs][5] == "101" and cells[theirs][8] == "C01"
    assert cells[theirs][9:] == ["113/12/31 23:59", "剩 11 天"]
    assert page.summary.text() == "待辦 2 件：本人 1 件，代 chang 1 件"
    # done for chang (a write announced on the bus): off the list without pressing 重新整理
    items.certify(db, li, [theirs], now=NOW)
    ctx.changes.announce({Cap.ITEMS})
    settle(ctx)
    assert list(_cells(page)) == [own] and page.summary.text() == "待辦 1 件：本人 1 件"


def test_overdue_work_says_so(qtbot, make_ctx, db: Database, actor: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    make_school(db, actor, tmp_path)
    t = seed_staff(db, "huang", teacher("C03"))
    item = items.add_item(db, actor, student_no="0101", term="113-1", kind=ItemKind.CLO, title="物理實驗",
                          course_code="C03", now=NOW).id
    ctx = make_ctx(t)
    page = MyWorkPage(ctx, on=dt.date(2025, 1, 3))
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    assert _cells(page)[item][9:] == ["113/12/31 23:59", "已逾期 3 天"]


def test_an_account_past_its_grace_is_told_why(qtbot, make_ctx, db: Database, actor: Actor,  # noqa: ANN001
                                               tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)
    chang = seed_staff(db, "chang", teacher("C01"))
    accounts.set_departure(db, admin(db), "chang", dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    ctx = make_ctx(chang)
    page = MyWorkPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    assert page.model.rowCount() == 0
    assert page.summary.text().startswith("chang 沒有「查看學校作業資料"), page.summary.text()
