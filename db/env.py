"""Alembic environment. Run from :func:`portfolio_desktop.store.migrate.upgrade`, which passes the
connection in ``config.attributes["connection"]`` so the upgrade runs inside one transaction."""

from __future__ import annotations

from alembic import context

from portfolio_desktop.store.schema import metadata as _metadata

config = context.config
target_metadata = _metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # pragma: no cover - only when someone runs plain `alembic`
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
