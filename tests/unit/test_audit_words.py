"""The audit log in words (domain/audit_words.py): every action code the services write has a sentence,
every field they put into before / after has a name, and the sentences read as a dean reads them."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from portfolio_desktop.domain.audit_words import (
    FIELDS,
    PHRASES,
    Entry,
    ItemRef,
    Names,
    changes,
    field_name,
    sentence,
    value_text,
)
from portfolio_desktop.domain.items import Action
from portfolio_desktop.domain.receipts import ReceiptState

PACKAGE = Path(__file__).resolve().parents[2] / "portfolio_desktop"
_EXPAND = {"item.": Action, "receipt.": ReceiptState}  # f"item.{action}" / f"receipt.{state.value}"
CJK = re.compile(r"[\u3400-\u9fff]")
NAMES = Names(
    people={"chen": "陳註冊", "wang": "王老師", "lin": "林導師"},
    students={"1130005": "彭宸家"},
    items={"42": ItemRef("1130005", "彭宸家", "clo", "數學專題報告")},
)


def _call_name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def written_codes(paths: list[Path]) -> tuple[set[str], set[str], list[str]]:
    """The action codes the code writes (``action=`` beside ``entity=`` or in record/audit calls,
    insert_audit's third argument, the action a store/audit.py Batch's records read as), and the keys
    of dict literals given as ``before=`` / ``after=``; an f-string action whose values this test
    cannot list is returned as unknown."""
    actions: set[str] = set()
    keys: set[str] = set()
    unknown: list[str] = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node.func) == "add_argument":
                continue
            kw = {k.arg: k.value for k in node.keywords}
            found: ast.expr | None = None
            if "action" in kw and ("entity" in kw or _call_name(node.func) in ("record", "audit")):
                found = kw["action"]
                for side in ("before", "after"):
                    for d in ast.walk(kw[side]) if side in kw else ():
                        if isinstance(d, ast.Dict):
                            keys.update(k.value for k in d.keys if isinstance(k, ast.Constant))
            elif _call_name(node.func) == "insert_audit" and len(node.args) >= 4:
                found = node.args[2]
            elif _call_name(node.func) == "Batch" and len(node.args) >= 2:  # what a batch row's records read as
                found = node.args[1]
            if isinstance(found, ast.Constant) and isinstance(found.value, str) and "." in found.value:
                actions.add(found.value)
            elif isinstance(found, ast.JoinedStr) and isinstance(found.values[0], ast.Constant):
                prefix = str(found.values[0].value)
                if prefix in _EXPAND:
                    actions.update(prefix + str(m.value) for m in _EXPAND[prefix])
                else:
                    unknown.append(f"{path.name}:{node.lineno}")
    return actions, keys, unknown


def test_the_scan_finds_codes_and_fails_on_an_unknown_f_string(tmp_path: Path) -> None:
    src = tmp_path / "svc.py"
    src.write_text('audit.record(s, actor=a, action="x.made", entity="t", key=None, after={"colour": 1})\n'
                   'acting.audit(s, action=f"item.{a.value}", entity="portfolio_item", key=k)\n'
                   'insert_audit(s, actor, "student.add", "student", rows)\n'
                   'audit.record(s, actor=a, action=f"mystery.{v}", entity="thing", key=None)\n'
                   'ADDS = Batch("thing.add_batch", "thing.add", "no")\n', encoding="utf-8")
    actions, keys, unknown = written_codes([src])
    assert {"x.made", "item.upload", "item.confirm", "student.add", "thing.add"} <= actions
    assert "thing.add_batch" not in actions
    assert keys == {"colour"} and len(unknown) == 1


def test_every_action_the_app_writes_has_a_sentence_in_both_languages() -> None:
    """A new audit action without a phrase fails here; a phrase no code writes is dead."""
    actions, _keys, unknown = written_codes(sorted(PACKAGE.rglob("*.py")))
    assert not unknown, unknown
    assert len(actions) > 50
    assert actions == set(PHRASES), (f"no sentence: {sorted(actions - set(PHRASES))}; "
                                     f"written nowhere: {sorted(set(PHRASES) - actions)}")
    for code in sorted(actions):
        entry = Entry("chen", "wang", code, "student", "1130005", {"state": "pending"}, {"state": "confirmed"})
        zh = sentence(entry, NAMES)
        en = sentence(entry, NAMES, english=True)
        assert zh.startswith("陳註冊 代 王老師 ") and code not in zh and "{" not in zh, (code, zh)
        words = en.removeprefix("陳註冊 for 王老師 ").replace("彭宸家", "")  # the names stay as written
        assert en.startswith("陳註冊 for 王老師 ") and code not in en and not CJK.search(words), (code, en)


def test_every_field_the_services_write_has_a_name() -> None:
    _actions, keys, _unknown = written_codes(sorted(PACKAGE.rglob("*.py")))
    assert len(keys) > 30
    assert keys <= set(FIELDS), sorted(keys - set(FIELDS))
    for key in FIELDS:
        assert CJK.search(field_name(key)) and not CJK.search(field_name(key, english=True)), key


def test_every_field_of_a_student_record_reads_as_the_roster_names_it() -> None:
    """A student's audit record holds the roster's fields (written by the database, so the scan above
    cannot see them): each is named in both languages, codes in words, the national ID masked."""
    from portfolio_desktop.services.rosters.roster_types import PERSON_FIELDS

    record = {key: "x" for key in (*PERSON_FIELDS, "student_no", "status", "division", "class_code", "department",
                                   "class_kind", "special_status")}
    record.update(name="王𡘙", gender="F", division="night", national_id="A123456789", seat_no=3)
    zh = changes(None, record, entity="student")
    en = changes(None, record, entity="student", english=True)
    assert len(zh) == len(en) == len(record)
    for line in zh:
        assert CJK.search(line.split("：", 1)[0]), line
    for line in en:
        assert not CJK.search(line.split(": ", 1)[0]), line
    assert {"姓名：王𡘙", "性別：女", "部別：進修部", "身分證字號：A12****789", "座號：3"} <= set(zh)
    assert {"gender: female", "division: night division", "national ID: A12****789"} <= set(en)
    assert "名稱：王𡘙" in changes(None, {"name": "王𡘙"})  # another record's name stays 名稱
    assert changes({"gender": "M"}, {"gender": "F"}, entity="student") == ["性別：男 → 女"]


def test_an_item_certified_by_a_proxy_reads_as_one_sentence() -> None:
    entry = Entry("chen", "wang", "item.certify", "portfolio_item", "42", {"state": "uploaded"},
                  {"state": "certified", "reason": None, "override_id": None})
    assert sentence(entry, NAMES) == "陳註冊 代 王老師 將 1130005 彭宸家 的 課程學習成果『數學專題報告』由 已上傳 改為 認證通過"
    assert sentence(entry, NAMES, english=True) == (
        "陳註冊 for 王老師 changed 1130005 彭宸家's course learning outcome \u201c數學專題報告\u201d from uploaded to certified")


@pytest.mark.parametrize(("entry", "expected"), [
    (Entry("lin", None, "student.status_change", "student", "1130005",
           {"status": "enrolled", "class_code": "301", "left_on": None},
           {"status": "transferred_out", "class_code": "301", "left_on": "2026-11-20", "changed_on": "2026-11-20",
            "reason": "搬家"}),
     "林導師 將 1130005 彭宸家 由 在學 改為 轉出"),
    (Entry("admin", None, "setting.set", "setting", "school.name", "舊名", "新名"), "admin 變更設定「學校名稱」"),
    (Entry("(unknown)", None, "account.sign_in_failed", "account", None, None, {"reason": "wrong password"}),
     "(unknown) 登入失敗（密碼錯誤）"),
    (Entry("lin", None, "authz.denied", "permission", "audit.read", None,
           {"reason": "lin may not read the audit log", "reason_zh": "林導師 不能查看稽核紀錄"}),
     "林導師 想「查看稽核紀錄」，遭拒：林導師 不能查看稽核紀錄"),
    (Entry("chen", None, "staff.roles", "staff", "wang", ["teacher"], ["teacher", "mentor"]), "陳註冊 變更 王老師 的職務"),
    (Entry("chen", None, "no.such", "thing", "7", None, None), "陳註冊 執行 no.such：7"),
])
def test_sentences(entry: Entry, expected: str) -> None:
    assert sentence(entry, NAMES) == expected


def test_a_refusal_stored_before_the_chinese_reason_was_kept_shows_the_english_one() -> None:
    entry = Entry("lin", None, "authz.denied", "permission", "audit.read", None, {"reason": "may not"})
    assert sentence(entry, NAMES).endswith("：may not")


def test_changes_name_the_fields_and_show_dates_in_roc() -> None:
    before = {"status": "enrolled", "class_code": "301", "left_on": None}
    after = {"status": "transferred_out", "class_code": "301", "left_on": "2026-11-20"}
    assert changes(before, after) == ["學籍狀態：在學 → 轉出", "離校日：（空） → 115/11/20"]
    assert changes(before, after, english=True) == ["status: enrolled → transferred out",
                                                    "left on: (none) → 115/11/20"]
    assert changes(None, {"starts_on": "2026-11-20", "reason": "研習"}) == ["起日：115/11/20", "原因：研習"]
    assert changes({"name": "x"}, None) == ["名稱：x"]
    assert changes(["teacher"], ["teacher", "mentor"]) == ["teacher → teacher、mentor"]
    assert changes(None, None) == []
    greg = changes(None, {"on": "2026-11-20"}, date_text=lambda d: f"{d:%Y/%m/%d}")
    assert greg == ["日期：2026/11/20"]


def test_values_in_words() -> None:
    assert value_text(True) == "是" and value_text(False, english=True) == "no"
    assert value_text("2026-11-20T08:30:00") == "115/11/20 08:30"
    assert value_text(dt.date(2026, 11, 20)) == "115/11/20"
    assert value_text({"state": "certified", "item_id": 3}) == "狀態：認證通過"
    assert value_text("") == "（空）"


def test_roles_proxy_lists_and_new_records_read_as_words() -> None:
    created = Entry("admin", None, "staff.create", "staff", "wang", None,
                    {"display_name": "王老師", "account": True,
                     "roles": [{"role": "teacher", "division": None, "class_id": None, "course_code": "C101"},
                               {"role": "registry", "division": "night", "class_id": None, "course_code": None}]})
    assert sentence(created, NAMES) == "admin 新增人員 王老師"
    assert changes(created.before, created.after) == ["姓名：王老師", "帳號：是", "職務：任課教師（C101）、進修部教務組"]
    leave = Entry("chen", None, "staff.leave", "staff", "wang", None,
                  {"starts_on": "2026-12-04", "ends_on": "2027-01-04", "reason": None})
    assert changes(leave.before, leave.after) == ["起日：115/12/04", "迄日：116/01/04"]  # no （空） for a new record
    proxies = Entry("chen", None, "proxies.set", "proxy_list", "person:lin", [], ["wang"])
    assert sentence(proxies, NAMES) == "陳註冊 設定 林導師 的代理人名單"
    office = Entry("chen", None, "proxies.set", "proxy_list", "function:registry:night", [], ["wang"])
    assert sentence(office, NAMES) == "陳註冊 設定 進修部教務組 的代理人名單"
