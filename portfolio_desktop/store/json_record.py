"""Many rows as one JSON record built by the database, as text, without the rows passing through
Python: ``json_rows({"a": col_a, "b": col_b}, order_by)`` is an aggregate whose value is
``{"fields": ["a", "b"], "rows": [[a, b], …]}``, the same values :func:`portfolio_desktop.store.audit.dumps`
would write (dates as ISO text YYYY-MM-DD, text as it is, no \\u escapes), the field names once.

It compiles to SQLite's ``json_object`` / ``json_group_array`` and to PostgreSQL's
``json_build_object`` / ``json_agg`` cast to text. store/audit.py :func:`~portfolio_desktop.store.audit.batch_records`
reads it back as one record (a dict, keys sorted) per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Text, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class json_rows(FunctionElement[str]):  # noqa: N801 - named like the SQL functions it stands for
    """The rows of a group as one JSON object: the field names (sorted) once, then each row's values in
    that order, the rows in the order of ``order_by``. PostgreSQL is told that order in the aggregate;
    SQLite's aggregates take no ORDER BY before 3.44 and keep the order they are fed, so there the
    caller's query reads the rows in that order (a scan of a table by its primary key). (An ordered
    subquery would do it too, but SQLite then sorts the rows into a temporary table first.)"""

    type = Text()
    inherit_cache = True

    def __init__(self, fields: Mapping[str, ColumnElement[Any]], order_by: ColumnElement[Any]) -> None:
        if not all(key.isidentifier() for key in fields):
            raise ValueError("json_rows keys are identifiers")
        keys = sorted(fields)
        # the names are the caller's own identifiers, written into the SQL as constants (a bound name
        # has no type PostgreSQL can infer inside json_build_array)
        super().__init__(order_by, *(literal_column(f"'{key}'") for key in keys), *(fields[key] for key in keys))


def _parts(element: json_rows, compiler: SQLCompiler, **kw: Any) -> tuple[str, str, str]:
    """(names, values, order): the compiled field names and row values, each comma-separated, and the order."""
    order, *rest = (compiler.process(clause, **kw) for clause in element.clauses)
    half = len(rest) // 2
    return ", ".join(rest[:half]), ", ".join(rest[half:]), order


@compiles(json_rows)
def _sqlite(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    names, values, _order = _parts(element, compiler, **kw)
    return f"json_object('fields', json_array({names}), 'rows', json_group_array(json_array({values})))"


@compiles(json_rows, "postgresql")
def _postgresql(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    names, values, order = _parts(element, compiler, **kw)
    return (f"CAST(json_build_object('fields', json_build_array({names}), "
            f"'rows', json_agg(json_build_array({values}) ORDER BY {order})) AS TEXT)")
