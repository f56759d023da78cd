"""Fixtures of the back-end tests, on real SQLite and real PostgreSQL.

Every test that uses a database runs twice, once per kind. Migrating and seeding
is done once per kind into a template. Each test is then isolated:
- SQLite: the test gets its own copy of the seeded file (a backup: milliseconds).
- PostgreSQL: creating and dropping a database costs seconds (checkpoints), so the
  app and the `session` fixture share one connection whose outer transaction is
  rolled back after the test; their commits become savepoints ("joining a
  session into an external transaction", SQLAlchemy docs).

Fixtures for other test files:
  db_kind       the database kind under test, .kind "sqlite" or "postgresql"
                (parametrised, session scoped)
  db_url        an empty database of its own (no tables)
  migrated_url  a database of its own at the latest migration, without demo data
  seeded_url    a database of its own, migrated and seeded (slow on PostgreSQL;
                client/session do not use it)
  app           create_app(Settings(...)) over the isolated seeded database
  client        TestClient on app, bearer token set
  anon_client   the same app without a token
  session       a SQLAlchemy Session that sees what client wrote (same database)
  esco_zip      path of the ESCO classification zip in ../shared (skips if absent)
  esco_db       session scoped: seeded + the full ESCO import (url, import_seconds,
                summary); READ ONLY, shared by all tests of a database kind
  esco_client   TestClient over esco_db.url
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from backend.core import migrations
from backend.core.config import Settings
from backend.core.db import make_engine, session_factory
from backend.main import create_app
from backend.seed import seed_all

REPO_ROOT = Path(__file__).resolve().parents[2]
ESCO_ZIP = REPO_ROOT.parent / "shared" / "data" / "esco" / "esco-v1.1.1-classification-en-csv.zip"
API_TOKEN = "test-token-" + uuid.uuid4().hex
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
# Where CREATE DATABASE is issued; override to run against another server.
PG_ADMIN_DSN = os.environ.get("PES_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=test")


def _unique_name() -> str:
    return f"pes_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"


@dataclass
class SqliteDatabases:
    root: Path
    kind: str = "sqlite"

    def create(self) -> str:
        return f"sqlite:///{self.root / (_unique_name() + '.sqlite3')}"

    def copy(self, template_url: str) -> str:
        url = self.create()
        source = sqlite3.connect(template_url.removeprefix("sqlite:///"))
        target = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            source.backup(target)  # consistent even if a WAL file is still around
        finally:
            source.close()
            target.close()
        return url

    def drop(self, url: str) -> None:
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)


@dataclass
class PostgresDatabases:
    admin_dsn: str
    kind: str = "postgresql"
    base: str = field(init=False, default="postgresql+psycopg://postgres@127.0.0.1:5432/")

    def __post_init__(self) -> None:
        info = psycopg.conninfo.conninfo_to_dict(self.admin_dsn)
        user = info.get("user", "postgres")
        host, port = info.get("host", "127.0.0.1"), info.get("port", "5432")
        self.base = f"postgresql+psycopg://{user}@{host}:{port}/"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> str:
        name = _unique_name()
        self._admin(f'CREATE DATABASE "{name}"')
        return self.base + name

    def copy(self, template_url: str) -> str:
        name = _unique_name()
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_url.rsplit("/", 1)[1]}"')
        return self.base + name

    def drop(self, url: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def drop_orphans(self) -> None:
        """Drop test databases left by runs that were killed (their process is gone)."""
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'pes_test_%'")
            names = [row[0] for row in rows]
        for name in names:
            pid = name.split("_")[2]
            if pid.isdigit() and not _process_alive(int(pid)):
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


Databases = SqliteDatabases | PostgresDatabases


def _postgres_reachable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_DSN!r}: {exc}".strip()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_kind(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Databases:
    if request.param == "sqlite":
        return SqliteDatabases(tmp_path_factory.mktemp("sqlite"))
    problem = _postgres_reachable()
    if problem:
        pytest.skip(problem)
    databases = PostgresDatabases(PG_ADMIN_DSN)
    databases.drop_orphans()
    return databases


def _seed(url: str) -> None:
    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            seed_all(session)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def _migrated_template(db_kind: Databases) -> Iterator[str]:
    url = db_kind.create()
    migrations.upgrade(url)
    yield url
    db_kind.drop(url)


@pytest.fixture(scope="session")
def _seeded_template(db_kind: Databases, _migrated_template: str) -> Iterator[str]:
    url = db_kind.copy(_migrated_template)
    _seed(url)
    yield url
    db_kind.drop(url)


@pytest.fixture
def db_url(db_kind: Databases) -> Iterator[str]:
    url = db_kind.create()
    yield url
    db_kind.drop(url)


@pytest.fixture
def migrated_url(db_kind: Databases, _migrated_template: str) -> Iterator[str]:
    url = db_kind.copy(_migrated_template)
    yield url
    db_kind.drop(url)


@pytest.fixture
def seeded_url(db_kind: Databases, _seeded_template: str) -> Iterator[str]:
    url = db_kind.copy(_seeded_template)
    yield url
    db_kind.drop(url)


def make_settings(url: str) -> Settings:
    return Settings(database_url=url, api_token=API_TOKEN, timezone="Africa/Nairobi")


@pytest.fixture(scope="session")
def _pg_work_db(db_kind: Databases, _seeded_template: str) -> Iterator[str]:
    """PostgreSQL only: the seeded database that rolled-back tests share."""
    if db_kind.kind != "postgresql":
        yield ""
        return
    url = db_kind.copy(_seeded_template)
    yield url
    db_kind.drop(url)


@dataclass
class IsolatedDatabase:
    url: str
    factory: sessionmaker[Session]


@pytest.fixture
def _isolated(db_kind: Databases, _seeded_template: str, _pg_work_db: str) -> Iterator[IsolatedDatabase]:
    if db_kind.kind == "sqlite":
        url = db_kind.copy(_seeded_template)
        engine = make_engine(url)
        try:
            yield IsolatedDatabase(url, session_factory(engine))
        finally:
            engine.dispose()
            db_kind.drop(url)
        return
    engine = make_engine(_pg_work_db)
    connection = engine.connect()
    outer = connection.begin()
    try:
        yield IsolatedDatabase(
            _pg_work_db,
            sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"),
        )
    finally:
        outer.rollback()
        connection.close()
        engine.dispose()


@pytest.fixture
def app(_isolated: IsolatedDatabase) -> Iterator[FastAPI]:
    application = create_app(make_settings(_isolated.url))
    application.state.engine.dispose()
    # Every request session goes through the isolated database's factory.
    application.state.session_factory = _isolated.factory
    yield application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, headers=AUTH) as test_client:
        yield test_client


@pytest.fixture
def anon_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session(_isolated: IsolatedDatabase) -> Iterator[Session]:
    db_session = _isolated.factory()
    try:
        yield db_session
    finally:
        db_session.close()


@pytest.fixture(scope="session")
def esco_zip() -> Path:
    """The official ESCO package, beside the repository in ../shared (never copied in)."""
    if not ESCO_ZIP.is_file():
        pytest.skip(f"ESCO package not found at {ESCO_ZIP} (expected beside the repository in ../shared)")
    return ESCO_ZIP


@dataclass(frozen=True)
class EscoDatabase:
    url: str
    import_seconds: float
    summary: str


@pytest.fixture(scope="session")
def esco_db(db_kind: Databases, _seeded_template: str, esco_zip: Path) -> Iterator[EscoDatabase]:
    """The full ESCO import, done once per database kind (it takes seconds)."""
    from backend.occupations.esco_import import import_esco

    url = db_kind.copy(_seeded_template)
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        with session_factory(engine).begin() as db_session:
            report = import_esco(session=db_session, path=esco_zip)
    finally:
        engine.dispose()
    yield EscoDatabase(url=url, import_seconds=time.perf_counter() - started, summary=report.summary())
    db_kind.drop(url)


@pytest.fixture
def esco_client(esco_db: EscoDatabase) -> Iterator[TestClient]:
    application = create_app(make_settings(esco_db.url))
    with TestClient(application, headers=AUTH) as test_client:
        yield test_client
    application.state.engine.dispose()
