"""Alembic environment: the URL comes from DATABASE_URL (or the SQLite default)."""

from __future__ import annotations

import os

from alembic import context

from backend.core.config import DEFAULT_SQLITE
from backend.core.db import Base, make_engine
from backend.models import load_all

load_all()
target_metadata = Base.metadata


def _url() -> str:
    return context.config.attributes.get("url") or os.environ.get("DATABASE_URL") or DEFAULT_SQLITE


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        # A test may drop or copy the database right after migrating; no pooled
        # connection may keep it open.
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
