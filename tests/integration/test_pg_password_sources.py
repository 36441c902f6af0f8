"""libpq's own password sources work with the app (README, "PostgreSQL"): with no password in the URL
and none in the app's secret store (here: no OS keyring at all), ``PGPASSWORD`` and ``~/.pgpass`` let
the real CLI reach the real server that tests/pg.py starts, as a role that must give a password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pg import PASSWORD, PASSWORD_USER, PgServer

ROOT = Path(__file__).resolve().parents[2]


def cli(tmp_path: Path, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "PORTFOLIO_DB"}
    base.update(XDG_DATA_HOME=str(tmp_path / "data"), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", url, "init"], cwd=ROOT,
                          env={**base, **env}, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def test_pgpassword_and_pgpass(pg_server: PgServer, tmp_path: Path) -> None:
    name = pg_server.create_database(owner=PASSWORD_USER)
    url = pg_server.url(name, user=PASSWORD_USER)  # no password in it
    try:
        refused = cli(tmp_path, url)  # no password anywhere: the server refuses, clearly
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "PGPASSWORD" in refused.stderr and "~/.pgpass" in refused.stderr and "db password" in refused.stderr

        wrong = cli(tmp_path, url, PGPASSWORD="not-it")
        assert wrong.returncode == 1 and "not-it" not in wrong.stderr and "Traceback" not in wrong.stderr

        ok = cli(tmp_path, url, PGPASSWORD=PASSWORD)
        assert ok.returncode == 0 and "database ready" in ok.stderr, ok.stderr
        assert PASSWORD not in ok.stderr + ok.stdout

        home = tmp_path / "home"
        home.mkdir()
        pgpass = home / ".pgpass"
        pgpass.write_text(f"127.0.0.1:{pg_server.port}:{name}:{PASSWORD_USER}:{PASSWORD}\n", encoding="utf-8")
        pgpass.chmod(0o600)  # libpq ignores a pgpass file others can read
        again = cli(tmp_path, url, HOME=str(home))
        assert again.returncode == 0 and "database ready" in again.stderr, again.stderr
    finally:
        pg_server.drop_database(name)


def test_password_from_the_encrypted_file_store(pg_server: PgServer, tmp_path: Path) -> None:
    """No OS keyring: the password stored with ``db password --store encrypted-file`` is what opens
    the server later, with the master password from PORTFOLIO_SECRETS_PASSWORD."""
    name = pg_server.create_database(owner=PASSWORD_USER)
    url = pg_server.url(name, user=PASSWORD_USER)
    master = {"PORTFOLIO_SECRETS_PASSWORD": "主密碼-master-77"}
    try:
        base = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        base.update(XDG_DATA_HOME=str(tmp_path / "data"), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        stored = subprocess.run([sys.executable, "-m", "portfolio_desktop", "db", "password", url, "--store",
                                 "encrypted-file"], cwd=ROOT, env={**base, **master, "PORTFOLIO_DB_PASSWORD": PASSWORD},
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
        assert stored.returncode == 0, stored.stderr
        ok = cli(tmp_path, url, **master)
        assert ok.returncode == 0 and "database ready" in ok.stderr, ok.stderr
        locked = cli(tmp_path, url)  # the file is locked without its master password: the server refuses
        assert locked.returncode == 1 and "Traceback" not in locked.stderr and PASSWORD not in locked.stderr
    finally:
        pg_server.drop_database(name)
