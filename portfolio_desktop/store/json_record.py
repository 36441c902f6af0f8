"""A JSON object built by the database from a row's columns, as text: the same record
:func:`portfolio_desktop.store.audit.dumps` would write, without the row passing through Python.

``json_record({"a": col_a, "b": col_b})`` compiles to SQLite's ``json_object(...)`` and to
PostgreSQL's ``json_build_object(...)`` cast to text, keys in sorted order (as audit records are
written); dates come out as ISO text (YYYY-MM-DD) on both, text as it is (no \\u escapes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Text, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class json_record(FunctionElement[str]):  # noqa: N801 - named like the SQL functions it stands for
    type = Text()
    inherit_cache = True

    def __init__(self, fields: Mapping[str, ColumnElement[Any]]) -> None:
        if not all(key.isidentifier() for key in fields):
            raise ValueError("json_record keys are identifiers")
        # keys are the caller's own identifiers, written into the SQL as constants (a bound key has no
        # type PostgreSQL can infer inside json_build_object)
        super().__init__(*(part for key in sorted(fields) for part in (literal_column(f"'{key}'"), fields[key])))


@compiles(json_record)
def _sqlite(element: json_record, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(json_record, "postgresql")
def _postgresql(element: json_record, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(json_build_object({compiler.process(element.clauses, **kw)}) AS TEXT)"
