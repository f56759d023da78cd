"""Telegram output: what the fake Bot API on 127.0.0.1 receives for each kind of bot message."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

import connectors.telegram as telegram_channel
from connectors.telegram import TelegramChannel
from connectors.telegram_output import TelegramOutput, make_bot
from connectors.telegram_render import split_text
from connectors.telegram_text import notice
from tests.connectors.fake_telegram import ChannelApp, FakeBotAPI, bot_said

TOKEN = "123456789:TEST_token-for-the-fake-api"
SECRET = "test-secret_0123456789abcdef"
AMINA = 5550001


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = await FakeBotAPI(TOKEN).start()
    yield api
    await api.stop()


@pytest.fixture
def output(fake: FakeBotAPI) -> TelegramOutput:
    return TelegramOutput(make_bot(TOKEN, fake.base_url))


def callback_data(keyboard: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in keyboard["inline_keyboard"] for b in row]


# -- buttons ----------------------------------------------------------------------------------


async def test_buttons_become_an_inline_keyboard_one_row_each_when_titles_are_long(
    fake: FakeBotAPI, output: TelegramOutput
) -> None:
    buttons = [
        {"title": "Search for vacancies near me", "payload": "/search_vacancies"},
        {"title": "Find a training course", "payload": "/search_training"},
        {"title": "Talk to a counsellor", "payload": "/human_handoff"},
    ]

    await output.send_response(str(AMINA), {"text": "What would you like to do?", "buttons": buttons})

    [sent] = fake.sent(AMINA)
    assert sent["text"] == "What would you like to do?"
    assert sent["reply_markup"] == {
        "inline_keyboard": [[{"text": b["title"], "callback_data": b["payload"]}] for b in buttons]
    }


async def test_short_titles_share_rows(fake: FakeBotAPI, output: TelegramOutput) -> None:
    buttons = [{"title": t, "payload": f"/p{i}"} for i, t in enumerate(["Yes", "No", "Skip", "Stop"])]

    await output.send_text_with_buttons(str(AMINA), "Continue?", buttons)

    rows = fake.sent(AMINA)[0]["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["Yes", "No"], ["Skip", "Stop"]]


async def test_callback_data_stays_within_64_bytes(fake: FakeBotAPI, output: TelegramOutput) -> None:
    fits = '/inform{"education":"2"}'
    exactly_64 = '/inform{"occupation":"' + "x" * 40 + '"}'
    assert len(exactly_64.encode()) == 64
    esco = '/select{"item_id":"http://data.europa.eu/esco/occupation/0e1b5f82-1f6f-4d4b-9b62-0d1b7a41b9a8"}'
    arabic = '/inform{"occupation":"سائق شاحنة ثقيلة ونقل بضائع"}'  # 2 bytes a letter
    buttons = [
        {"title": f"Option {i}", "payload": p} for i, p in enumerate([fits, exactly_64, esco, arabic], 1)
    ]

    await output.send_text_with_buttons(str(AMINA), "Which one?", buttons)

    data = callback_data(fake.sent(AMINA)[0]["reply_markup"])
    assert data == [fits, exactly_64, "b:3", "b:4"]
    assert all(1 <= len(d.encode("utf-8")) <= 64 for d in data)


async def test_a_payload_that_looks_like_a_token_is_sent_as_a_token(
    fake: FakeBotAPI, output: TelegramOutput
) -> None:
    await output.send_text_with_buttons(str(AMINA), "Pick", [{"title": "A", "payload": "b:7"}])

    assert callback_data(fake.sent(AMINA)[0]["reply_markup"]) == ["b:1"]


async def test_a_long_payload_survives_the_round_trip_through_telegram(
    fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent as "b:2", tapped, and read back as the payload from the stored conversation."""

    class Up:
        async def claim_inbound(self, channel: str, message_id: str, sender: str) -> bool:
            return True

    monkeypatch.setattr(telegram_channel, "get_messaging_api", Up)
    channel = TelegramChannel(TOKEN, SECRET, fake.base_url)
    app = await ChannelApp(channel).start()
    try:
        buttons = [
            {
                "title": "Heavy truck drivers",
                "payload": '/select{"item_id":"http://data.europa.eu/esco/occupation/a1"}',
            },
            {
                "title": "Bus and tram drivers",
                "payload": '/select{"item_id":"http://data.europa.eu/esco/occupation/b2"}',
            },
        ]
        await channel.get_output_channel().send_text_with_buttons(str(AMINA), "Which one?", buttons)
        await app.remember(str(AMINA), bot_said("Which one?", buttons))
        shown = fake.sent(AMINA)[0]
        bot_message = {
            "message_id": 77,
            "from": {"id": 7000000001, "is_bot": True, "first_name": "PES Assistant"},
            "chat": {"id": AMINA, "type": "private"},
            "date": int(time.time()),
            "text": shown["text"],
            "reply_markup": shown["reply_markup"],
        }
        tap = {
            "update_id": 900001,
            "callback_query": {
                "id": "555",
                "from": {"id": AMINA, "is_bot": False, "first_name": "Amina"},
                "message": bot_message,
                "chat_instance": "1",
                "data": callback_data(shown["reply_markup"])[1],
            },
        }
        async with httpx.AsyncClient() as http:
            response = await http.post(
                app.url + "/webhooks/telegram/webhook",
                content=json.dumps(tap),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
        assert response.status_code == 200
        assert [m.text for m in app.received] == [buttons[1]["payload"]]
    finally:
        await app.stop()


# -- long texts ----------------------------------------------------------------------------


def numbered_lines(total: int) -> str:
    lines, size, n = [], 0, 0
    while size < total:
        n += 1
        line = f"{n}. Driver, Mombasa, KES 25,000 a month, apply by 31 December at the PES office"
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)[:total].rsplit("\n", 1)[0]


async def test_a_9000_character_text_is_split_between_lines(fake: FakeBotAPI, output: TelegramOutput) -> None:
    text = numbered_lines(9000)
    assert len(text) > 8900
    buttons = [{"title": "More", "payload": "/more"}]

    await output.send_text_with_buttons(str(AMINA), text, buttons)

    parts = fake.sent(AMINA)
    assert len(parts) == 3
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert "\n".join(p["text"] for p in parts) == text  # cut between lines, nothing lost
    assert [("reply_markup" in p) for p in parts] == [False, False, True]  # buttons under the last part


def test_a_single_line_longer_than_the_limit_is_cut_between_words() -> None:
    text = " ".join(["mombasa"] * 1200)  # 9,599 characters, no line break

    parts = split_text(text)

    assert all(len(p) <= 4096 for p in parts)
    assert "".join(parts) == text
    assert all(not p.startswith(" ") for p in parts[1:])  # a cut falls after a space, not inside a word


def test_length_counts_like_telegram_emoji_twice() -> None:
    text = "🙂" * 3000  # 3,000 characters but 6,000 UTF-16 units

    parts = split_text(text)

    assert [len(p) for p in parts] == [2048, 952]
    assert "".join(parts) == text


def test_a_blank_text_is_not_sent() -> None:
    assert split_text(" \n ") == []


# -- the "share my phone number" button -------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "label"),
    [
        (None, "Share my phone number"),
        ([{"type": "slot", "name": "language", "value": "fr"}], "Partager mon numéro"),
        ([{"type": "slot", "name": "language", "value": "sw"}], "Tuma nambari yangu ya simu"),
        ([{"type": "slot", "name": "language", "value": "ar"}], "مشاركة رقم هاتفي"),
    ],
)
async def test_the_phone_question_offers_her_own_number(
    fake: FakeBotAPI, output: TelegramOutput, condition: list[dict[str, str]] | None, label: str
) -> None:
    message: dict[str, Any] = {"text": "What is your phone number?", "utter_action": "utter_ask_reg_phone"}
    if condition:
        message["condition"] = condition

    await output.send_response(str(AMINA), message)

    [sent] = fake.sent(AMINA)
    assert sent["reply_markup"] == {
        "keyboard": [[{"text": label, "request_contact": True}]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }


async def test_other_messages_have_no_contact_button(fake: FakeBotAPI, output: TelegramOutput) -> None:
    await output.send_response(str(AMINA), {"text": "Which town?", "utter_action": "utter_ask_reg_town"})

    assert "reply_markup" not in fake.sent(AMINA)[0]


# -- plain text, failures --------------------------------------------------------------------


async def test_text_is_sent_plain_so_user_data_cannot_inject_markup(
    fake: FakeBotAPI, output: TelegramOutput
) -> None:
    text = "Hello *Amina* <b>_x_</b> [link](http://evil.example)"

    await output.send_text_message(str(AMINA), text)

    [sent] = fake.sent(AMINA)
    assert sent["text"] == text
    assert "parse_mode" not in sent


async def test_a_user_who_blocked_the_bot_does_not_break_the_turn(
    fake: FakeBotAPI, output: TelegramOutput
) -> None:
    fake.blocked_chats.add(AMINA)

    await output.send_text_message(str(AMINA), numbered_lines(6000))  # two parts
    await output.send_text_message(str(AMINA), "still fine")

    # One refused attempt per message: the second part is not tried after a refusal.
    assert [c.method for c in fake.calls] == ["sendMessage!failed", "sendMessage!failed"]


async def test_flood_control_is_waited_out_once(fake: FakeBotAPI, output: TelegramOutput) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

    started = time.monotonic()
    await output.send_text_message(str(AMINA), "Your application was sent.")

    assert time.monotonic() - started >= 1.0
    assert [m["text"] for m in fake.sent(AMINA)] == ["Your application was sent."]


async def test_flood_control_twice_drops_the_message_without_raising(
    fake: FakeBotAPI, output: TelegramOutput
) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

    await output.send_text_message(str(AMINA), "Your application was sent.")

    assert fake.sent(AMINA) == []
    assert [c.method for c in fake.calls] == ["sendMessage!failed", "sendMessage!failed"]


async def test_a_long_flood_wait_is_not_sat_out(fake: FakeBotAPI, output: TelegramOutput) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 300", retry_after=300)

    started = time.monotonic()
    await output.send_text_message(str(AMINA), "hello")

    assert time.monotonic() - started < 5
    assert fake.sent(AMINA) == []


async def test_telegram_unreachable_does_not_raise() -> None:
    unreachable = TelegramOutput(make_bot(TOKEN, "http://127.0.0.1:9/bot"))

    await unreachable.send_text_message(str(AMINA), "hello")  # logged, not raised


# -- without a request: staff replies and job alerts --------------------------------------


async def test_the_output_channel_works_without_a_request(fake: FakeBotAPI) -> None:
    channel = TelegramChannel.from_credentials(
        {"access_token": TOKEN, "secret_token": SECRET, "api_base_url": fake.base_url}
    )

    out = channel.get_output_channel()
    await out.send_response(str(AMINA), {"text": "A counsellor writes: see you on Monday at 10."})

    assert out.name() == "telegram"
    assert [m["text"] for m in fake.sent(AMINA)] == ["A counsellor writes: see you on Monday at 10."]


async def test_a_channel_notice_in_arabic_is_sent_as_is(fake: FakeBotAPI, output: TelegramOutput) -> None:
    await output.send_notice(str(AMINA), notice("unsupported", "ar"))

    assert fake.sent(AMINA)[0]["text"] == notice("unsupported", "ar")
