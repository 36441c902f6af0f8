"""成效評核及獎勵: each responsible person's completion of their duty, and who may be put forward for 敘獎.

Sources: seed 000 §七 (the executive secretary judges each designated manager's, clerk's and teacher's
results and, after the working group decides, proposes rewards under the staff reward rules); seed 001
§十 (the executive secretary submits the results of the self-check to the working group; those with
good results are proposed for 敘獎). The app only *lists candidates* from the data it holds; the
working group decides.

Duties measured (the service counts them in SQL, these functions only judge the counts):
- a course teacher's certification (seed 000 §四(三)2, seed 001 §五(三)2: 任課教師每學期應於規定時間內
  完成認證): of the course outcomes uploaded in their courses, how many were decided (認證通過 or not)
  inside the certification window (no override recorded);
- an office's submission (seed 001 §六(二): 學校應於規定時間內完成提交): of the items due for
  submission, how many were submitted inside the submission window.

Thresholds are a per-school setting (:class:`Thresholds`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from portfolio_desktop.domain.items import ItemKind
from portfolio_desktop.domain.roles import Role, role_label, role_label_en
from portfolio_desktop.errors import RuleError


class Duty(str, Enum):
    CERTIFICATION = "certification"  # 任課教師認證
    SUBMISSION = "submission"  # 處室提交

    @property
    def zh(self) -> str:
        return {"certification": "課程學習成果認證", "submission": "資料提交"}[self.value]


@dataclass(frozen=True)
class Office:
    """A submitting office (seed 001 §六(二)) and the people holding it, as stable values: the UI names
    the office in its own language (gui/labels.py role_name)."""

    role: Role
    division: str | None = None  # "day" / "night"; None for an office of both divisions
    holders: tuple[str, ...] = ()

    @property
    def zh(self) -> str:
        """註冊組（陳註冊） — also the office's ``person`` key in the evaluation."""
        office = role_label(self.role, self.division)
        return f"{office}（{'、'.join(self.holders)}）" if self.holders else office

    @property
    def en(self) -> str:
        office = role_label_en(self.role, self.division)
        return f"{office} ({', '.join(self.holders)})" if self.holders else office


@dataclass(frozen=True)
class DutyCount:
    """What the service counted for one person (or office) and one duty.

    ``total``: items the duty covers; ``done``: of those, handled (decided / submitted); ``late``: of
    the handled ones, handled only through a recorded window override. ``detail`` holds codes, not
    display text: the course codes a teacher's count covers (certification), or the ItemKind values
    an office's count covers (submission). ``office`` is set for an office's count.
    """

    person: str
    duty: Duty
    total: int
    done: int
    late: int = 0
    detail: tuple[str, ...] = ()
    office: Office | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.late <= self.done <= self.total:
            raise RuleError(f"{self.person} 的統計不一致（總數 {self.total}、完成 {self.done}、逾期 {self.late}）",
                            f"inconsistent counts for {self.person}: total {self.total}, done {self.done}, "
                            f"late {self.late}")

    @property
    def on_time(self) -> int:
        return self.done - self.late


@dataclass(frozen=True)
class Thresholds:
    """The per-school setting ``evaluation.thresholds``: the rate (0–1) of on-time completion a duty
    needs to count as 成效優良, and the least number of items for a duty to be judged at all."""

    certification: float = 0.95
    submission: float = 1.0
    min_items: int = 1

    def __post_init__(self) -> None:
        for name in ("certification", "submission"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise RuleError(f"門檻「{name}」須介於 0 與 1（{value}）", f"threshold {name} must be within 0–1 ({value})")
        if self.min_items < 1:
            raise RuleError("最少件數至少為 1", "min_items must be at least 1")

    def rate_for(self, duty: Duty) -> float:
        return self.certification if duty is Duty.CERTIFICATION else self.submission

    def to_dict(self) -> dict[str, Any]:
        return {"certification": self.certification, "submission": self.submission, "min_items": self.min_items}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thresholds:
        base = cls()
        return cls(float(data.get("certification", base.certification)), float(data.get("submission", base.submission)),
                   int(data.get("min_items", base.min_items)))


@dataclass(frozen=True)
class Completion:
    person: str
    duty: Duty
    total: int
    done: int
    on_time: int
    rate: float | None  # on_time / total; None when there is nothing to judge
    meets: bool
    detail: tuple[str, ...] = ()  # course codes or ItemKind values (see DutyCount)
    office: Office | None = None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    @property
    def kinds(self) -> tuple[ItemKind, ...]:
        """The item kinds an office's submission count covers (empty for a teacher's)."""
        return tuple(ItemKind(v) for v in self.detail) if self.duty is Duty.SUBMISSION else ()

    @property
    def detail_zh(self) -> str:
        """C03、C04 or 課程學習成果、多元表現 (the CLI's listing)."""
        return "、".join(k.zh for k in self.kinds) if self.duty is Duty.SUBMISSION else "、".join(self.detail)

    @property
    def detail_en(self) -> str:
        return ", ".join(k.en for k in self.kinds) if self.duty is Duty.SUBMISSION else ", ".join(self.detail)


def judge(count: DutyCount, thresholds: Thresholds) -> Completion:
    """The completion rate of one duty and whether it meets the school's threshold.

    Too few items (below ``min_items``) are not judged: ``rate`` is None and ``meets`` False, so a
    teacher with no uploads in their courses is never put forward for a reward.
    """
    if count.total < thresholds.min_items or count.total == 0:
        return Completion(count.person, count.duty, count.total, count.done, count.on_time, None, False, count.detail,
                          count.office)
    rate = count.on_time / count.total
    # A small epsilon so that e.g. 19/20 meets 0.95 despite binary floating point.
    meets = rate + 1e-9 >= thresholds.rate_for(count.duty)
    return Completion(count.person, count.duty, count.total, count.done, count.on_time, rate, meets, count.detail,
                      count.office)


def evaluate(counts: Iterable[DutyCount], thresholds: Thresholds) -> list[Completion]:
    """Each count judged, ordered by duty, then rate (best first), then person."""
    out = [judge(c, thresholds) for c in counts]
    return sorted(out, key=lambda c: (list(Duty).index(c.duty), -(c.rate if c.rate is not None else -1.0), c.person))


@dataclass(frozen=True)
class Candidate:
    person: str
    duties: tuple[Completion, ...]

    @property
    def office(self) -> Office | None:
        """The office when the candidate is one (its people are named in it)."""
        return next((c.office for c in self.duties if c.office is not None), None)

    @property
    def lowest_rate(self) -> float:
        return min(c.rate for c in self.duties if c.rate is not None)


def candidates(completions: Sequence[Completion]) -> list[Candidate]:
    """People whose every judged duty meets its threshold (at least one judged): the 敘獎 candidates.

    A person with one duty below the threshold is not a candidate even if another duty is perfect.
    """
    by_person: dict[str, list[Completion]] = {}
    for c in completions:
        by_person.setdefault(c.person, []).append(c)
    out = []
    for person, rows in by_person.items():
        judged = [c for c in rows if c.rate is not None]
        if judged and all(c.meets for c in judged):
            out.append(Candidate(person, tuple(judged)))
    return sorted(out, key=lambda c: (-c.lowest_rate, c.person))
