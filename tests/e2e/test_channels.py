"""The assistant over its real channels: Africa's Talking and Twilio SMS, Telegram.

Each test posts what the provider would post to the Rasa server's webhook (form fields,
Twilio's signature, Telegram's update JSON and secret header) and reads what the
assistant sent back from the fake provider APIs (tests/e2e/providers.py), which the
Rasa server reaches over real HTTP. The back-end's records are checked over its API.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest

from backend.core.clock import pes_today
from tools.fake_providers import Call, FakeProviders
from tools.system import System

_ids = itertools.count(1)
OPTION = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)


def unique_phone() -> str:
    """A valid Kenyan mobile number no other test uses."""
    return f"+2547{uuid.uuid4().int % 10**8:08d}"


@dataclass
class Person:
    """One user of one channel; `send` returns what the assistant answered, joined."""

    system: System
    providers: FakeProviders
    last: list[Call] = field(default_factory=list)

    provider = ""
    address = ""

    def post(self, text: str) -> httpx.Response:
        raise NotImplementedError

    def send(self, text: str, expect_reply: bool = True) -> str:
        before = len(self.providers.sent(self.provider, self.address))
        response = self.post(text)
        assert response.status_code == 200, response.text
        if not expect_reply:
            return ""
        self.last = self.providers.wait_for(self.provider, self.address, before)
        return self.reply

    @property
    def reply(self) -> str:
        return "\n".join(c.text for c in self.last)

    def choose(self, title_part: str) -> str:
        """Answers with the number of the listed option whose title contains `title_part`."""
        for number, title in OPTION.findall(self.reply):
            if title_part.lower() in title.lower():
                return self.send(number)
        raise AssertionError(f"no option like {title_part!r} in: {self.reply}")

    def choose_first(self) -> str:
        return self.send("1")


@dataclass
class SmsPerson(Person):
    gateway: str = "africastalking"
    phone: str = field(default_factory=unique_phone)

    def __post_init__(self) -> None:
        self.provider = self.gateway
        self.address = self.phone

    def post(self, text: str) -> httpx.Response:
        return post_sms(self.system, self.gateway, self.phone, text)


def post_sms(system: System, gateway: str, phone: str, text: str, **extra: str) -> httpx.Response:
    if gateway == "africastalking":
        form = {
            "from": phone,
            "to": "20880",
            "text": text,
            "date": "2026-12-03 10:00:00",
            "id": extra.pop("id", str(uuid.uuid4())),
            "linkId": str(uuid.uuid4()),
        }
        secret = os.environ["AFRICASTALKING_WEBHOOK_SECRET"]
        url = f"{system.rasa_url}/webhooks/africastalking/webhook"
        return httpx.post(url, params={"secret": extra.pop("secret", secret)}, data=form, timeout=90)
    form = {
        "MessageSid": extra.pop("id", "SM" + uuid.uuid4().hex),
        "AccountSid": os.environ["TWILIO_ACCOUNT_SID"],
        "From": phone,
        "To": os.environ["TWILIO_FROM_NUMBER"],
        "Body": text,
        "NumMedia": "0",
        "NumSegments": "1",
    }
    url = f"{system.rasa_url}/webhooks/twilio/webhook"
    signature = extra.pop("signature", None) or twilio_signature(os.environ["TWILIO_AUTH_TOKEN"], url, form)
    return httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=90)


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's documented scheme: HMAC-SHA1 over the URL and the sorted form fields."""
    payload = url + "".join(k + params[k] for k in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass
class TelegramPerson(Person):
    chat_id: int = field(default_factory=lambda: 700_000_000 + uuid.uuid4().int % 10**8)
    language_code: str = "en"

    def __post_init__(self) -> None:
        self.provider = "telegram"
        self.address = str(self.chat_id)

    def sender(self) -> dict[str, Any]:
        return {
            "id": self.chat_id,
            "is_bot": False,
            "first_name": "Amina",
            "language_code": self.language_code,
        }

    def update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(_ids), **content}

    def message(self, **content: Any) -> dict[str, Any]:
        chat = {"id": self.chat_id, "type": "private", "first_name": "Amina"}
        body = {"message_id": next(_ids), "date": int(time.time()), "chat": chat, "from": self.sender()}
        return self.update(message={**body, **content})

    def post_update(self, update: dict[str, Any], secret: str | None = None) -> httpx.Response:
        header = os.environ["TELEGRAM_WEBHOOK_SECRET"] if secret is None else secret
        url = f"{self.system.rasa_url}/webhooks/telegram/webhook"
        return httpx.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": header}, timeout=90)

    def post(self, text: str) -> httpx.Response:
        return self.post_update(self.message(text=text))

    def share_contact(self, phone: str) -> str:
        contact = {"phone_number": phone.lstrip("+"), "first_name": "Amina", "user_id": self.chat_id}
        before = len(self.providers.sent("telegram", self.address))
        assert self.post_update(self.message(contact=contact)).status_code == 200
        self.last = self.providers.wait_for("telegram", self.address, before)
        return self.reply

    @property
    def keyboard(self) -> list[dict[str, Any]]:
        buttons: list[dict[str, Any]] = []
        for call in self.last:
            markup = call.params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard") or []:
                buttons += row
        return buttons

    def choose(self, title_part: str) -> str:
        return self.tap(title_part)

    def choose_first(self) -> str:
        assert self.keyboard, f"buttons expected, got: {self.reply}"
        return self.tap(str(self.keyboard[0]["text"]))

    def tap(self, title_part: str) -> str:
        """Taps an inline button, as Telegram reports it: a callback query."""
        for button in self.keyboard:
            if title_part.lower() in str(button.get("text", "")).lower():
                query = {
                    "id": str(uuid.uuid4().int % 10**12),
                    "from": self.sender(),
                    "chat_instance": "1",
                    "data": button["callback_data"],
                    "message": {
                        "message_id": next(_ids),
                        "date": int(time.time()),
                        "chat": {"id": self.chat_id, "type": "private"},
                        "text": "…",
                    },
                }
                before = len(self.providers.sent("telegram", self.address))
                assert self.post_update(self.update(callback_query=query)).status_code == 200
                self.last = self.providers.wait_for("telegram", self.address, before)
                return self.reply
        raise AssertionError(f"no button like {title_part!r} among {[b.get('text') for b in self.keyboard]}")


def register_over_sms(person: SmsPerson, name: str, stop_after_town: bool = False) -> str | None:
    """The registration journey by SMS: digits for the listed options, no phone question."""
    reply = person.send("hi, i want to register")
    assert "agree" in reply.lower() or "consent" in reply.lower(), reply
    reply = person.choose("yes")
    assert "name" in reply.lower(), reply
    reply = person.send(name)
    reply = person.send("14/03/2001")
    assert "phone" not in reply.lower(), f"the SMS sender's number needs no question: {reply}"
    assert "town" in reply.lower() or "live" in reply.lower(), reply
    if stop_after_town:
        person.send("Kisumu")
        return None
    person.send("Kisumu")
    return finish_registration(person, name)


def finish_registration(person: Person, name: str) -> str:
    person.choose("finished secondary")
    person.send("cook")
    person.choose_first()  # the first occupation offered
    person.send("3 years")
    person.choose("unemployed")
    person.send("march 2025")
    person.choose("prefer not to say")
    reply = person.choose("no")  # disability
    assert name.split()[0] in reply, f"summary expected, got: {reply}"
    reply = person.choose("submit")
    match = re.search(r"PES-\d{4}-\d{6}", reply)
    assert match, f"registration number expected, got: {reply}"
    return match.group(0)


def outbound(backend: httpx.Client, phone: str) -> list[dict[str, Any]]:
    response = backend.get("/messaging/outbound", params={"recipient": phone})
    assert response.status_code == 200, response.text
    return list(response.json())


# --- SMS ----------------------------------------------------------------------------------


def test_registration_over_africastalking_sms_is_stored_within_the_segment_budget(
    system: System, providers: FakeProviders, backend: httpx.Client
) -> None:
    person = SmsPerson(system, providers, gateway="africastalking")
    number = register_over_sms(person, "Grace Achieng")
    record = backend.get("/jobseekers/lookup", params={"phone": person.phone}).json()
    assert record["registration_number"] == number
    assert record["town"] == "Kisumu"
    sent = outbound(backend, person.phone)
    assert sent and all(m["status"] in ("sent", "queued", "delivered") for m in sent), sent
    assert all(m["encoding"] == "gsm7" for m in sent), [m["text"] for m in sent if m["encoding"] != "gsm7"]
    # Every SMS of the journey within 2 segments (160 / 2 x 153 characters), but the
    # privacy notice, which keeps its Yes/No options with it in 3.
    over = [(m["segments"], m["text"]) for m in sent if m["segments"] > 2]
    assert all(n <= 3 and text.startswith("Before we start") for n, text in over), over


def test_retried_sms_is_answered_once(system: System, providers: FakeProviders) -> None:
    phone = unique_phone()
    message_id = str(uuid.uuid4())
    assert post_sms(system, "africastalking", phone, "hello", id=message_id).status_code == 200
    first = len(providers.sent("africastalking", phone))
    assert first >= 1
    assert post_sms(system, "africastalking", phone, "hello", id=message_id).status_code == 200
    time.sleep(1)
    assert len(providers.sent("africastalking", phone)) == first


def test_forged_requests_are_refused_and_nothing_is_sent(system: System, providers: FakeProviders) -> None:
    phone = unique_phone()
    assert post_sms(system, "africastalking", phone, "hi", secret="guess").status_code == 403
    assert post_sms(system, "twilio", phone, "hi", signature="Zm9yZ2Vk").status_code == 403
    time.sleep(1)
    assert providers.sent("africastalking", phone) == [] and providers.sent("twilio", phone) == []


def test_twilio_conversation_answers_a_vacancy_search(system: System, providers: FakeProviders) -> None:
    person = SmsPerson(system, providers, gateway="twilio")
    reply = person.send("any driver jobs in mombasa?")
    assert re.search(r"mombasa|malindi|kilifi", reply, re.IGNORECASE), reply
    assert all(c.params["From"] == os.environ["TWILIO_FROM_NUMBER"] for c in person.last)


def test_stop_opts_out_and_nothing_more_is_sent(
    system: System, providers: FakeProviders, backend: httpx.Client
) -> None:
    person = SmsPerson(system, providers)
    person.send("hello")
    reply = person.send("STOP")
    assert "START" in reply, reply
    count = len(providers.sent("africastalking", person.phone))
    person.send("hello again", expect_reply=False)
    subscribe(backend, channel="africastalking", conversation=person.phone, recipient=person.phone)
    post_vacancy(backend, title="Opted-out test driver")
    time.sleep(4)  # the alert dispatcher polls every 0.5 s in tests
    assert len(providers.sent("africastalking", person.phone)) == count
    reply = person.send("START")
    assert reply, "START is answered"


# --- Telegram -----------------------------------------------------------------------------


def test_telegram_conversation_with_buttons_and_things_the_bot_cannot_read(
    system: System, providers: FakeProviders
) -> None:
    person = TelegramPerson(system, providers)
    reply = person.send("/start")
    assert reply, "a greeting"
    reply = person.send("any driver jobs in mombasa?")
    assert re.search(r"mombasa|malindi|kilifi", reply, re.IGNORECASE), reply
    answered = len([c for c in providers.calls if c.method == "answerCallbackQuery"])
    if person.keyboard:
        person.tap(str(person.keyboard[0]["text"]))
        assert len([c for c in providers.calls if c.method == "answerCallbackQuery"]) == answered + 1
    sticker = {
        "file_id": "CAACAgIAAxk",
        "file_unique_id": "AgAD",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    before = len(providers.sent("telegram", person.address))
    assert person.post_update(person.message(sticker=sticker)).status_code == 200
    polite = providers.wait_for("telegram", person.address, before)
    assert polite and polite[0].text


def test_telegram_forged_secret_is_refused(system: System, providers: FakeProviders) -> None:
    person = TelegramPerson(system, providers)
    assert person.post_update(person.message(text="hi"), secret="wrong").status_code == 403
    assert person.post_update(person.message(text="hi"), secret="").status_code == 403
    time.sleep(1)
    assert providers.sent("telegram", person.address) == []


# --- One jobseeker across channels ---------------------------------------------------------


def test_registered_over_sms_is_recognised_on_telegram_after_sharing_the_number(
    system: System, providers: FakeProviders, backend: httpx.Client
) -> None:
    sms = SmsPerson(system, providers)
    number = register_over_sms(sms, "Halima Njeri")
    assert number is not None
    telegram = TelegramPerson(system, providers)
    telegram.send("hello")
    reply = telegram.share_contact(sms.phone)
    assert number in reply and "Halima" in reply, reply
    record = backend.get("/jobseekers/lookup", params={"phone": sms.phone}).json()
    assert {"channel": "telegram", "identity": telegram.address} in [
        {"channel": i["channel"], "identity": i["identity"]} for i in record["identities"]
    ]


def test_registration_begun_by_sms_is_finished_on_telegram(
    system: System, providers: FakeProviders, backend: httpx.Client
) -> None:
    sms = SmsPerson(system, providers, gateway="twilio")
    register_over_sms(sms, "Zawadi Moraa", stop_after_town=True)
    telegram = TelegramPerson(system, providers)
    telegram.send("hi")
    reply = telegram.share_contact(sms.phone)
    assert "another channel" in reply, reply
    reply = telegram.tap("finish my registration")
    assert "school" in reply.lower() or "education" in reply.lower(), reply
    number = finish_registration(telegram, "Zawadi Moraa")
    record = backend.get("/jobseekers/lookup", params={"phone": sms.phone}).json()
    assert record["registration_number"] == number
    assert record["name"] == "Zawadi Moraa" and record["town"] == "Kisumu"


# --- Job alerts --------------------------------------------------------------------------


def subscribe(backend: httpx.Client, *, channel: str, conversation: str, recipient: str) -> None:
    body = {
        "conversation_id": conversation,
        "channel": channel,
        "recipient": recipient,
        "isco_code": "8322",
        "occupation_label": "car driver",
        "town": "Nakuru",
        "language": "en",
    }
    response = backend.post("/alerts", json=body)
    assert response.status_code in (200, 201), response.text


def post_vacancy(backend: httpx.Client, title: str) -> None:
    today = pes_today()
    body = {
        "title": title,
        "description": "Deliver goods to shops around town. Clean driving licence needed.",
        "date_posted": today.isoformat(),
        "valid_through": (today + timedelta(days=30)).isoformat(),
        "employer": "Rift Valley Dairies",
        "town": "Nakuru",
        "isco_code": "8322",
    }
    response = backend.post("/vacancies", json=body)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("channel", ["africastalking", "telegram"])
def test_new_vacancy_reaches_a_subscriber_once_on_her_channel(
    system: System, providers: FakeProviders, backend: httpx.Client, channel: str
) -> None:
    person: Person = (
        TelegramPerson(system, providers) if channel == "telegram" else SmsPerson(system, providers)
    )
    person.send("hello")
    subscribe(backend, channel=channel, conversation=person.address, recipient=person.address)
    title = f"Van driver {uuid.uuid4().hex[:6]}"
    before = len(providers.sent(person.provider, person.address))
    post_vacancy(backend, title)
    alert = providers.wait_for(person.provider, person.address, before, timeout=30)
    assert any(title in c.text for c in alert), [c.text for c in alert]
    time.sleep(3)
    assert sum(title in c.text for c in providers.sent(person.provider, person.address)) == 1
