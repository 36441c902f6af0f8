"""How long a student's fields may be: one definition, used by the database columns (store/models.py)
and checked at every import (io/roster_spec.py), so that a value is refused with its row and column on
every engine instead of being cut (SQLite) or failing the whole transaction (PostgreSQL)."""

from __future__ import annotations

STUDENT_NO = 20
STUDENT_NAME = 100
DEPARTMENT = 60
CLASS_CODE = 20
POSTAL_CODE = 10
ADDRESS = 200
GUARDIAN = 100
PHONE = 30
EMAIL = 120
