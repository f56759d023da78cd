"""Africa's Talking channel: real form posts to the webhook, replies through a fake AT API on 127.0.0.1."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from rasa.core.run import create_http_input_channels

from connectors import pes_api
from connectors.sms import keywords, render
from connectors.sms.africastalking import AfricasTalkingChannel
from connectors.sms.base import PENDING_OPT_OUTS, ConfigError
from connectors.sms.keywords import Text
from tests.connectors.fake_gateways import (
    ARABIC_REPLY,
    LONG_REPLY,
    OPTIONS,
    Bot,
    ChannelServer,
    FakeAfricasTalking,
    FakeMessaging,
    remember,
    tracker_store,
)

SECRET = "at-callback-secret-5f0c1b7e9a"
API_KEY = "atsk_0123456789abcdef"
USERNAME = "sandbox"
PHONE = "+254711223344"
FORM = "application/x-www-form-urlencoded"


@dataclass
class AT:
    server: ChannelServer
    channel: AfricasTalkingChannel
    gateway: FakeAfricasTalking
    messaging: FakeMessaging
    bot: Bot
    store: Any
    client: httpx.AsyncClient

    async def post(
        self,
        fields: dict[str, str] | bytes,
        *,
        secret: str | None = SECRET,
        content_type: str = FORM,
        route: str = "/webhook",
    ) -> httpx.Response:
        body = fields if isinstance(fields, bytes) else urlencode(fields).encode()
        query = f"?{urlencode({'secret': secret})}" if secret is not None else ""
        return await self.client.post(
            self.server.url(route) + query, content=body, headers={"Content-Type": content_type}
        )

    async def say(self, text: str, sender: str = PHONE) -> httpx.Response:
        return await self.post(message(text=text, sender=sender))

    def received_by(self, phone: str = PHONE) -> list[str]:
        return [sms.text for sms in self.gateway.sent if sms.to == phone]


def message(*, text: str = "hello", sender: str = PHONE, drop: str = "", **extra: str) -> dict[str, str]:
    """An incoming-message callback as Africa's Talking posts it."""
    fields = {
        "from": sender,
        "to": "20880",
        "text": text,
        "date": "2026-12-03 09:14:02",
        "id": str(uuid.uuid4()),
        "linkId": str(uuid.uuid4()),
        "networkCode": "63902",
        **extra,
    }
    fields.pop(drop, None)
    return fields


@pytest.fixture
async def at(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AT]:
    messaging = FakeMessaging()
    monkeypatch.setattr(pes_api, "get_messaging_api", lambda: messaging)
    PENDING_OPT_OUTS.by_address.clear()
    gateway = FakeAfricasTalking(username=USERNAME, api_key=API_KEY)
    await gateway.start()
    channel = AfricasTalkingChannel(
        username=USERNAME,
        api_key=API_KEY,
        webhook_secret=SECRET,
        sender="PESKE",
        api_base_url=gateway.base_url,
        timeout=1.0,
    )
    store, bot = tracker_store(), Bot()
    try:
        async with ChannelServer(channel, bot, store) as server, httpx.AsyncClient(timeout=10) as client:
            yield AT(server, channel, gateway, messaging, bot, store, client)
    finally:
        PENDING_OPT_OUTS.by_address.clear()
        await gateway.stop()


HELP_EN = keywords.text(Text.HELP, "en")


# -- inbound: one row per kind of request a gateway (or someone else) may send ------------------


@dataclass
class Case:
    name: str
    body: dict[str, str] | bytes
    status: int
    received: list[str] | Callable[[list[str]], bool] = field(default_factory=list)
    # What the phone receives (None: not checked here).
    replies: list[str] | None = field(default_factory=list)
    secret: str | None = SECRET
    content_type: str = FORM


def _shortened(texts: list[str]) -> bool:
    [text] = texts
    return len(text) <= 1600 and text.startswith("word0 word1") and not text.endswith(" ")


CASES = [
    Case("valid", message(text="hello"), 200, ["hello"], ["You said: hello"]),
    Case("valid, no linkId (not premium)", message(text="hi", drop="linkId"), 200, ["hi"], ["You said: hi"]),
    Case("sender without +", message(text="hi", sender="254711223344"), 200, ["hi"], ["You said: hi"]),
    Case("empty text", message(text=""), 200, [], [HELP_EN]),
    Case("blank text", message(text=" \n "), 200, [], [HELP_EN]),
    Case("missing from", message(drop="from"), 400),
    Case("missing text", message(drop="text"), 400),
    Case("missing id", message(drop="id"), 400),
    Case("missing to", message(drop="to"), 400),
    Case("invalid sender", message(sender="12345"), 400),
    Case("wrong secret", message(), 403, secret="at-callback-secret-5f0c1b7e9b"),
    Case("missing secret", message(), 403, secret=None),
    Case("empty secret", message(), 403, secret=""),
    Case("oversize text", message(text=" ".join(f"word{i}" for i in range(400))), 200, _shortened, None),
    Case(
        "invalid encoding, percent-encoded",
        b"from=%2B254711223344&to=20880&text=caf%E9&id=a1&date=2026-12-03",
        400,
    ),
    Case("invalid encoding, raw bytes", b"from=%2B254711223344&to=20880&text=caf\xe9&id=a2&date=x", 400),
    Case(
        "declared latin-1",
        b"from=%2B254711223344&to=20880&text=caf%E9&id=a3&date=x",
        200,
        ["café"],
        ["You said: café"],
        content_type=f"{FORM}; charset=iso-8859-1",
    ),
    Case("not a form", b'{"from": "+254711223344", "text": "hi"}', 400, content_type="application/json"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_inbound(at: AT, case: Case) -> None:
    answer = await at.post(case.body, secret=case.secret, content_type=case.content_type)

    assert answer.status_code == case.status
    if callable(case.received):
        assert case.received(at.bot.texts)
    else:
        assert at.bot.texts == case.received
    if case.replies is not None:
        assert at.received_by(PHONE) == case.replies


async def test_message_reaches_rasa_with_verified_phone_and_channel(at: AT) -> None:
    fields = message(text="any driver jobs?")
    await at.post(fields)

    [received] = at.bot.received
    assert received.sender_id == PHONE
    assert received.input_channel == "africastalking"
    assert received.message_id == fields["id"]
    assert received.metadata == {"phone": PHONE, "channel": "africastalking"}  # Kenya: no language guess
    assert received.output_channel.name() == "africastalking"


async def test_language_hint_from_a_clearly_one_language_country(at: AT) -> None:
    await at.say("bonjour", sender="+33612345678")
    assert at.bot.received[0].metadata["language_hint"] == "fr"


async def test_retry_of_the_same_message_is_processed_once(at: AT) -> None:
    fields = message(text="hello")
    first = await at.post(fields)
    retry = await at.post(fields)

    assert (first.status_code, retry.status_code) == (200, 200)
    assert at.bot.texts == ["hello"]
    assert at.received_by() == ["You said: hello"]


async def test_back_end_down_still_processes_and_answers(at: AT, caplog: pytest.LogCaptureFixture) -> None:
    at.messaging.down = True
    answer = await at.say("hello")

    assert answer.status_code == 200
    assert at.bot.texts == ["hello"]
    assert at.received_by() == ["You said: hello"]
    assert "could not record an SMS sent" in caplog.text


async def test_a_failing_bot_gets_an_apology_and_the_gateway_no_retry(at: AT) -> None:
    answer = await at.say("crash")
    assert answer.status_code == 200
    assert at.received_by() == [keywords.text(Text.UNAVAILABLE, "en")]


# -- STOP / START / HELP -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "language"),
    [("STOP", "en"), ("unsubscribe", "en"), ("Arrêt", "fr"), ("PARAR", "es"), ("acha", "sw"), ("توقف", "ar")],
)
async def test_stop_opts_out_confirms_once_then_nothing_more_is_sent(
    at: AT, word: str, language: str
) -> None:
    answer = await at.say(word)

    assert answer.status_code == 200
    assert at.bot.texts == []  # the keyword is the channel's, not the bot's
    assert at.messaging.opt_outs[PHONE] == {"keyword": word, "channel": "africastalking", "family": "sms"}
    assert at.received_by() == [render.gsm_safe(keywords.text(Text.STOPPED, language))]

    # Her later messages are neither processed nor answered...
    await at.say("any jobs?")
    await at.say(word)
    # ...and nothing reaches her from outside a conversation either (job alert, staff reply).
    await at.channel.get_output_channel().send_response(PHONE, {"text": "New vacancy: driver in Mombasa"})

    assert at.bot.texts == []
    assert len(at.received_by()) == 1


async def test_stop_in_a_french_conversation_is_confirmed_in_french(at: AT) -> None:
    await remember(at.store, PHONE, language="fr")
    await at.say("STOP")
    assert at.received_by() == [render.gsm_safe(keywords.text(Text.STOPPED, "fr"))]


async def test_parar_from_portugal_is_confirmed_in_portuguese(at: AT) -> None:
    await at.say("parar", sender="+351912345678")
    assert at.received_by("+351912345678") == [render.gsm_safe(keywords.text(Text.STOPPED, "pt"))]


async def test_start_opts_back_in(at: AT) -> None:
    await at.say("STOP")
    answer = await at.say("ANZA")

    assert answer.status_code == 200
    assert PHONE not in at.messaging.opt_outs
    assert at.received_by()[-1] == keywords.text(Text.STARTED, "sw")
    await at.say("hello")
    assert at.bot.texts == ["hello"]


async def test_start_from_someone_who_never_opted_out_is_a_message_for_the_bot(at: AT) -> None:
    await at.say("start")
    assert at.bot.texts == ["start"]
    assert at.received_by() == ["You said: start"]


async def test_help_answers_even_after_opt_out(at: AT) -> None:
    await at.say("STOP")
    await at.say("MSAADA")

    assert at.received_by()[-1] == keywords.text(Text.HELP, "sw")
    assert PHONE in at.messaging.opt_outs
    assert at.bot.texts == []


@pytest.mark.parametrize("word", ["HELP", "aide", "AYUDA", "ajuda", "msaada", "مساعدة"])
async def test_help_in_each_language(at: AT, word: str) -> None:
    found = keywords.match(word)
    assert found is not None
    await at.say(word)
    assert at.received_by() == [render.gsm_safe(keywords.text(Text.HELP, found.languages[0]))]


async def test_stop_while_the_back_end_is_down_is_still_honoured(at: AT) -> None:
    at.messaging.down = True
    await at.say("STOP")
    assert at.received_by() == [keywords.text(Text.STOPPED, "en")]

    output = at.channel.get_output_channel()
    await output.send_response(PHONE, {"text": "New vacancy"})
    assert len(at.received_by()) == 1

    # Once the back-end answers again, the opt-out is stored there and still honoured.
    at.messaging.down = False
    await output.send_response(PHONE, {"text": "New vacancy"})
    assert PHONE in at.messaging.opt_outs
    assert len(at.received_by()) == 1


async def test_start_while_the_back_end_is_still_down_undoes_the_kept_opt_out(at: AT) -> None:
    at.messaging.down = True
    await at.say("STOP")
    await at.say("START")

    assert at.received_by() == [keywords.text(Text.STOPPED, "en"), keywords.text(Text.STARTED, "en")]
    await at.say("hello")
    assert at.bot.texts == ["hello"]


async def test_start_is_for_the_bot_when_nobody_can_tell_whether_she_opted_out(at: AT) -> None:
    at.messaging.down = True
    await at.say("START")
    assert at.bot.texts == ["START"]


async def test_start_that_cannot_be_stored_says_so_and_keeps_the_opt_out(at: AT) -> None:
    await at.say("STOP")
    at.messaging.failing = {"opt_in"}
    await at.say("START")

    assert at.received_by()[-1] == keywords.text(Text.UNAVAILABLE, "en")
    assert PHONE in at.messaging.opt_outs
    assert at.bot.texts == []


async def test_an_opt_out_check_that_fails_does_not_silence_the_channel(at: AT) -> None:
    at.messaging.failing = {"is_opted_out"}
    await at.say("hello")
    assert at.received_by() == ["You said: hello"]


# -- numbered replies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "reaches_bot"),
    [
        ("2", "/search_training"),
        (" 3 ", "/human_handoff"),
        ("1.", '/search_vacancies{"occupation": "driver"}'),
        ("٢", "/search_training"),  # Arabic-Indic digit
        ("4", "4"),  # out of range: maybe an answer to "how many years?"
        ("0", "0"),
        ("2 years", "2 years"),
    ],
)
async def test_a_number_picks_the_option_last_offered(at: AT, reply: str, reaches_bot: str) -> None:
    await remember(at.store, PHONE, buttons=OPTIONS)
    await at.say(reply)
    assert at.bot.texts == [reaches_bot]


async def test_a_number_without_options_passes_through(at: AT) -> None:
    await remember(at.store, PHONE, buttons=[])
    await at.say("2")
    assert at.bot.texts == ["2"]


async def test_a_job_alert_through_rasas_events_api_reaches_the_phone(at: AT) -> None:
    # What Rasa does for POST /conversations/{id}/tracker/events?output_channel=latest
    # &execute_side_effects=true: pick the input channel by name, ask it for an output
    # channel (no request), send the bot event's message through it.
    from rasa.server import _get_output_channel
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events(PHONE, [UserUttered("hi", input_channel="africastalking")])
    request = SimpleNamespace(args={"output_channel": "latest"}, app=SimpleNamespace(ctx=at.server.app.ctx))
    output = _get_output_channel(request, tracker)  # type: ignore[arg-type]
    alert = BotUttered("New job: Driver, Acme, Mombasa. Closes 12 Dec.", metadata={"kind": "job_alert"})

    await output.send_response(PHONE, alert.message())

    assert at.received_by() == ["New job: Driver, Acme, Mombasa. Closes 12 Dec."]


# -- rendering and the segment budget ------------------------------------------------------


async def test_options_are_numbered_with_a_hint_in_the_conversation_language(at: AT) -> None:
    await remember(at.store, PHONE, language="fr")
    await at.say("options")
    assert at.received_by() == [
        "What are you looking for?\n1. Driver jobs\n2. Training\n3. Talk to a person\nRépondez 1, 2 ou 3"
    ]


async def test_the_messages_of_one_turn_go_out_as_few_sms_as_the_budget_allows(at: AT) -> None:
    await at.say("two")
    assert at.received_by() == ["Thank you, Amina.\nWhat is your date of birth?"]
    [row] = at.messaging.outbound
    assert row["segments"] == 1


async def test_a_send_without_a_request_reads_the_conversation_language(at: AT) -> None:
    await remember(at.store, PHONE, language="es")
    output = at.channel.get_output_channel()
    await output.send_response(PHONE, {"text": "¿Qué busca?", "buttons": OPTIONS[:2]})
    assert at.received_by() == ["¿Qué busca?\n1. Driver jobs\n2. Training\nResponda 1 o 2"]


async def test_every_sms_is_recorded_with_encoding_segments_and_gateway_id(at: AT) -> None:
    await at.say("long")
    await at.say("arabic")

    sent = at.gateway.sent
    recorded = [o for o in at.messaging.outbound if o["recipient"] == PHONE]
    assert len(recorded) == len(sent) >= 3
    for sms, row in zip(sent, recorded, strict=True):
        measured = render.measure(sms.text)
        assert row["provider_message_id"] == sms.message_id
        assert (row["encoding"], row["segments"], row["text"]) == (
            measured.encoding,
            measured.segments,
            sms.text,
        )
        assert row["status"] == "sent"
        assert row["channel"] == row["provider"] == "africastalking"
        assert row["conversation_id"] == PHONE
        assert sms.sender == "PESKE"
    long_parts = [s.text for s in sent[:-1]]
    assert len(long_parts) > 1 and all(render.segments(t) <= 2 for t in long_parts)
    assert "\n".join(long_parts) == LONG_REPLY
    assert recorded[-1]["encoding"] == "ucs2"
    assert sent[-1].text == f"{ARABIC_REPLY}\n1. Driver jobs\n2. Training\nأرسل 1 أو 2"


@pytest.mark.parametrize(
    ("behaviour", "status", "error"),
    [
        ({"fail_with": (500, "Internal Server Error")}, "failed", "HTTP 500"),
        ({"fail_with": (401, "The supplied authentication is invalid")}, "failed", "HTTP 401"),
        ({"delay": 2.0}, "failed", "in time"),
        ({"refused": {PHONE: 403}}, "rejected", "403 InvalidPhoneNumber"),
    ],
)
async def test_gateway_errors_are_recorded_and_the_conversation_goes_on(
    at: AT, caplog: pytest.LogCaptureFixture, behaviour: dict[str, Any], status: str, error: str
) -> None:
    for name, value in behaviour.items():
        setattr(at.gateway.behaviour, name, value)

    answer = await at.say("hello")

    assert answer.status_code == 200
    assert at.bot.texts == ["hello"]
    [row] = at.messaging.outbound
    assert row["status"] == status
    assert row["provider_message_id"] is None
    assert error in caplog.text


# -- delivery reports ---------------------------------------------------------------------


def report(**fields: str) -> dict[str, str]:
    return {"phoneNumber": PHONE, "networkCode": "63902", "retryCount": "0", **fields}


@pytest.mark.parametrize(
    ("status", "failure", "canonical"),
    [
        ("Success", "", "delivered"),
        ("Sent", "", "sent"),
        ("Submitted", "", "sent"),
        ("Buffered", "", "sent"),
        ("Failed", "AbsentSubscriber", "failed"),
        ("Rejected", "UserInBlacklist", "rejected"),
        ("Expired", "", "failed"),
        ("Teleported", "", "unknown"),
    ],
)
async def test_delivery_reports_are_mapped_and_stored(
    at: AT, status: str, failure: str, canonical: str
) -> None:
    await at.say("hello")
    message_id = at.gateway.sent[0].message_id

    answer = await at.post(report(id=message_id, status=status, failureReason=failure), route="/delivery")

    assert answer.status_code == 200
    assert answer.json() == {"status": canonical, "matched": True}
    assert at.messaging.deliveries == [
        {
            "provider": "africastalking",
            "provider_message_id": message_id,
            "status": canonical,
            "provider_status": status,
            "error": failure or None,
        }
    ]


async def test_report_for_an_unknown_message_is_stored_unmatched(at: AT) -> None:
    answer = await at.post(report(id="ATXid_unknown", status="Success"), route="/delivery")
    assert answer.json() == {"status": "delivered", "matched": False}


@pytest.mark.parametrize(
    ("fields", "secret", "code"),
    [
        (report(status="Success"), SECRET, 400),
        (report(id="ATXid_1"), SECRET, 400),
        (report(id="ATXid_1", status="Success"), "wrong-secret-0000000000", 403),
        (report(id="ATXid_1", status="Success"), None, 403),
    ],
    ids=["missing id", "missing status", "wrong secret", "missing secret"],
)
async def test_bad_delivery_reports_are_refused(
    at: AT, fields: dict[str, str], secret: str | None, code: int
) -> None:
    answer = await at.post(fields, secret=secret, route="/delivery")
    assert answer.status_code == code
    assert at.messaging.deliveries == []


async def test_a_report_the_back_end_cannot_store_asks_for_a_retry(at: AT) -> None:
    at.messaging.down = True
    answer = await at.post(report(id="ATXid_1", status="Success"), route="/delivery")
    assert answer.status_code == 503


# -- configuration ------------------------------------------------------------------------


async def test_allowed_networks_refuse_other_addresses(at: AT) -> None:
    at.channel.allowed_networks = AfricasTalkingChannel(
        username="u", api_key="k", webhook_secret=SECRET, allowed_networks="192.0.2.0/24"
    ).allowed_networks
    assert (await at.say("hello")).status_code == 403
    at.channel.allowed_networks = AfricasTalkingChannel(
        username="u", api_key="k", webhook_secret=SECRET, allowed_networks="192.0.2.0/24, 127.0.0.0/8"
    ).allowed_networks
    assert (await at.say("hello")).status_code == 200


CREDENTIALS = """
connectors.sms.africastalking.AfricasTalkingChannel:
  username: ${AFRICASTALKING_USERNAME}
  api_key: ${AFRICASTALKING_API_KEY}
  webhook_secret: ${AFRICASTALKING_WEBHOOK_SECRET}
  sender: ${AFRICASTALKING_SENDER}
  api_base_url: ${AFRICASTALKING_API_BASE_URL}
"""


def test_rasa_builds_the_channel_from_credentials(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AFRICASTALKING_USERNAME": "sandbox",
        "AFRICASTALKING_API_KEY": API_KEY,
        "AFRICASTALKING_WEBHOOK_SECRET": SECRET,
        "AFRICASTALKING_SENDER": "20880",
        "AFRICASTALKING_API_BASE_URL": "https://api.sandbox.africastalking.com/",
    }.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "credentials.yml"
    path.write_text(CREDENTIALS)

    [channel] = create_http_input_channels(None, str(path))

    assert isinstance(channel, AfricasTalkingChannel)
    assert channel.name() == "africastalking"
    assert channel.api_base_url == "https://api.sandbox.africastalking.com"
    assert channel.sender == "20880"
    assert channel.get_output_channel().name() == "africastalking"


@pytest.mark.parametrize(
    ("credentials", "message"),
    [
        ({"api_key": "k", "webhook_secret": SECRET}, "'username' (set AFRICASTALKING_USERNAME"),
        ({"username": "u", "webhook_secret": SECRET}, "'api_key' (set AFRICASTALKING_API_KEY"),
        ({"username": "u", "api_key": "k", "webhook_secret": " "}, "'webhook_secret'"),
        ({"username": "u", "api_key": "k", "webhook_secret": "short"}, "at least 16 characters"),
        (
            {"username": "u", "api_key": "k", "webhook_secret": SECRET, "allowed_networks": "10.0.0.0/33"},
            "allowed_networks",
        ),
        (None, "'username'"),
    ],
)
def test_bad_credentials_say_what_is_missing(credentials: dict[str, str] | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        AfricasTalkingChannel.from_credentials(credentials)
