"""Twilio channel: signed form posts to the webhook, replies through a fake Twilio API on 127.0.0.1."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from rasa.core.run import create_http_input_channels

from connectors import pes_api
from connectors.sms import keywords, render
from connectors.sms.base import PENDING_OPT_OUTS, ConfigError
from connectors.sms.keywords import Text
from connectors.sms.twilio import EMPTY_TWIML, TwilioChannel
from tests.connectors.fake_gateways import (
    Bot,
    ChannelServer,
    FakeMessaging,
    FakeTwilio,
    tracker_store,
    twilio_signature,
)

ACCOUNT_SID = "AC" + "1f" * 16
AUTH_TOKEN = "0b7c5e1d9a4f3e2d1c0b9a8f7e6d5c4b"
PUBLIC_URL = "https://pes.example.org"
WEBHOOK_URL = f"{PUBLIC_URL}/webhooks/twilio/webhook"
STATUS_URL = f"{PUBLIC_URL}/webhooks/twilio/status"
OUR_NUMBER = "+254700100200"
PHONE = "+254711223344"
FORM = "application/x-www-form-urlencoded"
SIGN = "sign"  # sentinel: sign the request correctly


@dataclass
class TW:
    server: ChannelServer
    channel: TwilioChannel
    gateway: FakeTwilio
    messaging: FakeMessaging
    bot: Bot
    client: httpx.AsyncClient

    async def post(
        self,
        fields: dict[str, str] | bytes,
        *,
        signature: str | None = SIGN,
        signed_url: str = WEBHOOK_URL,
        content_type: str = FORM,
        route: str = "/webhook",
    ) -> httpx.Response:
        headers = {"Content-Type": content_type}
        if signature == SIGN:
            params = fields if isinstance(fields, dict) else {}
            signature = twilio_signature(AUTH_TOKEN, signed_url, params)
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        body = fields if isinstance(fields, bytes) else urlencode(fields).encode()
        return await self.client.post(self.server.url(route), content=body, headers=headers)

    async def say(self, text: str, sender: str = PHONE) -> httpx.Response:
        return await self.post(message(text=text, sender=sender))

    def received_by(self, phone: str = PHONE) -> list[str]:
        return [sms.text for sms in self.gateway.sent if sms.to == phone]


def message(*, text: str = "hello", sender: str = PHONE, drop: str = "", **extra: str) -> dict[str, str]:
    """An incoming-message webhook as Twilio posts it."""
    sid = "SM" + uuid.uuid4().hex
    fields = {
        "ToCountry": "KE",
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": text,
        "FromCountry": "KE",
        "To": OUR_NUMBER,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
        **extra,
    }
    fields.pop(drop, None)
    return fields


@pytest.fixture
async def tw(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TW]:
    messaging = FakeMessaging()
    monkeypatch.setattr(pes_api, "get_messaging_api", lambda: messaging)
    PENDING_OPT_OUTS.by_address.clear()
    gateway = FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    await gateway.start()
    channel = TwilioChannel(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=OUR_NUMBER,
        public_url=PUBLIC_URL + "/",
        api_base_url=gateway.base_url,
        timeout=1.0,
    )
    bot = Bot()
    try:
        async with (
            ChannelServer(channel, bot, tracker_store()) as server,
            httpx.AsyncClient(timeout=10) as client,
        ):
            yield TW(server, channel, gateway, messaging, bot, client)
    finally:
        PENDING_OPT_OUTS.by_address.clear()
        await gateway.stop()


HELP_EN = keywords.text(Text.HELP, "en")


@dataclass
class Case:
    name: str
    body: dict[str, str] | bytes
    status: int
    received: list[str] = field(default_factory=list)
    replies: list[str] | None = field(default_factory=list)
    signature: str | None = SIGN
    signed_url: str = WEBHOOK_URL
    content_type: str = FORM


_valid = message(text="hello")
_tampered = dict(_valid)
CASES = [
    Case("valid", message(text="hello"), 200, ["hello"], ["You said: hello"]),
    Case("empty body", message(text=""), 200, [], [HELP_EN]),
    Case(
        "picture without words",
        message(text="", NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1"),
        200,
        [],
        [HELP_EN],
    ),
    Case("missing From", message(drop="From"), 400),
    Case("missing Body", message(drop="Body"), 400),
    Case("missing MessageSid", message(drop="MessageSid"), 400),
    Case("not a phone sender", message(sender="whatsapp:+254711223344"), 400),
    Case("missing signature", message(), 403, signature=None),
    Case("empty signature", message(), 403, signature=""),
    Case(
        "forged signature", message(), 403, signature=twilio_signature("not-the-token", WEBHOOK_URL, _valid)
    ),
    Case("signed for another URL", message(), 403, signed_url="https://evil.example/webhooks/twilio/webhook"),
    Case(
        "tampered after signing",
        {**_tampered, "Body": "send all"},
        403,
        signature=twilio_signature(AUTH_TOKEN, WEBHOOK_URL, _valid),
    ),
    Case("oversize body", message(text="x " * 1000), 200, ["x " * 799 + "x"], None),
    Case("invalid encoding", b"From=%2B254711223344&To=%2B254700100200&Body=caf%E9&MessageSid=SM1", 400),
    Case("not a form", b'{"From": "+254711223344"}', 400, content_type="application/json"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_inbound(tw: TW, case: Case) -> None:
    answer = await tw.post(
        case.body, signature=case.signature, signed_url=case.signed_url, content_type=case.content_type
    )

    assert answer.status_code == case.status
    assert tw.bot.texts == case.received
    if case.replies is not None:
        assert tw.received_by() == case.replies


async def test_the_server_url_is_not_what_is_signed_behind_a_proxy(tw: TW) -> None:
    # Signed over the address the Rasa server sees: Twilio never calls that, so it is refused.
    answer = await tw.post(message(), signed_url=tw.server.url("/webhook"))
    assert answer.status_code == 403
    assert tw.bot.texts == []


async def test_answer_is_empty_twiml_and_replies_go_through_the_api(tw: TW) -> None:
    answer = await tw.say("hello")

    assert answer.headers["content-type"].startswith("text/xml")
    assert answer.text == EMPTY_TWIML
    [sms] = tw.gateway.sent
    assert (sms.to, sms.sender, sms.text) == (PHONE, OUR_NUMBER, "You said: hello")
    assert sms.form["StatusCallback"] == STATUS_URL
    [received] = tw.bot.received
    assert received.metadata == {"phone": PHONE, "channel": "twilio"}
    assert received.input_channel == "twilio"


async def test_a_messaging_service_sends_without_a_from_number(tw: TW) -> None:
    tw.channel.from_number = "MG" + "2a" * 16
    await tw.say("hello")
    [sms] = tw.gateway.sent
    assert sms.form["MessagingServiceSid"] == tw.channel.from_number
    assert "From" not in sms.form


async def test_retry_of_the_same_message_sid_is_processed_once(tw: TW) -> None:
    fields = message(text="hello")
    assert (await tw.post(fields)).status_code == 200
    assert (await tw.post(fields)).status_code == 200
    assert tw.bot.texts == ["hello"]
    assert tw.received_by() == ["You said: hello"]


async def test_stop_then_nothing_more_is_sent(tw: TW) -> None:
    await tw.say("stop")
    await tw.say("any jobs?")
    await tw.channel.get_output_channel().send_response(PHONE, {"text": "A counsellor replied"})

    assert tw.received_by() == [keywords.text(Text.STOPPED, "en")]
    assert tw.bot.texts == []
    await tw.say("start")
    assert tw.received_by()[-1] == keywords.text(Text.STARTED, "en")


async def test_sent_sms_are_recorded_with_twilio_sid(tw: TW) -> None:
    await tw.say("long")
    assert len(tw.gateway.sent) > 1
    for sms, row in zip(tw.gateway.sent, tw.messaging.outbound, strict=True):
        measured = render.measure(sms.text)
        assert row["provider_message_id"] == sms.message_id
        assert (row["encoding"], row["segments"], row["status"]) == (
            measured.encoding,
            measured.segments,
            "queued",
        )
        assert row["segments"] <= 2


async def test_twilio_refusing_an_unsubscribed_recipient_opts_the_number_out(tw: TW) -> None:
    tw.gateway.behaviour.refused[PHONE] = 21610
    await tw.say("hello")

    [row] = tw.messaging.outbound
    assert row["status"] == "rejected"
    assert PHONE in tw.messaging.opt_outs
    await tw.channel.get_output_channel().send_response(PHONE, {"text": "New vacancy"})
    assert len(tw.messaging.outbound) == 1  # not even attempted


@pytest.mark.parametrize(
    ("behaviour", "status", "error"),
    [
        ({"fail_with": (500, '{"message": "internal"}')}, "failed", "HTTP 500"),
        ({"fail_with": (429, '{"code": 20429, "message": "Too Many Requests"}')}, "failed", "20429"),
        ({"refused": {PHONE: 21211}}, "rejected", "Twilio error 21211"),
        ({"delay": 2.0}, "failed", "in time"),
    ],
)
async def test_gateway_errors_are_recorded_and_the_conversation_goes_on(
    tw: TW, caplog: pytest.LogCaptureFixture, behaviour: dict[str, Any], status: str, error: str
) -> None:
    for name, value in behaviour.items():
        setattr(tw.gateway.behaviour, name, value)

    answer = await tw.say("hello")

    assert answer.status_code == 200
    assert tw.bot.texts == ["hello"]
    [row] = tw.messaging.outbound
    assert row["status"] == status
    assert error in caplog.text


async def test_wrong_api_credentials_are_a_failed_send_not_a_crash(tw: TW) -> None:
    tw.channel.auth_token = "wrong-token"
    assert (await tw.say("hello")).status_code == 200
    assert tw.messaging.outbound[0]["status"] == "failed"


# -- status callbacks -----------------------------------------------------------------------


def status_callback(sid: str, status: str, error_code: str = "") -> dict[str, str]:
    fields = {
        "SmsSid": sid,
        "SmsStatus": status,
        "MessageStatus": status,
        "To": PHONE,
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": OUR_NUMBER,
        "ApiVersion": "2010-04-01",
    }
    if error_code:
        fields["ErrorCode"] = error_code
    return fields


@pytest.mark.parametrize(
    ("status", "error_code", "canonical", "error"),
    [
        ("queued", "", "queued", None),
        ("sending", "", "queued", None),
        ("sent", "", "sent", None),
        ("delivered", "", "delivered", None),
        ("read", "", "delivered", None),
        ("undelivered", "30003", "failed", "Twilio error 30003"),
        ("failed", "30008", "failed", "Twilio error 30008"),
        ("beamed", "", "unknown", None),
    ],
)
async def test_status_callbacks_are_mapped_and_stored(
    tw: TW, status: str, error_code: str, canonical: str, error: str | None
) -> None:
    await tw.say("hello")
    sid = tw.gateway.sent[0].message_id

    answer = await tw.post(status_callback(sid, status, error_code), signed_url=STATUS_URL, route="/status")

    assert answer.status_code == 200
    assert answer.json() == {"status": canonical, "matched": True}
    expected = {"provider_message_id": sid, "status": canonical, "provider_status": status, "error": error}
    assert tw.messaging.deliveries == [{"provider": "twilio", **expected}]


@pytest.mark.parametrize(
    ("fields", "signature", "signed_url", "code"),
    [
        (status_callback("SM1", "delivered"), None, STATUS_URL, 403),
        (status_callback("SM1", "delivered"), SIGN, WEBHOOK_URL, 403),
        (status_callback("SM1", "delivered"), "bm90IGEgc2lnbmF0dXJl", STATUS_URL, 403),
        ({"AccountSid": ACCOUNT_SID, "MessageSid": "SM1"}, SIGN, STATUS_URL, 400),
    ],
    ids=["missing signature", "signed for the message webhook", "forged signature", "missing status"],
)
async def test_bad_status_callbacks_are_refused(
    tw: TW, fields: dict[str, str], signature: str | None, signed_url: str, code: int
) -> None:
    answer = await tw.post(fields, signature=signature, signed_url=signed_url, route="/status")
    assert answer.status_code == code
    assert tw.messaging.deliveries == []


# -- configuration ------------------------------------------------------------------------

CREDENTIALS = """
connectors.sms.twilio.TwilioChannel:
  account_sid: ${TWILIO_ACCOUNT_SID}
  auth_token: ${TWILIO_AUTH_TOKEN}
  from_number: ${TWILIO_FROM_NUMBER}
  public_url: ${TWILIO_WEBHOOK_BASE_URL}
"""


def test_rasa_builds_the_channel_from_credentials(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_FROM_NUMBER", OUR_NUMBER)
    monkeypatch.setenv("TWILIO_WEBHOOK_BASE_URL", PUBLIC_URL)
    path = tmp_path / "credentials.yml"
    path.write_text(CREDENTIALS)

    [channel] = create_http_input_channels(None, str(path))

    assert isinstance(channel, TwilioChannel)
    assert channel.api_base_url == "https://api.twilio.com"
    assert channel.public_url_of("/webhook") == WEBHOOK_URL
    assert channel.get_output_channel().name() == "twilio"


_GOOD = {
    "account_sid": ACCOUNT_SID,
    "auth_token": AUTH_TOKEN,
    "from_number": OUR_NUMBER,
    "public_url": PUBLIC_URL,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"account_sid": None}, "'account_sid' (set TWILIO_ACCOUNT_SID"),
        ({"auth_token": ""}, "'auth_token' (set TWILIO_AUTH_TOKEN"),
        ({"from_number": None}, "'from_number' (set TWILIO_FROM_NUMBER"),
        ({"public_url": None}, "'public_url' (set TWILIO_WEBHOOK_BASE_URL"),
        ({"account_sid": "SK123"}, "starting with AC"),
        ({"public_url": "pes.example.org"}, "public base URL"),
    ],
)
def test_bad_credentials_say_what_is_missing(change: dict[str, str | None], message: str) -> None:
    credentials = {k: v for k, v in {**_GOOD, **change}.items() if v is not None}
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        TwilioChannel.from_credentials(credentials)
