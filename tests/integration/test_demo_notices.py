"""On the demo school notices print on first try: its departed students have receipt details, both
divisions have a letterhead, and a 日間部 clerk's broad batch prints the 日間部 notices and says how
many 進修部 students were left out."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.admin.demo import generate_demo
from portfolio_desktop.services.notices.notices import NoticeSelection
from portfolio_desktop.store.engine import Database
from tests.data.pdf_words import save_png
from tests.data.staff import REGISTRY_DAY, seed_staff

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
TODAY = dt.date(2024, 10, 15)  # 113-1: the receipts are of 112-2


def test_demo_school_prints_notices_on_first_try(db: Database, actor: Actor, tmp_path: Path) -> None:
    generate_demo(db, actor, students=300, seed=5, today=TODAY)
    pending = receipts.list_receipts(db, actor, pending=True, departed=True)
    assert pending and {r.term for r in pending} == {"112-2"}
    divisions = {r.division for r in pending}
    assert divisions == {"日間部", "進修部"}
    out = tmp_path / "demo.pdf"
    batch, _ = notices.print_notices(db, actor, out, NoticeSelection(), issued_on=TODAY)
    assert batch.notices == len({r.student_no for r in pending})
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True, capture_output=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    assert "示範市立示範高級中等學校" in flat and "進修部教務組" in flat and "教務處註冊組" in flat
    assert f"示範教註字第113{batch.id:07d}號" in flat and f"示範進教字第113{batch.id:07d}號" in flat
    save_png(out, 1, Path("/tmp/paper-png/demo-notice"), dpi=80)


def test_a_day_clerk_prints_the_day_division_of_the_demo(db: Database, actor: Actor, tmp_path: Path) -> None:
    generate_demo(db, actor, students=300, seed=5, today=TODAY)
    night = {r.student_no for r in receipts.list_receipts(db, actor, pending=True, departed=True) if r.division == "進修部"}
    clerk = seed_staff(db, "day-registry", REGISTRY_DAY)
    batch, warnings = notices.print_notices(db, clerk, tmp_path / "day.pdf", NoticeSelection(all_departed=True),
                                            issued_on=TODAY)  # fmt: skip
    printed = {r.student_no for r in notices.batch_notices(db, actor, batch.id)}
    assert printed and not printed & night
    assert [w.zh for w in warnings if "未列入本批" in w.zh] == [
        f"另有 {len(night)} 位進修部學生不在您可列印的部別，未列入本批（請由進修部教務組列印）"]
