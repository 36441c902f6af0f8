"""What the regulations require of the working group in a school year, and whether it is done, due or late.

Sources:
- working-group meetings at least once a semester: seed 000 §三 (每學期至少召開一次會議), seed 001 §三;
- sessions at least once a school year: seed 000 §六 (一) 學生訓練 (簡介及系統操作訓練, students),
  (二) 教師研習 (專業研習, teachers), (三) 親師說明 (宣導說明, parents); seed 001 §八 (一) 宣導說明 (students,
  parents, staff), (二) 系統操作訓練 (students, teachers), (三) 專業研習 (students, teachers), (四) 成果發表;
- self-check (自我檢核) each semester: seed 001 §四 (每學期 … 訂定自我檢核作業 … 自我檢核時間);
- the offices' submissions to the central database, per division (:data:`SUBMISSIONS`): 學籍資料,
  學業成績 and 課程學習成果 each semester by the registry (seed 001 §五(二)1, §六(二)1), 幹部經歷 each
  semester and 多元表現 each school year by the activities office (seed 001 §六(二)3, seed 000 附表一
  學務處), and 出缺勤 kept each semester by 生輔組 (seed 000 §四(一); the central database does not
  collect it: recorded as kept, not submitted).

Which sessions are required (and whether self-checks are) differs between the schools: that is the
per-school setting :class:`ComplianceRules`, with the two seeds as presets.

Pure: no Qt, no SQLAlchemy. The service gathers the facts of one school year and calls :func:`assess`
with ``today``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from portfolio_desktop.domain.roc import format_roc, format_term, term_dates
from portfolio_desktop.domain.texts import Bilingual
from portfolio_desktop.errors import RuleError


class SessionKind(str, Enum):
    BRIEFING = "briefing"  # 宣導說明 (seed 001 §八(一)); seed 000 §六(三) 親師說明
    SYSTEM_TRAINING = "system_training"  # 系統操作訓練 (seed 001 §八(二)); seed 000 §六(一) 學生訓練
    PROFESSIONAL = "professional"  # 專業研習 (seed 001 §八(三)); seed 000 §六(二) 教師研習
    SHOWCASE = "showcase"  # 成果發表 (seed 001 §八(四) only)

    @property
    def zh(self) -> str:
        return _KIND_ZH[self]

    @property
    def en(self) -> str:
        return _KIND_EN[self]


_KIND_ZH = {SessionKind.BRIEFING: "宣導說明", SessionKind.SYSTEM_TRAINING: "系統操作訓練",
            SessionKind.PROFESSIONAL: "專業研習", SessionKind.SHOWCASE: "成果發表"}
_KIND_EN = {SessionKind.BRIEFING: "information session", SessionKind.SYSTEM_TRAINING: "system training",
            SessionKind.PROFESSIONAL: "professional workshop", SessionKind.SHOWCASE: "showcase"}
_KIND_ALIASES = {k.zh: k for k in SessionKind} | {k.value: k for k in SessionKind} | {
    "親師說明": SessionKind.BRIEFING, "親師說明會": SessionKind.BRIEFING, "宣導": SessionKind.BRIEFING,
    "學生訓練": SessionKind.SYSTEM_TRAINING, "操作訓練": SessionKind.SYSTEM_TRAINING,
    "教師研習": SessionKind.PROFESSIONAL, "研習": SessionKind.PROFESSIONAL, "增能研習": SessionKind.PROFESSIONAL,
    "成果展": SessionKind.SHOWCASE,
}


class Audience(str, Enum):
    STUDENTS = "students"
    TEACHERS = "teachers"
    PARENTS = "parents"

    @property
    def zh(self) -> str:
        return {"students": "學生", "teachers": "教師", "parents": "家長"}[self.value]


_AUDIENCE_ALIASES = {a.zh: a for a in Audience} | {a.value: a for a in Audience} | {
    "教職員": Audience.TEACHERS, "老師": Audience.TEACHERS, "親": Audience.PARENTS, "師": Audience.TEACHERS,
    "生": Audience.STUDENTS,
}


def parse_session_kind(text: str) -> SessionKind:
    key = "".join(str(text).split()).lower()
    if key in _KIND_ALIASES:
        return _KIND_ALIASES[key]
    raise RuleError(f"不認得的場次類別「{text}」；應為：{'、'.join(k.zh for k in SessionKind)}",
                    f"unknown session kind '{text}'; use one of: {', '.join(k.value for k in SessionKind)}")


def parse_audiences(text: str | Iterable[str]) -> frozenset[Audience]:
    """"學生、家長" / "students,parents" / ["teachers"] → the set; at least one is required."""
    parts = text if not isinstance(text, str) else text.replace("、", ",").replace("，", ",").replace("/", ",").split(",")
    out: set[Audience] = set()
    for part in parts:
        key = str(part).strip().lower()
        if not key:
            continue
        if key not in _AUDIENCE_ALIASES:
            raise RuleError(f"不認得的對象「{part}」；應為 學生、教師、家長", f"unknown audience '{part}'; use students, "
                            "teachers or parents")
        out.add(_AUDIENCE_ALIASES[key])
    if not out:
        raise RuleError("請至少指定一種對象（學生、教師、家長）", "name at least one audience (students, teachers, parents)")
    return frozenset(out)


def audiences_text(audiences: Iterable[Audience]) -> str:
    return "、".join(a.zh for a in Audience if a in set(audiences))


@dataclass(frozen=True)
class SessionRequirement:
    """At least ``minimum`` sessions of ``kind`` per school year, for ``audience`` (None: any audience).

    ``source`` / ``source_en``: the clause of the school's regulation, in Chinese and in English (a
    school that writes its own rules may give only the Chinese; the English UI then shows that)."""

    kind: SessionKind
    audience: Audience | None = None
    minimum: int = 1
    source: str = ""
    source_en: str = ""

    @property
    def key(self) -> str:
        return f"session:{self.kind.value}:{self.audience.value if self.audience else 'any'}"

    @property
    def zh(self) -> str:
        who = f"（對象：{self.audience.zh}）" if self.audience else ""
        return f"{self.kind.zh}{who}"

    @property
    def en(self) -> str:
        return f"{self.kind.en}" + (f" for {self.audience.value}" if self.audience else "")


@dataclass(frozen=True)
class ComplianceRules:
    """The per-school setting: what the school's regulation requires each year."""

    meetings_per_semester: int = 1
    sessions: tuple[SessionRequirement, ...] = ()
    self_check_each_semester: bool = True
    preset: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"meetings_per_semester": self.meetings_per_semester,
                "self_check_each_semester": self.self_check_each_semester,
                "sessions": [{"kind": r.kind.value, "audience": r.audience.value if r.audience else None,
                              "minimum": r.minimum, "source": r.source, "source_en": r.source_en}
                             for r in self.sessions],
                "preset": self.preset}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ComplianceRules:
        if data.get("preset") in PRESETS and "sessions" not in data:
            return PRESETS[str(data["preset"])]
        meetings = int(data.get("meetings_per_semester", 1))
        if meetings < 0:
            raise RuleError("每學期會議次數不可為負數", "meetings per semester cannot be negative")
        sessions = []
        for s in data.get("sessions", []):
            minimum = int(s.get("minimum", 1))
            if minimum < 1:
                raise RuleError("每學年場次下限至少為 1", "the minimum sessions per year must be at least 1")
            aud = s.get("audience")
            sessions.append(SessionRequirement(parse_session_kind(s["kind"]), Audience(aud) if aud else None,
                                               minimum, str(s.get("source", "")), str(s.get("source_en", ""))))
        return cls(meetings, tuple(sessions), bool(data.get("self_check_each_semester", True)), data.get("preset"))


# seed 000 §三 (meetings), §六(一)–(三) (three sessions, each for one audience); no self-check dates.
SEED_000 = ComplianceRules(
    meetings_per_semester=1,
    sessions=(
        SessionRequirement(SessionKind.SYSTEM_TRAINING, Audience.STUDENTS, 1, "臺南二中補充規定 §六(一) 學生訓練",
                           "Tainan No. 2 rules §6(1) student training"),
        SessionRequirement(SessionKind.PROFESSIONAL, Audience.TEACHERS, 1, "臺南二中補充規定 §六(二) 教師研習",
                           "Tainan No. 2 rules §6(2) teacher workshop"),
        SessionRequirement(SessionKind.BRIEFING, Audience.PARENTS, 1, "臺南二中補充規定 §六(三) 親師說明",
                           "Tainan No. 2 rules §6(3) parent-teacher briefing"),
    ),
    self_check_each_semester=False,
    preset="000",
)
# seed 001 §三 (meetings), §四 (self-check each semester), §八(一)–(四) (four sessions, any audience).
SEED_001 = ComplianceRules(
    meetings_per_semester=1,
    sessions=(
        SessionRequirement(SessionKind.BRIEFING, None, 1, "岡山農工補充規定 §八(一) 宣導說明",
                           "Kangshan rules §8(1) information session"),
        SessionRequirement(SessionKind.SYSTEM_TRAINING, None, 1, "岡山農工補充規定 §八(二) 系統操作訓練",
                           "Kangshan rules §8(2) system training"),
        SessionRequirement(SessionKind.PROFESSIONAL, None, 1, "岡山農工補充規定 §八(三) 專業研習",
                           "Kangshan rules §8(3) professional workshop"),
        SessionRequirement(SessionKind.SHOWCASE, None, 1, "岡山農工補充規定 §八(四) 成果發表",
                           "Kangshan rules §8(4) showcase"),
    ),
    self_check_each_semester=True,
    preset="001",
)
PRESETS: dict[str, ComplianceRules] = {"000": SEED_000, "001": SEED_001}
# The two regulations by the names a school office knows them (seed 000: 國立臺南第二高級中學建置學生學習
# 歷程檔案作業補充規定; seed 001: 國立岡山高級農工職業學校 …): rules stored before carry the internal names.
RULEBOOKS: dict[str, tuple[str, str]] = {"seed 000": ("臺南二中補充規定", "Tainan No. 2 rules"),
                                         "seed 001": ("岡山農工補充規定", "Kangshan rules")}


def cited(text: str, *, english: bool = False) -> str:
    """A rule's source as shown: an internal seed name in stored rules replaced by the regulation's name."""
    for internal, (zh, en) in RULEBOOKS.items():
        text = text.replace(internal, en if english else zh)
    return text
DEFAULT_RULES = SEED_001


class CheckStatus(str, Enum):
    DONE = "done"
    DUE = "due"  # not yet done, the deadline has not passed
    LATE = "late"  # not done and the deadline has passed

    @property
    def zh(self) -> str:
        return {"done": "已完成", "due": "待辦", "late": "逾期"}[self.value]


@dataclass(frozen=True)
class SessionFact:
    kind: SessionKind
    audiences: frozenset[Audience]
    held_on: dt.date


@dataclass(frozen=True)
class Submission:
    """A submission an office owes each term (or school year) per division: the 名冊別 that carries it
    (``kind``; :data:`ATTENDANCE_KIND` for 出缺勤, kept at school), and the clause that asks for it."""

    kind: int
    zh: str
    en: str
    office: str  # the role that owes it (domain/roles.py Role), named per division
    yearly: bool
    source: Bilingual

    def office_names(self, division: str) -> tuple[str, str]:
        from portfolio_desktop.domain.roles import Role, role_label, role_label_en

        return role_label(Role(self.office), division), role_label_en(Role(self.office), division)


ATTENDANCE_KIND = 90  # 出缺勤紀錄: kept by 生輔組, not a 名冊別 of the central database
SUBMISSIONS: tuple[Submission, ...] = (
    Submission(1, "學籍資料", "student records", "registry", False,
               Bilingual("岡山農工補充規定 §六(二)1；臺南二中補充規定 §四(一)", "Kangshan rules §6(2)1; Tainan No. 2 rules §4(1)")),
    Submission(2, "學業成績", "grades", "registry", False,
               Bilingual("岡山農工補充規定 §五(二)1、§六(二)1；臺南二中補充規定 §四(二)2",
                         "Kangshan rules §5(2)1, §6(2)1; Tainan No. 2 rules §4(2)2")),
    Submission(26, "課程學習成果", "course learning outcomes", "registry", False,
               Bilingual("岡山農工補充規定 §六(二)2", "Kangshan rules §6(2)2")),
    Submission(24, "幹部經歷", "cadre records", "activities", False,
               Bilingual("岡山農工補充規定 §六(二)3；臺南二中補充規定 §四(一)", "Kangshan rules §6(2)3; Tainan No. 2 rules §4(1)")),
    Submission(25, "多元表現", "multiple performances", "activities", True,
               Bilingual("岡山農工補充規定 §六(二)3；臺南二中補充規定 附表一 學務處", "Kangshan rules §6(2)3; Tainan No. 2 rules table 1")),
    Submission(ATTENDANCE_KIND, "出缺勤紀錄（校內登錄，中央資料庫不收）", "attendance (kept at school; not collected centrally)",
               "discipline", False,
               Bilingual("臺南二中補充規定 §四(一)、附表一", "Tainan No. 2 rules §4(1), table 1")),
)


@dataclass(frozen=True)
class SubmissionFact:
    """A submission round made (services/central/central_export.py) or 出缺勤 kept (attendance)."""

    kind: int
    term: str  # "113-1"
    division: str | None
    made_on: dt.date


@dataclass(frozen=True)
class SelfCheckFact:
    semester: int
    planned_on: dt.date | None
    done_on: dt.date | None


@dataclass(frozen=True)
class YearFacts:
    """What the working group recorded for one school year (the service reads it from the database)."""

    meetings: Sequence[dt.date] = ()
    sessions: Sequence[SessionFact] = ()
    self_checks: Sequence[SelfCheckFact] = ()
    self_check_windows: Mapping[int, dt.date] = field(default_factory=dict)  # semester → 作業期程 self-check end
    submissions: Sequence[SubmissionFact] = ()
    divisions: Mapping[str, str] = field(default_factory=dict)  # the school's divisions: code → name
    submission_windows: Mapping[int, dt.date] = field(default_factory=dict)  # semester → 作業期程 提交 end


@dataclass(frozen=True)
class Check:
    """One required thing of the year: how many are required, how many are done, by when, and the status.

    Plain values, no display text but the two names (``zh`` / ``en``) and the regulation clause
    (``source``, both languages): the UI words the self-check remark from ``planned_on`` /
    ``done_on`` in its own language and date format; :attr:`note` words it for the CLI.
    """

    key: str  # "meeting:113-1", "self_check:113-1", "session:briefing:any:113", "submission:1:day:113-1"
    zh: str
    en: str
    period: str  # "113-1" for a semester requirement, "113" for a year one
    required: int
    done: int
    deadline: dt.date
    status: CheckStatus
    source: Bilingual
    scheduled: tuple[dt.date, ...] = ()  # recorded for a later date than today (not done yet)
    planned_on: dt.date | None = None  # self-check: the planned date (or the 作業期程 window's end)
    done_on: dt.date | None = None  # self-check: when it was done (not after today)
    days_left: int = 0  # deadline − today (negative when late)

    @property
    def kind(self) -> str:
        """meeting, self_check, session or submission."""
        return self.key.split(":", 1)[0]

    @property
    def note(self) -> Bilingual:
        """The self-check's remark (預定 113/12/20；已於 113/12/18 完成), empty for the others."""
        if self.kind != "self_check":
            return Bilingual("", "")
        zh = f"預定 {format_roc(self.planned_on)}" if self.planned_on else "未訂自我檢核日期"
        en = f"planned for {self.planned_on.isoformat()}" if self.planned_on else "no self-check date set"
        if self.done_on is not None:
            zh += f"；已於 {format_roc(self.done_on)} 完成"
            en += f"; done on {self.done_on.isoformat()}"
        return Bilingual(zh, en)


MEETING_SOURCE = Bilingual("臺南二中補充規定 §三；岡山農工補充規定 §三", "Tainan No. 2 rules §3; Kangshan rules §3")
SELF_CHECK_SOURCE = Bilingual("岡山農工補充規定 §四", "Kangshan rules §4")


def _status(done: int, required: int, deadline: dt.date, today: dt.date) -> CheckStatus:
    if done >= required:
        return CheckStatus.DONE
    return CheckStatus.LATE if today > deadline else CheckStatus.DUE


def year_end(year: int) -> dt.date:
    """The last day of a school year (113 → 2025-07-31)."""
    return term_dates(year, 2)[1]


def _split(dates: Iterable[dt.date], today: dt.date) -> tuple[int, tuple[dt.date, ...]]:
    held = sorted(dates)
    return sum(1 for d in held if d <= today), tuple(d for d in held if d > today)


def assess(year: int, today: dt.date, rules: ComplianceRules, facts: YearFacts) -> list[Check]:
    """Every requirement of school year ``year`` as of ``today``: done, due or late.

    Something recorded with a date after ``today`` is scheduled, not done. A semester requirement is
    late after the semester's last day; a year requirement after the school year's last day; a
    self-check after its planned date (or the 作業期程 self-check window's end, or the semester's end).
    """
    out: list[Check] = []
    for sem in (1, 2):
        start, end = term_dates(year, sem)
        label = format_term(year, sem)
        if rules.meetings_per_semester > 0:
            done, later = _split((d for d in facts.meetings if start <= d <= end), today)
            out.append(Check(f"meeting:{label}", f"{label} 工作小組會議", f"{label} working-group meeting", label,
                             rules.meetings_per_semester, done, end,
                             _status(done, rules.meetings_per_semester, end, today),
                             MEETING_SOURCE, later, days_left=(end - today).days))
        if rules.self_check_each_semester:
            recs = [c for c in facts.self_checks if c.semester == sem]
            planned = next((c.planned_on for c in recs if c.planned_on), None) or facts.self_check_windows.get(sem)
            deadline = planned or end
            done_on = [c.done_on for c in recs if c.done_on is not None and c.done_on <= today]
            out.append(Check(f"self_check:{label}", f"{label} 自我檢核", f"{label} self-check", label, 1,
                             1 if done_on else 0, deadline, _status(1 if done_on else 0, 1, deadline, today),
                             SELF_CHECK_SOURCE, (), planned, done_on[0] if done_on else None,
                             days_left=(deadline - today).days))
    out += _submissions(year, today, facts)
    end = year_end(year)
    first = term_dates(year, 1)[0]
    for req in rules.sessions:
        matching = (s.held_on for s in facts.sessions
                    if s.kind is req.kind and first <= s.held_on <= end
                    and (req.audience is None or req.audience in s.audiences))
        done, later = _split(matching, today)
        out.append(Check(req.key + f":{year}", f"{year} 學年度 {req.zh}", f"school year {year}: {req.en}", str(year),
                         req.minimum, done, end, _status(done, req.minimum, end, today),
                         Bilingual(req.source, req.source_en or req.source), later,
                         days_left=(end - today).days))
    return out


def _submissions(year: int, today: dt.date, facts: YearFacts) -> list[Check]:
    """Each office's submission for each division: per semester (or, for 多元表現, per school year,
    counted by the second semester), due by the 作業期程 提交 window's end or else the period's end."""
    out: list[Check] = []
    for sub in SUBMISSIONS:
        semesters = (2,) if sub.yearly else (1, 2)
        for sem in semesters:
            label = str(year) if sub.yearly else format_term(year, sem)
            terms = {format_term(year, 1), format_term(year, 2)} if sub.yearly else {label}
            deadline = facts.submission_windows.get(sem) or term_dates(year, sem)[1]
            for division, name in facts.divisions.items():
                made = sorted(f.made_on for f in facts.submissions
                              if f.kind == sub.kind and f.term in terms and f.division in (division, None))
                done = 1 if made and made[0] <= today else 0
                period_zh = f"{year} 學年度" if sub.yearly else label
                office_zh, office_en = sub.office_names(division)
                out.append(Check(f"submission:{sub.kind}:{division}:{label}",
                                 f"{period_zh} {name} {sub.zh}（{office_zh}）",
                                 f"{label} {division} division: {sub.en} ({office_en})", label, 1, done,
                                 deadline, _status(done, 1, deadline, today), sub.source,
                                 days_left=(deadline - today).days, done_on=made[0] if done else None))
    return out


def summary(checks: Sequence[Check]) -> dict[CheckStatus, int]:
    return {s: sum(1 for c in checks if c.status is s) for s in CheckStatus}
