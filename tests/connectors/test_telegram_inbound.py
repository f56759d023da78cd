"""Telegram webhook: what Rasa receives, what Telegram is asked to do, what the HTTP answer is.

Real-shaped updates (tests/connectors/payloads/telegram/) are posted over a real socket to
the channel mounted as Rasa mounts it; replies go to a fake Bot API on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

import connectors.telegram as telegram_channel
from connectors.pes_api import MessagingUnavailable
from connectors.telegram import TelegramChannel
from connectors.telegram_text import notice
from tests.connectors.fake_telegram import ChannelApp, FakeBotAPI, bot_said, language, user_said

PAYLOADS = Path(__file__).parent / "payloads" / "telegram"
TOKEN = "123456789:TEST_token-for-the-fake-api"
SECRET = "test-secret_0123456789abcdef"
WEBHOOK = "/webhooks/telegram/webhook"
AMINA = 5550001


def payload(name: str) -> bytes:
    return (PAYLOADS / f"{name}.json").read_bytes()


def update(name: str) -> dict[str, Any]:
    return json.loads(payload(name))


class MemoryMessaging:
    """The back-end's messaging API as the channel sees it, in memory."""

    def __init__(self) -> None:
        self.claimed: set[tuple[str, str]] = set()
        self.down = False

    async def claim_inbound(self, channel: str, message_id: str, sender: str) -> bool:
        if self.down:
            raise MessagingUnavailable("back-end unreachable")
        first = (channel, message_id) not in self.claimed
        self.claimed.add((channel, message_id))
        return first


@dataclass
class Stack:
    fake: FakeBotAPI
    app: ChannelApp
    messaging: MemoryMessaging
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=30))

    async def post(self, body: bytes, secret: str | None = SECRET) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return await self.http.post(self.app.url + WEBHOOK, content=body, headers=headers)


@pytest.fixture
async def stack(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Stack]:
    messaging = MemoryMessaging()
    monkeypatch.setattr(telegram_channel, "get_messaging_api", lambda: messaging)
    fake = await FakeBotAPI(TOKEN).start()
    channel = TelegramChannel.from_credentials(
        {"access_token": TOKEN, "secret_token": SECRET, "api_base_url": fake.base_url}
    )
    app = await ChannelApp(channel).start()
    stack = Stack(fake, app, messaging)
    try:
        yield stack
    finally:
        await stack.http.aclose()
        await app.stop()
        await fake.stop()


@dataclass(frozen=True)
class Case:
    id: str
    body: bytes
    status: int = 200
    secret: str | None = SECRET
    # The text Rasa receives (None: nothing reaches Rasa) and metadata it must carry.
    to_rasa: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    # The channel's own sentence sent to the chat, if any.
    notice: str | None = None
    notice_chat: int = AMINA
    # A button tap: answered, with the small notice if it could not be used.
    tap_answered: bool = False
    tap_notice: str | None = None


LONG_TEXT = " ".join(["driver"] * 900)  # 6,299 characters; Telegram caps at 4,096


def long_text() -> bytes:
    data = update("text")
    data["message"]["text"] = LONG_TEXT
    return json.dumps(data).encode()


CASES = [
    Case("text", payload("text"), to_rasa="any driver jobs in mombasa?", metadata={"language_hint": "en"}),
    Case(
        "language pt-BR is a hint pt",
        payload("text_pt_br"),
        to_rasa="quero trabalho de motorista",
        metadata={"language_hint": "pt"},
    ),
    Case(
        "language outside ours gives no hint",
        payload("text_unknown_language"),
        to_rasa="hello",
        absent=("language_hint",),
    ),
    Case("oversize text is accepted whole", long_text(), to_rasa=LONG_TEXT),
    Case(
        "/start with a deep link greets and keeps the payload",
        payload("start_payload"),
        to_rasa="/greet",
        metadata={"start_payload": "jobs_mombasa"},
    ),
    Case("/start alone greets", payload("start_plain"), to_rasa="/greet", absent=("start_payload",)),
    Case("/help addressed to the bot", payload("command_help"), to_rasa="/help"),
    Case(
        "typed intent syntax is read as words",
        payload("command_injection"),
        to_rasa='inform{"reg_phone": "+254700000001"}',
        absent=("phone",),
    ),
    Case(
        "button tap with its payload",
        payload("callback_short"),
        to_rasa="/search_vacancies",
        tap_answered=True,
    ),
    Case(
        "tap on an older message's token says the button's title",
        payload("callback_token"),
        to_rasa="Bus and tram drivers",
        tap_answered=True,
    ),
    Case(
        "tap with data that no button carries",
        payload("callback_forged"),
        tap_answered=True,
        tap_notice="expired_button",
    ),
    Case(
        "tap on a message Telegram no longer shows, nothing offered",
        payload("callback_inaccessible"),
        tap_answered=True,
        tap_notice="expired_button",
    ),
    Case(
        "her own contact",
        payload("contact_own"),
        to_rasa='/share_phone{"phone": "+254712345678"}',
        metadata={"phone": "+254712345678"},
    ),
    Case("someone else's contact", payload("contact_other"), notice="foreign_contact"),
    Case(
        "a contact without a Telegram account", payload("contact_without_account"), notice="foreign_contact"
    ),
    Case("edited message", payload("edited"), notice="edited"),
    Case("sticker", payload("sticker"), notice="unsupported"),
    Case("photo with a caption", payload("photo"), notice="unsupported"),
    Case("voice note", payload("voice"), notice="unsupported"),
    Case("location", payload("location"), notice="unsupported"),
    Case("document", payload("document"), notice="unsupported"),
    Case("poll", payload("poll"), notice="unsupported"),
    Case("group chat", payload("group_message"), notice="group", notice_chat=-4012345678),
    Case("channel post is ignored", payload("channel_post")),
    Case("bot blocked (my_chat_member) is ignored", payload("my_chat_member")),
    Case("unknown update type is ignored", payload("unknown_type")),
    Case("empty body", b"", status=400),
    Case("not JSON", b"{update_id: 1", status=400),
    Case("invalid UTF-8", b'{"update_id": 1, "message": {"text": "\xff\xfe"}}', status=400),
    Case("JSON that is not an object", b"[1, 2, 3]", status=400),
    Case("missing update_id", payload("missing_update_id"), status=400),
    Case("message without chat", payload("missing_chat"), status=400),
    Case("message that is not an object", payload("message_not_object"), status=400),
    Case("forged secret", payload("text"), status=403, secret="test-secret_0123456789abcdeX"),
    Case("missing secret", payload("text"), status=403, secret=None),
    Case("forged secret on a malformed body", b"nonsense", status=403, secret="guess"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_inbound(stack: Stack, case: Case) -> None:
    response = await stack.post(case.body, secret=case.secret)

    assert response.status_code == case.status, response.text
    received = stack.app.received
    if case.to_rasa is None:
        assert received == []
    else:
        assert [m.text for m in received] == [case.to_rasa]
        message = received[0]
        assert message.sender_id == str(AMINA)
        assert message.input_channel == "telegram"
        assert message.metadata["channel"] == "telegram"
        assert message.metadata.items() >= case.metadata.items()
        for key in case.absent:
            assert key not in message.metadata
    sent = stack.fake.sent()
    if case.notice is None:
        assert sent == []
    else:
        assert [(m["chat_id"], m["text"]) for m in sent] == [(case.notice_chat, notice(case.notice, "en"))]
    taps = [(t["callback_query_id"], t.get("text")) for t in stack.fake.calls_to("answerCallbackQuery")]
    if case.tap_answered:
        query_id = json.loads(case.body)["callback_query"]["id"]
        assert taps == [(query_id, notice(case.tap_notice, "en") if case.tap_notice else None)]
    else:
        assert taps == []
    if case.status != 200:
        assert stack.fake.calls == []


# -- redelivery -------------------------------------------------------------------------------


async def test_a_redelivered_update_is_processed_once(stack: Stack) -> None:
    first = await stack.post(payload("text"))
    again = await stack.post(payload("text"))

    assert first.status_code == again.status_code == 200
    assert [m.text for m in stack.app.received] == ["any driver jobs in mombasa?"]
    assert again.json()["processed"] == 0


async def test_a_redelivered_sticker_is_answered_once(stack: Stack) -> None:
    await stack.post(payload("sticker"))
    await stack.post(payload("sticker"))

    assert len(stack.fake.sent()) == 1


async def test_with_the_back_end_down_messages_are_still_processed(stack: Stack) -> None:
    stack.messaging.down = True

    await stack.post(payload("text"))
    await stack.post(payload("text"))

    # A rare duplicate is better than a lost message.
    assert [m.text for m in stack.app.received] == ["any driver jobs in mombasa?"] * 2


# -- the conversation's language and buttons --------------------------------------------------


@pytest.mark.parametrize(
    ("stored_language", "app_language", "expected"),
    [
        ("fr", "en", "fr"),  # the conversation's language wins over the app's
        (None, "sw", "sw"),
        (None, "ar", "ar"),
        (None, "de", "en"),
    ],
)
async def test_notices_are_in_her_language(
    stack: Stack, stored_language: str | None, app_language: str, expected: str
) -> None:
    if stored_language:
        await stack.app.remember(str(AMINA), language(stored_language))
    data = update("sticker")
    data["message"]["from"]["language_code"] = app_language

    await stack.post(json.dumps(data).encode())

    assert [m["text"] for m in stack.fake.sent()] == [notice("unsupported", expected)]


OCCUPATIONS = [
    {
        "title": "Heavy truck and lorry drivers",
        "payload": '/select{"item_id":"http://data.europa.eu/esco/occupation/a1"}',
    },
    {
        "title": "Bus and tram drivers",
        "payload": '/select{"item_id":"http://data.europa.eu/esco/occupation/b2"}',
    },
    {"title": "None of these", "payload": "/deny"},
]


async def test_a_token_tap_is_mapped_back_to_the_long_payload(stack: Stack) -> None:
    await stack.app.remember(
        str(AMINA), user_said("driver"), bot_said("Which of these is closest to your work?", OCCUPATIONS)
    )

    await stack.post(payload("callback_token"))

    assert [m.text for m in stack.app.received] == [OCCUPATIONS[1]["payload"]]
    assert [t.get("text") for t in stack.fake.calls_to("answerCallbackQuery")] == [None]


async def test_a_token_from_another_message_is_not_mapped_to_the_wrong_button(stack: Stack) -> None:
    # The latest message offered other buttons: "b:2" there is not what she tapped.
    later = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    await stack.app.remember(str(AMINA), bot_said("Which of these?", OCCUPATIONS), bot_said("Sure?", later))

    await stack.post(payload("callback_token"))

    assert [m.text for m in stack.app.received] == ["Bus and tram drivers"]


async def test_a_token_on_a_message_telegram_no_longer_shows_uses_the_latest_buttons(stack: Stack) -> None:
    await stack.app.remember(str(AMINA), bot_said("Which of these?", OCCUPATIONS))

    await stack.post(payload("callback_inaccessible"))

    assert [m.text for m in stack.app.received] == [OCCUPATIONS[0]["payload"]]


async def test_a_tap_after_she_wrote_again_says_the_title_not_a_stale_payload(stack: Stack) -> None:
    await stack.app.remember(str(AMINA), bot_said("Which of these?", OCCUPATIONS), user_said("hmm"))

    await stack.post(payload("callback_token"))

    assert [m.text for m in stack.app.received] == ["Bus and tram drivers"]


# -- replies through the message's own output channel -----------------------------------------


async def test_a_failure_in_the_dialogue_is_answered_with_an_apology(stack: Stack) -> None:
    stack.app.fail_on.add("any driver jobs in mombasa?")

    response = await stack.post(payload("text"))

    assert response.status_code == 200  # Telegram must not redeliver a message that fails
    assert [m["text"] for m in stack.fake.sent(AMINA)] == [notice("error", "en")]


async def test_sharing_her_number_answers_the_question_and_takes_the_keyboard_away(stack: Stack) -> None:
    await stack.app.remember(
        str(AMINA), bot_said("What is your phone number?", utter_action="utter_ask_reg_phone")
    )
    shared = '/share_phone{"phone": "+254712345678"}'
    stack.app.replies[shared] = [{"text": "Which town do you live in?", "utter_action": "utter_ask_reg_town"}]

    await stack.post(payload("contact_own"))

    assert stack.app.received[0].metadata["phone"] == "+254712345678"
    [reply] = stack.fake.sent(AMINA)
    assert reply["text"] == "Which town do you live in?"
    assert reply["reply_markup"] == {"remove_keyboard": True}


async def test_a_typed_number_also_takes_the_contact_keyboard_away(stack: Stack) -> None:
    await stack.app.remember(
        str(AMINA), bot_said("What is your phone number?", utter_action="utter_ask_reg_phone")
    )
    data = update("text")
    data["message"]["text"] = "0712 345 678"
    stack.app.replies["0712 345 678"] = [
        {"text": "Thanks.", "utter_action": "utter_thanks"},
        {"text": "Which town do you live in?", "utter_action": "utter_ask_reg_town"},
    ]

    await stack.post(json.dumps(data).encode())

    first, second = stack.fake.sent(AMINA)
    assert first["reply_markup"] == {"remove_keyboard": True}
    assert "reply_markup" not in second


async def test_replies_to_a_message_carry_inline_buttons(stack: Stack) -> None:
    stack.app.replies["/greet"] = [
        {
            "text": "Hello! How can I help you?",
            "buttons": [
                {"title": "Find a job", "payload": "/search_vacancies"},
                {"title": "Training", "payload": "/search_training"},
            ],
            "utter_action": "utter_greet",
        }
    ]

    await stack.post(payload("start_payload"))

    [reply] = stack.fake.sent(AMINA)
    assert reply["text"] == "Hello! How can I help you?"
    assert reply["reply_markup"] == {
        "inline_keyboard": [
            [
                {"text": "Find a job", "callback_data": "/search_vacancies"},
                {"text": "Training", "callback_data": "/search_training"},
            ]
        ]
    }
    assert "parse_mode" not in reply


async def test_health_route_answers() -> None:
    fake = await FakeBotAPI(TOKEN).start()
    try:
        channel = TelegramChannel(TOKEN, SECRET, fake.base_url)
        app = await ChannelApp(channel).start()
        try:
            async with httpx.AsyncClient() as http:
                response = await http.get(app.url + "/webhooks/telegram/")
            assert response.json() == {"status": "ok", "channel": "telegram"}
        finally:
            await app.stop()
    finally:
        await fake.stop()
