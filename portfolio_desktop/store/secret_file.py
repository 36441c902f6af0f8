"""A small file of named secrets, encrypted with a key derived from a master password.

This is the explicit fallback of services/accounts/secrets.py for a computer without an OS keyring. It uses
only the public API of ``cryptography``: the key is derived with scrypt (n=2^15, r=8, p=1: ~32 MiB
and a noticeable fraction of a second per guess) from the master password and a random salt, and the
whole table of secrets is sealed with AES-256-GCM under a fresh nonce at every write. The header
(format and KDF parameters) is the associated data, so a changed parameter is refused like a changed
byte. A wrong password and a damaged file both fail the tag check; the difference cannot be told
and is not guessed at.

The file is written as a new private file (0600 on POSIX) beside the old one, flushed, then renamed
over it, so a crash leaves the old file or the new one, never half of one. Its folder is created
0700.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_bytes, token_hex

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from portfolio_desktop.io import durable
from portfolio_desktop.errors import PortfolioError

FORMAT = 1
SCRYPT_N = 1 << 15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD = 8


class SecretFileError(PortfolioError):
    """The file cannot be opened: wrong master password, damaged, or not ours."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _aad(header: dict[str, object]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")



def _damaged(path: Path, why: str) -> SecretFileError:
    return SecretFileError(
        f"機密資料加密檔 {path} 無法讀取（{why}）；若是檔案損毀，請刪除它並重新存入密碼與金鑰",
        f"the encrypted secrets file {path} cannot be read ({why}); if it is damaged, delete it and "
        "store the passwords and keys again",
    )


@dataclass
class SecretFile:
    """An unlocked secrets file: the derived key stays in memory, the password does not."""

    path: Path
    _header: dict[str, object]
    _key: bytes
    _values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, path: Path, password: str) -> SecretFile:
        """A new, empty file (refused if one exists: it would lose the secrets in it)."""
        if len(password) < MIN_PASSWORD:
            raise SecretFileError(
                f"加密檔的主密碼至少需要 {MIN_PASSWORD} 個字元",
                f"the encrypted file's master password needs at least {MIN_PASSWORD} characters",
            )
        if path.exists():
            raise SecretFileError(f"{path} 已經存在", f"{path} already exists")
        salt = token_bytes(16)
        header: dict[str, object] = {
            "format": FORMAT, "kdf": "scrypt", "salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
        }
        store = cls(path, header, _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
        store._write()
        return store

    @classmethod
    def open(cls, path: Path, password: str) -> SecretFile:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            header = raw["header"]
            salt, nonce, sealed = _unb64(header["salt"]), _unb64(raw["nonce"]), _unb64(raw["data"])
            n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        except FileNotFoundError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise _damaged(path, str(exc)) from exc
        if header.get("format") != FORMAT or header.get("kdf") != "scrypt" or not (
            1 << 14 <= n <= 1 << 20 and 1 <= r <= 32 and 1 <= p <= 16
        ):
            raise _damaged(path, f"format {header.get('format')!r}")
        key = _derive(password, salt, n, r, p)
        try:
            plain = AESGCM(key).decrypt(nonce, sealed, _aad(header))
        except InvalidTag as exc:
            raise SecretFileError(
                f"主密碼不正確（或加密檔 {path.name} 已損毀）",
                f"wrong master password (or the encrypted file {path.name} is damaged)",
            ) from exc
        values = json.loads(plain.decode("utf-8"))
        if not isinstance(values, dict):
            raise _damaged(path, "no table of secrets")
        return cls(path, header, key, {str(k): str(v) for k, v in values.items()})

    def _reload(self) -> None:
        """Take in what another process wrote since (same key: same salt and password)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("header") != self._header:
                return
            plain = AESGCM(self._key).decrypt(_unb64(raw["nonce"]), _unb64(raw["data"]), _aad(self._header))
            values = json.loads(plain.decode("utf-8"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, InvalidTag):
            return  # keep what this process holds; the next write replaces the file
        if isinstance(values, dict):
            self._values = {str(k): str(v) for k, v in values.items()}

    def _write(self) -> None:
        nonce = token_bytes(12)
        sealed = AESGCM(self._key).encrypt(
            nonce, json.dumps(self._values, ensure_ascii=False).encode("utf-8"), _aad(self._header)
        )
        text = json.dumps({"header": self._header, "nonce": _b64(nonce), "data": _b64(sealed)}, indent=1)
        folder = self.path.parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = folder / f".{self.path.name}.{token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        durable.fsync_dir(folder)

    def get(self, name: str) -> str | None:
        self._reload()
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        self._reload()
        self._values[name] = value
        self._write()

    def delete(self, name: str) -> bool:
        self._reload()
        if self._values.pop(name, None) is None:
            return False
        self._write()
        return True
