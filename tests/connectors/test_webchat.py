"""The web chat channel over a real socket.io connection to a Sanic server on 127.0.0.1.

The server runs the channel's own blueprint; the dialogue is replaced by a handler
that records what Rasa would receive and answers through the channel's output, so
the tests see what a browser sees and what the actions would be given.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import socketio
import yaml
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from connectors.webchat import MAX_MESSAGE_CHARS, WebChat

ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = yaml.safe_load((ROOT / "credentials.yml").read_text())["connectors.webchat.WebChat"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    received: list[UserMessage] = field(default_factory=list)


@pytest.fixture(scope="module")
def running_server() -> Iterator[Server]:
    # One server per module, on its own loop in a thread: Sanic 21.12 rewrites its
    # protocol class when an app starts, and a second app in the same process fails.
    channel = WebChat.from_credentials(CREDENTIALS)
    port = free_port()
    srv = Server(url=f"http://127.0.0.1:{port}")

    async def dialogue(message: UserMessage) -> None:
        srv.received.append(message)
        await message.output_channel.send_text_with_buttons(
            message.sender_id, f"You said: {message.text}", [{"title": "Yes", "payload": "/affirm"}]
        )

    app = Sanic(f"webchat_test_{uuid.uuid4().hex}")
    app.blueprint(channel.blueprint(dialogue))
    loop = asyncio.new_event_loop()
    started = threading.Event()

    async def serve() -> None:
        running = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        assert running is not None
        await running.startup()
        started.set()
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            running.close()
            await running.wait_closed()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    task = asyncio.run_coroutine_threadsafe(serve(), loop)
    assert started.wait(10), "the Sanic server did not start"
    try:
        yield srv
    finally:
        task.cancel()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture()
def server(running_server: Server) -> Server:
    running_server.received.clear()
    return running_server


class Browser:
    """A socket.io client that queues every event the server sends it."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in ("session_confirm", "bot_uttered", "message_rejected"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str) -> Callable[[Any], None]:
        return lambda data: self.events.put_nowait((name, data))

    async def connect(self, url: str) -> None:
        # Polling: the async client's websocket transport needs a newer aiohttp than Rasa's.
        await self.sio.connect(url, transports=["polling"])

    async def next(self, timeout: float = 5) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), timeout)

    async def session(self, session_id: str | None = None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        kind, data = await self.next()
        assert kind == "session_confirm"
        return str(data)

    async def say(self, session_id: str, message: Any, **extra: Any) -> None:
        await self.sio.emit("user_uttered", {"session_id": session_id, "message": message, **extra})


@pytest.fixture()
async def browser() -> AsyncIterator[Browser]:
    client = Browser()
    yield client
    if client.sio.connected:
        await client.sio.disconnect()


def test_credentials_configure_the_socketio_channel_with_persistent_sessions() -> None:
    channel = WebChat.from_credentials(CREDENTIALS)
    assert WebChat.name() == "socketio"
    assert channel.session_persistence is True
    assert channel.metadata_key == "customData"
    assert (channel.user_message_evt, channel.bot_message_evt) == ("user_uttered", "bot_uttered")


async def test_a_new_visitor_gets_a_server_made_session_id(server: Server, browser: Browser) -> None:
    await browser.connect(server.url)
    session_id = await browser.session(None)
    assert len(session_id) == 32 and int(session_id, 16) >= 0


@pytest.mark.parametrize(
    "foreign",
    ["+254712345678", "123456789", "amina", "A" * 32, "0" * 31, "../" + "a" * 29, ""],
)
async def test_a_session_id_of_another_form_is_replaced(
    server: Server, browser: Browser, foreign: str
) -> None:
    # Such ids could name another channel's conversation (a phone number, a chat id).
    await browser.connect(server.url)
    session_id = await browser.session(foreign)
    assert session_id != foreign
    assert len(session_id) == 32 and session_id == session_id.lower()


async def test_only_the_language_hint_passes_from_the_client_metadata(
    server: Server, browser: Browser
) -> None:
    await browser.connect(server.url)
    session_id = await browser.session(uuid.uuid4().hex)
    await browser.say(
        session_id,
        "habari",
        customData={"language_hint": "sw", "phone": "+254712345678", "channel": "telegram", "x": 1},
    )
    kind, reply = await browser.next()
    assert kind == "bot_uttered"
    assert reply["text"] == "You said: habari"
    assert reply["quick_replies"] == [{"content_type": "text", "title": "Yes", "payload": "/affirm"}]
    [message] = server.received
    assert message.sender_id == session_id
    assert message.input_channel == "socketio"
    assert message.metadata == {"language_hint": "sw", "channel": "socketio"}


@pytest.mark.parametrize(
    "sent",
    [None, "not json", '{"language_hint": "fr", "phone": "+1555"}', {"language_hint": "<script>"}, ["sw"]],
)
async def test_metadata_in_any_shape_is_reduced_to_what_is_trusted(
    server: Server, browser: Browser, sent: object
) -> None:
    await browser.connect(server.url)
    session_id = await browser.session(uuid.uuid4().hex)
    await browser.say(session_id, "hello", customData=sent)
    assert (await browser.next())[0] == "bot_uttered"
    expected = (
        {"language_hint": "fr", "channel": "socketio"} if "fr" in str(sent) else {"channel": "socketio"}
    )
    assert server.received[0].metadata == expected


async def test_the_session_survives_a_new_connection(server: Server, browser: Browser) -> None:
    # A page reload: a new socket asks for the stored id and gets the replies again.
    await browser.connect(server.url)
    session_id = await browser.session(None)
    await browser.sio.disconnect()

    reloaded = Browser()
    await reloaded.connect(server.url)
    try:
        assert await reloaded.session(session_id) == session_id
        await reloaded.say(session_id, "still me")
        kind, reply = await reloaded.next()
        assert (kind, reply["text"]) == ("bot_uttered", "You said: still me")
        assert [m.sender_id for m in server.received] == [session_id]
    finally:
        await reloaded.sio.disconnect()


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"message": "hi"}, "unknown session"),
        ({"session_id": "+254712345678", "message": "hi"}, "unknown session"),
        ({"session_id": "SESSION", "message": ""}, "no text"),
        ({"session_id": "SESSION", "message": "   "}, "no text"),
        ({"session_id": "SESSION", "message": {"text": "hi"}}, "no text"),
        ({"session_id": "SESSION", "message": "x" * (MAX_MESSAGE_CHARS + 1)}, "longer than"),
        ("just a string", "must be an object"),
    ],
)
async def test_unusable_messages_are_refused_with_a_reason(
    server: Server, browser: Browser, payload: Any, reason: str
) -> None:
    await browser.connect(server.url)
    session_id = await browser.session(None)
    if isinstance(payload, dict) and payload.get("session_id") == "SESSION":
        payload = {**payload, "session_id": session_id}
    await browser.sio.emit("user_uttered", payload)
    kind, data = await browser.next()
    assert kind == "message_rejected"
    assert reason in data["reason"]
    assert server.received == []

    # The connection stays usable after a refusal.
    await browser.say(session_id, "hello again")
    assert (await browser.next())[1]["text"] == "You said: hello again"


async def test_a_message_of_the_largest_allowed_size_is_processed(server: Server, browser: Browser) -> None:
    await browser.connect(server.url)
    session_id = await browser.session(None)
    await browser.say(session_id, "a" * MAX_MESSAGE_CHARS)
    assert (await browser.next())[0] == "bot_uttered"
    assert len(server.received[0].text or "") == MAX_MESSAGE_CHARS
