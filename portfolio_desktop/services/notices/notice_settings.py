"""The notices' per-school settings (data, not code): letterheads, window-envelope position, reply time,
two-sided printing and the return envelope.

Kept in the ``setting`` table through :mod:`portfolio_desktop.services.settings` (audited):
``notices.letterhead`` (dict of :class:`~portfolio_desktop.reports.data.Letterhead` fields: the
school's, used for 日間部), ``notices.letterhead.night`` (the fields 進修部 prints differently: its
own office, phone, return address, 發文字號 prefix; the rest come from the school's),
``notices.envelope`` ({"preset": key, "dx_mm": float, "dy_mm": float}), ``notices.reply_days`` and
``notices.options`` ({"duplex": bool, "return_envelope": bool, "mail_class": 平信/掛號/限時掛號,
"postage": NT$ per piece for the bulk-mail list}).

Seed 001 §六(三): 日間部 receipts are confirmed by 教務處註冊組, 進修部 ones by 進修部教務組; a 進修部
letter therefore never names 註冊組 — without a 進修部 letterhead the school's is used with the
office replaced by 進修部教務組 and no contact person, e-mail or 發文字號 prefix (the print says so).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from sqlalchemy.orm import Session

from portfolio_desktop.domain.receipts import REGISTRY, office_name
from portfolio_desktop.domain.roles import DIVISIONS
from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import Letterhead
from portfolio_desktop.reports.mailing_list import mail_class as parse_mail_class
from portfolio_desktop.reports.layout import (
    DEFAULT_ENVELOPE,
    DUPLEX_DEFAULT,
    ENVELOPE_ALIASES,
    ENVELOPE_PRESETS,
    EnvelopeWindow,
)
from portfolio_desktop.reports.layout import envelope_preset as find_envelope
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.setting_owners import require_setting
from portfolio_desktop.services.settings import get_setting, get_settings, set_setting
from portfolio_desktop.store.engine import Database

LETTERHEAD_KEY = "notices.letterhead"
ENVELOPE_KEY = "notices.envelope"
REPLY_DAYS_KEY = "notices.reply_days"
OPTIONS_KEY = "notices.options"
DEFAULT_REPLY_DAYS = 14
MAX_SHIFT_MM = 30.0
LETTERHEAD_FIELDS = tuple(f.name for f in fields(Letterhead))
DEFAULT_DIVISION = "day"  # the school's letterhead is 日間部's
# What a division's letterhead takes from the school's when it leaves them empty (the same campus);
# the office, its contact person, e-mail and 發文字號 prefix are never borrowed from another office.
SHARED_FIELDS = ("school_name", "logo_path", "postal_code", "address", "phone", "fax")


def division_letterhead_key(division: str) -> str:
    return f"{LETTERHEAD_KEY}.{division}"


@dataclass(frozen=True)
class NoticeSettings:
    letterhead: Letterhead
    envelope_preset: str
    dx_mm: float
    dy_mm: float
    reply_days: int
    duplex: bool = DUPLEX_DEFAULT
    return_envelope: bool = True
    mail_class: str = "掛號"  # the bulk-mail list's class of mail: 平信 / 掛號 / 限時掛號
    postage: int | None = None  # NT$ per piece on the bulk-mail list (None: filled in by hand)
    division_letterheads: dict[str, Letterhead] = field(default_factory=dict)  # only those set

    @property
    def window(self) -> EnvelopeWindow:
        return ENVELOPE_PRESETS[self.envelope_preset].moved(self.dx_mm, self.dy_mm)

    def letterhead_for(self, division: str) -> Letterhead:
        """The letterhead a student of ``division`` gets (see the module's note for 進修部)."""
        if division in self.division_letterheads:
            return self.division_letterheads[division]
        if division == DEFAULT_DIVISION:
            return self.letterhead
        return replace(self.letterhead, office=office_name(REGISTRY, division), contact="", email="", doc_prefix="")

    @property
    def letterheads(self) -> dict[str, Letterhead]:
        return {d: self.letterhead_for(d) for d in DIVISIONS}


def _head(raw: dict[str, object], base: dict[str, str] | None = None) -> Letterhead:
    values = {k: str(raw.get(k, "") or "") for k in LETTERHEAD_FIELDS}
    if base:
        values = {k: values[k] or (base.get(k, "") if k in SHARED_FIELDS else "") for k in LETTERHEAD_FIELDS}
    return Letterhead(**values)


def read_settings(session: Session) -> NoticeSettings:
    others = {division_letterhead_key(d): d for d in DIVISIONS if d != DEFAULT_DIVISION}
    stored = get_settings(session, [LETTERHEAD_KEY, ENVELOPE_KEY, OPTIONS_KEY, REPLY_DAYS_KEY, *others])
    head = stored.get(LETTERHEAD_KEY) or {}
    env = stored.get(ENVELOPE_KEY) or {}
    options = stored.get(OPTIONS_KEY) or {}
    preset = ENVELOPE_ALIASES.get(env.get("preset", DEFAULT_ENVELOPE), env.get("preset", DEFAULT_ENVELOPE))
    if preset not in ENVELOPE_PRESETS:
        preset = DEFAULT_ENVELOPE
    school = _head(head)
    divisions = {}
    for key, division in others.items():
        own = stored.get(key)
        if own:
            divisions[division] = _head(own, asdict(school))
    return NoticeSettings(
        letterhead=school,
        envelope_preset=preset,
        dx_mm=float(env.get("dx_mm", 0) or 0),
        dy_mm=float(env.get("dy_mm", 0) or 0),
        reply_days=int(stored.get(REPLY_DAYS_KEY) or DEFAULT_REPLY_DAYS),
        duplex=bool(options.get("duplex", DUPLEX_DEFAULT)),
        return_envelope=bool(options.get("return_envelope", True)),
        mail_class=str(options.get("mail_class") or "掛號"),
        postage=int(options["postage"]) if options.get("postage") is not None else None,
        division_letterheads=divisions,
    )


def notice_settings(db: Database) -> NoticeSettings:
    with db.read() as session:
        return read_settings(session)


def _check(dx_mm: float | None, dy_mm: float | None, reply_days: int | None, letterhead: dict[str, str] | None,
           division: str | None) -> None:
    if division is not None and division not in DIVISIONS:
        known = "、".join(f"{k}（{v}）" for k, v in DIVISIONS.items())
        raise RuleError(f"沒有部別「{division}」；可用：{known}", f"no division '{division}'; use {', '.join(DIVISIONS)}")
    for shift in (dx_mm, dy_mm):
        if shift is not None and abs(shift) > MAX_SHIFT_MM:
            raise RuleError(f"位移 {shift} 公厘太大（最多 ±{MAX_SHIFT_MM:g}）", f"a shift of {shift} mm is too large (±{MAX_SHIFT_MM:g} at most)")
    if reply_days is not None and not 7 <= reply_days <= 90:
        raise RuleError("回覆期限天數應在 7 到 90 天之間", "the reply time should be 7 to 90 days")
    if letterhead is not None:
        unknown = set(letterhead) - set(LETTERHEAD_FIELDS)
        if unknown:
            raise RuleError(f"信頭沒有欄位 {'、'.join(sorted(unknown))}", f"the letterhead has no field {', '.join(sorted(unknown))}")


def save_settings(
    db: Database,
    actor: Actor,
    *,
    letterhead: dict[str, str] | None = None,
    envelope_preset: str | None = None,
    dx_mm: float | None = None,
    dy_mm: float | None = None,
    reply_days: int | None = None,
    division: str | None = None,
    duplex: bool | None = None,
    return_envelope: bool | None = None,
    mail_class: str | None = None,
    postage: int | None = None,
) -> NoticeSettings:
    """Change some settings (the rest stay); each changed key writes one audit row. ``division``:
    the letterhead fields are that division's ("night": 進修部; "day" or None: the school's).
    The letterhead is the registry's of that division, who mails the notices (seed 001 §六(三), §九(三)3);
    the envelope, reply days and mailing options either registry office's; the administrator's too."""
    preset = None
    if envelope_preset is not None:
        window = find_envelope(envelope_preset)
        if window is None:
            known = "、".join(ENVELOPE_PRESETS)
            raise RuleError(f"沒有信封樣式「{envelope_preset}」；可用：{known}", f"no envelope preset '{envelope_preset}'; use {known}")
        preset = window.key
    _check(dx_mm, dy_mm, reply_days, letterhead, division)
    if mail_class is not None:
        mail_class = parse_mail_class(mail_class)
    if postage is not None and not 0 < postage <= 10000:
        raise RuleError(f"每件郵資 {postage} 元不合理（1 到 10000 元）", f"postage of {postage} per piece is out of range (1–10000)")
    with db.write() as session:
        # the letterhead is the registry's of that division, the rest either registry office's
        # (domain/setting_owners.py; the administrator too)
        shared = (preset, dx_mm, dy_mm, reply_days, duplex, return_envelope, mail_class, postage)
        checks = [require_setting(session, actor, LETTERHEAD_KEY, division=division)] if letterhead is not None else []
        if any(v is not None for v in shared) or not checks:
            checks.append(require_setting(session, actor, ENVELOPE_KEY))
        actor = checks[0].as_actor()
        cur = read_settings(session)
        if letterhead is not None:
            cleaned = {k: (v or "").strip() for k, v in letterhead.items()}
            if division in (None, DEFAULT_DIVISION):
                set_setting(session, actor, LETTERHEAD_KEY, {**asdict(cur.letterhead), **cleaned})
            else:
                key = division_letterhead_key(division)
                own = get_setting(session, key, None) or {}
                set_setting(session, actor, key, {**own, **cleaned})
        if preset is not None or dx_mm is not None or dy_mm is not None:
            set_setting(session, actor, ENVELOPE_KEY, {
                "preset": preset or cur.envelope_preset,
                "dx_mm": cur.dx_mm if dx_mm is None else dx_mm,
                "dy_mm": cur.dy_mm if dy_mm is None else dy_mm,
            })  # fmt: skip
        if reply_days is not None:
            set_setting(session, actor, REPLY_DAYS_KEY, reply_days)
        if any(v is not None for v in (duplex, return_envelope, mail_class, postage)):
            set_setting(session, actor, OPTIONS_KEY, {
                "duplex": cur.duplex if duplex is None else duplex,
                "return_envelope": cur.return_envelope if return_envelope is None else return_envelope,
                "mail_class": mail_class or cur.mail_class,
                "postage": cur.postage if postage is None else postage,
            })  # fmt: skip
        return read_settings(session)


def require_letterhead(head: Letterhead) -> None:
    """The letter needs at least the school, the office and the return address."""
    missing = [zh for zh, value in (("校名", head.school_name), ("處室", head.office), ("地址", head.address)) if not value]
    if missing:
        raise RuleError(
            f"請先在設定中填寫信頭的{'、'.join(missing)}（notices settings 或「收訖明細」頁的信頭設定）",
            "set the letterhead's school name, office and address first (notices settings, or the GUI page)",
        )


def write_calibration(db: Database, out: str | Path, *, envelope: str | None = None) -> EnvelopeWindow:
    """The calibration page for the school's envelope (or ``envelope``), moved by its dx/dy; holds
    no personal data. Returns the window drawn."""
    from portfolio_desktop.io import durable
    from portfolio_desktop.reports.calibration import render_calibration

    s = notice_settings(db)
    window = s.window
    if envelope is not None:
        preset = find_envelope(envelope)
        if preset is None:
            known = "、".join(ENVELOPE_PRESETS)
            raise RuleError(f"沒有信封樣式「{envelope}」；可用：{known}", f"no envelope preset '{envelope}'; use {known}")
        window = preset.moved(s.dx_mm, s.dy_mm)
    with durable.atomic_output(Path(out), prefix=".calibration-") as tmp:
        render_calibration(window, tmp, dx_mm=s.dx_mm, dy_mm=s.dy_mm)
    return window
