"""The notices' per-school settings (data, not code): letterhead, window-envelope position, reply time.

Kept in the ``setting`` table through :mod:`portfolio_desktop.services.settings` (audited):
``notices.letterhead`` (dict of :class:`~portfolio_desktop.reports.data.Letterhead` fields),
``notices.envelope`` ({"preset": key, "dx_mm": float, "dy_mm": float}) and ``notices.reply_days``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy.orm import Session

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import DEFAULT_ENVELOPE, ENVELOPE_PRESETS, EnvelopeWindow, Letterhead
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database

LETTERHEAD_KEY = "notices.letterhead"
ENVELOPE_KEY = "notices.envelope"
REPLY_DAYS_KEY = "notices.reply_days"
DEFAULT_REPLY_DAYS = 14
MAX_SHIFT_MM = 30.0
LETTERHEAD_FIELDS = tuple(f.name for f in fields(Letterhead))


@dataclass(frozen=True)
class NoticeSettings:
    letterhead: Letterhead
    envelope_preset: str
    dx_mm: float
    dy_mm: float
    reply_days: int

    @property
    def window(self) -> EnvelopeWindow:
        return ENVELOPE_PRESETS[self.envelope_preset].moved(self.dx_mm, self.dy_mm)


def read_settings(session: Session) -> NoticeSettings:
    head = get_setting(session, LETTERHEAD_KEY, {}) or {}
    env = get_setting(session, ENVELOPE_KEY, {}) or {}
    preset = env.get("preset", DEFAULT_ENVELOPE)
    if preset not in ENVELOPE_PRESETS:
        preset = DEFAULT_ENVELOPE
    return NoticeSettings(
        letterhead=Letterhead(**{k: str(head.get(k, "") or "") for k in LETTERHEAD_FIELDS}),  # type: ignore[arg-type]
        envelope_preset=preset,
        dx_mm=float(env.get("dx_mm", 0) or 0),
        dy_mm=float(env.get("dy_mm", 0) or 0),
        reply_days=int(get_setting(session, REPLY_DAYS_KEY, DEFAULT_REPLY_DAYS) or DEFAULT_REPLY_DAYS),
    )


def notice_settings(db: Database) -> NoticeSettings:
    with db.read() as session:
        return read_settings(session)


def save_settings(
    db: Database,
    actor: Actor,
    *,
    letterhead: dict[str, str] | None = None,
    envelope_preset: str | None = None,
    dx_mm: float | None = None,
    dy_mm: float | None = None,
    reply_days: int | None = None,
) -> NoticeSettings:
    """Change some settings (the rest stay); each changed key writes one audit row.
    School settings are the administrator's (issue 5: 變更學校設定)."""
    if envelope_preset is not None and envelope_preset not in ENVELOPE_PRESETS:
        known = "、".join(ENVELOPE_PRESETS)
        raise RuleError(f"沒有信封樣式「{envelope_preset}」；可用：{known}", f"no envelope preset '{envelope_preset}'; use {known}")
    for shift in (dx_mm, dy_mm):
        if shift is not None and abs(shift) > MAX_SHIFT_MM:
            raise RuleError(f"位移 {shift} 公厘太大（最多 ±{MAX_SHIFT_MM:g}）", f"a shift of {shift} mm is too large (±{MAX_SHIFT_MM:g} at most)")
    if reply_days is not None and not 7 <= reply_days <= 90:
        raise RuleError("回覆期限天數應在 7 到 90 天之間", "the reply time should be 7 to 90 days")
    if letterhead is not None:
        unknown = set(letterhead) - set(LETTERHEAD_FIELDS)
        if unknown:
            raise RuleError(f"信頭沒有欄位 {'、'.join(sorted(unknown))}", f"the letterhead has no field {', '.join(sorted(unknown))}")
    with db.write() as session:
        actor = authz.require(session, actor, Permission.SETTINGS_WRITE).as_actor()
        cur = read_settings(session)
        if letterhead is not None:
            merged = {**asdict(cur.letterhead), **{k: (v or "").strip() for k, v in letterhead.items()}}
            set_setting(session, actor, LETTERHEAD_KEY, merged)
        if envelope_preset is not None or dx_mm is not None or dy_mm is not None:
            set_setting(session, actor, ENVELOPE_KEY, {
                "preset": envelope_preset or cur.envelope_preset,
                "dx_mm": cur.dx_mm if dx_mm is None else dx_mm,
                "dy_mm": cur.dy_mm if dy_mm is None else dy_mm,
            })  # fmt: skip
        if reply_days is not None:
            set_setting(session, actor, REPLY_DAYS_KEY, reply_days)
        return read_settings(session)


def require_letterhead(head: Letterhead) -> None:
    """The letter needs at least the school, the office and the return address."""
    missing = [zh for zh, value in (("校名", head.school_name), ("處室", head.office), ("地址", head.address)) if not value]
    if missing:
        raise RuleError(
            f"請先在設定中填寫信頭的{'、'.join(missing)}（notices settings 或「收訖明細」頁的信頭設定）",
            "set the letterhead's school name, office and address first (notices settings, or the GUI page)",
        )
