"""The hostile/broken file corpus through every importer on PostgreSQL (tests/integration/test_hostile_files.py:
the same service-import tests, with one baseline school per spec on the server instead of SQLite files).
Every file is refused clearly and every table's rows and checksum are the same after (tests/data/db_digests.py).

The real CLI is run too on the server: a 10 MB address, a national ID cell too long for its column, and
the corpus's bad-row files end with a bilingual refusal (exit 1) and nothing else — no traceback, no SQL,
no statement parameters, no other student's data on stderr — and the database unchanged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database
from tests.data.db_digests import table_digests
from tests.data.hostile import GOOD, HEADER, Case, roster_xlsx
from tests.data.hostile_specs import SPECS, baseline
from tests.data.staff import signed_in_env
from tests.integration.test_hostile_files import (  # noqa: F401 - the tests and their fixtures, re-run here
    corpus,
    spec_corpus,
    test_every_import_names_the_bad_row_and_writes_nothing,
    test_every_import_refuses_broken_containers_and_writes_nothing,
    test_import_roster_writes_nothing,
    test_the_central_import_refuses_broken_containers_and_writes_nothing,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def schools(pg_server, pg_template: str,  # type: ignore[no-untyped-def]
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Database, Path, Actor]]]:
    """One baseline school per spec, each its own database on the server (the path: a folder for files)."""
    folder = tmp_path_factory.mktemp("pg-hostile-db")
    made: dict[str, tuple[Database, Path, Actor]] = {}
    names = []
    for spec in SPECS:
        name = pg_server.create_database(template=pg_template)
        names.append(name)
        db = open_database(pg_server.url(name))
        assert db.dialect == "postgresql"
        made[spec] = (db, folder / spec, baseline(db, folder / spec))
    yield made
    for db, _path, _actor in made.values():
        db.dispose()
    for name in names:
        pg_server.drop_database(name)


# ------------------------------------------------------------------------------------- the real CLI


def _cli_import(url: str, env: dict[str, str], path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", url, "roster", "import", str(path)],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


def _assert_clean_refusal(run: subprocess.CompletedProcess[str], secrets: list[str]) -> None:
    assert run.returncode == 1, run.stderr[-3000:]
    for leak in ("Traceback", "[SQL", "parameters", "sqlalchemy", "psycopg", "INSERT", "UPDATE "):
        assert leak not in run.stderr, f"{leak!r} in: {run.stderr[-3000:]}"
    for secret in secrets:
        assert secret not in run.stderr, f"{secret!r} printed: {run.stderr[-3000:]}"
    zh, en = run.stderr.splitlines()[-2:]  # the refusal, in both languages
    assert re.search("[\u4e00-\u9fff]", zh) and re.search("[a-z]{3} [a-z]{2}", en), run.stderr[-3000:]


def test_the_cli_refuses_oversized_and_hostile_rosters_on_the_server_without_leaking(
    pg_url: str, tmp_path: Path,
) -> None:
    db = open_database(pg_url)
    try:
        env = signed_in_env(db, "pg-hostile")
        before = table_digests(db)
    finally:
        db.dispose()
    nid = GOOD[0][HEADER.index("身分證統一編號")]
    address = "高雄市岡山區岡山路一段" + "𡘙" * 5_000_000  # 10 MB of UTF-8 in one cell
    rows = [[*HEADER, "通訊地址"], *[[*r, "臺北市"] for r in GOOD]]
    rows[2][-1] = address[: 32_000]  # Excel keeps at most 32,767 characters in a cell
    files = [roster_xlsx(tmp_path / "長地址.xlsx", rows)]
    csv = tmp_path / "十MB地址.csv"
    csv.write_text("\n".join([",".join(rows[0]), *[",".join(str(v) for v in r[:-1]) + ",臺北市" for r in rows[1:2]],
                              ",".join(str(v) for v in rows[2][:-1]) + "," + address]) + "\n", encoding="utf-8")
    files.append(csv)
    long_id = [list(r) for r in rows]
    long_id[2][-1] = "臺北市"
    long_id[2][HEADER.index("身分證統一編號")] = "A" + "1" * 40
    files.append(roster_xlsx(tmp_path / "長身分證.xlsx", long_id))
    for path in files:
        run = _cli_import(pg_url, env, path)
        _assert_clean_refusal(run, [nid, address[:200]])
    db = open_database(pg_url)
    try:
        assert {k: v for k, v in table_digests(db).items() if k not in ("audit_log", "account")} == \
            {k: v for k, v in before.items() if k not in ("audit_log", "account")}
    finally:
        db.dispose()


@pytest.mark.slow
def test_the_cli_refuses_every_bad_row_file_on_the_server_without_leaking(pg_url: str,
                                                                         corpus: dict[str, Case]) -> None:  # noqa: F811 - the fixture imported above
    db = open_database(pg_url)
    try:
        env = signed_in_env(db, "pg-hostile")
        before = table_digests(db)
    finally:
        db.dispose()
    every = sorted((c for c in corpus.values() if c.expect == "row" and not c.isolate and not c.known_gap),
                   key=lambda c: c.name)
    cases = every[::2]  # every other one: a CLI start each (the service tests above take them all)
    assert len(cases) >= 15
    for case in cases:
        run = _cli_import(pg_url, env, case.path)
        assert f"row {case.row}" in run.stderr, f"{case.name}: {run.stderr[-2000:]}"
        _assert_clean_refusal(run, [])
    db = open_database(pg_url)
    try:
        after = table_digests(db)
    finally:
        db.dispose()
    assert {k: v for k, v in after.items() if k not in ("audit_log", "account")} == \
        {k: v for k, v in before.items() if k not in ("audit_log", "account")}
