"""How long each imported field may be: one definition, used by the database columns (store/*models.py)
and checked at every import (io/*_spec.py, io/central_files.py through ``Column.max_chars``), so that a
value is refused with its row and column on every engine instead of being cut (SQLite) or failing the
whole transaction (PostgreSQL)."""

from __future__ import annotations

# a student (roster; the 姓名 column of every other file is checked against the roster)
STUDENT_NO = 20
STUDENT_NAME = 100
DEPARTMENT = 60
CLASS_CODE = 20
POSTAL_CODE = 10
ADDRESS = 200
GUARDIAN = 100
PHONE = 30
EMAIL = 120

# courses and enrolments
COURSE_CODE = 40
COURSE_NAME = 100
TEACHER_NAME = 60

# portfolio items and the 作業期程
ITEM_TITLE = 200
ITEM_REASON = 500
EXTERNAL_ID = 80
WINDOW_NOTE = 200

# receipts (收訖明細)
RECEIPT_CATEGORY = 40
RECEIPT_ITEM = 300

# staff: a user name, an office name as the school writes it, a person's shown name
USER_NAME = 60
DISPLAY_NAME = 100

# the central database's 名冊
SCHOOL_CODE = 20
OUTCOME_SUMMARY = 200
MAKEUP = 20
STATUS_TEXT = 20
SEAT_TEXT = 10
GENDER_TEXT = 10
SPECIAL_STATUS = 200
COVER_FIELD = 20
