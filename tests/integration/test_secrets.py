"""Secrets in the OS keyring; no usable keyring → a clear bilingual refusal; the encrypted-file
fallback only when the user chose it. Backends are real ``keyring`` backends (keyrings.alt's files,
the fail backend) or the in-memory stand-in for an OS store from tests/data/keyrings.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail
from keyrings.alt.file import PlaintextKeyring

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services import secrets
from tests.data.keyrings import memory_keyring

VALUE = "backup-key-Ωmega-77"


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_system_keyring_round_trip() -> None:
    with memory_keyring() as backend:
        store = secrets.open_store()
        assert store.kind == "system"
        assert store.get("backup-key") is None
        store.set("backup-key", VALUE)
        assert backend.secrets[(secrets.SERVICE, "backup-key")] == VALUE
        assert store.get("backup-key") == VALUE
        assert store.delete("backup-key") and not store.delete("backup-key")


@pytest.mark.usefixtures("restore_keyring")
def test_fail_backend_is_no_keyring_and_says_so_in_both_languages(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(secrets.NoKeyring) as info:
        secrets.open_store(folder=tmp_path)
    assert "金鑰圈" in info.value.zh and "加密檔案" in info.value.zh
    assert "keyring" in info.value.en and "encrypted-file" in info.value.en


@pytest.mark.usefixtures("restore_keyring")
def test_plain_text_file_backend_is_never_used(tmp_path: Path) -> None:
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "plain.cfg")
    keyring.set_keyring(plain)
    assert secrets.system_backend() is None
    with pytest.raises(secrets.NoKeyring):
        secrets.open_store(folder=tmp_path)
    assert not (tmp_path / "plain.cfg").exists()


@pytest.mark.usefixtures("restore_keyring")
def test_empty_chainer_is_no_keyring(tmp_path: Path) -> None:
    empty = chainer.ChainerBackend()
    keyring.set_keyring(empty)
    if secrets.system_backend() is None:  # the chainer holds nothing usable on a headless box
        with pytest.raises(secrets.NoKeyring):
            secrets.open_store(folder=tmp_path)


@pytest.mark.usefixtures("restore_keyring")
def test_encrypted_file_fallback_only_when_chosen(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(secrets.NoKeyring):
        secrets.open_store(folder=tmp_path)
    secrets.choose_fallback(secrets.ENCRYPTED_FILE, tmp_path)
    assert secrets.chosen_fallback(tmp_path) == secrets.ENCRYPTED_FILE
    with pytest.raises(PortfolioError, match="密碼"):
        secrets.open_store(folder=tmp_path)  # chosen, but locked until the user types its password
    store = secrets.open_store(folder=tmp_path, file_password="file-pass-1")
    assert store.kind == secrets.ENCRYPTED_FILE
    store.set("backup-key", VALUE)
    for f in tmp_path.iterdir():
        assert VALUE.encode() not in f.read_bytes()
        assert b"file-pass-1" not in f.read_bytes()
    again = secrets.open_store(folder=tmp_path, file_password="file-pass-1")
    assert again.get("backup-key") == VALUE
    with pytest.raises(PortfolioError, match="不正確"):
        secrets.open_store(folder=tmp_path, file_password="wrong-pass")
    assert again.delete("backup-key") and again.get("backup-key") is None
    secrets.choose_fallback(None, tmp_path)
    with pytest.raises(secrets.NoKeyring):
        secrets.open_store(folder=tmp_path, file_password="file-pass-1")
