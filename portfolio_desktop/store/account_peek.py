"""Read one account's stored password hash from an SQLite file with the bare sqlite3 module, read-only,
before the rest of the program (SQLAlchemy, the models, the services) has loaded.

The command line uses it to start the deliberately slow password check on a worker thread while the
program loads (domain/passwords.py :func:`verify_soon`); the sign-in itself (services/accounts/accounts.py)
then runs every rule as always and only takes the finished check. Anything unusual — no such file,
no such table or account, a locked or damaged file — gives None, and the sign-in hashes as usual.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_QUERY = "SELECT a.password_hash FROM account a JOIN staff s ON a.staff_id = s.id WHERE s.username = ?"


def stored_password_hash(path: Path, username: str) -> str | None:
    """The account's hash, or None (see the module docstring); never creates or changes the file."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        row = con.execute(_QUERY, (username.strip(),)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return row[0] if row and isinstance(row[0], str) else None
