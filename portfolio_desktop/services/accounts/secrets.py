"""The one place every secret of the app is kept: database server passwords, the backup encryption key.

Secrets live in the operating system's keyring through ``keyring`` (Windows Credential Manager,
macOS Keychain, Secret Service / KWallet on Linux) under the service name ``portfolio-desktop``.
A computer without a usable keyring (a headless Linux box, or only the ``fail`` / plain-text
backends) gets a refusal in both languages that names the one alternative, which the user must
choose explicitly: ``encrypted-file`` (``--store encrypted-file`` on the CLI, a choice in the GUI).
That choice, never a secret, is remembered per user in ``secrets.json`` in the data folder; from
then on every secret goes to ``secrets.enc`` beside it (store/secret_file.py: scrypt + AES-GCM,
0600), unlocked with a master password taken from ``PORTFOLIO_SECRETS_PASSWORD`` or typed at a
terminal prompt (the GUI installs its own prompt with :func:`set_password_source`). Without either
the answer is a refusal that says how to give it, never a hang or a traceback.

Once unlocked, the file stays open for the rest of the process (the derived key in memory, never the
password), so automatic backups on a worker thread never prompt.
"""

from __future__ import annotations

import base64
import getpass
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import KeyringError, PasswordDeleteError

from portfolio_desktop.config import data_dir
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.store.backup_crypto import BackupKeyError, new_key
from portfolio_desktop.store.secret_file import MIN_PASSWORD, SecretFile

SERVICE = "portfolio-desktop"
KEYRING = "keyring"
ENCRYPTED_FILE = "encrypted-file"
STORES = (KEYRING, ENCRYPTED_FILE)
CHOICE_FILE = "secrets.json"
SECRET_FILE = "secrets.enc"
PASSWORD_ENV = "PORTFOLIO_SECRETS_PASSWORD"
BACKUP_KEY = "backup-encryption-key"

# (is the file new?) → the master password, or None when nobody can be asked
PasswordSource = Callable[[bool], "str | None"]


class NoKeyring(PortfolioError):
    """No usable OS keyring, and the user has not chosen the encrypted file."""

    def __init__(self, found: str) -> None:
        super().__init__(
            f"找不到可用的系統金鑰圈（目前只有：{found}），因此無法安全保存密碼與備份金鑰。"
            "請安裝並啟用系統的金鑰服務（Windows 認證管理員、macOS 鑰匙圈、Linux GNOME Keyring 或 KWallet），"
            "或明確選擇改用「加密檔案」保存（選一次即會記住）：在 db password 或 backup create／settings／verify／restore "
            f"指令加上 --store encrypted-file（主密碼由環境變數 {PASSWORD_ENV} 提供，或在終端機輸入），圖形介面則會詢問。",
            f"no usable system keyring was found (only: {found}), so passwords and the backup key cannot be "
            "stored safely. Install and enable the system's keyring (Windows Credential Manager, macOS Keychain, "
            "GNOME Keyring or KWallet), or choose the encrypted file explicitly (remembered once chosen): add "
            "--store encrypted-file to db password or backup create/settings/verify/restore (its master password "
            f"comes from {PASSWORD_ENV} or is typed at the terminal); the GUI asks.",
        )


class SecretStoreLocked(PortfolioError):
    """The encrypted file was chosen but its master password could not be asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"機密資料保存在加密檔 {path}，需要主密碼：請設定環境變數 {PASSWORD_ENV}，或在終端機執行以便輸入",
            f"the secrets are kept in the encrypted file {path}, which needs its master password: set "
            f"{PASSWORD_ENV}, or run the command in a terminal to type it",
        )


class SecretStore(Protocol):
    kind: str

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> bool: ...

    @property
    def description(self) -> str: ...


# ---- the OS keyring ------------------------------------------------------------------------------

def _is_plain_or_failing(backend: KeyringBackend) -> bool:
    """Backends that must never be used: the failing / null ones and plain files (keyrings.alt)."""
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
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _found() -> str:
    current = keyring.get_keyring()
    if isinstance(current, chainer.ChainerBackend):
        return ", ".join(describe(b) for b in current.backends) or "none"
    return describe(current)


def _failed(zh: str, en: str, exc: Exception) -> PortfolioError:
    return PortfolioError(f"無法{zh}金鑰圈中的機密資料：{exc}", f"cannot {en} the secret in the keyring: {exc}")


@dataclass
class KeyringStore:
    """Secrets in the OS keyring."""

    backend: KeyringBackend
    kind: str = KEYRING

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


# ---- the encrypted file --------------------------------------------------------------------------

@dataclass
class EncryptedFileStore:
    """Secrets in the master-password-protected file (store/secret_file.py)."""

    file: SecretFile
    kind: str = ENCRYPTED_FILE

    def get(self, name: str) -> str | None:
        return self.file.get(name)

    def set(self, name: str, value: str) -> None:
        self.file.set(name, value)

    def delete(self, name: str) -> bool:
        return self.file.delete(name)

    @property
    def description(self) -> str:
        return f"encrypted file {self.file.path}"


def _folder(folder: Path | None) -> Path:
    return folder or data_dir()


def secret_file_path(folder: Path | None = None) -> Path:
    return _folder(folder) / SECRET_FILE


_lock = threading.Lock()
_unlocked: dict[Path, SecretFile] = {}


def terminal_password(new: bool) -> str | None:
    """Ask at the terminal (twice for a new file); None without a terminal."""
    try:
        if not sys.stdin.isatty():
            return None
        if not new:
            return getpass.getpass("機密資料加密檔的主密碼 / master password of the encrypted secrets file: ")
        first = getpass.getpass(f"為機密資料加密檔設定主密碼（至少 {MIN_PASSWORD} 個字元）/ "
                                f"choose a master password for the encrypted secrets file (at least {MIN_PASSWORD} "
                                "characters): ")
        again = getpass.getpass("再輸入一次 / type it again: ")
    except (EOFError, OSError):
        return None
    if first != again:
        raise PortfolioError("兩次輸入的主密碼不同，未建立加密檔", "the two master passwords differ; no file created")
    return first


_source: PasswordSource = terminal_password


def set_password_source(source: PasswordSource) -> PasswordSource:
    """Install how the master password is asked for (the GUI: a dialog); returns the previous one."""
    global _source
    previous, _source = _source, source
    return previous


def unlock(password: str, folder: Path | None = None) -> EncryptedFileStore:
    """Open (or, the first time, create) the encrypted file with ``password`` and keep it open."""
    path = secret_file_path(folder)
    with _lock:
        file = SecretFile.open(path, password) if path.exists() else SecretFile.create(path, password)
        _unlocked[path] = file
    return EncryptedFileStore(file)


def lock(folder: Path | None = None) -> None:
    """Forget the unlocked file (the next use asks for the master password again)."""
    with _lock:
        _unlocked.pop(secret_file_path(folder), None)


def _file_store(folder: Path | None) -> EncryptedFileStore:
    path = secret_file_path(folder)
    with _lock:
        file = _unlocked.get(path)
    if file is not None:
        return EncryptedFileStore(file)
    password = os.environ.get(PASSWORD_ENV) or _source(not path.exists())
    if not password:
        raise SecretStoreLocked(path)
    return unlock(password, folder)


# ---- the choice ----------------------------------------------------------------------------------

def chosen_store(folder: Path | None = None) -> str | None:
    """The store this user chose (``encrypted-file`` or ``keyring``), None when never chosen."""
    path = _folder(folder) / CHOICE_FILE
    if not path.exists():
        return None
    try:
        value: Any = json.loads(path.read_text(encoding="utf-8")).get("store")
    except (OSError, ValueError, AttributeError):
        return None
    return value if value in STORES else None


def choose_store(choice: str | None, folder: Path | None = None) -> None:
    """Remember (or with None forget) where this user's secrets go. Stores the choice only."""
    if choice is not None and choice not in STORES:
        raise PortfolioError(f"不支援的保存方式「{choice}」（可用：{'、'.join(STORES)}）",
                             f"unsupported secret store '{choice}' (choose {' or '.join(STORES)})")
    path = _folder(folder) / CHOICE_FILE
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(json.dumps({"store": choice}), encoding="utf-8")


def status(folder: Path | None = None) -> str:
    """``keyring``, ``unlocked``, ``locked`` (encrypted file chosen, no password yet) or ``none``."""
    if chosen_store(folder) == ENCRYPTED_FILE:
        with _lock:
            return "unlocked" if secret_file_path(folder) in _unlocked else "locked"
    return KEYRING if system_backend() is not None else "none"


def open_store(*, store: str | None = None, folder: Path | None = None) -> SecretStore:
    """Where this user's secrets are: ``store`` if given, else the remembered choice, else the OS
    keyring. The encrypted file only when chosen; no usable keyring otherwise is :class:`NoKeyring`.
    Never a plain file."""
    choice = store or chosen_store(folder)
    if choice is not None and choice not in STORES:
        choose_store(choice, folder)  # raises the bilingual "unsupported"
    if choice == ENCRYPTED_FILE:
        return _file_store(folder)
    backend = system_backend()
    if backend is None:
        raise NoKeyring(_found())
    return KeyringStore(backend)


def use_store(choice: str, folder: Path | None = None) -> SecretStore:
    """The user's explicit choice (``--store``, the GUI's question): open that store (asking for the
    master password if it is the encrypted file), and only then remember the choice."""
    store = open_store(store=choice, folder=folder)
    choose_store(choice, folder)
    return store


# ---- the secrets themselves ----------------------------------------------------------------------

def backup_key(*, create: bool = False, folder: Path | None = None) -> bytes | None:
    """The 32-byte backup encryption key; with ``create``, make and store one if there is none."""
    store = open_store(folder=folder)
    text = store.get(BACKUP_KEY)
    if text is None:
        if not create:
            return None
        key = new_key()
        store.set(BACKUP_KEY, base64.b64encode(key).decode("ascii"))
        return key
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise BackupKeyError("保存的備份加密金鑰格式不正確", "the stored backup encryption key is malformed")
    return key
