"""Command line of the back-end: `python -m backend.cli migrate | seed | import-esco PATH`.

Exit codes: 0 done, 2 bad input (the message says what), 1 anything unexpected.
The database is DATABASE_URL, or the embedded SQLite file under var/.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from backend.core import migrations
from backend.core.config import database_url_from_env
from backend.core.db import make_engine, session_factory

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations (alembic upgrade head)")
    commands.add_parser("seed", help="load the demo data (idempotent)")
    esco = commands.add_parser("import-esco", help="load the ESCO classification CSV package (zip)")
    esco.add_argument("path", type=Path, help="esco-v1.1.1-classification-en-csv.zip")
    args = parser.parse_args(argv)

    url = database_url_from_env()
    try:
        if args.command == "migrate":
            migrations.upgrade(url)
            print("database is at the latest migration")
            return EXIT_OK
        if args.command == "seed":
            return _seed(url)
        return _import_esco(url, args.path)
    except (ArgumentError, NoSuchModuleError) as exc:
        print(f"DATABASE_URL is not a usable database URL: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DBAPIError as exc:
        # Unreachable server, or tables missing because `migrate` has not run yet.
        print(f"database error: {exc.orig} (is the database up, and did `migrate` run?)", file=sys.stderr)
        return EXIT_FAILED


def _seed(url: str) -> int:
    from backend.seed import seed_all

    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            ran = seed_all(session)
    finally:
        engine.dispose()
    print(f"seeded: {', '.join(n.rsplit('.', 1)[-1] for n in ran)}")
    return EXIT_OK


def _import_esco(url: str, path: Path) -> int:
    from backend.models import load_all
    from backend.occupations.esco_import import EscoImportError, import_esco

    load_all()
    started = time.perf_counter()
    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            report = import_esco(session=session, path=path)
    except EscoImportError as exc:
        print(f"import-esco: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    print(f"imported {report.summary()} in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
