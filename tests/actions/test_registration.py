"""Registration actions: what the user sees at each step, against a scripted back-end."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from test_registration_support import (
    FakeBackend,
    client_for,
    form_asked,
    load_domain,
    make_tracker,
    responses,
    slot_sets,
)

from actions import pes_client
from actions.registration import (
    ActionAskRegConfirm,
    ActionAskRegOccupationUri,
    ActionRegConsent,
    ActionRegistrationStart,
    ActionRegSubmit,
    ValidateRegistrationForm,
)

DOMAIN = load_domain()
COMPLETE = {
    "reg_consent_at": "2026-11-25T10:00:00+00:00",
    "reg_name": "Amina Wanjiru",
    "reg_birth_date": "2001-05-12",
    "reg_phone": "+254712345678",
    "reg_town": "Nakuru",
    "reg_education": "3",
    "reg_occupation": "car driver",
    "reg_occupation_uri": "esco:car-driver",
    "reg_occupation_isco": "8322",
    "reg_experience": 2.0,
    "reg_status": "unemployed",
    "reg_status_since": "2025-03-01",
    "reg_gender": "skipped",
    "reg_disability": False,
    "reg_confirm": "submit",
}


@pytest.fixture
def backend() -> Any:
    fake = FakeBackend()
    pes_client.set_client(client_for(fake))
    yield fake
    pes_client.set_client(None)


def before(slot: str) -> dict[str, Any]:
    """The answers a user has given when the form asks `slot`."""
    order = list(COMPLETE)
    return {k: COMPLETE[k] for k in order[: order.index(slot)]}


async def answer(
    slot: str, text: str, slots: dict[str, Any] | None = None, **message: Any
) -> tuple[dict[str, Any], list[str], CollectingDispatcher]:
    """The form asked `slot`; the user replies `text`. Returns slots set and responses.

    "requested_slot" in the result is the next question: the validator names it, or,
    when it leaves the choice to Rasa (required slots = the domain's list), the
    first empty slot in the domain's order, which is what Rasa asks.
    """
    state = {**before(slot), "requested_slot": slot, **(slots or {})}
    tracker = make_tracker(
        state,
        text=text,
        intent=message.pop("intent", "inform"),
        events=form_asked(slot),
        active_loop="registration_form",
        **message,
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateRegistrationForm().run(dispatcher, tracker, DOMAIN)
    changed = slot_sets(events)
    if "requested_slot" not in changed:
        after = {**state, **changed}
        changed["requested_slot"] = next(
            (s for s in DOMAIN["forms"]["registration_form"]["required_slots"] if after.get(s) in (None, "")),
            None,
        )
    return changed, responses(dispatcher), dispatcher


# --- Entry and consent ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_register_asks_consent_first() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRegistrationStart().run(
        dispatcher, make_tracker(text="register", intent="register"), DOMAIN
    )
    assert responses(dispatcher) == ["utter_reg_consent"]
    assert slot_sets(events) == {"reg_stage": "consent"}
    assert "2026-1" in DOMAIN["responses"]["utter_reg_consent"][0]["text"]


@pytest.mark.asyncio
async def test_registered_user_is_told_her_number() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"jobseeker_id": 4.0, "registration_number": "PES-2026-000004"}, intent="register")
    await ActionRegistrationStart().run(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_reg_already_registered"]
    assert dispatcher.messages[0]["registration_number"] == "PES-2026-000004"


@pytest.mark.asyncio
async def test_coming_back_resumes_with_welcome() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {"reg_consent_at": "2026-11-25T10:00:00+00:00", "reg_name": "Grace"}, intent="register"
    )
    events = await ActionRegistrationStart().run(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_reg_welcome_back"]
    assert slot_sets(events) == {"reg_stage": "form"}


@pytest.mark.asyncio
async def test_consent_records_time_and_prefills_channel_phone() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRegConsent().run(
        dispatcher, make_tracker({"user_phone": "+254722334455"}, text="yes", intent="affirm"), DOMAIN
    )
    slots = slot_sets(events)
    assert slots["reg_stage"] == "form" and slots["reg_phone"] == "+254722334455"
    assert slots["reg_consent_at"].startswith("20")


@pytest.mark.asyncio
async def test_refusing_consent_stores_nothing() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRegConsent().run(dispatcher, make_tracker(text="no", intent="deny"), DOMAIN)
    assert responses(dispatcher) == ["utter_reg_consent_refused"]
    assert slot_sets(events) == {"reg_stage": None}


# --- Questions -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_name_and_birth_date_answers(backend: FakeBackend) -> None:
    slots, said, _ = await answer("reg_name", "my name is amina wanjiru")
    assert slots["reg_name"] == "Amina Wanjiru" and slots["requested_slot"] == "reg_birth_date"
    slots, said, _ = await answer("reg_birth_date", "5 March 2001")
    assert slots["reg_birth_date"] == "2001-03-05" and said == []


@pytest.mark.asyncio
async def test_too_young_is_explained_and_asked_again(backend: FakeBackend) -> None:
    slots, said, _ = await answer("reg_birth_date", "14/02/2020")
    assert slots["reg_birth_date"] is None
    assert said == ["utter_reg_invalid_too_young"]
    assert slots["requested_slot"] == "reg_birth_date"


@pytest.mark.asyncio
async def test_two_unusable_answers_in_a_row_offer_a_way_out(backend: FakeBackend) -> None:
    slots, said, _ = await answer("reg_status_since", "dunno")
    assert said == ["utter_reg_invalid_month_year"] and slots["reg_failures"] == 1.0
    slots, said, _ = await answer("reg_status_since", "whenever", {"reg_failures": 1.0})
    assert said == ["utter_reg_invalid_month_year", "utter_reg_stuck"]
    assert slots["requested_slot"] == "reg_status_since"
    stuck = DOMAIN["responses"]["utter_reg_stuck"][0]
    assert {b["payload"] for b in stuck["buttons"]} == {"/stop", "/human_handoff"}
    # A usable answer starts the count again.
    slots, said, _ = await answer("reg_status_since", "march 2025", {"reg_failures": 2.0})
    assert slots["reg_status_since"] == "2025-03-01" and slots["reg_failures"] == 0.0


@pytest.mark.asyncio
async def test_correcting_an_earlier_answer_mid_form_goes_back_to_it(backend: FakeBackend) -> None:
    slots, said, _ = await answer("reg_status_since", "wait, i want to change my town")
    assert said == ["utter_reg_going_back"]
    assert slots["reg_town"] is None and slots["requested_slot"] == "reg_town"
    assert slots["reg_status_since"] is None  # asked again after the town
    assert "reg_occupation" not in slots and "reg_name" not in slots  # other answers stay


@pytest.mark.asyncio
async def test_town_is_checked_against_the_backend(backend: FakeBackend) -> None:
    slots, said, _ = await answer(
        "reg_town", "i live in nakuru", entities=[{"entity": "town", "value": "nakuru"}]
    )
    assert slots["reg_town"] == "Nakuru" and said == []
    slots, said, _ = await answer("reg_town", "mombassa")
    assert slots["reg_town"] == "Mombasa" and said == ["utter_reg_town_understood"]
    slots, said, d = await answer("reg_town", "Atlantis")
    assert slots["reg_town"] is None and said == ["utter_reg_invalid_town"]
    assert d.messages[0]["town"] == "Atlantis"


@pytest.mark.asyncio
async def test_town_check_with_backend_down_is_honest(backend: FakeBackend) -> None:
    backend.down = True
    slots, said, _ = await answer("reg_town", "Nakuru", slots={"reg_name": "Amina"})
    assert slots["reg_town"] is None
    assert said == ["utter_reg_check_unavailable"]


@pytest.mark.asyncio
async def test_occupation_offers_top_three_then_confirms(backend: FakeBackend) -> None:
    slots, said, _ = await answer(
        "reg_occupation", "driver", entities=[{"entity": "occupation", "value": "driver"}]
    )
    assert said == []
    candidates = slots["reg_occupation_candidates"]
    assert [c["label"] for c in candidates] == ["car driver", "taxi driver", "bus driver"]
    assert slots["requested_slot"] == "reg_occupation_uri"

    dispatcher = CollectingDispatcher()
    await ActionAskRegOccupationUri().run(
        dispatcher, make_tracker({"reg_occupation_candidates": candidates}), DOMAIN
    )
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == ["car driver", "taxi driver", "bus driver", "None of these"]

    slots, _, _ = await answer(
        "reg_occupation_uri",
        buttons[1]["payload"],
        slots={"reg_occupation": "driver", "reg_occupation_candidates": candidates},
        intent="select",
        entities=[{"entity": "item_id", "value": "esco:taxi-driver"}],
    )
    assert slots["reg_occupation"] == "taxi driver" and slots["reg_occupation_isco"] == "8322"


@pytest.mark.asyncio
async def test_none_of_these_asks_the_occupation_again(backend: FakeBackend) -> None:
    candidates = [{"uri": "esco:car-driver", "label": "car driver", "isco_code": "8322"}]
    slots, said, _ = await answer(
        "reg_occupation_uri",
        "/deny",
        slots={"reg_occupation": "driver", "reg_occupation_candidates": candidates},
        intent="deny",
    )
    assert said == ["utter_reg_occupation_retry"]
    assert slots["reg_occupation"] is None and slots["requested_slot"] == "reg_occupation"


@pytest.mark.asyncio
async def test_unknown_occupation_and_backend_down(backend: FakeBackend) -> None:
    slots, said, _ = await answer("reg_occupation", "astronaut")
    assert said == ["utter_reg_invalid_occupation"] and slots["reg_occupation"] is None
    backend.down = True
    slots, said, _ = await answer("reg_occupation", "driver")
    assert said == ["utter_reg_check_unavailable"] and slots["reg_occupation"] is None


@pytest.mark.asyncio
async def test_status_since_is_asked_only_when_unemployed(backend: FakeBackend) -> None:
    before = {
        k: v
        for k, v in COMPLETE.items()
        if k
        in (
            "reg_name",
            "reg_birth_date",
            "reg_phone",
            "reg_town",
            "reg_education",
            "reg_occupation",
            "reg_occupation_uri",
            "reg_experience",
        )
    }
    slots, _, _ = await answer(
        "reg_status",
        "/select",
        slots=before,
        intent="select",
        entities=[{"entity": "item_id", "value": "employed"}],
    )
    assert slots["reg_status"] == "employed" and slots["requested_slot"] == "reg_gender"
    slots, _, _ = await answer("reg_status", "i have no job", slots=before)
    assert slots["reg_status"] == "unemployed" and slots["requested_slot"] == "reg_status_since"


@pytest.mark.asyncio
async def test_optional_questions_skip(backend: FakeBackend) -> None:
    slots, _, _ = await answer("reg_gender", "prefer not to say", intent="skip")
    assert slots["reg_gender"] == "skipped"
    slots, _, _ = await answer("reg_disability", "/skip", intent="skip")
    assert slots["reg_disability"] == "skipped"


@pytest.mark.asyncio
async def test_digressions_and_stop_are_not_taken_as_answers(backend: FakeBackend) -> None:
    for intent, text in [("faq", "why do you need my date of birth"), ("stop", "stop")]:
        slots, said, _ = await answer("reg_birth_date", text, intent=intent)
        assert "reg_birth_date" not in slots and said == []


# --- Summary and corrections ------------------------------------------------------------


@pytest.mark.asyncio
async def test_summary_shows_every_field_in_words() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskRegConfirm().run(dispatcher, make_tracker({**COMPLETE, "reg_confirm": None}), DOMAIN)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_reg_summary_unemployed"
    assert message["education"] == "Finished secondary"
    assert message["birth_date"] == "12/05/2001"
    assert message["gender"] == "Not given" and message["disability"] == "No"
    assert message["since"] == "2025-03"


@pytest.mark.asyncio
async def test_change_something_lists_fields_then_reasks_only_that_field(backend: FakeBackend) -> None:
    filled = {**COMPLETE, "reg_confirm": None}
    slots, _, _ = await answer("reg_confirm", "/deny", slots=filled, intent="deny")
    assert slots["reg_picking"] is True

    dispatcher = CollectingDispatcher()
    await ActionAskRegConfirm().run(dispatcher, make_tracker({**filled, "reg_picking": True}), DOMAIN)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert "Town" in titles and "Name" in titles

    slots, _, _ = await answer(
        "reg_confirm",
        "/select",
        slots={**filled, "reg_picking": True},
        intent="select",
        entities=[{"entity": "item_id", "value": "reg_town"}],
    )
    assert slots["reg_town"] is None and slots["requested_slot"] == "reg_town"
    assert "reg_name" not in slots  # everything else stays


@pytest.mark.asyncio
async def test_correction_with_value_in_one_message(backend: FakeBackend) -> None:
    filled = {**COMPLETE, "reg_confirm": None}
    slots, _, _ = await answer(
        "reg_confirm",
        "change my town to Kisumu",
        slots=filled,
        intent="update_profile",
        entities=[{"entity": "town", "value": "kisumu"}],
    )
    assert slots["reg_town"] == "Kisumu" and slots["requested_slot"] == "reg_confirm"
    slots, _, _ = await answer(
        "reg_confirm", "my date of birth is wrong", slots=filled, intent="update_profile"
    )
    assert slots["reg_birth_date"] is None and slots["requested_slot"] == "reg_birth_date"


# --- Submission ------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_submit_registers_and_links_the_chat(backend: FakeBackend) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRegSubmit().run(
        dispatcher, make_tracker(COMPLETE, sender_id="web-1", channel="socketio"), DOMAIN
    )
    assert responses(dispatcher) == ["utter_reg_done"]
    assert dispatcher.messages[0]["registration_number"] == "PES-2026-000001"
    slots = slot_sets(events)
    assert slots["jobseeker_id"] == 1.0 and slots["reg_known"] is True and slots["reg_name"] is None
    stored = backend.people[1]
    assert stored["gender"] is None and stored["disability"] is False
    assert stored["consent"]["notice_version"] == "2026-1"
    assert stored["occupations"][0]["isco_code"] == "8322"
    assert {"channel": "socketio", "identity": "web-1"} in stored["identities"]


@pytest.mark.asyncio
async def test_backend_down_at_submit_keeps_the_answers(backend: FakeBackend) -> None:
    backend.down = True
    dispatcher = CollectingDispatcher()
    events = await ActionRegSubmit().run(dispatcher, make_tracker(COMPLETE), DOMAIN)
    assert responses(dispatcher) == ["utter_reg_submit_failed"]
    assert slot_sets(events) == {"reg_confirm": None, "reg_stage": "form"}
    # POST is not retried: one attempt only, so no double registration.
    assert len(backend.requests) == 1


@pytest.mark.asyncio
async def test_phone_already_registered_is_honest(backend: FakeBackend) -> None:
    backend.add_person(phone="+254712345678", name="Someone Else")
    dispatcher = CollectingDispatcher()
    events = await ActionRegSubmit().run(dispatcher, make_tracker(COMPLETE), DOMAIN)
    assert responses(dispatcher) == ["utter_reg_phone_taken"]
    assert "jobseeker_id" not in slot_sets(events)


@pytest.mark.asyncio
async def test_phone_vouched_by_channel_links_existing_registration(backend: FakeBackend) -> None:
    backend.add_person(phone="+254712345678")
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({**COMPLETE, "user_phone": "+254712345678"}, sender_id="sms-9", channel="sms")
    events = await ActionRegSubmit().run(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_reg_phone_known_linked"]
    assert slot_sets(events)["jobseeker_id"] == 1.0
    assert len(backend.people) == 1


@pytest.mark.asyncio
async def test_coming_back_does_not_recheck_answers_against_the_word_register(backend: FakeBackend) -> None:
    """On re-activation Rasa re-sends every filled slot; none may be rejected or changed."""
    filled = {**COMPLETE, "reg_disability": "skipped", "reg_confirm": None}
    tracker = make_tracker(
        filled,
        text="register",
        intent="register",
        events=[
            {"event": "action", "name": "action_reg_submit"},
            {"event": "action", "name": "action_listen"},
        ],
        events_after=[
            {"event": "action", "name": "action_registration_start"},
            *({"event": "slot", "name": k, "value": v} for k, v in filled.items() if v is not None),
        ],
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateRegistrationForm().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []
    assert {k: v for k, v in slot_sets(events).items() if k != "requested_slot"} == {}
