"""Fixtures of the console tests: the console's own database on SQLite and on PostgreSQL,
and, for the inbox, an in-process PES back-end and Rasa server that record every call.

Each database kind is created and migrated once per run (PostgreSQL: a database of
this run's own, dropped at the end); every test starts from empty tables.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

import httpx
import psycopg
import pytest
from argon2 import PasswordHasher, Type
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from console import migrations
from console.db import Base, make_engine
from console.inbox.runtime import Inbox
from console.inbox.sync import SyncReport
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

    @property
    def inbox(self) -> Inbox:
        inbox: Inbox = self.app.state.inbox
        return inbox

    def sync(self) -> SyncReport:
        """One pass of the inbox's sync loop, as the running app would make it."""
        assert self.inbox.sync is not None, "the inbox is not connected to the back-end and Rasa"
        return asyncio.run(self.inbox.sync.run_once())

    def sign_in(self, client: TestClient, role: Role, email: str | None = None) -> dict[str, str]:
        """A new account of `role`, signed in on `client`; the headers its JSON requests need."""
        address = email or f"{role.value}-{uuid.uuid4().hex[:6]}@pes.example.org"
        self.add_account(address, role, name=address.split("@")[0].title())
        return {"X-CSRF-Token": login(client, address), "Accept": "application/json"}


def make_console(
    url: str,
    clock: Clock,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    run_inbox_sync: bool = False,
    **overrides: object,
) -> Console:
    options: dict[str, object] = {"cookie_secure": False, **overrides}
    settings = Settings(console_database_url=url, **options)  # type: ignore[arg-type]
    app = create_app(settings, clock=clock, transport=transport, run_inbox_sync=run_inbox_sync)
    return Console(app=app, url=url, clock=clock)


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


# --- The inbox's neighbours, in process ----------------------------------------------

BACKEND_URL = "http://backend.test"
RASA_URL = "http://rasa.test"
API_TOKEN = "backend-token-of-the-tests"
RASA_TOKEN = "rasa-token-of-the-tests"
INBOX_SETTINGS: dict[str, object] = {
    "pes_api_url": BACKEND_URL,
    "pes_api_token": API_TOKEN,
    "rasa_url": RASA_URL,
    "rasa_auth_token": RASA_TOKEN,
}


@dataclass
class Call:
    """One request the console made: the path exactly as sent (still percent-encoded)."""

    method: str
    host: str
    raw_path: str
    params: dict[str, str]
    body: Any


@dataclass
class FakeUpstream:
    """The PES back-end's escalation API and the Rasa server's HTTP API, as far as the inbox
    uses them, behind one httpx.MockTransport; every call is recorded.

    Like Rasa's Sanic, the fake Rasa does not decode '%2B' in a conversation id: a client
    that quotes the '+' of an E.164 number finds no conversation.
    """

    escalations: dict[int, dict[str, Any]] = field(default_factory=dict)
    jobseekers: dict[int, dict[str, Any]] = field(default_factory=dict)
    trackers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    paused: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    backend_down: bool = False
    rasa_down: bool = False
    # Set: every Rasa call is answered with this status (e.g. 500, 400).
    rasa_status: int | None = None
    clock: float = START.timestamp()

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def add_escalation(self, escalation_id: int, conversation_id: str, **fields: Any) -> dict[str, Any]:
        escalation = {
            "id": escalation_id,
            "status": "open",
            "conversation_id": conversation_id,
            "channel": "africastalking",
            "jobseeker_id": None,
            "language": "en",
            "topic": "registration",
            "reason": "user_request",
            "created_at": (START - timedelta(minutes=10)).isoformat(),
            "queue_position": 1,
            "expected_wait_minutes": 0,
            "open_now": True,
            "next_opening": None,
            "office_id": 1,
            "transcript": [],
            "rating": None,
            "callback_requested": False,
            "callback_phone": None,
            **fields,
        }
        self.escalations[escalation_id] = escalation
        self.trackers.setdefault(conversation_id, [])
        return escalation

    def say(self, conversation_id: str, sender: str, text: str, **extra: Any) -> None:
        """An event in the conversation, one second after the previous one."""
        self.clock += 1
        event = {"event": sender, "text": text, "timestamp": self.clock, **extra}
        self.trackers.setdefault(conversation_id, []).append(event)

    def calls_to(self, host: str, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.host == host and (method is None or c.method == method)]

    # -- the transport ---------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        raw = request.url.raw_path.decode("ascii")
        path = raw.split("?", 1)[0]
        body = json.loads(request.content) if request.content else None
        params = dict(request.url.params)
        self.calls.append(Call(request.method, request.url.host, path, params, body))
        if request.url.host == "backend.test":
            if self.backend_down:
                raise httpx.ConnectError("connection refused", request=request)
            if request.headers.get("authorization") != f"Bearer {API_TOKEN}":
                return httpx.Response(401, json={"detail": "wrong token"})
            return self._backend(request.method, path, params, body)
        if self.rasa_down:
            raise httpx.ConnectError("connection refused", request=request)
        if params.get("token") != RASA_TOKEN:
            return httpx.Response(401, json={"message": "wrong token"})
        if self.rasa_status is not None:
            return httpx.Response(self.rasa_status, json={"message": "refused"})
        return self._rasa(request.method, path, params, body)

    def _backend(self, method: str, path: str, params: dict[str, str], body: Any) -> httpx.Response:
        parts = path.removeprefix("/api/v1/").split("/")
        if parts == ["escalations"] and method == "GET":
            wanted = params.get("status")
            found = [e for e in self.escalations.values() if wanted in (None, e["status"])]
            return httpx.Response(200, json=found)
        if parts[0] == "escalations" and len(parts) == 2:
            escalation = self.escalations.get(int(parts[1]))
            if escalation is None:
                return httpx.Response(404, json={"detail": "no such escalation"})
            if method == "PATCH":
                escalation.update(body)
            return httpx.Response(200, json=escalation)
        if parts[0] == "jobseekers" and len(parts) == 2 and method == "GET":
            jobseeker = self.jobseekers.get(int(parts[1]))
            if jobseeker is None:
                return httpx.Response(404, json={"detail": "no such jobseeker"})
            return httpx.Response(200, json=jobseeker)
        return httpx.Response(404, json={"detail": f"no route {method} {path}"})

    def _rasa(self, method: str, path: str, params: dict[str, str], body: Any) -> httpx.Response:
        prefix, _, rest = path.removeprefix("/conversations/").partition("/")
        if "%2B" in prefix.upper():
            return httpx.Response(404, json={"message": "no conversation"})
        conversation = unquote(prefix)
        events = self.trackers.setdefault(conversation, [])
        if method == "GET" and rest == "tracker":
            return httpx.Response(200, json=self._tracker(conversation))
        if method == "POST" and rest == "tracker/events":
            for event in body if isinstance(body, list) else [body]:
                self.clock += 1
                events.append({**event, "timestamp": self.clock})
                if event["event"] == "pause":
                    self.paused.add(conversation)
                elif event["event"] == "resume":
                    self.paused.discard(conversation)
            return httpx.Response(200, json=self._tracker(conversation))
        if method == "POST" and rest == "trigger_intent":
            if conversation not in self.paused:
                self.say(conversation, "bot", "You are back with the assistant. How was your conversation?")
            return httpx.Response(200, json={"tracker": self._tracker(conversation), "messages": []})
        return httpx.Response(404, json={"message": f"no route {method} {path}"})

    def _tracker(self, conversation: str) -> dict[str, Any]:
        return {
            "sender_id": conversation,
            "paused": conversation in self.paused,
            "events": list(self.trackers.get(conversation, [])),
        }


@pytest.fixture
def upstream() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
def inbox_console(db_url: str, upstream: FakeUpstream) -> Iterator[Console]:
    """A console connected to the fake back-end and Rasa; sync passes run when a test asks."""
    made = make_console(db_url, Clock(), transport=upstream.transport, **INBOX_SETTINGS)
    yield made
    made.app.state.engine.dispose()
