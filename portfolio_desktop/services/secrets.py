"""Secrets the app keeps (the backup key, a database server password, "remember this workstation").

Issue 5: they live in the operating system's keyring through ``keyring`` under the service name
``portfolio-desktop``, never in a plain file. When no usable keyring exists (a headless Linux box
without a Secret Service, or only the ``fail`` / plain-text backends), :func:`open_store` says so in
both languages and falls back **only** to what the user chose: today the one choice is an
encrypted file (keyrings.alt's PyCryptodome ``EncryptedKeyring``: PBKDF2 + AES) unlocked with a
password the user types. The choice (never a secret) is remembered in ``secrets.json`` in the
per-user data folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import KeyringError, PasswordDeleteError

from portfolio_desktop.config import data_dir
from portfolio_desktop.errors import PortfolioError

SERVICE = "portfolio-desktop"
ENCRYPTED_FILE = "encrypted-file"
FALLBACKS = (ENCRYPTED_FILE,)
CHOICE_FILE = "secrets.json"


class NoKeyring(PortfolioError):
    """No usable OS keyring, and the user has not chosen a fallback."""

    def __init__(self, found: str) -> None:
        super().__init__(
            f"找不到可用的系統金鑰圈（目前只有：{found}），因此無法安全保存密碼等機密資料。"
            "請安裝並啟用系統的金鑰服務（Windows 認證管理員、macOS 鑰匙圈、Linux GNOME Keyring 或 KWallet），"
            "或選擇改用「加密檔案」保存（需另設一組密碼，每次使用時輸入）。",
            f"no usable system keyring was found (only: {found}), so secrets cannot be stored safely. "
            "Install and enable the system's keyring (Windows Credential Manager, macOS Keychain, GNOME Keyring "
            "or KWallet), or choose the encrypted-file fallback (protected by a password you type each time).",
        )


def _is_plain_or_failing(backend: KeyringBackend) -> bool:
    """Backends that must never be used silently: the failing / null ones and keyrings.alt's files."""
    if isinstance(backend, fail.Keyring):
        return True
    module = type(backend).__module__
    return module.startswith("keyrings.alt") or module.endswith(".null")


def system_backend() -> KeyringBackend | None:
    """The OS keyring ``keyring`` would use, or None when there is no usable one.

    A chainer is looked into: its best member that is a real OS keyring is used directly (a chainer
    would otherwise write to a plain-text file backend if that came first).
    """
    current = keyring.get_keyring()
    candidates = list(current.backends) if isinstance(current, chainer.ChainerBackend) else [current]
    for backend in candidates:
        try:
            if not _is_plain_or_failing(backend) and backend.priority > 0:
                return backend
        except Exception:  # noqa: BLE001 - a backend whose priority check fails is not usable
            continue
    return None


def describe(backend: KeyringBackend | None) -> str:
    if backend is None:
        return "none"
    name = type(backend).__name__
    return f"{type(backend).__module__}.{name}"


def _found() -> str:
    current = keyring.get_keyring()
    if isinstance(current, chainer.ChainerBackend):
        return ", ".join(describe(b) for b in current.backends) or "none"
    return describe(current)


@dataclass
class SecretStore:
    """get / set / delete secrets of this app in one backend."""

    backend: KeyringBackend
    kind: str  # "system" or "encrypted-file"

    def get(self, name: str) -> str | None:
        try:
            return self.backend.get_password(SERVICE, name)
        except KeyringError as exc:
            raise _failed("讀取", "read", exc) from exc

    def set(self, name: str, value: str) -> None:
        try:
            self.backend.set_password(SERVICE, name, value)
        except KeyringError as exc:
            raise _failed("寫入", "write", exc) from exc

    def delete(self, name: str) -> bool:
        """True when something was deleted."""
        try:
            self.backend.delete_password(SERVICE, name)
        except PasswordDeleteError:
            return False
        except KeyringError as exc:
            raise _failed("刪除", "delete", exc) from exc
        return True

    @property
    def description(self) -> str:
        return describe(self.backend)


def _failed(zh: str, en: str, exc: Exception) -> PortfolioError:
    return PortfolioError(f"無法{zh}金鑰圈中的機密資料：{exc}", f"cannot {en} the secret in the keyring: {exc}")


def _choice_path(folder: Path | None) -> Path:
    return (folder or data_dir()) / CHOICE_FILE


def chosen_fallback(folder: Path | None = None) -> str | None:
    path = _choice_path(folder)
    if not path.exists():
        return None
    try:
        value: Any = json.loads(path.read_text(encoding="utf-8")).get("fallback")
    except (OSError, ValueError, AttributeError):
        return None
    return value if value in FALLBACKS else None


def choose_fallback(choice: str | None, folder: Path | None = None) -> None:
    """Remember (or with None forget) the user's fallback choice. Stores the choice only."""
    if choice is not None and choice not in FALLBACKS:
        raise PortfolioError(f"不支援的保存方式「{choice}」", f"unsupported fallback '{choice}'")
    path = _choice_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fallback": choice}), encoding="utf-8")


def encrypted_file_backend(file_password: str, folder: Path | None = None) -> KeyringBackend:
    """keyrings.alt's encrypted file in the data folder, unlocked with ``file_password``.

    A wrong password is refused (the file keeps a reference value encrypted with the right one).
    """
    from keyrings.alt.file import EncryptedKeyring

    if not file_password.strip():
        raise PortfolioError("加密檔案的密碼不可空白", "the encrypted file's password must not be blank")
    backend = EncryptedKeyring()
    backend.file_path = str((folder or data_dir()) / "secrets.cfg")
    existed = backend._check_file()
    backend.keyring_key = file_password  # instance value: the library's getpass prompt is never used
    if not existed:
        backend.set_password("keyring-setting", "password reference", "password reference value")
        backend._write_config_value("keyring-setting", "scheme", backend.scheme)
        backend._write_config_value("keyring-setting", "version", backend.version)
        return backend
    try:
        ok = backend.get_password("keyring-setting", "password reference") == "password reference value"
    except Exception:  # noqa: BLE001 - a wrong key decrypts to garbage that may not even decode
        ok = False
    if not ok:
        raise PortfolioError("加密檔案的密碼不正確", "wrong password for the encrypted secrets file")
    return backend


def open_store(*, file_password: str | None = None, folder: Path | None = None,
               fallback: str | None = None) -> SecretStore:
    """The OS keyring when usable; else the fallback the user chose (``fallback`` or remembered);
    else :class:`NoKeyring` explaining the choices. Never a plain file."""
    backend = system_backend()
    if backend is not None:
        return SecretStore(backend, "system")
    choice = fallback or chosen_fallback(folder)
    if choice == ENCRYPTED_FILE:
        if file_password is None:
            raise PortfolioError("請輸入加密檔案的密碼以開啟保存的機密資料",
                                 "type the encrypted file's password to open the stored secrets")
        return SecretStore(encrypted_file_backend(file_password, folder), ENCRYPTED_FILE)
    raise NoKeyring(_found())
