"""The hostile/broken file corpus (tests/data/hostile.py, 100+ files) through the roster importer.

Every file gives a PortfolioError naming the file, or a Problem on the exact Excel row; never a crash
(any other exception), never a hang beyond the documented limit (``IN_PROCESS_LIMIT_S`` in this
process, ``ISOLATED_LIMIT_S`` and ``ISOLATED_MEMORY`` for the cases run in a child process), and
``import_roster`` writes nothing.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_desktop.errors import ImportRefused, PortfolioError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters import import_roster
from portfolio_desktop.store import snapshot
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database
from tests.data.hostile import Case, build_corpus, outcome, roster_xlsx, good_table

ROOT = Path(__file__).resolve().parents[2]
IN_PROCESS_LIMIT_S = 30
ISOLATED_LIMIT_S = 120
ISOLATED_MEMORY = 3 << 30

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {c.name: c for c in build_corpus(tmp_path_factory.mktemp("hostile"))}


def _params() -> list[object]:
    # the names are fixed by the builder; build once into a throw-away folder at collection time
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cases = build_corpus(Path(tmp))
    return [
        pytest.param(c.name, marks=pytest.mark.xfail(strict=True, reason=c.known_gap)) if c.known_gap else c.name
        for c in cases
    ]


NAMES = _params()


def test_the_corpus_is_big_enough() -> None:
    names = [p if isinstance(p, str) else p.values[0] for p in NAMES]  # type: ignore[attr-defined]
    assert len(names) >= 100 and len(set(names)) == len(names)


class _Timeout(Exception):
    pass


def _alarm(_sig: int, _frame: object) -> None:
    raise _Timeout()


def run_case(case: Case) -> dict[str, object]:
    if case.isolate:
        proc = subprocess.run(
            [sys.executable, "-m", "tests.data.hostile", str(case.path), str(ISOLATED_MEMORY)],
            cwd=ROOT, capture_output=True, text=True, timeout=ISOLATED_LIMIT_S,
        )
        assert proc.returncode == 0, f"{case.name}: child died ({proc.returncode}): {proc.stderr[-2000:]}"
        return json.loads(proc.stdout)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(IN_PROCESS_LIMIT_S)
    try:
        return outcome(case.path)
    except _Timeout:
        pytest.fail(f"{case.name}: no answer within {IN_PROCESS_LIMIT_S} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", NAMES)
def test_read_table_refuses_clearly(corpus: dict[str, Case], name: str) -> None:
    case = corpus[name]
    result = run_case(case)
    assert result["kind"] != "crash", f"{name}: crashed with {result['type']}: {result['en']}"
    if case.expect == "file":
        assert result["kind"] == "refused", f"{name}: expected the file to be refused, got {result}"
        assert case.path.name in str(result["zh"]) and case.path.name in str(result["en"]), result
    else:
        assert result["kind"] == "table", f"{name}: expected a row problem, got {result}"
        problems = result["problems"]
        assert isinstance(problems, list)
        rows = {p[1] for p in problems if p[0] == case.path.name}
        assert case.row in rows, f"{name}: expected a problem on row {case.row}, got {problems}"


@pytest.fixture(scope="module")
def baseline_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    folder = tmp_path_factory.mktemp("hostile-db")
    path = folder / "portfolio.sqlite3"
    db = open_database(str(path))
    import_roster(db, Actor("baseline"), roster_xlsx(folder / "base.xlsx", good_table()))
    yield db, path
    db.dispose()


def _digests(path: Path) -> dict[str, snapshot.TableDigest]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return snapshot.table_digests(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("name", NAMES)
def test_import_roster_writes_nothing(
    corpus: dict[str, Case], baseline_db: tuple[Database, Path], name: str
) -> None:
    case = corpus[name]
    if case.isolate:
        pytest.skip("isolated case: covered by test_read_table_refuses_clearly in a child process")
    db, path = baseline_db
    before = _digests(path)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(IN_PROCESS_LIMIT_S)
    try:
        with pytest.raises(PortfolioError) as err:
            import_roster(db, Actor("hostile"), case.path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if case.expect == "row":
        assert isinstance(err.value, ImportRefused)
        assert case.row in {p.row for p in err.value.problems}
    assert _digests(path) == before
