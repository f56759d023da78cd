"""Live updates: the broadcaster on its own, and the SSE stream of a real HTTP server
telling an open inbox page about claims, new tickets and messages."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn

from console.inbox.events import Broadcaster
from console.staff.models import Role
from tests.console.conftest import PASSWORD, Console, FakeUpstream

API = "/staff/inbox/api"
PHONE = "+254712345678"


async def _allowed() -> bool:
    return True


async def _take(stream: Any, n: int, timeout: float = 5) -> list[str]:
    return [await asyncio.wait_for(anext(stream), timeout) for _ in range(n)]


async def test_an_event_published_from_another_thread_reaches_the_stream() -> None:
    broadcaster = Broadcaster()
    stream = broadcaster.stream(_allowed)
    (hello,) = await _take(stream, 1)
    assert hello.startswith("retry: ")
    assert broadcaster.subscribers == 1
    thread = threading.Thread(target=broadcaster.publish, args=(7, "updated"))
    thread.start()
    thread.join()
    (event,) = await _take(stream, 1)
    assert event == 'event: ticket\ndata: {"id": 7, "kind": "updated"}\n\n'
    await stream.aclose()
    assert broadcaster.subscribers == 0


async def test_a_quiet_stream_gets_heartbeats_and_ends_with_its_session() -> None:
    broadcaster = Broadcaster(heartbeat_seconds=0.02)
    allowed = [True, True, False]

    async def still_allowed() -> bool:
        return allowed.pop(0)

    chunks = [chunk async for chunk in broadcaster.stream(still_allowed)]
    assert chunks[1:] == [": keep-alive\n\n", ": keep-alive\n\n"]
    assert broadcaster.subscribers == 0


async def test_a_reader_that_falls_behind_is_disconnected_and_others_are_not() -> None:
    broadcaster = Broadcaster(queue_size=3)
    slow, fast = broadcaster.stream(_allowed), broadcaster.stream(_allowed)
    await _take(slow, 1)
    await _take(fast, 1)
    for n in range(4):
        broadcaster.publish(n, "message")
        await asyncio.sleep(0)
        assert json.loads((await _take(fast, 1))[0].split("data: ")[1])["id"] == n
    with pytest.raises(StopAsyncIteration):
        await _take(slow, 1)
    broadcaster.publish(9, "note")
    assert '"id": 9' in (await _take(fast, 1))[0]
    broadcaster.close_all()
    with pytest.raises(StopAsyncIteration):
        await _take(fast, 1)
    assert broadcaster.subscribers == 0


@contextmanager
def serve(console: Console) -> Iterator[tuple[str, threading.Thread]]:
    """The console on a real HTTP server (uvicorn) on a free port, in a thread."""
    config = uvicorn.Config(
        console.app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", thread
    finally:
        server.should_exit = True
        thread.join(15)


def sign_in(base: str, console: Console, email: str, role: Role) -> tuple[httpx.Client, dict[str, str]]:
    console.add_account(email, role)
    client = httpx.Client(base_url=base, timeout=10)
    token = client.get("/staff/login", headers={"Accept": "application/json"}).json()["csrf_token"]
    answer = client.post("/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 200, answer.text
    return client, {"X-CSRF-Token": answer.json()["csrf_token"], "Accept": "application/json"}


def read_events(
    client: httpx.Client, found: queue.Queue[dict[str, Any] | str], ready: threading.Event
) -> None:
    """What a browser's EventSource does: reads `event:`/`data:` lines until the stream ends."""
    with client.stream("GET", f"{API}/events", headers={"Accept": "text/event-stream"}) as response:
        found.put(f"{response.status_code} {response.headers['content-type']}")
        kind = None
        try:
            for line in response.iter_lines():
                if line.startswith("retry:"):
                    ready.set()
                if line.startswith("event: "):
                    kind = line.removeprefix("event: ")
                elif line.startswith("data: ") and kind == "ticket":
                    found.put(json.loads(line.removeprefix("data: ")))
        except httpx.RemoteProtocolError:
            pass  # the server stopped and cut the stream; a browser would reconnect
    found.put("ended")


def test_an_open_inbox_page_hears_of_new_tickets_claims_and_messages(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    with serve(inbox_console) as (base, thread):
        page, _ = sign_in(base, inbox_console, "watcher@pes.example.org", Role.STAFF)
        worker, headers = sign_in(base, inbox_console, "worker@pes.example.org", Role.STAFF)
        found: queue.Queue[dict[str, Any] | str] = queue.Queue()
        ready = threading.Event()
        reader = threading.Thread(target=read_events, args=(page, found, ready), daemon=True)
        reader.start()
        assert found.get(timeout=10) == "200 text/event-stream; charset=utf-8"
        assert ready.wait(10)

        upstream.add_escalation(1, PHONE)
        inbox_console.sync()
        created = found.get(timeout=10)
        assert isinstance(created, dict) and created["kind"] == "created"
        ticket_id = created["id"]

        assert worker.post(f"{API}/tickets/{ticket_id}/claim", headers=headers).status_code == 200
        assert found.get(timeout=10) == {"id": ticket_id, "kind": "updated"}

        upstream.say(PHONE, "user", "Are you there?")
        inbox_console.sync()
        assert found.get(timeout=10) == {"id": ticket_id, "kind": "message"}
        assert (
            worker.post(f"{API}/tickets/{ticket_id}/notes", json={"text": "n"}, headers=headers).status_code
            == 201
        )
        assert found.get(timeout=10) == {"id": ticket_id, "kind": "note"}
        assert (
            worker.post(
                f"{API}/tickets/{ticket_id}/messages", json={"text": "Yes"}, headers=headers
            ).status_code
            == 201
        )
        assert found.get(timeout=10) == {"id": ticket_id, "kind": "message"}
        assert worker.post(f"{API}/tickets/{ticket_id}/close", headers=headers).status_code == 200
        assert found.get(timeout=10) == {"id": ticket_id, "kind": "closed"}
        worker.close()
        started = time.monotonic()
    # Stopping the server with the page still open ends its stream (it does not hold the stop up).
    assert not thread.is_alive()
    assert time.monotonic() - started < 10
    reader.join(5)
    assert found.get(timeout=1) == "ended"
    page.close()


def test_signing_out_ends_the_pages_stream(inbox_console: Console) -> None:
    inbox_console.inbox.broadcaster.heartbeat_seconds = 0.1
    with serve(inbox_console) as (base, _thread):
        page, headers = sign_in(base, inbox_console, "watcher@pes.example.org", Role.STAFF)
        found: queue.Queue[dict[str, Any] | str] = queue.Queue()
        ready = threading.Event()
        reader = threading.Thread(target=read_events, args=(page, found, ready), daemon=True)
        reader.start()
        assert found.get(timeout=10) == "200 text/event-stream; charset=utf-8"
        assert ready.wait(10)
        time.sleep(0.3)
        assert reader.is_alive(), "heartbeats keep a signed-in page's stream open"
        with httpx.Client(base_url=base, cookies=page.cookies, timeout=10) as same_browser:
            assert same_browser.post("/staff/logout", headers=headers).status_code == 204
        assert found.get(timeout=5) == "ended"
        assert page.get(f"{API}/events", headers={"Accept": "text/event-stream"}).status_code == 401
        page.close()
