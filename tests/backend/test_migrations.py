"""Migrations run forwards, backwards and forwards again, and match the models."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Table, inspect

from backend.core import migrations
from backend.core.db import Base, make_engine
from backend.models import load_all

# The tables revision 0001 owns; later revisions are checked by their owners' tests.
PART_A_TABLES = {
    "towns",
    "jobseekers",
    "jobseeker_identities",
    "jobseeker_occupations",
    "isco_groups",
    "occupations",
    "vacancies",
}


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    migrations.upgrade(db_url)
    assert tables(db_url) >= PART_A_TABLES
    migrations.downgrade(db_url, "base")
    assert tables(db_url) == set()
    migrations.upgrade(db_url)
    assert tables(db_url) >= PART_A_TABLES


def test_downgrade_to_0001_keeps_part_a(migrated_url: str) -> None:
    migrations.downgrade(migrated_url, "0001")
    assert tables(migrated_url) == PART_A_TABLES


def test_schema_matches_the_models(migrated_url: str) -> None:
    load_all()
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()

    ours = [change for change in diff if table_of(change) in PART_A_TABLES]
    assert ours == [], ours


def table_of(change: Any) -> str | None:
    """The table an alembic autogenerate difference is about."""
    item = change[0] if isinstance(change, list) else change  # modify_* come as lists
    _operation, *args = item
    for arg in args:
        if isinstance(arg, Table):
            return str(arg.name)
        table = getattr(arg, "table", None)
        if isinstance(table, Table):
            return str(table.name)
    # ("modify_type", schema, table_name, column_name, ...)
    return args[1] if len(args) > 1 and isinstance(args[1], str) else None
