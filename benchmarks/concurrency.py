"""Concurrency benchmark: two writer processes and one reader process on
one database for a while, on SQLite and on PostgreSQL.

Each writer repeats one user action through the real services: in ``db.write()``, read the
``bench.counter`` setting and write it + 1 (``set_setting``, so every step also appends an audit
row). The reader repeats, in ``db.read()``, reading the counter and counting the counter's audit
rows in the same snapshot. Printed per engine:

- transactions per second (writers together, and the reader);
- the worst wait: the longest a single write (from asking for the transaction to its commit,
  including queueing behind the other writer) or read took;
- lost updates = commits the writers made − the counter at the end (must be 0), and the audit rows
  must equal the counter as well;
- inconsistent reads = reads whose counter differed from the audit rows of the same snapshot, or
  went backwards (must be 0); busy refusals (DatabaseBusy after the busy timeout).

PostgreSQL runs on a throw-away server this script starts itself (tests/pg.py, fsync on), and is
skipped with the reason when no server binaries exist.

Run: ``.venv/bin/python benchmarks/concurrency.py [--seconds 60] [--engine sqlite|postgresql|both]``.
Exit status 1 when an update was lost or a read was inconsistent.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from portfolio_desktop.errors import PortfolioError  # noqa: E402
from portfolio_desktop.services.context import Actor  # noqa: E402
from portfolio_desktop.services.settings import get_setting, set_setting  # noqa: E402
from portfolio_desktop.store.models import AuditLog  # noqa: E402
from portfolio_desktop.store.open import open_database  # noqa: E402

KEY = "bench.counter"


@dataclass
class Result:
    role: str
    done: int = 0
    busy: int = 0
    worst_s: float = 0.0
    inconsistent: int = 0


def _writer(url: str, who: str, start: float, stop: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    db = open_database(url)
    actor = Actor(who)
    result = Result(who)
    while time.time() < start:
        time.sleep(0.001)
    try:
        while time.time() < stop:
            t0 = time.perf_counter()
            try:
                with db.write() as session:
                    set_setting(session, actor, KEY, get_setting(session, KEY, 0) + 1)
            except PortfolioError:
                result.busy += 1
                continue
            result.worst_s = max(result.worst_s, time.perf_counter() - t0)
            result.done += 1
    finally:
        db.dispose()
        out.put(result)


def _reader(url: str, start: float, stop: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    db = open_database(url)
    result = Result("reader")
    last = -1
    while time.time() < start:
        time.sleep(0.001)
    try:
        while time.time() < stop:
            t0 = time.perf_counter()
            with db.read() as session:
                value = get_setting(session, KEY, 0)
                audits = session.scalar(select(func.count(AuditLog.id)).where(AuditLog.entity_key == KEY))
            result.worst_s = max(result.worst_s, time.perf_counter() - t0)
            result.done += 1
            if value != audits or value < last:
                result.inconsistent += 1
            last = value
    finally:
        db.dispose()
        out.put(result)


def run(url: str, seconds: float) -> tuple[dict[str, Result], int, int]:
    """Run the three processes; returns their results, the final counter and its audit rows."""
    open_database(url).dispose()  # create / migrate before the clock starts
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    start = time.time() + 3.0  # let every process import and connect first
    stop = start + seconds
    procs = [ctx.Process(target=_writer, args=(url, f"工作站{i}", start, stop, out)) for i in (1, 2)]
    procs.append(ctx.Process(target=_reader, args=(url, start, stop, out)))
    for p in procs:
        p.start()
    results = {r.role: r for r in (out.get(timeout=seconds + 120) for _ in procs)}
    for p in procs:
        p.join(timeout=60)
    db = open_database(url)
    try:
        with db.read() as session:
            counter = get_setting(session, KEY, 0)
            audits = session.scalar(select(func.count(AuditLog.id)).where(AuditLog.entity_key == KEY)) or 0
    finally:
        db.dispose()
    return results, counter, audits


def report(engine: str, results: dict[str, Result], counter: int, audits: int, seconds: float) -> bool:
    writers = [r for k, r in results.items() if k != "reader"]
    reader = results["reader"]
    commits = sum(w.done for w in writers)
    lost = commits - counter
    print(f"== {engine}: {seconds:g} s, 2 writers + 1 reader ==")
    print(f"write transactions : {commits} ({commits / seconds:.1f}/s; "
          + ", ".join(f"{w.role} {w.done}" for w in writers) + ")")
    print(f"read transactions  : {reader.done} ({reader.done / seconds:.1f}/s)")
    print(f"worst write wait   : {max(w.worst_s for w in writers) * 1000:.1f} ms")
    print(f"worst read         : {reader.worst_s * 1000:.1f} ms")
    print(f"busy refusals      : {sum(w.busy for w in writers)}")
    print(f"lost updates       : {lost} (counter {counter}, audit rows {audits})")
    print(f"inconsistent reads : {reader.inconsistent}")
    return lost == 0 and audits == counter and reader.inconsistent == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run each engine (default 60)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    ok = True
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="pd-bench-") as tmp:
            url = str(Path(tmp) / "bench.sqlite3")
            ok &= report("SQLite (WAL)", *run(url, args.seconds), args.seconds)
    if args.engine in ("postgresql", "both"):
        from tests.pg import PgServer, PgServerUnavailable

        pg = None
        try:
            pg = PgServer(fsync=True)
            pg.start()
        except PgServerUnavailable as exc:
            if pg is not None:
                pg.stop()
            print(f"== PostgreSQL: skipped: {exc} ==")
        else:
            assert pg is not None
            try:
                url = pg.url(pg.create_database())
                ok &= report(f"PostgreSQL (local server, port {pg.port})", *run(url, args.seconds), args.seconds)
            finally:
                pg.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
