"""Argon2id hashing and the sign-in throttle."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from argon2 import PasswordHasher, Type

from portfolio_desktop.domain import passwords as pw
from portfolio_desktop.errors import RuleError

T0 = dt.datetime(2024, 10, 1, 8, 0, 0)


def test_hash_is_argon2id_salted_and_verifies() -> None:
    h1, h2 = pw.hash_password("correct horse 𡘙"), pw.hash_password("correct horse 𡘙")
    assert h1.startswith("$argon2id$") and h1 != h2
    assert "correct horse" not in h1
    assert pw.verify_password(h1, "correct horse 𡘙")
    assert not pw.verify_password(h1, "correct horse")
    assert not pw.verify_password("not a hash", "x")
    assert not pw.needs_rehash(h1)


def test_strength() -> None:
    with pytest.raises(RuleError):
        pw.check_strength("short")
    with pytest.raises(RuleError):
        pw.check_strength("teacher01", username="Teacher01")
    pw.check_strength("long enough")


def test_failures_slow_down_then_lock() -> None:
    state = pw.ThrottleState(0, None, None)
    for _ in range(3):
        assert pw.refusal(state, T0) is None
        state = pw.after_failure(state, T0)
    # the 4th attempt must wait 2 s after the 3rd failure
    assert pw.refusal(state, T0 + dt.timedelta(seconds=1)) is not None
    assert pw.refusal(state, T0 + dt.timedelta(seconds=2)) is None
    now = T0
    while state.locked_until is None:
        now = pw.next_allowed(state) or now
        state = pw.after_failure(state, now)
    assert state.failures == pw.LOCK_AFTER
    zh, en = pw.refusal(state, now + dt.timedelta(minutes=14)) or ("", "")
    assert "鎖定" in zh and "locked" in en
    assert pw.refusal(state, now + dt.timedelta(minutes=15)) is None


def test_delays_grow_and_are_capped() -> None:
    delays = [pw.delay_after(n).total_seconds() for n in range(0, 15)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:7] == [2, 4, 8, 16]
    assert max(delays) == pw.MAX_DELAY_SECONDS


def test_a_check_started_early_gives_the_same_answer_for_the_same_hash_and_password() -> None:
    stored = pw.hash_password("correct horse 113")
    pw.verify_soon(stored, "correct horse 113")
    assert pw.verify_password(stored, "correct horse 113") is True
    pw.verify_soon(stored, "wrong horse 113")
    assert pw.verify_password(stored, "wrong horse 113") is False
    # an early check of another password (or another hash) is not taken: the password is checked anew
    pw.verify_soon(stored, "wrong horse 113")
    assert pw.verify_password(stored, "correct horse 113") is True
    other = pw.hash_password("another one 113")
    pw.verify_soon(other, "correct horse 113")
    assert pw.verify_password(stored, "correct horse 113") is True
    assert pw.verify_password(stored, "wrong horse 113") is False


@pytest.mark.parametrize("hasher", [
    PasswordHasher(),  # the app's own: Argon2id, t=3, m=64 MiB, p=4
    PasswordHasher(time_cost=1, memory_cost=64, parallelism=1),
    PasswordHasher(time_cost=2, memory_cost=256, parallelism=8, hash_len=16, salt_len=8),
], ids=["app", "one-lane", "eight-lanes"])
def test_the_check_on_fewer_threads_answers_as_argon2_cffi(hasher: PasswordHasher) -> None:
    """verify_alongside computes the same Argon2id function (the lanes on fewer threads): every right
    password passes, every other is refused, for hashes of other parameters too."""
    stored = hasher.hash("correct horse 𡘙 113")
    assert pw.verify_alongside(stored, "correct horse 𡘙 113") is True
    for wrong in ("correct horse 𡘙 114", "", "correct horse 𡘙 113 ", "Correct horse 𡘙 113"):
        assert pw.verify_alongside(stored, wrong) is False
    # a hash whose stored digest differs in one bit is refused: the digest itself is compared
    *head, digest = stored.split("$")
    raw = bytearray(base64.b64decode(digest + "=" * (-len(digest) % 4)))
    raw[0] ^= 1
    tampered = "$".join([*head, base64.b64encode(bytes(raw)).decode().rstrip("=")])
    assert pw.verify_alongside(tampered, "correct horse 𡘙 113") is False


def test_the_check_on_fewer_threads_leaves_other_hashes_to_argon2_cffi() -> None:
    argon2i = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1, type=Type.I).hash("old password 113")
    assert pw.verify_alongside(argon2i, "old password 113") is True
    assert pw.verify_alongside(argon2i, "old password 114") is False
    for broken in ("", "not a hash", "$argon2id$v=19$m=64,t=1,p=1$$", "$argon2id$v=19$m=64,t=1,p=1$!!$!!"):
        assert pw.verify_alongside(broken, "old password 113") is False
