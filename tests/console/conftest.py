"""Fixtures of the staff tests: the console's own database on SQLite and on PostgreSQL.

Each database kind is created and migrated once per run (PostgreSQL: a database of
this run's own, dropped at the end); every test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from argon2 import PasswordHasher, Type
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from console import migrations
from console.db import Base, make_engine
from console.main import create_app
from console.settings import Settings
from console.staff import security, service
from console.staff.models import Role, StaffAccount

PG_ADMIN_DSN = os.environ.get("PES_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=test")
PREFIX = "pes_console_test_"
PASSWORD = "a long enough passphrase"
START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


def _admin(sql: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def _drop_orphans() -> None:
    """Databases of earlier runs that were killed before they could drop their own."""
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"])
        ]
    for name in names:
        pid = name.removeprefix(PREFIX).split("_")[0]
        if pid.isdigit() and not _alive(int(pid)):
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def console_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('console') / 'console.sqlite3'}"
        migrations.upgrade(url)
        yield url
        return
    try:
        _drop_orphans()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_DSN!r}: {exc}")
    name = f"{PREFIX}{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        info = psycopg.conninfo.conninfo_to_dict(PG_ADMIN_DSN)
        user, host, port = (
            info.get("user", "postgres"),
            info.get("host", "127.0.0.1"),
            info.get("port", "5432"),
        )
        url = f"postgresql+psycopg://{user}@{host}:{port}/{name}"
        migrations.upgrade(url)
        yield url
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(console_db: str) -> str:
    engine = make_engine(console_db)
    try:
        with engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(delete(table))
    finally:
        engine.dispose()
    return console_db


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Cheap argon2id parameters, so hundreds of logins fit in a test run.

    Tests that check the production parameters are marked `real_argon2`.
    """
    if request.node.get_closest_marker("real_argon2") is None:
        monkeypatch.setattr(
            security, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
        )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_argon2: hash with the console's production argon2 parameters")


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Console:
    app: FastAPI
    url: str
    clock: Clock
    passwords: dict[str, str] = field(default_factory=dict)

    def session(self) -> Session:
        factory = self.app.state.console_sessions
        return factory()

    def add_account(
        self, email: str, role: Role, *, name: str | None = None, password: str = PASSWORD
    ) -> int:
        with self.session() as db, db.begin():
            account = service.create_account(
                db,
                email=email,
                display_name=name or email.split("@")[0],
                role=role,
                password=password,
                actor=None,
                now=self.clock(),
            )
            return account.id

    def account(self, email: str) -> StaffAccount:
        with self.session() as db:
            found = service.find_by_email(db, email=email)
            assert found is not None
            return found

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver")


def make_console(url: str, clock: Clock, **overrides: object) -> Console:
    options: dict[str, object] = {"cookie_secure": False, **overrides}
    settings = Settings(console_database_url=url, **options)  # type: ignore[arg-type]
    return Console(app=create_app(settings, clock=clock), url=url, clock=clock)


@pytest.fixture
def console(db_url: str) -> Iterator[Console]:
    made = make_console(db_url, Clock())
    yield made
    made.app.state.engine.dispose()


def login_token(client: TestClient) -> str:
    response = client.get("/staff/login", headers={"Accept": "application/json"})
    assert response.status_code == 200
    token: str = response.json()["csrf_token"]
    return token


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in as a JSON client would; returns the session's CSRF token."""
    token = login_token(client)
    response = client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 200, response.text
    csrf: str = response.json()["csrf_token"]
    return csrf
