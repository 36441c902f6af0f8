"""One secret store for every secret: the OS keyring, or (only when chosen) the encrypted file; no usable
keyring → a clear bilingual refusal that names the choice. Backends are real ``keyring`` backends
(the fail backend, keyrings.alt's plain-text file) or the in-memory stand-in for an OS store from
tests/data/keyrings.py; the encrypted file is the real one in a temporary folder."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail
from keyrings.alt.file import PlaintextKeyring

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.accounts import secrets
from portfolio_desktop.store.secret_file import SecretFile, SecretFileError
from tests.data.keyrings import memory_keyring

VALUE = "backup-key-Ωmega-77"
MASTER = "主密碼-master-77"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Nobody to ask (no env var, no prompt); records each time a master password was asked for."""
    monkeypatch.delenv(secrets.PASSWORD_ENV, raising=False)
    asked: list[bool] = []

    def nobody(new: bool) -> str | None:
        asked.append(new)
        return None

    previous = secrets.set_password_source(nobody)
    yield asked
    secrets.set_password_source(previous)
    secrets.lock(tmp_path)


def test_system_keyring_round_trip(tmp_path: Path) -> None:
    with memory_keyring() as backend:
        store = secrets.open_store(folder=tmp_path)
        assert store.kind == secrets.KEYRING
        assert store.get("backup-key") is None
        store.set("backup-key", VALUE)
        assert backend.secrets[(secrets.SERVICE, "backup-key")] == VALUE
        assert store.get("backup-key") == VALUE
        assert store.delete("backup-key") and not store.delete("backup-key")
        assert secrets.status(tmp_path) == secrets.KEYRING


@pytest.mark.usefixtures("no_keyring")
def test_fail_backend_is_no_keyring_and_names_the_choice_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(secrets.NoKeyring) as info:
        secrets.open_store(folder=tmp_path)
    assert "金鑰圈" in info.value.zh and "加密檔案" in info.value.zh and "--store encrypted-file" in info.value.zh
    assert "--store encrypted-file" in info.value.en and secrets.PASSWORD_ENV in info.value.en
    assert secrets.status(tmp_path) == "none"
    assert list(tmp_path.iterdir()) == []  # nothing written, not even the choice


def test_plain_text_file_backend_is_never_used(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "plain.cfg")
    keyring.set_keyring(plain)
    try:
        assert secrets.system_backend() is None
        with pytest.raises(secrets.NoKeyring):
            secrets.open_store(folder=tmp_path)
    finally:
        keyring.set_keyring(previous)
    assert not (tmp_path / "plain.cfg").exists()


def test_empty_chainer_is_no_keyring(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(chainer.ChainerBackend())
    try:
        if secrets.system_backend() is None:  # the chainer holds nothing usable on a headless box
            with pytest.raises(secrets.NoKeyring):
                secrets.open_store(folder=tmp_path)
    finally:
        keyring.set_keyring(previous)


@pytest.mark.usefixtures("no_keyring")
def test_encrypted_file_only_when_chosen_and_locked_until_its_password(tmp_path: Path, asks: list[bool],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(secrets.SecretStoreLocked) as locked:  # chosen, but nobody can give the password
        secrets.use_store(secrets.ENCRYPTED_FILE, tmp_path)
    assert asks == [True] and secrets.PASSWORD_ENV in locked.value.en and secrets.PASSWORD_ENV in locked.value.zh
    assert secrets.chosen_store(tmp_path) is None  # a choice that could not be opened is not remembered

    monkeypatch.setenv(secrets.PASSWORD_ENV, MASTER)
    store = secrets.use_store(secrets.ENCRYPTED_FILE, tmp_path)
    assert store.kind == secrets.ENCRYPTED_FILE and secrets.chosen_store(tmp_path) == secrets.ENCRYPTED_FILE
    store.set("backup-key", VALUE)
    path = tmp_path / secrets.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for f in tmp_path.iterdir():
        assert VALUE.encode() not in f.read_bytes() and MASTER.encode() not in f.read_bytes()
    assert json.loads((tmp_path / secrets.CHOICE_FILE).read_text()) == {"store": "encrypted-file"}
    assert secrets.status(tmp_path) == "unlocked"

    # the remembered choice: a later open_store uses the file, and once unlocked never asks again
    monkeypatch.delenv(secrets.PASSWORD_ENV)
    assert secrets.open_store(folder=tmp_path).get("backup-key") == VALUE and asks == [True]
    secrets.lock(tmp_path)
    assert secrets.status(tmp_path) == "locked"
    with pytest.raises(secrets.SecretStoreLocked):
        secrets.open_store(folder=tmp_path)
    assert asks == [True, False]  # asked for the existing file's password, not a new one
    with pytest.raises(SecretFileError, match="wrong master password"):
        secrets.unlock("wrong-password", tmp_path)
    assert secrets.unlock(MASTER, tmp_path).get("backup-key") == VALUE

    # back to the OS keyring: refused here (there is none), and the file is left as it was
    with pytest.raises(secrets.NoKeyring):
        secrets.open_store(store=secrets.KEYRING, folder=tmp_path)
    with pytest.raises(PortfolioError, match="unsupported secret store"):
        secrets.open_store(store="plain-text", folder=tmp_path)


def test_a_chosen_encrypted_file_wins_over_an_os_keyring(tmp_path: Path, asks: list[bool]) -> None:
    with memory_keyring() as backend:
        secrets.unlock(MASTER, tmp_path)
        secrets.choose_store(secrets.ENCRYPTED_FILE, tmp_path)
        secrets.open_store(folder=tmp_path).set("db-password", VALUE)
        assert backend.secrets == {}
        assert SecretFile.open(tmp_path / secrets.SECRET_FILE, MASTER).get("db-password") == VALUE


@pytest.mark.usefixtures("no_keyring")
def test_backup_key_in_the_encrypted_file(tmp_path: Path, asks: list[bool]) -> None:
    secrets.unlock(MASTER, tmp_path)
    secrets.choose_store(secrets.ENCRYPTED_FILE, tmp_path)
    assert secrets.backup_key(folder=tmp_path) is None
    key = secrets.backup_key(create=True, folder=tmp_path)
    assert key is not None and len(key) == 32
    secrets.lock(tmp_path)
    secrets.unlock(MASTER, tmp_path)
    assert secrets.backup_key(folder=tmp_path) == key == secrets.backup_key(create=True, folder=tmp_path)


def test_secret_file_refuses_short_passwords_damage_and_changed_parameters(tmp_path: Path) -> None:
    path = tmp_path / "s.enc"
    with pytest.raises(SecretFileError, match="at least 8"):
        SecretFile.create(path, "short")
    assert not path.exists()
    SecretFile.create(path, MASTER).set("a", "值𡘙")
    raw = json.loads(path.read_text())
    assert raw["header"]["kdf"] == "scrypt" and raw["header"]["n"] >= 1 << 15
    with pytest.raises(SecretFileError, match="already exists"):
        SecretFile.create(path, MASTER)  # never overwrites the secrets in it

    tampered = dict(raw, header={**raw["header"], "r": 9})  # the header is authenticated
    path.write_text(json.dumps(tampered))
    with pytest.raises(SecretFileError, match="wrong master password"):
        SecretFile.open(path, MASTER)
    path.write_text("{not json")
    with pytest.raises(SecretFileError, match="cannot be read"):
        SecretFile.open(path, MASTER)
    path.write_text(json.dumps(raw))
    assert SecretFile.open(path, MASTER).get("a") == "值𡘙"


def test_two_openers_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.enc"
    first = SecretFile.create(path, MASTER)
    second = SecretFile.open(path, MASTER)
    first.set("a", "1")
    second.set("b", "2")  # re-reads before writing: "a" is kept
    assert first.get("a") == "1" and first.get("b") == "2"
    assert second.delete("a") and first.get("a") is None
