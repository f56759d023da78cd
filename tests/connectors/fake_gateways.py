"""Fake SMS gateways on 127.0.0.1 that answer like Africa's Talking and Twilio, and a harness
that serves a channel's blueprint on a real Sanic server, as Rasa mounts it.

The fakes check what the real APIs check (the apiKey header, basic auth, the required
form fields) and record every SMS handed to them, so a test asserts on what a phone
would have received.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import inspect
import itertools
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from aiohttp import web
from rasa.core.channels.channel import register
from sanic import Sanic

from connectors import pes_api
from connectors.base import ChannelInput


@dataclass
class SentSms:
    to: str
    text: str
    sender: str | None
    message_id: str
    form: dict[str, str]


class _Server:
    """An aiohttp application on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.app = web.Application()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> str:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@dataclass
class GatewayBehaviour:
    """What the fake does with the next sends (tests change it)."""

    # (HTTP status, body) returned instead of accepting, e.g. (500, "oops").
    fail_with: tuple[int, str] | None = None
    # Seconds to wait before answering (timeouts).
    delay: float = 0.0
    # Recipients the gateway refuses (AT: statusCode 403/406; Twilio: 21211/21610).
    refused: dict[str, int] = field(default_factory=dict)


class FakeAfricasTalking(_Server):
    """POST /version1/messaging like api.africastalking.com."""

    def __init__(self, *, username: str, api_key: str) -> None:
        super().__init__()
        self.username = username
        self.api_key = api_key
        self.sent: list[SentSms] = []
        self.behaviour = GatewayBehaviour()
        self.app.router.add_post("/version1/messaging", self._send)

    async def _send(self, request: web.Request) -> web.Response:
        if self.behaviour.delay:
            await asyncio.sleep(self.behaviour.delay)
        if request.headers.get("apiKey") != self.api_key:
            return web.Response(status=401, text="The supplied authentication is invalid")
        if self.behaviour.fail_with:
            status, text = self.behaviour.fail_with
            return web.Response(status=status, text=text)
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        if form.get("username") != self.username or not form.get("to") or "message" not in form:
            return web.Response(status=400, text="Request is missing required form field 'to'")
        to = form["to"]
        if to in self.behaviour.refused:
            code = self.behaviour.refused[to]
            recipient = {
                "statusCode": code,
                "number": to,
                "status": "InvalidPhoneNumber",
                "cost": "0",
                "messageId": "None",
            }
            return web.json_response(
                {"SMSMessageData": {"Message": "Sent to 0/1", "Recipients": [recipient]}}
            )
        message_id = f"ATXid_{uuid.uuid4().hex}"
        self.sent.append(SentSms(to, form["message"], form.get("from"), message_id, form))
        recipient = {
            "statusCode": 101,
            "number": to,
            "status": "Success",
            "cost": "KES 0.8000",
            "messageId": message_id,
        }
        body = {
            "SMSMessageData": {"Message": "Sent to 1/1 Total Cost: KES 0.8000", "Recipients": [recipient]}
        }
        return web.json_response(body, status=201)


class FakeTwilio(_Server):
    """POST /2010-04-01/Accounts/{sid}/Messages.json like api.twilio.com."""

    def __init__(self, *, account_sid: str, auth_token: str) -> None:
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sent: list[SentSms] = []
        self.behaviour = GatewayBehaviour()
        self._ids = itertools.count(1)
        self.app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._send)

    def _authorised(self, request: web.Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {expected}"

    async def _send(self, request: web.Request) -> web.Response:
        if self.behaviour.delay:
            await asyncio.sleep(self.behaviour.delay)
        if request.match_info["sid"] != self.account_sid or not self._authorised(request):
            return web.json_response({"code": 20003, "message": "Authenticate", "status": 401}, status=401)
        if self.behaviour.fail_with:
            status, text = self.behaviour.fail_with
            return web.Response(status=status, text=text, content_type="application/json")
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        if not form.get("To") or not (form.get("From") or form.get("MessagingServiceSid")):
            return web.json_response(
                {"code": 21604, "message": "A 'To' phone number is required.", "status": 400}, status=400
            )
        if "Body" not in form:
            return web.json_response(
                {"code": 21602, "message": "Message body is required.", "status": 400}, status=400
            )
        to = form["To"]
        if to in self.behaviour.refused:
            code = self.behaviour.refused[to]
            return web.json_response({"code": code, "message": "refused", "status": 400}, status=400)
        sid = f"SM{next(self._ids):032x}"
        self.sent.append(SentSms(to, form["Body"], form.get("From"), sid, form))
        body = {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": form.get("From"),
            "body": form["Body"],
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
        }
        return web.json_response(body, status=201)


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """X-Twilio-Signature as Twilio documents it: HMAC-SHA1 over the URL and sorted name+value pairs."""
    payload = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


# -- the channel under test, served like Rasa serves it ---------------------------------------

OnNewMessage = Callable[[Any], Awaitable[Any]]


class ChannelServer:
    """A Sanic app named like Rasa's, the channel registered by Rasa's own `register` (so
    routes are /webhooks/<name>/... and messages go to `app.ctx.agent.handle_message`),
    with a tracker store on the agent as in production, on a free port of 127.0.0.1."""

    def __init__(
        self, channel: ChannelInput, on_new_message: OnNewMessage, tracker_store: Any = None
    ) -> None:
        self.channel = channel
        self.on_new_message = on_new_message
        self.tracker_store = tracker_store
        self.base_url = ""
        self.app: Any = None
        self._server: Any = None
        self._socket: socket.socket | None = None

    async def __aenter__(self) -> ChannelServer:
        Sanic.test_mode = True  # one app name per process otherwise
        self.app = app = Sanic("rasa_server")
        app.config.ACCESS_LOG = False
        app.ctx.agent = SimpleNamespace(tracker_store=self.tracker_store, handle_message=self.on_new_message)
        register([self.channel], app, route="/webhooks/")
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(100)
        self._server = await app.create_server(
            sock=self._socket, return_asyncio_server=True, access_log=False
        )
        await self._server.startup()
        await self._server.before_start()
        await self._server.after_start()
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        return self

    async def __aexit__(self, *_: Any) -> None:
        await self._server.before_stop()
        self._server.close()
        await self._server.wait_closed()
        await self._server.after_stop()
        if self._socket is not None:
            self._socket.close()

    def url(self, route: str) -> str:
        return f"{self.base_url}/webhooks/{self.channel.name()}{route}"


# -- the back-end's messaging API, swapped at its factory (get_messaging_api) -------------------


class FakeMessaging:
    """In-memory stand-in for connectors.pes_api.MessagingAPI, with the contract's semantics."""

    def __init__(self) -> None:
        self.claimed: set[tuple[str, str]] = set()
        self.opt_outs: dict[str, dict[str, str]] = {}
        self.outbound: list[dict[str, Any]] = []
        self.deliveries: list[dict[str, Any]] = []
        self.down = False
        # Names of the methods that fail, the rest answering (a partial outage).
        self.failing: set[str] = set()

    def _answer(self, method: str) -> None:
        if self.down or method in self.failing:
            raise pes_api.MessagingUnavailable("the back-end is down (test)")

    async def claim_inbound(self, channel: str, message_id: str, sender: str) -> bool:
        self._answer("claim_inbound")
        first = (channel, message_id) not in self.claimed
        self.claimed.add((channel, message_id))
        return first

    async def is_opted_out(self, address: str, family: str = "sms") -> bool:
        self._answer("is_opted_out")
        return address in self.opt_outs

    async def opt_out(self, address: str, keyword: str, channel: str, family: str = "sms") -> None:
        self._answer("opt_out")
        self.opt_outs.setdefault(address, {"keyword": keyword, "channel": channel, "family": family})

    async def opt_in(self, address: str, family: str = "sms") -> None:
        self._answer("opt_in")
        self.opt_outs.pop(address, None)

    async def record_outbound(self, **fields: Any) -> None:
        # The channel must call it as the real client accepts it (TypeError otherwise).
        inspect.signature(pes_api.MessagingAPI.record_outbound).bind(self, **fields)
        self._answer("record_outbound")
        self.outbound.append(fields)

    async def record_delivery(self, **fields: Any) -> bool:
        inspect.signature(pes_api.MessagingAPI.record_delivery).bind(self, **fields)
        self._answer("record_delivery")
        self.deliveries.append(fields)
        return any(o["provider_message_id"] == fields["provider_message_id"] for o in self.outbound)


# -- a bot that answers like Rasa does: through message.output_channel ------------------------------

OPTIONS = [
    {"title": "Driver jobs", "payload": '/search_vacancies{"occupation": "driver"}'},
    {"title": "Training", "payload": "/search_training"},
    {"title": "Talk to a person", "payload": "/human_handoff"},
]
LONG_REPLY = "\n".join(
    f"{i}. Delivery driver, Mombasa Road depot, KES 28,000 a month, apply before Friday at the county office"
    for i in range(1, 8)
)
ARABIC_REPLY = "هل تريد البحث عن وظيفة سائق في مومباسا؟"


class Bot:
    """Records every UserMessage and replies through its output channel, as Rasa's agent does."""

    def __init__(self) -> None:
        self.received: list[Any] = []

    @property
    def texts(self) -> list[str]:
        return [m.text for m in self.received]

    async def __call__(self, message: Any) -> None:
        self.received.append(message)
        output, to = message.output_channel, message.sender_id
        if message.text == "crash":
            raise RuntimeError("the bot failed (test)")
        if message.text == "options":
            await output.send_response(to, {"text": "What are you looking for?", "buttons": list(OPTIONS)})
        elif message.text == "long":
            await output.send_response(to, {"text": LONG_REPLY})
        elif message.text == "two":
            await output.send_response(to, {"text": "Thank you, Amina."})
            await output.send_response(to, {"text": "What is your date of birth?"})
        elif message.text == "arabic":
            await output.send_response(to, {"text": ARABIC_REPLY, "buttons": OPTIONS[:2]})
        else:
            await output.send_response(
                to, {"text": f"You said: {message.text}", "utter_action": "utter_echo"}
            )


# -- a real Rasa tracker store holding a conversation's language and latest buttons -----------------

_DOMAIN_YAML = """
version: "3.1"
slots:
  language:
    type: text
    influence_conversation: false
    mappings:
    - type: custom
"""


def tracker_store() -> Any:
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain

    return InMemoryTrackerStore(Domain.from_yaml(_DOMAIN_YAML))


async def remember(
    store: Any, sender: str, *, language: str | None = None, buttons: list[dict[str, Any]] | None = None
) -> None:
    """Store a conversation whose latest bot message offered `buttons`, in `language`."""
    from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events: list[Any] = [UserUttered("hello")]
    if language:
        events.append(SlotSet("language", language))
    events.append(
        BotUttered("Choose one", data={"buttons": buttons or []}, metadata={"utter_action": "utter_x"})
    )
    tracker = DialogueStateTracker.from_events(sender, events, slots=store.domain.slots)
    await store.save(tracker)
