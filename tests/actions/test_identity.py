"""One jobseeker across channels: a verified phone number recognises her and her answers."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from test_registration import DOMAIN, answer
from test_registration_support import FakeBackend, client_for, make_tracker, responses, slot_sets

from actions import pes_client
from actions.identity import ActionPhoneShared
from actions.language import ActionTrackLanguage
from actions.registration import ActionRegSubmit
from actions.session import ActionSessionStart

PHONE = "+254712345678"
CONSENT = {"reg_consent_at": "2026-12-01T09:00:00+00:00"}


@pytest.fixture
def backend() -> Any:
    fake = FakeBackend()
    pes_client.set_client(client_for(fake))
    yield fake
    pes_client.set_client(None)


def shared_contact(slots: dict[str, Any] | None = None, **message: Any) -> Any:
    """A Telegram user tapped "share my phone number" (intent share_phone)."""
    return make_tracker(
        slots or {},
        text=f'/share_phone{{"phone":"{PHONE}"}}',
        intent="share_phone",
        entities=[{"entity": "phone", "value": PHONE}],
        channel="telegram",
        sender_id="777001",
        metadata={"phone": PHONE, "channel": "telegram"},
        **message,
    )


async def track(tracker: Any) -> dict[str, Any]:
    return slot_sets(await ActionTrackLanguage().run(CollectingDispatcher(), tracker, DOMAIN))


async def test_registered_over_sms_is_recognised_on_telegram_after_sharing_her_number(
    backend: FakeBackend,
) -> None:
    person = backend.add_person(name="Amina Wanjiru", phone=PHONE)
    slots = await track(shared_contact())
    assert slots["user_phone"] == PHONE
    assert slots["jobseeker_id"] == float(person["id"])
    assert {"channel": "telegram", "identity": "777001"} in backend.people[person["id"]]["identities"]
    dispatcher = CollectingDispatcher()
    await ActionPhoneShared().run(dispatcher, shared_contact({**slots}), DOMAIN)
    assert responses(dispatcher) == ["utter_phone_shared_known"]


async def test_answers_given_over_sms_are_kept_under_her_number(backend: FakeBackend) -> None:
    changed, _, _ = await answer("reg_town", "Mombasa", {**CONSENT, "user_phone": PHONE})
    assert changed["reg_town"] == "Mombasa"
    kept = backend.drafts[PHONE]["answers"]
    assert kept["reg_town"] == "Mombasa"
    assert kept["reg_name"] and kept["reg_consent_at"] == CONSENT["reg_consent_at"]


async def test_nothing_is_kept_without_consent_or_without_a_verified_number(backend: FakeBackend) -> None:
    await answer("reg_town", "Mombasa", {"user_phone": PHONE, "reg_consent_at": None})  # no consent
    await answer("reg_town", "Mombasa", {**CONSENT})  # number typed, not verified
    assert backend.drafts == {}


async def test_registration_begun_on_sms_continues_on_telegram(backend: FakeBackend) -> None:
    backend.drafts[PHONE] = {
        "phone": PHONE,
        "answers": {"reg_name": "Amina Wanjiru", "reg_town": "Mombasa", **CONSENT},
        "channel": "africastalking",
    }
    slots = await track(shared_contact())
    assert slots["reg_name"] == "Amina Wanjiru" and slots["reg_town"] == "Mombasa"
    assert slots["reg_consent_at"] == CONSENT["reg_consent_at"]
    assert "jobseeker_id" not in slots
    dispatcher = CollectingDispatcher()
    await ActionPhoneShared().run(dispatcher, shared_contact(slots), DOMAIN)
    assert responses(dispatcher) == ["utter_phone_shared_draft"]


async def test_answers_given_here_win_over_the_draft(backend: FakeBackend) -> None:
    backend.drafts[PHONE] = {"phone": PHONE, "answers": {"reg_town": "Mombasa", **CONSENT}, "channel": "sms"}
    slots = await track(shared_contact({"reg_town": "Nakuru"}))
    assert "reg_town" not in slots


async def test_sms_session_start_brings_back_answers_from_telegram(backend: FakeBackend) -> None:
    answers = {"reg_name": "Amina Wanjiru", **CONSENT}
    backend.drafts[PHONE] = {"phone": PHONE, "answers": answers, "channel": "telegram"}
    tracker = make_tracker({"session_started_metadata": {"phone": PHONE}}, channel="twilio", sender_id=PHONE)
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert slot_sets(events)["reg_name"] == "Amina Wanjiru"


async def test_the_same_number_again_costs_no_lookup(backend: FakeBackend) -> None:
    slots = await track(shared_contact({"user_phone": PHONE}))
    assert slots == {}
    assert backend.requests == []


async def test_back_end_down_still_notes_the_number(backend: FakeBackend) -> None:
    backend.down = True
    slots = await track(shared_contact())
    assert slots == {"user_phone": PHONE}


async def test_submitted_registration_forgets_the_draft(backend: FakeBackend) -> None:
    from test_registration import COMPLETE

    backend.drafts[PHONE] = {"phone": PHONE, "answers": {"reg_name": "x", **CONSENT}, "channel": "sms"}
    state = {**COMPLETE, **CONSENT, "reg_phone": PHONE, "user_phone": PHONE}
    tracker = make_tracker(state, channel="telegram", sender_id="777001")
    dispatcher = CollectingDispatcher()
    await ActionRegSubmit().run(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_reg_done"]
    assert PHONE not in backend.drafts


async def test_shared_number_without_record_or_answers_invites_to_register(backend: FakeBackend) -> None:
    slots = await track(shared_contact())
    dispatcher = CollectingDispatcher()
    await ActionPhoneShared().run(dispatcher, shared_contact(slots), DOMAIN)
    assert responses(dispatcher) == ["utter_phone_shared_new"]
