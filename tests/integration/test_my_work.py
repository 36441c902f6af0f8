"""A person's to-do list (「我的待辦」, `items mine`), the one proxy rule it shares with the actions, and
`items list --teacher / --class`: on one real school (SQLite file, real .xlsx course list, the CLI
through ``cli.main`` signed in as each office).

The school: 日間部 classes 101/102 (tests/data/items_school.py: courses C01–C07, every window of 113-1
open in December 2024) and 進修部 class 302 with one student. Today's clock is long past those
windows, so every CLI action here is late (seed 001 §四; the late reason: services/items/late_work.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from portfolio_desktop.cli import main
from portfolio_desktop.domain.items import Action, ItemKind, ItemState, MPCategory
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import authz
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.services.accounts import accounts, proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items import items, my_work
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student
from tests.data.items_school import NOW, make_school
from tests.data.staff import (
    ACTIVITIES_DAY,
    ACTIVITIES_NIGHT,
    CLERK,
    DEAN,
    PASSWORD,
    REGISTRY_DAY,
    REGISTRY_NIGHT,
    admin,
    school_class,
    staff,
    teacher,
)

DURING = dt.date(2024, 12, 20)  # inside the windows (they end 113/12/31 23:59)


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    make_school(db, actor, tmp_path)
    night = school_class(db, "302", "night", grade=3)
    with db.write() as s:
        s.add(Student(student_no="N30201", name="夜讀生", class_id=night, seat_no=1, status="enrolled"))
    admin(db)
    for name, display, grants in [("t_math", "劉數學", (teacher("C02"),)), ("chang", "張老師", (teacher("C01"),)),
                                  ("li", "李代課", ()), ("reg_day", "陳註冊", (REGISTRY_DAY,)),
                                  ("reg_night", "進修部教務組長", (REGISTRY_NIGHT,)), ("dean", "教務主任", (DEAN,)),
                                  ("act_day", "訓育組長", (ACTIVITIES_DAY,)),
                                  ("act_night", "進修部學務組長", (ACTIVITIES_NIGHT,))]:
        staff(db, name, *grants, name=display, password=PASSWORD)
    ids = {
        "clo_math": items.add_item(db, actor, student_no="0001", term="113-1", kind=ItemKind.CLO, title="數學報告",
                                   course_code="C02", now=NOW).id,
        "clo_chinese": items.add_item(db, actor, student_no="0002", term="113-1", kind=ItemKind.CLO, title="國文報告",
                                      course_code="C01", now=NOW).id,
        "mp_night": items.add_item(db, actor, student_no="N30201", term="113-1", kind=ItemKind.MP, title="志工服務",
                                   category=MPCategory.VOLUNTEER, now=NOW).id,
    }
    items.select_items(db, actor, [ids["mp_night"]], now=NOW)
    return ids


def _cli(monkeypatch: pytest.MonkeyPatch, db_path: Path, user: str, *args: str) -> int:
    monkeypatch.setenv("PORTFOLIO_USER", user)
    monkeypatch.setenv("PORTFOLIO_PASSWORD", PASSWORD)
    return main(["--db", str(db_path), *args])


def test_a_proxys_work_as_self_and_for_a_departed_teacher_during_and_after_grace(
        school: dict[str, int], db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    boss = admin(db)
    accounts.set_grants(db, boss, "li", [teacher("C03")])
    li_own = items.add_item(db, Actor(CLERK), student_no="0101", term="113-1", kind=ItemKind.CLO,
                            title="物理實驗", course_code="C03", now=NOW).id
    proxies.set_list(db, boss, "chang", ["li"])
    accounts.set_departure(db, boss, "chang", dt.date(2024, 12, 1), dt.date(2024, 12, 25))
    during = my_work.my_work(db, Actor("li"), on=DURING)
    assert {(r.item.id, r.action, r.on_behalf_of) for r in during} == {
        (school["clo_chinese"], Action.CERTIFY, "chang"), (li_own, Action.CERTIFY, None)}
    chinese = next(r for r in during if r.item.id == school["clo_chinese"])
    assert chinese.deadline_roc == "113/12/31 23:59" and chinese.days_left == 11
    assert my_work.summary(during) == ("待辦 2 件：本人 1 件，代 chang 1 件", "2 item(s) waiting: 1 your own, 1 for chang")
    # chang's own account still certifies during its grace (seed 001 §九(三)2(2)): his list has it too
    assert [(r.item.id, r.on_behalf_of) for r in my_work.my_work(db, Actor("chang"), on=DURING)] == [
        (school["clo_chinese"], None)]
    # the list offers exactly what the action allows: the same one decision
    assert authz.require(db, Actor("li"), Permission.CLO_CERTIFY, course_code="C01", on=DURING).on_behalf_of == "chang"
    # `proxies who` names the same proxy during the grace, and says the teacher may still certify
    capsys.readouterr()
    assert _cli(monkeypatch, db_path, "li", "proxies", "who", "chang", "--on", "113/12/20") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("li\t代 chang") and "帳號保留至 113/12/25，期間本人仍可認證" in captured.err
    after = my_work.my_work(db, Actor("li"), on=dt.date(2024, 12, 28))
    assert {(r.item.id, r.on_behalf_of) for r in after} == {(school["clo_chinese"], "chang"), (li_own, None)}
    assert _cli(monkeypatch, db_path, "li", "proxies", "who", "chang", "--on", "113/12/28") == 0
    assert "保留至" not in capsys.readouterr().err  # the grace is over: only the proxy
    # the CLI (today: long after the windows and the grace): overdue, still li's to do
    assert _cli(monkeypatch, db_path, "li", "items", "mine", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(r["id"], r["on_behalf_of"], r["action"]) for r in rows} == {
        (school["clo_chinese"], "chang", "certify"), (li_own, None, "certify")}
    assert all(r["days_left"] < 0 and r["deadline"].startswith("2024-12-31T23:59") for r in rows)
    assert {r["course_code"] for r in rows} == {"C01", "C03"}
    # late: li certifies for chang with a reason, and the item leaves li's list
    assert _cli(monkeypatch, db_path, "li", "items", "certify", str(school["clo_chinese"]), "--override",
                "代理補認證") == 0
    assert items.item_detail(db, Actor("dean"), school["clo_chinese"]).item.state is ItemState.CERTIFIED
    capsys.readouterr()
    assert _cli(monkeypatch, db_path, "li", "items", "mine") == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0].split("\t") == ["編號", "待辦", "為誰", "學號", "姓名", "班級", "學年期", "名稱",
                                                   "課程代碼", "截止", "剩餘"]
    assert "代 chang" not in out.out and "待辦 1 件：本人 1 件" in out.err
    assert out.out.splitlines()[1].split("\t")[:3] == [str(li_own), "認證通過", "本人"]


def test_a_departed_teacher_past_the_grace_is_refused_and_the_proxy_acts(school: dict[str, int],
                                                                          db: Database) -> None:
    boss = admin(db)
    proxies.set_list(db, boss, "chang", ["li"])
    accounts.set_departure(db, boss, "chang", dt.date(2024, 12, 1), dt.date(2024, 12, 5))
    with pytest.raises(PermissionDenied, match="查看學校作業資料"):  # past the grace: refused (audited)
        my_work.my_work(db, Actor("chang"), on=DURING)
    assert [(r.item.id, r.on_behalf_of) for r in my_work.my_work(db, Actor("li"), on=DURING)] == [
        (school["clo_chinese"], "chang")]
    # and `items list` as that proxy reads the departed teacher's course (read_scope, the same rule)
    assert [r.id for r in items.list_items(db, Actor("li"))] == [school["clo_chinese"]]


def test_offices_see_what_they_submit_and_confirm(school: dict[str, int], db: Database) -> None:
    night = my_work.my_work(db, Actor("act_night"), on=DURING)
    assert [(r.item.id, r.action) for r in night] == [(school["mp_night"], Action.SUBMIT)]
    assert night[0].deadline is not None and night[0].deadline.kind.value == "submission"
    assert my_work.my_work(db, Actor("act_day"), on=DURING) == []  # a night student: not the day office's
    assert my_work.my_work(db, Actor("reg_night"), on=DURING) == []  # nothing submitted yet
    assert my_work.my_work(db, Actor("dean"), on=DURING) == []  # the dean plans; no item waits on the dean
    items.submit(db, Actor("act_night"), [school["mp_night"]], now=NOW)
    assert [(r.item.id, r.action) for r in my_work.my_work(db, Actor("reg_night"), on=DURING)] == [
        (school["mp_night"], Action.CONFIRM)]
    assert my_work.my_work(db, Actor("reg_day"), on=DURING) == []
    assert my_work.my_work(db, Actor("act_night"), on=DURING) == []
    # --term narrows; a term without work lists nothing
    assert my_work.my_work(db, Actor("reg_night"), on=DURING, term="113-2") == []


def test_an_office_proxy_acts_for_an_office_whose_holder_is_on_leave(school: dict[str, int], db: Database) -> None:
    boss = admin(db)
    accounts.set_grants(db, boss, CLERK, [REGISTRY_DAY])  # act_night alone holds 進修部學務組 now
    proxies.set_list(db, boss, "function:activities:night", ["act_day"])
    accounts.add_leave(db, boss, "act_night", dt.date(2024, 12, 15), dt.date(2024, 12, 31))
    rows = my_work.my_work(db, Actor("act_day"), on=DURING)
    assert [(r.item.id, r.action, r.on_behalf_of) for r in rows] == [(school["mp_night"], Action.SUBMIT, "act_night")]
    assert my_work.my_work(db, Actor("act_day"), on=dt.date(2024, 12, 10)) == []  # back before the leave


def test_items_list_by_teacher_account_or_name_and_by_night_class(
        school: dict[str, int], db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for who in ("t_math", "劉數學", "李老師"):  # the account, its display name, the name on the course list
        capsys.readouterr()
        assert _cli(monkeypatch, db_path, "dean", "items", "list", "--teacher", who, "--json") == 0
        assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == [school["clo_math"]], who
    assert _cli(monkeypatch, db_path, "dean", "items", "list", "--teacher", "nobody", "--json") == 0
    assert capsys.readouterr().out == ""
    assert _cli(monkeypatch, db_path, "reg_night", "items", "list", "--class", "302", "--json") == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == [school["mp_night"]]


def test_the_followup_list_names_the_same_person(school: dict[str, int], db: Database) -> None:
    """Who certifies now (the 未完成名單's last column) follows the same rule: the proxy from the
    departure on; a departed teacher with no available proxy still certifies during the grace."""
    from portfolio_desktop.services.items.followup import responsible_now

    boss = admin(db)
    accounts.set_grants(db, boss, CLERK, [REGISTRY_DAY])  # the clerk teaches every course: not here
    accounts.set_departure(db, boss, "chang", dt.date(2024, 12, 1), dt.date(2024, 12, 25))
    assert responsible_now(db, "C01", DURING) == "chang"  # no proxy list: his own account, in its grace
    assert "無人可代理" in responsible_now(db, "C01", dt.date(2024, 12, 28))
    proxies.set_list(db, boss, "chang", ["li"])
    assert responsible_now(db, "C01", DURING).startswith("li 代 chang")
