"""`receipts …` and `notices …` through the real CLI entry point on a real database file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from portfolio_desktop.cli import main
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.staff import signed_in_env
from tests.data.receipts import EXTB, RECEIPT_HEADERS, STUDENTS, load_roster, receipt_rows, write_xlsx

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")


def test_receipts_and_notices_end_to_end(db: Database, db_path: Path, actor: Actor, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [r[:] for r in STUDENTS]
    rows[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]
    load_roster(db, actor, tmp_path, rows)
    for key, value in signed_in_env(db, actor.username).items():  # the CLI signs in
        monkeypatch.setenv(key, value)
    base = ["--db", str(db_path)]
    bad = write_xlsx(tmp_path / "bad.xlsx", RECEIPT_HEADERS, [["0012301", "王明", 112, 1, "學籍資料", "x", 1]])
    assert main([*base, "receipts", "import", str(bad)]) == 1
    assert "第2列" in capsys.readouterr().err
    good = write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(3))
    assert main([*base, "receipts", "import", str(good)]) == 0
    capsys.readouterr()
    assert main([*base, "receipts", "list", "--pending", "--departed", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["student_no"] for r in listed} == {"0012301", "0012302", "0012304"} and EXTB in {r["name"] for r in listed}
    assert main([*base, "receipts", "dispute", "0012303", "--term", "112-1", "--date", "113/09/02"]) == 1  # no reason
    assert main([*base, "receipts", "confirm", "0012303", "--term", "112-1", "--date", "113/09/02"]) == 0
    capsys.readouterr()
    # a second confirmation is refused, naming who confirmed and when; the first one's date stands
    assert main([*base, "receipts", "confirm", "0012303", "--term", "112-1", "--date", "113/09/05"]) == 1
    err = capsys.readouterr().err
    assert "已於 113/09/02 由 " + actor.username in err and "already confirmed on 2024-09-02" in err
    out = tmp_path / "n.pdf"
    assert main([*base, "notices", "print", "--out", str(out)]) == 1  # no letterhead yet
    assert main([*base, "notices", "settings", "--set", "school_name=岡山農工", "office=註冊組", "postal_code=820",
                 "address=高雄市岡山區岡山路533號", "--envelope", "tw_a4_trifold_right", "--dx", "1.5"]) == 0
    assert main([*base, "notices", "print", "--out", str(out), "--term", "112-1", "--date", "113/08/29"]) == 0
    assert out.exists()
    capsys.readouterr()
    assert main([*base, "notices", "list-batches", "--json"]) == 0
    batch = json.loads(capsys.readouterr().out.splitlines()[0])
    assert batch["batch"] == 1 and batch["notices"] == 3 and batch["issued_on"] == "2024-08-29"
    today = dt.date.today().isoformat()
    assert main([*base, "notices", "mark-mailed", "1", "--date", today]) == 0
    assert main([*base, "notices", "mailing-list", "1", "--out", str(tmp_path / "ml.xlsx")]) == 0
    assert main([*base, "notices", "mailing-list", "1", "--out", str(tmp_path / "ml.pdf")]) == 0
    assert main([*base, "notices", "labels", "1", "--out", str(tmp_path / "lb.pdf"), "--layout", "3x8"]) == 0
    assert main([*base, "notices", "reply", "0012301", "--date", today, "--disputed", "--reason", "少一件"]) == 0
    assert main([*base, "notices", "reprint", "1", "--out", str(tmp_path / "re.pdf")]) == 0
    capsys.readouterr()
    assert main([*base, "receipts", "list", "--disputed"]) == 0
    assert "0012301" in capsys.readouterr().out
    assert main([*base, "notices", "list-batches"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # the reprint did not add a batch


def test_settings_per_division_options_and_calibration_page(db: Database, db_path: Path, actor: Actor, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in signed_in_env(db, actor.username).items():
        monkeypatch.setenv(key, value)
    base = ["--db", str(db_path)]
    assert main([*base, "notices", "settings", "--set", "school_name=岡山農工", "office=教務處註冊組",
                 "address=高雄市岡山區岡山路533號", "doc_prefix=岡農教註字"]) == 0
    assert main([*base, "notices", "settings", "--division", "night", "--set", "office=進修部教務組",
                 "phone=(07)621-9999", "--no-duplex", "--no-return-envelope", "--envelope", "dl_right"]) == 0
    out = capsys.readouterr().out
    assert "night.office\t進修部教務組" in out and "night.school_name\t岡山農工" in out and "night.doc_prefix\t\n" in out
    assert "duplex\tno" in out and "return_envelope\tno" in out and "envelope\tdl_right" in out
    with pytest.raises(SystemExit) as usage:  # argparse refuses an unknown division
        main([*base, "notices", "settings", "--division", "evening", "--set", "office=x"])
    assert usage.value.code == 2
    cal = tmp_path / "cal.pdf"
    assert main([*base, "notices", "calibrate", "--out", str(cal), "--envelope", "c5_left"]) == 0
    assert "信封開窗校正頁" in capsys.readouterr().err and cal.exists()
