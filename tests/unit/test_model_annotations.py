"""Every mapped class names exactly its table's columns in its typed annotations.

A class mapped onto a Core table (``__table__``, store/progress_tables.py) gets its columns from the
table, and SQLAlchemy ignores an annotation that names no column: a misspelt one would type-check and
fail only when used. Relationships are the other annotations a class may hold.
"""

from __future__ import annotations

from sqlalchemy.orm import RelationshipProperty, configure_mappers

from portfolio_desktop.store.models import Base
from portfolio_desktop.store import schema  # noqa: F401 - every model module


def test_each_class_annotates_exactly_its_columns() -> None:
    configure_mappers()
    wrong = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        annotated = {name for klass in cls.__mro__ if klass is not Base and issubclass(klass, Base)
                     for name in getattr(klass, "__annotations__", {})}
        relationships = {p.key for p in mapper.iterate_properties if isinstance(p, RelationshipProperty)}
        columns = {c.key for c in mapper.local_table.columns}
        if annotated - relationships != columns:
            wrong[cls.__name__] = (sorted(columns - annotated), sorted(annotated - relationships - columns))
    assert wrong == {}, "class: (columns not annotated, annotations that name no column)"
