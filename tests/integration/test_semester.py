"""A whole semester (115-1) played through the CLI, every office signed in as itself, on real .xlsx
files: the seeds' duties end to end.

Sixteen accounts, opened by the administrator and each changing its first password: the registry of
both divisions (註冊組, 進修部教務組), 教學組, the activities offices of both divisions (訓育組,
進修部學務組), 生輔組, 資訊媒體組, the dean (教務主任), a consultation teacher, two mentors, and
teachers of the courses. The schedule (作業期程) puts today inside the upload, selection and submission
windows and after the certification window, so a teacher's certification today is late work.

The semester, in the order the offices do it:
1. rosters of both divisions, each by its own registry (seed 001 §五(一)1); courses and enrolments
   by 教學組; the schedule by the dean;
2. one platform export of every kind and both divisions, imported by each of the four offices that
   enter items: each takes its own rows (seed 001 §五(二), §六(二));
3. certification by the teacher of the course, one of them late with a reason and countersigned
   by the registry (seed 001 §五(三)2, 作業期程);
4. selection, then submission by the registry (課程學習成果) and the activities offices (多元表現);
5. a departure (轉出) recorded, a mistaken one withdrawn, the 收訖明細 returned and confirmed, one
   disputed and resolved, the departed student's notice printed, mailed and its reply slip recorded
   (seed 001 §六(三), DOMAIN "Receipt confirmation");
6. the working group's year (members, a meeting, a session, self-check) and a compliance view that
   explains every line (seed 000 §三);
7. the mentor's dashboard for the class; the audit log read in words.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from portfolio_desktop import cli
from portfolio_desktop.domain.roc import format_roc
from tests.data.cli_json import json_lines
from tests.data.tables import write_xlsx

TODAY = dt.date.today()
YEAR = TODAY.year - 1911 - (0 if TODAY.month >= 8 else 1)  # the school year of today (ROC)
SEM = 1 if TODAY.month >= 8 or TODAY.month == 1 else 2
TERM = f"{YEAR}-{SEM}"


def roc(day: dt.date) -> str:
    return format_roc(day)


@dataclass
class Office:
    """One account of the school, signed in as itself for every command it runs."""

    username: str
    name: str
    roles: tuple[str, ...]
    password: str = ""

    def run(self, school: School, *argv: str, expect: int = 0, new_password: str | None = None) -> tuple[str, str]:
        return school.run(self, list(argv), expect=expect, new_password=new_password)


@dataclass
class School:
    db: Path
    folder: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def run(self, who: Office, argv: list[str], *, expect: int = 0, new_password: str | None = None) -> tuple[str, str]:
        self.monkeypatch.setenv("PORTFOLIO_USER", who.username)
        self.monkeypatch.setenv("PORTFOLIO_PASSWORD", who.password)
        if new_password is None:
            self.monkeypatch.delenv("PORTFOLIO_NEW_PASSWORD", raising=False)
        else:
            self.monkeypatch.setenv("PORTFOLIO_NEW_PASSWORD", new_password)
        code = cli.main(["--db", str(self.db), *argv])
        captured = self.capsys.readouterr()
        assert code == expect, (who.username, argv, code, captured.err)
        return captured.out, captured.err


ADMIN = Office("admin", "王管理", (), "admin-pass-115")
REG_DAY = Office("reg_day", "陳註冊", ("registry:day",))
REG_NIGHT = Office("reg_night", "林教務", ("registry:night",))
ACADEMIC = Office("academic", "黃教學", ("academic",))
ACT_DAY = Office("act_day", "張訓育", ("activities:day",))
ACT_NIGHT = Office("act_night", "李學務", ("activities:night",))
DISCIPLINE = Office("discipline", "蔡生輔", ("discipline",))
IT = Office("it", "吳資訊", ("it",))
DEAN = Office("dean", "周主任", ("dean",))
CONSULTANT = Office("consultant", "許諮詢", ("consultant",))
MENTOR_301 = Office("mentor301", "劉導師", ("mentor:301",))
MENTOR_N101 = Office("mentorN101", "鄭導師", ("mentor:101",))
T_CHINESE = Office("t_chinese", "張國文", ("teacher:C01", "teacher:N01"))
T_MATH = Office("t_math", "劉數學", ("teacher:C02",))
T_PHYSICS = Office("t_physics", "黃物理", ("teacher:C03",))
T_ENGLISH = Office("t_english", "林英文", ("teacher:C04",))
OFFICES = (REG_DAY, REG_NIGHT, ACADEMIC, ACT_DAY, ACT_NIGHT, DISCIPLINE, IT, DEAN, CONSULTANT, T_CHINESE,
           T_MATH, T_PHYSICS, T_ENGLISH)
MENTORS = (MENTOR_301, MENTOR_N101)

ROSTER_HEADERS = ["學號", "姓名", "身分證字號", "性別", "生日", "部別", "科別", "班級", "座號", "學籍狀態",
                  "郵遞區號", "地址", "監護人", "電話"]
DAY_STUDENTS = [
    ["1130001", "王𡘙", "A123456789", "女", "97/04/25", "日間部", "資訊科", "301", 1, "在學", "820", "高雄市岡山區岡山路1號", "王大明", "0912345678"],
    ["1130002", "陳大明", "F131104093", "男", "97/01/05", "日間部", "資訊科", "301", 2, "在學", "820", "高雄市岡山區岡山路2號", "陳父", "076212345"],
    ["1130003", "林小美", "E223456785", "女", "96/12/31", "日間部", "資訊科", "301", 3, "在學", "82041", "高雄市岡山區岡山路3號", "林母",
     "0922333444"],
]  # fmt: skip
NIGHT_STUDENTS = [
    ["4130001", "張志豪", "S123456784", "男", "97/03/01", "進修部", "資訊科", "101", 1, "在學", "820", "高雄市岡山區夜間路1號", "張父", "0933444555"],
]  # fmt: skip
COURSES = [("C01", "國語文", 4, "張國文"), ("C02", "數學", 4, "劉數學"), ("C03", "物理", 2, "黃物理"),
           ("C04", "英語文", 4, "林英文"), ("N01", "國語文", 4, "張國文")]
ITEM_HEADERS = ["學號", "姓名", "學年度", "學期", "類別", "細項", "名稱", "課程代碼", "狀態", "時間"]


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> School:
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path / "data"))
    s = School(tmp_path / "school.sqlite3", tmp_path, monkeypatch, capsys)
    monkeypatch.setenv("PORTFOLIO_PASSWORD", ADMIN.password)
    assert cli.main(["--db", str(s.db), "init", "--admin", ADMIN.username]) == 0
    capsys.readouterr()
    return s


def open_accounts(school: School, offices: tuple[Office, ...]) -> None:
    """The administrator opens each account with a first password; each person changes it at once."""
    for office in offices:
        first = f"first-{office.username}-1"
        roles = [a for r in office.roles for a in ("--role", r)]
        school.run(ADMIN, ["accounts", "add", office.username, "--name", office.name, *roles], new_password=first)
        office.password = first
        school.run(office, ["roster", "list"], expect=1)  # a first password runs nothing but passwd
        school.run(office, ["accounts", "passwd"], new_password=f"own-{office.username}-115")
        office.password = f"own-{office.username}-115"


def windows_file(folder: Path) -> Path:
    """The dean's schedule for the term: today inside upload, selection, submission and receipt
    confirmation; the certification window closed yesterday."""
    d = TODAY
    rows = [
        [YEAR, SEM, "上傳", roc(d - dt.timedelta(days=60)), roc(d + dt.timedelta(days=10)), ""],
        [YEAR, SEM, "認證", roc(d - dt.timedelta(days=40)), roc(d - dt.timedelta(days=1)), "教師認證"],
        [YEAR, SEM, "勾選", roc(d - dt.timedelta(days=5)), roc(d + dt.timedelta(days=12)), ""],
        [YEAR, SEM, "提交", roc(d - dt.timedelta(days=3)), roc(d + dt.timedelta(days=20)), ""],
        [YEAR, SEM, "收訖確認", roc(d - dt.timedelta(days=2)), roc(d + dt.timedelta(days=30)), ""],
    ]
    return write_xlsx(folder / "作業期程.xlsx", ["學年度", "學期", "項目", "開始時間", "結束時間", "備註"], rows)


def platform_export(folder: Path) -> Path:
    """One export of the platform: both divisions, every kind; the time of each row inside its window."""
    at = (TODAY - dt.timedelta(days=20)).isoformat()
    rows = [
        ["1130001", "王𡘙", YEAR, SEM, "課程學習成果", "", "國文閱讀報告", "C01", "已上傳", at],
        ["1130001", "王𡘙", YEAR, SEM, "課程學習成果", "", "數學建模", "C02", "已上傳", at],
        ["1130002", "陳大明", YEAR, SEM, "課程學習成果", "", "數學作業", "C02", "已上傳", at],
        ["1130002", "陳大明", YEAR, SEM, "課程學習成果", "", "物理實驗", "C03", "已上傳", at],
        ["1130003", "林小美", YEAR, SEM, "課程學習成果", "", "英文簡報", "C04", "已上傳", at],
        ["1130001", "王𡘙", YEAR, SEM, "多元表現", "志工服務", "淨灘", "", "已上傳", at],
        ["1130002", "陳大明", YEAR, SEM, "幹部經歷", "", "班長", "", "", at],
        ["4130001", "張志豪", YEAR, SEM, "課程學習成果", "", "夜間國文報告", "N01", "已上傳", at],
        ["4130001", "張志豪", YEAR, SEM, "多元表現", "競賽參與", "技藝競賽", "", "已上傳", at],
    ]  # fmt: skip
    return write_xlsx(folder / "平臺匯出.xlsx", ITEM_HEADERS, rows)


def items_of(school: School, who: Office, *argv: str) -> dict[str, dict[str, object]]:
    out, _ = who.run(school, "items", "list", "--json", *argv)
    return {str(r["title"]): r for r in json_lines(out)}


def test_a_whole_semester_every_office_as_itself(school: School) -> None:
    folder = school.folder
    open_accounts(school, OFFICES)

    # 1. rosters, each division by its own registry; a mixed file is not one office's to import
    day = write_xlsx(folder / "日間部名冊.xlsx", ROSTER_HEADERS, DAY_STUDENTS)
    night = write_xlsx(folder / "進修部名冊.xlsx", ROSTER_HEADERS, NIGHT_STUDENTS)
    _, err = REG_NIGHT.run(school, "roster", "import", str(day), expect=1)
    assert "註冊組" in err  # the day roster is the day registry's: it names who may
    REG_DAY.run(school, "roster", "import", str(day))
    REG_NIGHT.run(school, "roster", "import", str(night))
    open_accounts(school, MENTORS)  # a mentor's class exists once the roster is in
    listed = json_lines(DEAN.run(school, "roster", "list", "--json")[0])
    assert [r["student_no"] for r in listed] == ["1130001", "1130002", "1130003", "4130001"]
    day_only = json_lines(REG_DAY.run(school, "roster", "list", "--json")[0])  # each registry its division
    assert [r["student_no"] for r in day_only] == ["1130001", "1130002", "1130003"]
    assert listed[0]["name"] == "王𡘙" and listed[0]["national_id"] == "A12****789"  # Ext-B whole, ID masked
    courses = write_xlsx(folder / "課程.xlsx", ["學年度", "學期", "課程代碼", "科目名稱", "學分", "任課教師"],
                         [[YEAR, SEM, code, name, credits, teacher] for code, name, credits, teacher in COURSES])
    enrol = write_xlsx(folder / "修課名單.xlsx", ["學年度", "學期", "課程代碼", "科目名稱", "學號"],
                       [[YEAR, SEM, c, n, s[0]] for c, n, _, _ in COURSES for s in
                        (NIGHT_STUDENTS if c.startswith("N") else DAY_STUDENTS)])
    REG_DAY.run(school, "courses", "import", str(courses), expect=1)  # 教學組's duty, not the registry's
    ACADEMIC.run(school, "courses", "import", str(courses))
    ACADEMIC.run(school, "courses", "import", str(enrol))
    ACADEMIC.run(school, "windows", "import", str(windows_file(folder)), expect=1)  # the dean's schedule
    DEAN.run(school, "windows", "import", str(windows_file(folder)))

    # 2. one platform export, each office its own rows
    export = platform_export(folder)
    for office, added in ((REG_DAY, 5), (REG_NIGHT, 1), (ACT_DAY, 2), (ACT_NIGHT, 1)):
        _, err = office.run(school, "items", "import", str(export))
        assert f"added {added}" in err or f"新增 {added} 件" in err, (office.username, err)
        assert "left for other offices" in err or "其他處室" in err
    IT.run(school, "items", "import", str(export), expect=1)  # none of its rows: refused, naming who may
    items = items_of(school, REG_DAY)
    assert len(items) == 7 and all(r["state"] == "uploaded" for r in items.values() if r["kind"] != "cadre")

    # 3. certification by the course's teacher; after the window it is late work with a reason,
    #    countersigned by the registry of the student's division
    reading = str(items["國文閱讀報告"]["id"])
    _, err = T_MATH.run(school, "items", "certify", reading, expect=1)  # not his course
    _, err = T_CHINESE.run(school, "items", "certify", reading, expect=1)  # the window closed yesterday
    assert "--override" in err
    T_CHINESE.run(school, "items", "certify", reading, "--override", "教師病假，補認證")
    for title, teacher in (("數學建模", T_MATH), ("物理實驗", T_PHYSICS), ("英文簡報", T_ENGLISH)):
        teacher.run(school, "items", "certify", str(items[title]["id"]), "--override", "期末補認證")
    night_items = items_of(school, REG_NIGHT)
    T_CHINESE.run(school, "items", "certify", str(night_items["夜間國文報告"]["id"]), "--override", "補認證")
    out, _ = DEAN.run(school, "windows", "overrides", "--term", TERM)
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert [(r[5], r[7]) for r in rows][0] == ("教師病假，補認證", "張國文")  # the reason, the teacher by name
    assert "「國文閱讀報告」" in rows[0][4]
    awaiting = {r[0]: r[8] for r in rows}
    assert len(awaiting) == 5 and set(awaiting.values()) == {"待註冊組會簽", "待進修部教務組會簽"}, out
    day_late = [i for i, s in awaiting.items() if s == "待註冊組會簽"]
    night_late = [i for i, s in awaiting.items() if s == "待進修部教務組會簽"]
    ACT_DAY.run(school, "windows", "countersign", *day_late, expect=1)  # not the activities office's to sign
    REG_NIGHT.run(school, "windows", "countersign", *day_late, expect=1)  # nor the other division's registry
    REG_DAY.run(school, "windows", "countersign", *day_late)
    REG_NIGHT.run(school, "windows", "countersign", *night_late)
    out, _ = DEAN.run(school, "windows", "overrides", "--term", TERM)
    assert "待" not in out and out.count("已會簽（陳註冊") == 4 and out.count("已會簽（林教務") == 1

    # 3b. 劉數學 leaves; his proxy (dean's list) sees what waits for him in 我的待辦 and certifies it
    mine = json_lines(T_MATH.run(school, "items", "mine", "--json")[0])
    assert [r["title"] for r in mine] == ["數學作業"] and mine[0]["on_behalf_of"] is None
    REG_DAY.run(school, "accounts", "depart", T_MATH.username, roc(TODAY - dt.timedelta(days=1)))
    DEAN.run(school, "proxies", "set", T_MATH.username, T_PHYSICS.username)
    out, _ = DEAN.run(school, "proxies", "who", T_MATH.username)
    assert T_PHYSICS.username in out or T_PHYSICS.name in out
    mine = json_lines(T_PHYSICS.run(school, "items", "mine", "--json")[0])
    waiting = {r["title"]: r for r in mine}
    assert waiting["數學作業"]["on_behalf_of"] == T_MATH.username and waiting["數學作業"]["action"] == "certify"
    T_PHYSICS.run(school, "items", "certify", str(waiting["數學作業"]["id"]), "--override", "代理劉數學補認證")
    assert "數學作業" not in {r["title"] for r in json_lines(T_PHYSICS.run(school, "items", "mine", "--json")[0])}
    out, _ = DEAN.run(school, "windows", "overrides", "--term", TERM)
    assert "黃物理 代 劉數學" in out
    REG_DAY.run(school, "windows", "countersign", out.splitlines()[-1].split("\t")[0])

    # 4. selection by 教學組 (the students chose on the platform), submission by the offices
    certified = [str(r["id"]) for r in items_of(school, ACADEMIC, "--kind", "課程學習成果").values()
                 if r["state"] == "certified"]
    assert len(certified) == 6
    ACADEMIC.run(school, "items", "select", *certified)
    day_clo = [str(r["id"]) for r in items_of(school, REG_DAY, "--kind", "課程學習成果").values()
               if not str(r["student_no"]).startswith("4")]
    REG_DAY.run(school, "items", "submit", *day_clo)
    night_clo = [str(r["id"]) for r in items_of(school, REG_NIGHT, "--kind", "課程學習成果").values()
                 if str(r["student_no"]).startswith("4")]
    REG_DAY.run(school, "items", "submit", *night_clo, expect=1)  # the night division's registry submits it
    REG_NIGHT.run(school, "items", "submit", *night_clo)
    mp = items_of(school, ACADEMIC, "--kind", "多元表現")
    ACT_DAY.run(school, "items", "select", str(mp["淨灘"]["id"]), expect=1)  # selection is 教學組's
    ACADEMIC.run(school, "items", "select", str(mp["淨灘"]["id"]), str(mp["技藝競賽"]["id"]))
    ACT_DAY.run(school, "items", "submit", str(mp["淨灘"]["id"]))
    ACT_NIGHT.run(school, "items", "submit", str(mp["技藝競賽"]["id"]))
    states = {t: r["state"] for t, r in items_of(school, DEAN).items()}
    assert states["國文閱讀報告"] == states["淨灘"] == states["技藝競賽"] == "submitted"

    # 4b. the submission rounds of the term, each division's by its own office (seed 001 §六(二));
    #     出缺勤 kept by 生輔組 (seed 000 §四(一), not collected centrally)
    def export(office: Office, kind: int, division: str, expect: int = 0) -> None:
        office.run(school, "central", "export", "--term", TERM, "--kind", str(kind), "--division", division,
                   "--school-code", "180301", "--out", str(folder / f"名冊{kind}_{division}.xlsx"), expect=expect)

    export(REG_NIGHT, 1, "day", expect=1)  # the day division's 學籍資料 is the day registry's
    export(REG_DAY, 1, "day")
    export(REG_NIGHT, 1, "night")
    export(REG_DAY, 26, "day")
    export(REG_NIGHT, 26, "night")
    export(ACT_DAY, 25, "day")
    export(ACT_NIGHT, 25, "night")
    REG_DAY.run(school, "central", "attendance", "--division", "day", "--term", TERM, expect=1)  # 生輔組's
    _, err = DISCIPLINE.run(school, "central", "attendance", "--division", "day", "--term", TERM)
    assert "出缺勤" in err or "attendance" in err
    out, _ = DEAN.run(school, "central", "rounds", "--term", TERM)
    assert "出缺勤紀錄" in out and "已登錄（中央資料庫不收）" in out and out.count("學生資料名冊") == 2

    # 5. a departure, a mistaken one withdrawn; receipts back, confirmed, disputed and resolved
    REG_DAY.run(school, "status", "change", "1130002", "轉出", "--date", roc(TODAY - dt.timedelta(days=1)))
    REG_DAY.run(school, "status", "withdraw", "1130002", "--reason", "誤登錄，應為 1130003")
    REG_DAY.run(school, "status", "change", "1130003", "轉出", "--date", roc(TODAY - dt.timedelta(days=1)),
                "--reason", "轉學")
    departed = json_lines(REG_DAY.run(school, "roster", "list", "--json", "--departed")[0])
    assert [r["student_no"] for r in departed] == ["1130003"]
    receipts = write_xlsx(folder / "收訖明細.xlsx", ["學號", "姓名", "學年度", "學期", "類別", "項目名稱", "件數"], [
        ["1130001", "王𡘙", YEAR, SEM, "課程學習成果", "國文閱讀報告", 1],
        ["1130003", "林小美", YEAR, SEM, "課程學習成果", "英文簡報", 1],
    ])
    REG_DAY.run(school, "receipts", "import", str(receipts))
    when = roc(TODAY)
    REG_DAY.run(school, "receipts", "confirm", "1130001", "--term", TERM, "--date", when)
    _, err = REG_DAY.run(school, "receipts", "confirm", "1130001", "--term", TERM, "--date", when, expect=1)
    assert "陳註冊" in err  # a second confirmation names who confirmed it first
    REG_DAY.run(school, "receipts", "dispute", "1130003", "--term", TERM, "--date", when, "--reason", "件數不符")
    REG_DAY.run(school, "receipts", "resolve", "1130003", "--term", TERM, "--date", when, "--outcome", "explained",
                "--answer", "已向學生說明")
    letterhead = ["school_name=國立岡山高級農工職業學校", "office=註冊組", "postal_code=820",
                  "address=高雄市岡山區岡山路533號", "phone=07-6212345", "doc_prefix=岡農註字"]
    ACT_DAY.run(school, "notices", "settings", "--set", *letterhead, expect=1)  # the registry's letterhead
    REG_DAY.run(school, "notices", "settings", "--set", *letterhead)
    out, _ = REG_DAY.run(school, "notices", "print", "--out", str(folder / "通知.pdf"), "--all-departed")
    assert (folder / "通知.pdf").stat().st_size > 0
    batches = json_lines(REG_DAY.run(school, "notices", "list-batches", "--json")[0])
    assert [b["notices"] for b in batches] == [1]
    # mailed and replied on the day it was printed (not TODAY: the test may have crossed midnight since)
    printed = roc(dt.date.fromisoformat(batches[0]["issued_on"]))
    REG_DAY.run(school, "notices", "mark-mailed", str(batches[0]["batch"]), "--date", printed)
    REG_DAY.run(school, "notices", "reply", "1130003", "--date", printed)
    out, _ = REG_DAY.run(school, "receipts", "timeline", "1130003")
    assert "寄出" in out or "mailed" in out

    # 6. the working group's year, and a compliance view with every line explained
    DEAN.run(school, "workgroup", "members", "template", "000")
    DEAN.run(school, "workgroup", "meetings", "add", roc(TODAY - dt.timedelta(days=30)), "期程規劃")
    DEAN.run(school, "workgroup", "sessions", "add", "宣導說明", roc(TODAY - dt.timedelta(days=20)),
             "--audience", "學生,教師")
    DEAN.run(school, "consultations", "assign", CONSULTANT.username, "--class", "301")
    CONSULTANT.run(school, "consultations", "add", "--mode", "個別", "--student", "1130001", "--date", when,
                   "--place", "諮詢室", "--content", "選課諮詢")
    report = json.loads(DEAN.run(school, "workgroup", "compliance", "--json")[0])
    assert report["checks"] and all(c["status"] and (c["source"] or c["source_en"]) for c in report["checks"])
    submissions = {c["key"]: c for c in report["checks"] if c["key"].startswith("submission:")}
    done = {k for k, c in submissions.items() if c["status"] == "done"}
    assert {f"submission:1:day:{TERM}", f"submission:1:night:{TERM}", f"submission:26:day:{TERM}",
            f"submission:26:night:{TERM}", f"submission:90:day:{TERM}"} <= done
    assert f"submission:90:night:{TERM}" not in done  # 進修部生輔組 has not recorded it: due, and says so
    assert f"submission:2:day:{TERM}" not in done  # no grades submitted yet
    assert all("§" in c["source"] for c in submissions.values())  # each names the clause that asks for it

    evaluation = json.loads(DEAN.run(school, "workgroup", "evaluation", "--json")[0])
    people = {c["person"]: c for c in evaluation["completions"] if c["duty"] == "certification"}
    assert people["黃物理（代 劉數學）"]["done"] == 1  # the proxy's work is the proxy's, not the departed teacher's
    assert people["劉數學"]["total"] == 1 and people["劉數學"]["done"] == 1  # 數學建模, his own

    # accounts are opened by 註冊組 (seed 000 附表一); the administrator role is not theirs to give
    REG_DAY.run(school, "accounts", "add", "t_music", "--name", "陳音樂", "--role", "teacher:C05",
                new_password="first-t_music-1")
    REG_DAY.run(school, "accounts", "add", "boss", "--role", "admin", new_password="x-boss-12345", expect=1)

    # the dashboard counts the term's submission rounds too, for every office
    out, _ = REG_DAY.run(school, "dashboard")
    assert "本學期提交 / submissions:" in out and "學生資料名冊（day）" in out and "出缺勤紀錄（day）已登錄" in out
    rounds = json.loads(DEAN.run(school, "dashboard", "--json")[0])["submissions"]
    assert {(r["kind"], r["division"]) for r in rounds} >= {(1, "day"), (1, "night"), (26, "day"), (90, "day")}

    # 7. the mentor's class, and the audit log in words
    board = json.loads(MENTOR_301.run(school, "dashboard", "--class", "301", "--json")[0])
    [cls] = board["classes"]
    assert cls["class"] == "301" and {s["student_no"] for s in cls["students"]} >= {"1130001", "1130002"}
    # 已確認 counts the term's receipt confirmed as a whole (receipts confirm), not only items confirm
    wang = next(s for s in cls["students"] if s["student_no"] == "1130001")
    assert wang["counts"]["submitted"] == 3 and wang["counts"]["confirmed"] == 3
    assert cls["pct_confirmed"] is not None and cls["pct_confirmed"] > 0
    MENTOR_301.run(school, "dashboard", "--class", "101", expect=1)  # not the mentor's class
    log = json_lines(DEAN.run(school, "audit", "--json", "--limit", "2000")[0])
    assert {r["action"] for r in log} >= {"items.import", "student.status_change_withdrawn", "authz.denied"}
