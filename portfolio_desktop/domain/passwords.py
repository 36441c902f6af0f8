"""Password hashing (Argon2id, memory-hard) and the sign-in throttle.

Passwords are hashed with a memory-hard KDF, never stored or logged in clear; repeated
failures slow down and then lock the account for a while. The throttle is pure: it takes the
failure count and times and says when the next attempt is allowed, so no thread ever sleeps and
tests need no clock.

The check itself costs about 0.2 s of one processor, by design. A caller that knows the stored hash
early (the command line reads it before loading the rest of the program) may start the check with
:func:`verify_soon` on a worker thread; :func:`verify_password` then takes that result for the same
hash and password instead of hashing twice, computed on fewer threads so that the start-up it overlaps
keeps a processor (:func:`verify_alongside`). The parameters and the outcome are the same.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import os
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import core, ffi
from argon2.low_level import lib  # type: ignore[attr-defined]  # the binding argon2-cffi calls itself

from portfolio_desktop.errors import RuleError

# argon2-cffi's defaults are RFC 9106's "low memory" profile: Argon2id, t=3, m=64 MiB, p=4.
_HASHER = PasswordHasher()

MIN_LENGTH = 8
FREE_FAILURES = 3  # failures allowed before any waiting
LOCK_AFTER = 10  # consecutive failures that lock the account
LOCK_MINUTES = 15
MAX_DELAY_SECONDS = 60


def hash_password(password: str) -> str:
    """An Argon2id hash string (salt and parameters included); the password itself is not kept."""
    return _HASHER.hash(password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def verify_alongside(stored_hash: str, password: str) -> bool:
    """:func:`_verify` computed on fewer threads, leaving a processor to the program starting meanwhile.

    An Argon2id hash with p = 4 lanes is the same whichever number of threads computes the lanes
    (RFC 9106 §3.2); argon2-cffi's check runs one thread per lane, which on a two-processor office PC
    takes both processors from the start-up it was meant to overlap. Here the lanes share
    ``cpu_count - 1`` threads (at least one). Same parameters, same memory, same answer; a hash this
    does not read (not Argon2id, malformed) is checked by :func:`_verify`.
    """
    try:
        params = extract_parameters(stored_hash)
        *_, salt_text, hash_text = stored_hash.split("$")
        salt, expected = _b64(salt_text), _b64(hash_text)
    except (InvalidHashError, ValueError):
        return _verify(stored_hash, password)
    if params.type is not Type.ID:
        return _verify(stored_hash, password)
    secret = password.encode("utf-8")
    out = ffi.new("uint8_t[]", len(expected))
    c_secret, c_salt = ffi.new("uint8_t[]", secret), ffi.new("uint8_t[]", salt)
    context = ffi.new("argon2_context *", {
        "out": out, "outlen": len(expected), "pwd": c_secret, "pwdlen": len(secret),
        "salt": c_salt, "saltlen": len(salt), "secret": ffi.NULL, "secretlen": 0, "ad": ffi.NULL, "adlen": 0,
        "t_cost": params.time_cost, "m_cost": params.memory_cost, "lanes": params.parallelism,
        "threads": max(1, min(params.parallelism, (os.cpu_count() or 1) - 1)), "version": params.version,
        "allocate_cbk": ffi.NULL, "free_cbk": ffi.NULL, "flags": lib.ARGON2_DEFAULT_FLAGS,
    })
    if core(context, Type.ID.value) != lib.ARGON2_OK:
        return _verify(stored_hash, password)
    return hmac.compare_digest(bytes(ffi.buffer(out, len(expected))), expected)


class _Early(threading.Thread):
    """One check started ahead of time (argon2 releases the GIL while it hashes)."""

    def __init__(self, stored_hash: str, password: str) -> None:
        super().__init__(name="password-check", daemon=True)
        self.stored_hash, self.password = stored_hash, password
        self.result = False

    def run(self) -> None:
        self.result = verify_alongside(self.stored_hash, self.password)


_early: list[_Early] = []
_early_lock = threading.Lock()


def verify_soon(stored_hash: str, password: str) -> None:
    """Start checking ``password`` against ``stored_hash`` now; :func:`verify_password` with the same
    two takes the result (at most one check is kept waiting)."""
    check = _Early(stored_hash, password)
    with _early_lock:
        _early[:] = [check]
    check.start()


def verify_password(stored_hash: str, password: str) -> bool:
    with _early_lock:
        early = _early.pop() if _early else None
    if early is not None and early.stored_hash == stored_hash and hmac.compare_digest(
        early.password.encode("utf-8"), password.encode("utf-8")
    ):
        early.join()
        return early.result
    return _verify(stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: re-hash at the next sign-in."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def check_strength(password: str, *, username: str = "") -> None:
    """A minimal policy: at least 8 characters, not only spaces, not the user name."""
    if len(password) < MIN_LENGTH or not password.strip():
        raise RuleError(f"密碼至少要 {MIN_LENGTH} 個字元", f"the password needs at least {MIN_LENGTH} characters")
    if username and password.strip().lower() == username.strip().lower():
        raise RuleError("密碼不能與帳號相同", "the password must not be the user name")


@dataclass(frozen=True)
class ThrottleState:
    failures: int
    last_failure: dt.datetime | None
    locked_until: dt.datetime | None


def delay_after(failures: int) -> dt.timedelta:
    """Waiting time before the next attempt: none for the first 3 failures, then 2, 4, 8 … s (≤ 60 s)."""
    if failures < FREE_FAILURES:
        return dt.timedelta(0)
    return dt.timedelta(seconds=min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1)))


def next_allowed(state: ThrottleState) -> dt.datetime | None:
    """When the next sign-in attempt is accepted, or None when it is accepted now."""
    if state.locked_until is not None:
        return state.locked_until
    if state.last_failure is None:
        return None
    wait = delay_after(state.failures)
    return state.last_failure + wait if wait else None


def after_failure(state: ThrottleState, now: dt.datetime) -> ThrottleState:
    """The state after one more failed attempt: the 10th consecutive failure locks for 15 minutes."""
    failures = state.failures + 1
    locked = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else None
    return ThrottleState(failures=failures, last_failure=now, locked_until=locked)


def refusal(state: ThrottleState, now: dt.datetime) -> tuple[str, str] | None:
    """The (zh, en) message when an attempt at ``now`` must be refused unread, else None."""
    when = next_allowed(state)
    if when is None or now >= when:
        return None
    seconds = max(1, int((when - now).total_seconds() + 0.999))
    if state.locked_until is not None:
        minutes = max(1, (seconds + 59) // 60)
        return (f"密碼錯誤次數過多，帳號已暫時鎖定，請於 {minutes} 分鐘後再試，或請系統管理者解除鎖定。",
                f"too many failed attempts: the account is locked for {minutes} more minute(s); "
                f"try later or ask the administrator to unlock it.")
    return (f"密碼錯誤次數過多，請等候 {seconds} 秒後再試。",
            f"too many failed attempts; wait {seconds} s before trying again.")
