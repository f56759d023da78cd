"""Alembic for the console's database, driven from Python (the CLI and the tests migrate alike).

The console records its revision in its own version table, so it can share a PostgreSQL
database with the back-end without either overwriting the other's revision.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from console.db import ensure_sqlite_dir, normalise_url

HERE = Path(__file__).resolve().parent
VERSION_TABLE = "console_alembic_version"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    # env.py reads the URL from here: no caller has to touch os.environ.
    config.attributes["url"] = normalise_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
