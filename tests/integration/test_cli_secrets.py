"""Secrets from the real CLI in real processes on a computer without an OS keyring (keyring's own
``fail`` backend, chosen the way a user would: PYTHON_KEYRING_BACKEND): every command that needs a
secret refuses the same way and names ``--store encrypted-file``; with that choice the master password
comes from PORTFOLIO_SECRETS_PASSWORD or a terminal prompt (a real pseudo-terminal below); never a
traceback, never an EOFError. The per-user data folder is a temporary XDG_DATA_HOME."""

from __future__ import annotations

import os
import select
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_desktop.services.accounts import secrets
from portfolio_desktop.store import server
from portfolio_desktop.store.secret_file import SecretFile
from tests.data.staff import IT, signed_in_file

ROOT = Path(__file__).resolve().parents[2]
MASTER = "主密碼-master-77"
NO_KEYRING = "keyring.backends.fail.Keyring"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "school.sqlite3"
    signed_in = signed_in_file(db, "資訊組", (IT,))  # backups are 資訊組's
    base = {k: v for k, v in os.environ.items() if k not in (secrets.PASSWORD_ENV, "PORTFOLIO_DB_PASSWORD")}
    return {**base, **signed_in, "PORTFOLIO_DB": str(db), "XDG_DATA_HOME": str(tmp_path / "data"),
            "PYTHON_KEYRING_BACKEND": NO_KEYRING}


def cli(env: dict[str, str], *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portfolio_desktop", *args], cwd=ROOT, env={**env, **extra},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def data_folder(env: dict[str, str]) -> Path:
    return Path(env["XDG_DATA_HOME"]) / "portfolio-desktop"


def backups(env: dict[str, str]) -> list[Path]:
    folder = Path(env["PORTFOLIO_DB"]).parent / "backups"
    return sorted(p for p in folder.glob("*.sqlite3*") if not p.name.endswith(".json")) if folder.is_dir() else []


def refused_clearly(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "EOFError" not in run.stderr
    return run.stderr


def test_every_secret_gets_the_same_refusal_without_a_keyring(env: dict[str, str]) -> None:
    for args in (["backup", "create", "--encrypt"], ["backup", "settings", "--encrypt", "on"],
                 ["db", "password", "postgresql://clerk@127.0.0.1:5432/school"]):
        err = refused_clearly(cli(env, *args))
        assert "找不到可用的系統密碼保存處" in err and "--store encrypted-file" in err, args
        assert "no usable system keyring" in err and secrets.PASSWORD_ENV in err, args
    assert backups(env) == []
    assert not (data_folder(env) / secrets.SECRET_FILE).exists()
    assert "encrypt\tFalse" in cli(env, "backup", "settings").stdout


def test_encrypted_file_chosen_on_the_command_line(env: dict[str, str]) -> None:
    # chosen, but no password and no terminal: refused, nothing written
    err = refused_clearly(cli(env, "backup", "create", "--encrypt", "--store", "encrypted-file"))
    assert secrets.PASSWORD_ENV in err and "主密碼" in err
    assert backups(env) == [] and not (data_folder(env) / secrets.CHOICE_FILE).exists()

    made = cli(env, "backup", "create", "--encrypt", "--store", "encrypted-file", **{secrets.PASSWORD_ENV: MASTER})
    assert made.returncode == 0, made.stderr
    [backup] = backups(env)
    assert backup.name.endswith(".sqlite3.enc") and Path(made.stdout.strip()) == backup
    secret_file = data_folder(env) / secrets.SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    key = SecretFile.open(secret_file, MASTER).get(secrets.BACKUP_KEY)
    assert key is not None and key.encode() not in secret_file.read_bytes()

    # verify and restore take the same choice
    assert "verified OK" in cli(env, "backup", "verify", "--store", "encrypted-file",
                                **{secrets.PASSWORD_ENV: MASTER}).stderr
    # remembered: later commands use the file without --store; without its password they say so
    assert "verified OK" in cli(env, "backup", "verify", **{secrets.PASSWORD_ENV: MASTER}).stderr
    err = refused_clearly(cli(env, "backup", "verify"))
    assert secrets.PASSWORD_ENV in err
    wrong = refused_clearly(cli(env, "backup", "verify", **{secrets.PASSWORD_ENV: "not-the-password"}))
    assert "wrong master password" in wrong and "主密碼不正確" in wrong

    # the settings path and the database password go through the same file
    on = cli(env, "backup", "settings", "--encrypt", "on", **{secrets.PASSWORD_ENV: MASTER})
    assert on.returncode == 0 and "encrypt\tTrue" in on.stdout, on.stderr
    url = "postgresql://clerk@127.0.0.1:5432/school"
    stored = cli(env, "db", "password", url, **{secrets.PASSWORD_ENV: MASTER, "PORTFOLIO_DB_PASSWORD": "pg-Pa55"})
    assert stored.returncode == 0 and "encrypted file" in stored.stderr, stored.stderr
    file = SecretFile.open(secret_file, MASTER)
    assert file.get(secrets.BACKUP_KEY) == key and file.get(server.secret_name(server.parse(url))) == "pg-Pa55"
    no_terminal = refused_clearly(cli(env, "db", "password", url, **{secrets.PASSWORD_ENV: MASTER}))
    assert "PORTFOLIO_DB_PASSWORD" in no_terminal


def _wait_for_no_echo(fd: int, limit: float = 30.0) -> None:
    """Poll the terminal until its echo is off (getpass switches it off before it reads)."""
    import termios
    import time

    deadline = time.monotonic() + limit
    while termios.tcgetattr(fd)[3] & termios.ECHO and time.monotonic() < deadline:
        time.sleep(0.01)


def _pty_cli(env: dict[str, str], args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run the CLI on a real pseudo-terminal (its controlling terminal), answering each prompt that
    ends in ': ' with the next answer; returns (exit code, everything it wrote)."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI, with the pseudo-terminal as its terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "portfolio_desktop", *args], env)
    seen = b""
    pending = list(answers)
    while True:
        ready, _w, _x = select.select([fd], [], [], 120)
        if not ready:
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if pending and seen.rstrip(b"\r\n").endswith(b": "):
            _wait_for_no_echo(fd)  # answer only once getpass has turned the echo off, as a person would
            os.write(fd, (pending.pop(0) + "\n").encode("utf-8"))
            seen += b"\n"
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminal")
def test_master_password_typed_at_the_terminal_in_both_languages(env: dict[str, str]) -> None:
    code, text = _pty_cli(env, ["backup", "create", "--encrypt", "--store", "encrypted-file"], [MASTER, MASTER])
    assert code == 0, text
    assert "choose a master password" in text and "設定主密碼" in text and "type it again" in text
    assert MASTER not in text  # not echoed
    assert len(backups(env)) == 1
    code, text = _pty_cli(env, ["backup", "verify"], [MASTER])
    assert code == 0 and "master password of the encrypted secrets file" in text and "verified OK" in text, text
    code, text = _pty_cli(env, ["backup", "create", "--encrypt"], ["wrong-password"])
    assert code == 1 and "wrong master password" in text and "Traceback" not in text, text
    assert len(backups(env)) == 1
