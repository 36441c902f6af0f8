"""A real PostgreSQL server for the tests (and the concurrency benchmark), started by us.

PostgreSQL serves many workstations: the integration tests run against a real server that
the tests start themselves on a temporary directory and a free local port — Debian's ``postgresql``
package (``initdb``/``pg_ctl`` under ``/usr/lib/postgresql/<N>/bin``), or wherever
``PORTFOLIO_PG_BIN`` / ``pg_config --bindir`` / ``PATH`` point. PostgreSQL refuses to run as root, so
when we are root the server runs as ``nobody`` (``setpriv``/``runuser``) on a folder owned by it.

Loaded as a pytest plugin (``pytest_plugins`` in tests/conftest.py). Fixtures:

- ``pg_server``  (session): the running :class:`PgServer`; skips with the reason when no server
  binaries exist.
- ``pg_db``      a fresh, migrated database on that server (a copy of a template migrated once),
  as a :class:`Database`.
- ``engine_db``  parametrized over ``sqlite`` and ``postgresql``: a fresh migrated database of each.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SUPERUSER = "postgres"
PASSWORD_USER = "clerk"  # a role that must give a password over TCP (scram-sha-256)
PASSWORD = "clerk-Pa55-𡘙"
RUN_AS = "nobody"


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None."""
    candidates: list[Path] = []
    if os.environ.get("PORTFOLIO_PG_BIN"):
        candidates.append(Path(os.environ["PORTFOLIO_PG_BIN"]))
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p.parent.name))
    candidates.extend(reversed(versions))
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.split(".") if p.isdigit()) or (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Run by a detached child: wait for the test process to go, then stop the server and remove its folder.
_WATCHDOG = """
import os, shutil, subprocess, sys, time
pid, root, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        break
    time.sleep(1)
subprocess.run(cmd, capture_output=True, timeout=60)
shutil.rmtree(root, ignore_errors=True)
"""


class PgServerUnavailable(RuntimeError):
    """No server binaries here, or the server would not start (the reason is the message)."""


class PgServer:
    """One throw-away PostgreSQL cluster: ``initdb`` into a temporary folder, ``pg_ctl start`` on a
    free port of 127.0.0.1 with its unix socket in that folder, ``stop()`` removes everything."""

    def __init__(self, *, fsync: bool = False, bindir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise PgServerUnavailable(
                "no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's 'postgresql' package "
                "or set PORTFOLIO_PG_BIN"
            )
        self.bindir = found
        self.fsync = fsync
        self.root = Path(tempfile.mkdtemp(prefix="pd-pg-"))
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.log = self.root / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        self._prefix: list[str] = []
        if os.geteuid() == 0:  # initdb/postgres refuse root: run them as an unprivileged user
            user = pwd.getpwnam(RUN_AS)
            os.chown(self.root, user.pw_uid, user.pw_gid)
            setpriv = shutil.which("setpriv")
            runuser = shutil.which("runuser")
            if setpriv:
                self._prefix = [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]
            elif runuser:
                self._prefix = [runuser, "-u", RUN_AS, "--"]
            else:
                raise PgServerUnavailable("running as root and neither setpriv nor runuser exists to drop privileges")
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "HOME": str(self.root)}
        return subprocess.run([*self._prefix, *args], capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=self.root)

    def start(self) -> PgServer:
        result = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8",
                           "--locale=C", "--auth=trust", "--no-sync")
        if result.returncode != 0:
            raise PgServerUnavailable(f"initdb failed: {result.stderr.strip() or result.stdout.strip()}")
        # The password role must authenticate over TCP; everyone else is trusted (local test server).
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n",
            encoding="utf-8",
        )
        self.sock.mkdir()
        if self._prefix:
            user = pwd.getpwnam(RUN_AS)
            os.chown(self.sock, user.pw_uid, user.pw_gid)
        options = (f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={self.sock} "
                   f"-c max_connections=120 -c fsync={'on' if self.fsync else 'off'} "
                   f"-c synchronous_commit={'on' if self.fsync else 'off'} "
                   f"-c full_page_writes={'on' if self.fsync else 'off'}")
        last = ""
        for _attempt in range(5):  # another process may take the free port first
            self.port = _free_port()
            result = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                               "-t", "60", "-o", f"-p {self.port} {options}", "start")
            if result.returncode == 0:
                self.started = True
                break
            last = result.stderr.strip() + "\n" + (self.log.read_text(errors="replace")[-2000:]
                                                   if self.log.exists() else "")
            time.sleep(0.2)
        else:
            raise PgServerUnavailable(f"pg_ctl start failed: {last}")
        self._watchdog = subprocess.Popen(  # stops the server even if this process is SIGKILLed
            [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(self.root), *self._prefix,
             str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
        return self

    # -- helpers ---------------------------------------------------------------------------------
    def url(self, dbname: str = "postgres", *, user: str = SUPERUSER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """One statement outside a transaction (CREATE/DROP DATABASE) as the superuser."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=dbname,
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None, *, owner: str = SUPERUSER) -> str:
        name = f"pd_{os.getpid()}_{next(self._names)}"
        tail = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name} OWNER {owner}{tail}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        watchdog = getattr(self, "_watchdog", None)
        if watchdog is not None:
            watchdog.kill()
            watchdog.wait()
            self._watchdog = None
        if self.started:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


# -- pytest fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = PgServer()
    except PgServerUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        server.start()
    except PgServerUnavailable:
        server.stop()
        raise
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A database migrated to head once; every test gets a copy (CREATE DATABASE … TEMPLATE)."""
    from portfolio_desktop.store.open import open_database

    name = pg_server.create_database()
    open_database(pg_server.url(name)).dispose()
    return name


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> Iterator[str]:
    """The URL of a fresh migrated database (no password in it: the superuser is trusted)."""
    name = pg_server.create_database(template=pg_template)
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[object]:
    from portfolio_desktop.store.open import open_database

    database = open_database(pg_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A fresh migrated database on each engine."""
    from portfolio_desktop.store.open import open_database

    if request.param == "sqlite":
        database = open_database(str(tmp_path / "engine.sqlite3"))
        try:
            yield database
        finally:
            database.dispose()
        return
    url = request.getfixturevalue("pg_url")
    database = open_database(url)
    try:
        yield database
    finally:
        database.dispose()
