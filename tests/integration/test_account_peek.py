"""The stored hash read before the program loads (store/account_peek.py) on a real database file."""

from __future__ import annotations

from pathlib import Path

from portfolio_desktop.domain import passwords as pw
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.store.account_peek import stored_password_hash
from portfolio_desktop.store.engine import Database


def test_the_hash_of_an_account_is_read_and_checks_the_password(db: Database, db_path: Path) -> None:
    accounts.bootstrap_admin(db, "admin", "admin-password-113")
    stored = stored_password_hash(db_path, " admin ")
    assert stored is not None and pw.verify_password(stored, "admin-password-113")
    assert stored_password_hash(db_path, "nobody") is None


def test_nothing_is_created_or_read_where_there_is_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    assert stored_password_hash(missing, "admin") is None
    assert not missing.exists()
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"not a database at all")
    assert stored_password_hash(other, "admin") is None
