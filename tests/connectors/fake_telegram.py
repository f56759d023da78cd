"""A fake Telegram Bot API on 127.0.0.1, and the Sanic app the channel is mounted on in tests.

`FakeBotAPI` answers the methods the channel and the webhook command call, the way
Telegram does (`{"ok": true, "result": ...}`, or `{"ok": false, "error_code": ...,
"description": ...}`), checks what Telegram checks (the token, text length, callback
data size, an empty text), records every call, and can be told to fail the next call
of a method (a blocked user, flood control) or to treat a chat as blocked.

`ChannelApp` serves a channel's blueprint on a real socket, with an `on_new_message`
that records each UserMessage and answers with scripted bot messages through the
message's own output channel, so rendering is tested end to end without Rasa. Its
conversations live in Rasa's own in-memory tracker store, read by the channel exactly
as on the Rasa server.
"""

from __future__ import annotations

import itertools
import json
import socket
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from aiohttp import web
from rasa.core.channels.channel import InputChannel, UserMessage, register
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "PES Assistant", "username": "pes_test_bot"}
# Parameters Telegram reads as JSON; every other one is a plain string.
JSON_PARAMS = {
    "chat_id",
    "reply_markup",
    "allowed_updates",
    "max_connections",
    "drop_pending_updates",
    "show_alert",
    "cache_time",
}
TEXT_LIMIT = 4096


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class PlannedError:
    status: int
    description: str
    retry_after: int | None = None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class BotAPIError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


class FakeBotAPI:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.blocked_chats: set[int] = set()
        self.webhook: dict[str, Any] = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        self._planned: dict[str, list[PlannedError]] = {}
        self._message_ids = itertools.count(500)
        self._runner: web.AppRunner | None = None
        self.root = ""

    @property
    def base_url(self) -> str:
        """What the channel is configured with (TELEGRAM_API_BASE_URL)."""
        return f"{self.root}/bot"

    async def start(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.root = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- steering and reading --------------------------------------------------------------
    def fail_next(self, method: str, status: int, description: str, retry_after: int | None = None) -> None:
        self._planned.setdefault(method, []).append(PlannedError(status, description, retry_after))

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The sendMessage calls Telegram accepted, optionally to one chat."""
        return [p for p in self.calls_to("sendMessage") if chat_id is None or p.get("chat_id") == chat_id]

    # -- the API ---------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        prefix, _, method = request.path.lstrip("/").partition("/")
        if prefix != f"bot{self.token}":
            return self._error(401, "Unauthorized")
        params = await self._params(request)
        planned = self._planned.get(method)
        if planned:
            error = planned.pop(0)
            self.calls.append(Call(f"{method}!failed", params))
            return self._error(error.status, error.description, error.retry_after)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, "Not Found")
        try:
            result = handler(params)
        except BotAPIError as exc:
            self.calls.append(Call(f"{method}!failed", params))
            return self._error(exc.status, exc.description, exc.retry_after)
        self.calls.append(Call(method, params))
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json()
            return dict(body) if isinstance(body, dict) else {}
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            text = str(value)
            params[key] = json.loads(text) if key in JSON_PARAMS else text
        return params

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(BOT_USER)

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None:
            raise BotAPIError(400, "Bad Request: chat_id is empty")
        if chat_id in self.blocked_chats:
            raise BotAPIError(403, "Forbidden: bot was blocked by the user")
        text = params.get("text") or ""
        if not text.strip():
            raise BotAPIError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > TEXT_LIMIT:
            raise BotAPIError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                    raise BotAPIError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise BotAPIError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": dict(BOT_USER),
            "chat": {
                "id": chat_id,
                "type": "private" if isinstance(chat_id, int) and chat_id > 0 else "group",
            },
            "date": int(time.time()),
            "text": text,
        }
        if "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "chat": {"id": params.get("chat_id"), "type": "private"},
            "date": int(time.time()),
            "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 1, "height": 1}],
        }

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise BotAPIError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if len(params.get("text") or "") > 200:
            raise BotAPIError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        if not params.get("url"):
            raise BotAPIError(400, "Bad Request: bad webhook: URL must be provided")
        self.webhook.update(
            url=params["url"],
            allowed_updates=params.get("allowed_updates") or [],
            max_connections=params.get("max_connections") or 40,
        )
        return True

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook.update(url="")
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self.webhook)


# -- the channel on a Sanic app -----------------------------------------------------------

Reply = dict[str, Any]
_app_numbers = itertools.count(1)
DOMAIN = Domain.from_dict({"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}})


@dataclass
class ChannelApp:
    """The channel's blueprint served on 127.0.0.1, as Rasa mounts it (/webhooks/<name>)."""

    channel: InputChannel
    received: list[UserMessage] = field(default_factory=list)
    # Bot messages to send back, by the text Rasa would receive.
    replies: dict[str, list[Reply]] = field(default_factory=dict)
    fail_on: set[str] = field(default_factory=set)
    url: str = ""

    def __post_init__(self) -> None:
        # Sanic 21.12 rewrites its protocol class when an app starts; in test mode it keeps
        # the original, so that more than one app can start in this process.
        Sanic.test_mode = True
        self.app = Sanic(f"telegram_test_{next(_app_numbers)}")
        self.store = InMemoryTrackerStore(DOMAIN)
        self.app.ctx.agent = SimpleNamespace(tracker_store=self.store, handle_message=self._on_new_message)
        register([self.channel], self.app, route="/webhooks/")  # as the Rasa server mounts channels
        self._server: Any = None

    async def _on_new_message(self, message: UserMessage) -> None:
        self.received.append(message)
        if message.text in self.fail_on:
            raise RuntimeError("the dialogue failed")
        for reply in self.replies.get(message.text or "", []):
            await message.output_channel.send_response(message.sender_id, dict(reply))

    async def remember(self, sender_id: str, *events: Event) -> None:
        """Store a conversation as Rasa would have left it."""
        tracker = DialogueStateTracker.from_events(sender_id, list(events), slots=DOMAIN.slots)
        await self.store.save(tracker)

    async def start(self) -> ChannelApp:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._server = await self.app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
        await self._server.startup()
        await self._server.before_start()
        await self._server.after_start()
        return self

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.before_stop()
            await self._server.close()
            await self._server.after_stop()


def bot_said(
    text: str, buttons: list[dict[str, Any]] | None = None, utter_action: str | None = None
) -> BotUttered:
    return BotUttered(
        text,
        data={"buttons": buttons} if buttons else {},
        metadata={"utter_action": utter_action} if utter_action else {},
    )


def user_said(text: str) -> UserUttered:
    return UserUttered(text)


def language(code: str) -> SlotSet:
    return SlotSet("language", code)
