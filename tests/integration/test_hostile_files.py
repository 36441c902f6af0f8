"""The hostile/broken file corpus through EVERY importer.

tests/data/hostile.py: 120+ broken containers and roster rows; tests/data/hostile_specs.py: bad rows
for the course/enrolment, item, window, receipt and proxy specs. For each spec:

- ``read_table``: every broken container is refused with a PortfolioError naming the file; every bad
  row is a Problem on its exact Excel row; never a crash (any other exception), never a hang beyond
  the documented limit (``IN_PROCESS_LIMIT_S`` in this process; ``ISOLATED_LIMIT_S`` and
  ``ISOLATED_MEMORY`` for the zip bombs / million-row cases, run in a child process);
- the service import (rosters, courses, items, windows, receipts, proxies): refuses every file —
  ImportRefused naming the bad row for the row cases — and writes nothing (every table's rows and
  checksum are the same before and after).
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
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database
from tests.data.hostile import Case, build_corpus, outcome
from tests.data.db_digests import table_digests
from tests.data.hostile_specs import SPECS, SpecCase, baseline, build_spec_rows, importer

ROOT = Path(__file__).resolve().parents[2]
IN_PROCESS_LIMIT_S = 30
ISOLATED_LIMIT_S = 120
ISOLATED_MEMORY = 3 << 30
OTHER_SPECS = [s for s in SPECS if s != "roster"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {c.name: c for c in build_corpus(tmp_path_factory.mktemp("hostile"))}


@pytest.fixture(scope="module")
def spec_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SpecCase]:
    folder = tmp_path_factory.mktemp("hostile-specs")
    return {c.case.name: c for spec in OTHER_SPECS for c in build_spec_rows(folder / spec, spec)}


def _collect() -> tuple[list[Case], list[SpecCase]]:
    # the names are fixed by the builders; build once into a throw-away folder at collection time
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cases = build_corpus(Path(tmp))
        spec_cases = [c for spec in OTHER_SPECS for c in build_spec_rows(Path(tmp) / spec, spec)]
    return cases, spec_cases


CASES, SPEC_CASES = _collect()


def _param(case: Case, *ids: str) -> object:
    marks = []
    if case.known_gap:
        marks.append(pytest.mark.xfail(strict=True, reason=case.known_gap))
    if case.isolate:
        marks.append(pytest.mark.slow)
    return pytest.param(*ids, marks=marks, id="-".join(ids))


NAMES = [_param(c, c.name) for c in CASES]
CONTAINERS = [_param(c, spec, c.name) for spec in OTHER_SPECS for c in CASES if c.expect == "file"]
SPEC_ROWS = [pytest.param(c.case.name, id=c.case.name) for c in SPEC_CASES]
ROSTER_IMPORTS = [_param(c, c.name) for c in CASES if not c.isolate]  # the isolated ones: read_table only
CONTAINER_IMPORTS = [_param(c, spec, c.name) for spec in OTHER_SPECS for c in CASES
                     if c.expect == "file" and not c.isolate]


def test_the_corpus_is_big_enough() -> None:
    names = [c.name for c in CASES] + [c.case.name for c in SPEC_CASES]
    assert len(CASES) >= 100 and len(set(names)) == len(names)
    assert {c.spec for c in SPEC_CASES} == set(OTHER_SPECS)


class _Timeout(Exception):
    pass


def _alarm(_sig: int, _frame: object) -> None:
    raise _Timeout()


class limit:
    """SIGALRM after ``seconds``: a hang fails the test instead of the suite."""

    def __init__(self, what: str, seconds: int = IN_PROCESS_LIMIT_S) -> None:
        self.what, self.seconds = what, seconds

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(self.seconds)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> bool:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)
        if exc_type is _Timeout:
            pytest.fail(f"{self.what}: no answer within {self.seconds} s")
        return False


def run_case(case: Case, spec: str = "roster") -> dict[str, object]:
    if case.isolate:
        proc = subprocess.run(
            [sys.executable, "-m", "tests.data.hostile", str(case.path), str(ISOLATED_MEMORY), spec],
            cwd=ROOT, capture_output=True, text=True, timeout=ISOLATED_LIMIT_S,
        )
        assert proc.returncode == 0, f"{case.name}: child died ({proc.returncode}): {proc.stderr[-2000:]}"
        return json.loads(proc.stdout)
    with limit(case.name):
        return outcome(case.path, spec)


def assert_refused_naming_the_file(case: Case, result: dict[str, object]) -> None:
    assert result["kind"] != "crash", f"{case.name}: crashed with {result['type']}: {result['en']}"
    assert result["kind"] == "refused", f"{case.name}: expected the file to be refused, got {result}"
    assert case.path.name in str(result["zh"]) and case.path.name in str(result["en"]), result


def problem_rows(case: Case, result: dict[str, object]) -> set[int]:
    assert result["kind"] != "crash", f"{case.name}: crashed with {result['type']}: {result['en']}"
    assert result["kind"] == "table", f"{case.name}: expected a table, got {result}"
    problems = result["problems"]
    assert isinstance(problems, list)
    return {p[1] for p in problems if p[0] == case.path.name}


# --------------------------------------------------------------------------------- read_table


@pytest.mark.parametrize("name", NAMES)
def test_read_table_refuses_clearly(corpus: dict[str, Case], name: str) -> None:
    """The roster spec: the whole corpus (containers and roster rows)."""
    case = corpus[name]
    result = run_case(case)
    if case.expect == "file":
        assert_refused_naming_the_file(case, result)
    else:
        rows = problem_rows(case, result)
        assert case.row in rows, f"{name}: expected a problem on row {case.row}, got {result['problems']}"


@pytest.mark.parametrize(("spec", "name"), CONTAINERS)
def test_every_spec_refuses_every_broken_container(corpus: dict[str, Case], spec: str, name: str) -> None:
    case = corpus[name]
    assert_refused_naming_the_file(case, run_case(case, spec))


@pytest.mark.parametrize("name", SPEC_ROWS)
def test_every_spec_points_at_the_bad_row(spec_corpus: dict[str, SpecCase], name: str) -> None:
    sc = spec_corpus[name]
    result = run_case(sc.case, sc.spec)
    rows = problem_rows(sc.case, result)
    if sc.case.expect == "good":
        assert rows == set() and result["rows"] == 3
    elif sc.level == "table":
        assert rows == {sc.case.row}, f"{name}: expected exactly row {sc.case.row}, got {result['problems']}"
    else:  # only the service can tell; the reader must not invent a problem elsewhere
        assert rows <= {sc.case.row}


# ----------------------------------------------------------------------- service imports write nothing


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Database, Path, Actor]]]:
    """One baseline school per spec (a real SQLite file) that the spec's good table imports into."""
    folder = tmp_path_factory.mktemp("hostile-db")
    made: dict[str, tuple[Database, Path, Actor]] = {}
    for spec in SPECS:
        path = folder / f"{spec}.sqlite3"
        db = open_database(str(path))
        made[spec] = (db, path, baseline(db, folder / spec))
    yield made
    for db, _path, _actor in made.values():
        db.dispose()


def _import_refused(school: tuple[Database, Path, Actor], spec: str, case: Case) -> PortfolioError:
    db, _path, actor = school
    before = table_digests(db)  # through SQLAlchemy: the same check on PostgreSQL (tests/integration/postgres)
    with limit(f"{spec} import of {case.name}"):
        with pytest.raises(PortfolioError) as err:
            importer(spec)(db, actor, case.path)
    assert table_digests(db) == before, f"{spec} import of {case.name} wrote something"
    return err.value


@pytest.mark.parametrize("name", ROSTER_IMPORTS)
def test_import_roster_writes_nothing(corpus: dict[str, Case], schools: dict, name: str) -> None:  # type: ignore[type-arg]
    case = corpus[name]
    error = _import_refused(schools["roster"], "roster", case)
    if case.expect == "row":
        assert isinstance(error, ImportRefused)
        assert case.row in {p.row for p in error.problems}


@pytest.mark.slow
@pytest.mark.parametrize(("spec", "name"), CONTAINER_IMPORTS)
def test_every_import_refuses_broken_containers_and_writes_nothing(corpus: dict[str, Case], schools: dict,  # type: ignore[type-arg]
                                                                   spec: str, name: str) -> None:
    case = corpus[name]
    error = _import_refused(schools[spec], spec, case)
    assert case.path.name in error.zh and case.path.name in error.en


@pytest.mark.parametrize("name", SPEC_ROWS)
def test_every_import_names_the_bad_row_and_writes_nothing(spec_corpus: dict[str, SpecCase], schools: dict,  # type: ignore[type-arg]
                                                           name: str) -> None:
    sc = spec_corpus[name]
    db, _path, actor = schools[sc.spec]
    if sc.case.expect == "good":  # the good rows are good: a dry run accepts them and writes nothing
        before = table_digests(db)
        importer(sc.spec)(db, actor, sc.case.path, dry_run=True)  # type: ignore[call-arg]
        assert table_digests(db) == before
        return
    error = _import_refused(schools[sc.spec], sc.spec, sc.case)
    assert isinstance(error, ImportRefused), f"{name}: {error.en}"
    assert sc.case.row in {p.row for p in error.problems}
    assert all(p.file == sc.case.path.name for p in error.problems)


CENTRAL_IMPORTS = [_param(c, c.name) for c in CASES if c.expect == "file" and not c.isolate]


@pytest.mark.slow
@pytest.mark.parametrize("name", CENTRAL_IMPORTS)
def test_the_central_import_refuses_broken_containers_and_writes_nothing(corpus: dict[str, Case], schools: dict,  # type: ignore[type-arg]
                                                                        name: str) -> None:
    """The central 名冊 import (services/central/central_import.py) is an importer too: every broken container is
    refused naming the file."""
    from portfolio_desktop.services.central.central_import import import_central

    case = corpus[name]
    db, _path, actor = schools["roster"]
    before = table_digests(db)
    with limit(f"central import of {case.name}"):
        with pytest.raises(PortfolioError) as err:
            import_central(db, actor, case.path)
    assert table_digests(db) == before, f"central import of {case.name} wrote something"
    assert case.path.name in err.value.zh and case.path.name in err.value.en
