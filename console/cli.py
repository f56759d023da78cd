"""Console administration: `python -m console.cli migrate | create-staff`.

migrate also writes the inbox's default canned answers (in every language of the bot)
into a database that has none yet.

create-staff reads the password from PES_CONSOLE_ADMIN_PASSWORD when set (scripts,
first start-up), otherwise asks for it twice without echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError, ProgrammingError

from console import migrations
from console.db import make_engine, session_factory, utcnow
from console.inbox.canned import insert_defaults
from console.settings import DEFAULT_CONSOLE_DB
from console.staff import service
from console.staff.models import Role
from console.staff.security import PasswordPolicyError, check_password_policy

PASSWORD_VARIABLE = "PES_CONSOLE_ADMIN_PASSWORD"  # noqa: S105 (the name of a variable, not a password)


def _database_url() -> str:
    return os.environ.get("CONSOLE_DATABASE_URL") or DEFAULT_CONSOLE_DB


def _password() -> str:
    from_env = os.environ.get(PASSWORD_VARIABLE)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise SystemExit(f"no terminal to ask for the password: set {PASSWORD_VARIABLE}")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise SystemExit("the two passwords differ")
    return first


def create_staff(*, url: str, email: str, name: str, role: Role, password: str) -> int:
    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            account = service.create_account(
                session,
                email=email,
                display_name=name,
                role=role,
                password=password,
                actor=None,
                now=utcnow(),
            )
            return account.id
    finally:
        engine.dispose()


def migrate(url: str) -> int:
    """Brings the schema up to date; the number of default canned answers written."""
    migrations.upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            return insert_defaults(session)
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the console's database (CONSOLE_DATABASE_URL) up to date")
    create = commands.add_parser(
        "create-staff", help=f"create a staff account (password: {PASSWORD_VARIABLE})"
    )
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True, help="the name colleagues see")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    args = parser.parse_args(argv)
    url = _database_url()
    if args.command == "migrate":
        written = migrate(url)
        if written:
            print(f"wrote {written} default canned answers")
        return 0
    password = _password()
    try:
        check_password_policy(password)
        account_id = create_staff(
            url=url, email=args.email, name=args.name, role=Role(args.role), password=password
        )
    except (service.AccountError, PasswordPolicyError) as exc:
        print(f"create-staff: {exc}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        print(
            f"create-staff: the console database {url} is unreachable or not migrated "
            f"(run python -m console.cli migrate first): {exc.orig}",
            file=sys.stderr,
        )
        return 1
    print(f"created {args.role} account {account_id} for {args.email.strip().lower()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
