"""Encrypted backup files: AES-256-GCM over fixed-size chunks, with the key in the app's secret store.

A backup on a USB stick holds minors' personal data, so it must not be readable by whoever finds the
stick (issue 7, 備援機制). The file is encrypted in a streaming way (never the whole database in
memory), following the STREAM construction: each chunk gets its own nonce (random prefix + counter)
and its position and "last chunk" flag are authenticated, so a reordered, truncated or extended file
is refused instead of restoring a database with a missing tail.

File layout::

    MAGIC (8) | key id (8) | nonce prefix (8) | chunk size (4, big-endian)     ← header, also AAD
    chunk 0: ciphertext (chunk size) + GCM tag (16)
    …
    last chunk: ciphertext (0 … chunk size) + GCM tag (16)   (AAD flag 1 = last)
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from portfolio_desktop.errors import PortfolioError

MAGIC = b"PDBAKv1\x00"
HEADER = struct.Struct(">8s8s8sI")
TAG_SIZE = 16
CHUNK_SIZE = 1 << 20  # 1 MiB of plaintext per chunk
KEYRING_SERVICE = "portfolio-desktop"  # services/accounts/secrets.py SERVICE and BACKUP_KEY
KEYRING_USER = "backup-encryption-key"


class BackupKeyError(PortfolioError):
    """The key is missing, wrong, or the encrypted file was altered."""


def key_id(key: bytes) -> bytes:
    """A short fingerprint stored in the header, to say "wrong key" rather than "damaged file"."""
    return hashlib.sha256(b"portfolio-desktop backup key id" + key).digest()[:8]


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def load_key(*, create: bool = False) -> bytes | None:
    """The backup key from the app's one secret store (services/accounts/secrets.py: the OS keyring, or the
    encrypted file the user chose); with ``create``, make and store one if there is none."""
    from portfolio_desktop.services.accounts.secrets import backup_key  # the store layer reaches up only here

    return backup_key(create=create)


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= 1 << 32:
        raise BackupKeyError("備份檔過大，無法加密", "backup too large to encrypt")
    return prefix + struct.pack(">I", index)


def encrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes, *, chunk_size: int = CHUNK_SIZE) -> None:
    aes = AESGCM(key)
    header = HEADER.pack(MAGIC, key_id(key), secrets.token_bytes(8), chunk_size)
    dst.write(header)
    prefix = header[16:24]
    index = 0
    chunk = src.read(chunk_size)
    while True:
        following = src.read(chunk_size) if chunk else b""
        last = not following
        dst.write(aes.encrypt(_nonce(prefix, index), chunk, _aad(header, index, last)))
        if last:
            return
        chunk, index = following, index + 1


def decrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes, *, name: str = "") -> None:
    """Decrypt, refusing a wrong key, an altered chunk or a truncated file (nothing is trusted
    until its tag checks; the caller writes into a temporary file and discards it on error)."""
    header = src.read(HEADER.size)
    if len(header) != HEADER.size or header[:8] != MAGIC:
        raise BackupKeyError(f"{name} 不是加密備份檔", f"{name} is not an encrypted backup")
    _magic, kid, prefix, chunk_size = HEADER.unpack(header)
    if kid != key_id(key):
        raise BackupKeyError(
            f"{name} 是用另一把金鑰加密的，本機保存的備份金鑰無法解開",
            f"{name} was encrypted with another key; the backup key stored on this computer cannot open it",
        )
    if not 0 < chunk_size <= 64 << 20:
        raise BackupKeyError(f"{name} 檔頭損毀", f"{name}: damaged header")
    aes = AESGCM(key)
    index = 0
    block = src.read(chunk_size + TAG_SIZE)
    while True:
        following = src.read(chunk_size + TAG_SIZE)
        last = not following
        try:
            dst.write(aes.decrypt(_nonce(prefix, index), block, _aad(header, index, last)))
        except InvalidTag as exc:
            raise BackupKeyError(
                f"{name} 已損毀或被截斷（第 {index + 1} 段驗證失敗）",
                f"{name} is damaged or truncated (chunk {index + 1} failed authentication)",
            ) from exc
        if last:
            return
        block, index = following, index + 1


def encrypt_file(src: Path, dst: Path, key: bytes) -> None:
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        encrypt_stream(fin, fout, key)
        fout.flush()
        os.fsync(fout.fileno())


def decrypt_file(src: Path, dst: Path, key: bytes) -> None:
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        decrypt_stream(fin, fout, key, name=src.name)
        fout.flush()
        os.fsync(fout.fileno())
