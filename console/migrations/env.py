"""Alembic environment of the console's database."""

from __future__ import annotations

from alembic import context

from console.db import Base, make_engine
from console.inbox import models as inbox_models  # noqa: F401 (registers the inbox's tables)
from console.migrations import VERSION_TABLE
from console.staff import models  # noqa: F401 (registers the tables on Base.metadata)

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = make_engine(context.config.attributes["url"])
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                version_table=VERSION_TABLE,
                render_as_batch=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        # Tests drop the database right after; no pooled connection may keep it open.
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("the console's migrations run online only (python -m console.cli migrate)")
run_migrations_online()
