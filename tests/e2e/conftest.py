"""The started system: back-end, action server and Rasa server on spare ports.

The model comes from PES_TEST_MODEL (`make test-e2e` trains it if needed). Each run
gets its own temporary var directory, so its databases never collide with `make run`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tools.fake_providers import FakeProviders, channel_env
from tools.system import ROOT, SVC_BIN, Ports, System


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def providers() -> Iterator[FakeProviders]:
    fake = FakeProviders().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, providers: FakeProviders) -> Iterator[System]:
    model = os.environ.get("PES_TEST_MODEL")
    if not model or not Path(model).exists():
        pytest.fail("PES_TEST_MODEL must point at a trained model (run `make test-e2e`)")
    ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port(), console=free_port())
    env = channel_env(providers, f"http://127.0.0.1:{ports.rasa}")
    # Job alerts go out, and the inbox picks up handoffs, quickly in tests.
    env.update({"PES_ALERT_POLL_SECONDS": "0.5", "PES_CONSOLE_SYNC_SECONDS": "0.5"})
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # System passes its environment on to the processes
    sys_ = System(model=Path(model), var_dir=tmp_path_factory.mktemp("var"), ports=ports, quiet=True)
    try:
        sys_.start()
        yield sys_
    finally:
        sys_.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture()
def backend(system: System) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {system.secrets['PES_API_TOKEN']}"}
    with httpx.Client(base_url=f"{system.backend_url}/api/v1", headers=headers, timeout=10) as client:
        yield client


@dataclass
class Chat:
    """One user talking to the assistant over the REST channel."""

    system: System
    sender: str = field(default_factory=lambda: f"e2e-{uuid.uuid4().hex[:10]}")
    metadata: dict[str, object] | None = None
    last: list[dict] = field(default_factory=list)

    def say(self, text: str) -> str:
        self.last = self.system.say(self.sender, text, self.metadata)
        return "\n".join(m.get("text", "") for m in self.last if m.get("text"))

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.last for b in m.get("buttons", [])]

    def tap(self, title_part: str) -> str:
        """Taps the first button whose title contains `title_part` (case-insensitive)."""
        for button in self.buttons:
            if title_part.lower() in str(button.get("title", "")).lower():
                return self.say(button["payload"])
        titles = [b.get("title") for b in self.buttons]
        raise AssertionError(f"no button like {title_part!r} among {titles}")

    def tracker(self) -> dict:
        token = self.system.secrets["RASA_AUTH_TOKEN"]
        url = f"{self.system.rasa_url}/conversations/{self.sender}/tracker"
        return httpx.get(url, params={"token": token}, timeout=10).json()

    def slot(self, name: str) -> object:
        return self.tracker()["slots"].get(name)


@pytest.fixture()
def chat(system: System) -> Chat:
    return Chat(system)


STAFF_PASSWORD = "correct horse battery staple 42"


def create_staff_account(system: System, role: str = "staff") -> str:
    """A new console account made with the console's own command; returns its email."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@pes.example.org"
    env = {**system.env(), "PES_CONSOLE_ADMIN_PASSWORD": STAFF_PASSWORD}
    subprocess.run(
        [
            str(SVC_BIN / "python"),
            "-m",
            "console.cli",
            "create-staff",
            "--email",
            email,
            "--name",
            f"{role.title()} {email[:12]}",
            "--role",
            role,
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return email


class StaffClient:
    """A staff member signed in to the console over HTTP, as a browser would be."""

    def __init__(self, system: System, email: str, password: str = STAFF_PASSWORD) -> None:
        self.origin = system.console_url
        self.http = httpx.Client(base_url=self.origin, timeout=15, headers={"Accept": "application/json"})
        token = self.http.get("/staff/login").json()["csrf_token"]
        response = self.http.post(
            "/staff/login",
            json={"email": email, "password": password},
            headers={"X-CSRF-Token": token, "Origin": self.origin},
        )
        assert response.status_code == 200, response.text
        self.csrf = response.json()["csrf_token"]
        self.account_id = response.json()["account"]["id"]

    def get(self, path: str, **params: object) -> httpx.Response:
        return self.http.get(path, params=params)

    def send(
        self, method: str, path: str, body: object = None, *, csrf: bool = True, origin: str | None = None
    ) -> httpx.Response:
        """A state-changing request as the console page makes it (CSRF header, own Origin)."""
        headers = {"Origin": origin or self.origin}
        if csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.http.request(method, path, json=body, headers=headers)

    def post(self, path: str, body: object = None, *, csrf: bool = True) -> httpx.Response:
        return self.send("POST", path, body, csrf=csrf)

    def close(self) -> None:
        self.http.close()


@pytest.fixture()
def staff_login(system: System) -> Iterator[Callable[[str], StaffClient]]:
    """Signs in a new account of the given role; every client is closed afterwards."""
    clients: list[StaffClient] = []

    def login(role: str = "staff") -> StaffClient:
        client = StaffClient(system, create_staff_account(system, role))
        clients.append(client)
        return client

    yield login
    for client in clients:
        client.close()
