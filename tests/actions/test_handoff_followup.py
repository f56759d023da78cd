"""After the handoff: the call back outside office hours and the rating after the close."""

from __future__ import annotations

from typing import Any

import pytest
from test_handoff_support import (  # type: ignore[import-not-found]
    FakePES,
    all_buttons,
    bot_event,
    make_tracker,
    run_action,
    slot_values,
    texts,
    user_event,
)

from actions.handoff_followup import (
    ActionHandoffCallback,
    ActionHandoffCallbackDeclined,
    ActionHandoffRating,
)

pytest_plugins = ["test_handoff_support"]

CLOSED = {"open_now": False, "next_opening": "2099-01-05T08:00:00+03:00"}
SMS_PHONE = "+254712345678"
CALLBACK_QUESTION = bot_event(
    "Do you want a counsellor to call you when the office opens?", response="utter_ask_handoff_callback"
)


def patches(fake: FakePES) -> list[tuple[str, Any]]:
    return [(path, body) for method, path, body in fake.requests if method == "PATCH"]


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [e["event"] for e in events]


def rating_message(value: str | None, text: str | None = None) -> dict[str, Any]:
    entities = [{"entity": "handoff_rating", "value": value}] if value is not None else []
    return user_event(
        text or f'/rate_handoff{{"handoff_rating":"{value}"}}', "rate_handoff", entities=entities
    )


# --- Call back ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_sms_sender_is_called_back_on_her_own_number(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    tracker = make_tracker(
        [
            user_event("talk to a person", "human_handoff", channel="africastalking"),
            CALLBACK_QUESTION,
            user_event("1", "request_callback", channel="africastalking", metadata={"phone": SMS_PHONE}),
        ],
        slots={"handoff_escalation_id": 41.0},
        sender_id=SMS_PHONE,
    )
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert patches(fake_pes) == [
        ("/escalations/41", {"callback_requested": True, "callback_phone": SMS_PHONE})
    ]
    assert [m for m, *_ in fake_pes.requests] == ["PATCH"], "the open request is reused, not a new one"
    assert texts(dispatcher) == [
        f"Done. A counsellor will call you on {SMS_PHONE}. "
        "If you miss the call, the counsellor will write to you here."
    ]
    assert events == [], "outside office hours the bot keeps answering"


@pytest.mark.asyncio
async def test_registered_jobseeker_is_called_on_the_number_of_her_record(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    fake_pes.jobseekers[12] = {
        "id": 12,
        "registration_number": "KE-1",
        "name": "Achieng",
        "phone": "+254722000111",
    }
    tracker = make_tracker(
        [CALLBACK_QUESTION, user_event("/request_callback", "request_callback", channel="telegram")],
        slots={"handoff_escalation_id": 41.0, "jobseeker_id": 12.0},
    )
    dispatcher, _ = await run_action(ActionHandoffCallback(), tracker)
    assert patches(fake_pes)[0][1] == {"callback_requested": True, "callback_phone": "+254722000111"}
    assert "+254722000111" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_shared_telegram_number_counts_before_the_record(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    fake_pes.jobseekers[12] = {
        "id": 12,
        "registration_number": "KE-1",
        "name": "Achieng",
        "phone": "+254722000111",
    }
    tracker = make_tracker(
        [CALLBACK_QUESTION, user_event("/request_callback", "request_callback", channel="telegram")],
        slots={"handoff_escalation_id": 41.0, "jobseeker_id": 12.0, "user_phone": "+254733444555"},
    )
    await run_action(ActionHandoffCallback(), tracker)
    assert patches(fake_pes)[0][1]["callback_phone"] == "+254733444555"
    assert not [r for r in fake_pes.requests if r[1].startswith("/jobseekers")]


@pytest.mark.asyncio
async def test_without_a_number_the_counsellor_writes_here_when_the_office_opens(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    tracker = make_tracker(
        [CALLBACK_QUESTION, user_event("yes call me", "human_handoff", channel="socketio")],
        slots={"handoff_escalation_id": 41.0},
    )
    dispatcher, _ = await run_action(ActionHandoffCallback(), tracker)
    assert patches(fake_pes)[0][1] == {"callback_requested": True, "callback_phone": None}
    assert texts(dispatcher) == [
        "Done. I don't have a phone number for you, "
        "so a counsellor will write to you here when the office opens."
    ]


@pytest.mark.asyncio
async def test_record_unreachable_still_records_the_call_back_without_number(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    fake_pes.failures[("GET", "/jobseekers/12")] = 503
    tracker = make_tracker(
        [CALLBACK_QUESTION, user_event("call me", "human_handoff")],
        slots={"handoff_escalation_id": 41.0, "jobseeker_id": 12.0},
    )
    dispatcher, _ = await run_action(ActionHandoffCallback(), tracker)
    assert patches(fake_pes)[0][1]["callback_phone"] is None
    assert "write to you here" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_call_me_back_out_of_the_blue_opens_the_request_first(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    tracker = make_tracker(
        [
            user_event(
                "call me back pls",
                "request_callback",
                channel="africastalking",
                metadata={"phone": SMS_PHONE},
            )
        ],
        sender_id=SMS_PHONE,
    )
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert [(m, p) for m, p, _ in fake_pes.requests] == [
        ("POST", "/escalations"),
        ("PATCH", "/escalations/41"),
    ]
    said = texts(dispatcher)
    assert "reference 41" in said[0]
    assert "Monday 5 January at 08:00" in said[1]
    assert SMS_PHONE in said[-1]
    assert not any("Do you want a counsellor to call you" in line for line in said), "she asked already"
    assert slot_values(events) == {"handoff_escalation_id": 41.0}
    assert "pause" not in kinds(events)


@pytest.mark.asyncio
async def test_while_the_office_is_open_the_call_back_is_noted_then_the_bot_pauses(fake_pes: FakePES) -> None:
    tracker = make_tracker([user_event("can someone call me", "request_callback")])
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    said = texts(dispatcher)
    assert "queue" in said[1]
    assert said[2] == "Done. I don't have a phone number for you, so a counsellor will write to you here."
    assert "goes to the counsellor" in said[3]
    assert kinds(events)[-2:] == ["action", "pause"]


@pytest.mark.asyncio
async def test_asking_again_for_a_person_without_the_question_opens_the_handoff(fake_pes: FakePES) -> None:
    # After a handoff that could not be opened there was no call-back question: "call me"
    # (human_handoff) tries the handoff again rather than recording a call back.
    tracker = make_tracker([user_event("just call me", "human_handoff")])
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert [(m, p) for m, p, _ in fake_pes.requests][:1] == [("POST", "/escalations")]
    assert not patches(fake_pes)
    assert any("queue" in said for said in texts(dispatcher))
    assert kinds(events)[-2:] == ["action", "pause"]


@pytest.mark.asyncio
async def test_a_closed_request_is_not_reused_a_new_one_gets_the_call_back(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = {**CLOSED, "id": 52}
    fake_pes.failures[("PATCH", "/escalations/41")] = 409
    tracker = make_tracker([user_event("call me", "request_callback")], slots={"handoff_escalation_id": 41.0})
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert [(m, p) for m, p, _ in fake_pes.requests] == [
        ("PATCH", "/escalations/41"),
        ("POST", "/escalations"),
        ("PATCH", "/escalations/52"),
    ]
    assert slot_values(events) == {"handoff_escalation_id": 52.0}
    assert "reference 52" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_back_end_down_the_call_back_is_not_confirmed(fake_pes: FakePES) -> None:
    fake_pes.failures[("PATCH", "/escalations/41")] = 503
    tracker = make_tracker(
        [CALLBACK_QUESTION, user_event("yes", "affirm")], slots={"handoff_escalation_id": 41.0}
    )
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert texts(dispatcher) == [
        "Sorry, I could not pass on your request for a call just now. Please try again in a little while."
    ]
    assert events == []


@pytest.mark.asyncio
async def test_new_request_open_but_call_back_refused_says_so_and_still_pauses(fake_pes: FakePES) -> None:
    fake_pes.failures[("PATCH", "/escalations/41")] = 503
    dispatcher, events = await run_action(
        ActionHandoffCallback(), make_tracker([user_event("call me", "request_callback")])
    )
    said = texts(dispatcher)
    assert "reference 41" in said[0]
    assert "could not pass on your request for a call" in said[2]
    assert not any(line.startswith("Done.") for line in said)
    assert slot_values(events) == {"handoff_escalation_id": 41.0}
    assert kinds(events)[-1] == "pause", "she is still in the queue of an open office"


@pytest.mark.asyncio
async def test_back_end_down_before_anything_is_open(unreachable_pes: None) -> None:
    dispatcher, events = await run_action(
        ActionHandoffCallback(), make_tracker([user_event("call me", "request_callback")])
    )
    assert len(texts(dispatcher)) == 1
    assert "could not pass on your request" in texts(dispatcher)[0]
    assert events == []


@pytest.mark.asyncio
async def test_yes_to_the_call_back_question_asks_for_the_call(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = CLOSED
    tracker = make_tracker(
        [CALLBACK_QUESTION, user_event("yes pls", "affirm")], slots={"handoff_escalation_id": 41.0}
    )
    await run_action(ActionHandoffCallback(), tracker)
    assert patches(fake_pes)[0][1]["callback_requested"] is True


@pytest.mark.asyncio
async def test_yes_to_something_else_asks_for_no_call(fake_pes: FakePES) -> None:
    tracker = make_tracker(
        [
            bot_event("Sorry, I can't reach the counsellors' system", response="utter_handoff_unavailable"),
            user_event("ok", "affirm"),
        ]
    )
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert fake_pes.requests == []
    assert dispatcher.messages[0]["response"] == "utter_help"
    assert events == []


@pytest.mark.asyncio
async def test_no_to_the_call_back_question_keeps_the_chat() -> None:
    tracker = make_tracker([CALLBACK_QUESTION, user_event("no thanks", "deny")])
    dispatcher, events = await run_action(ActionHandoffCallbackDeclined(), tracker)
    assert texts(dispatcher) == [
        "All right, no call. A counsellor will answer you here when the office opens. "
        "Meanwhile you can keep asking me questions."
    ]
    assert events == []


@pytest.mark.asyncio
async def test_no_after_an_error_message_is_not_taken_for_the_call_back() -> None:
    tracker = make_tracker(
        [bot_event("Sorry, ...", response="utter_handoff_unavailable"), user_event("no", "deny")]
    )
    dispatcher, _ = await run_action(ActionHandoffCallbackDeclined(), tracker)
    assert dispatcher.messages[0]["response"] == "utter_help"


# --- Rating ------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("value", "reply"),
    [
        ("good", "Thank you for your answer. It helps us improve the service."),
        ("ok", "Thank you for your answer. It helps us improve the service."),
        (
            "bad",
            "Thank you for telling us, and sorry it was not good. Your answer helps us improve the service.",
        ),
    ],
)
async def test_rating_button_is_stored_on_the_escalation(fake_pes: FakePES, value: str, reply: str) -> None:
    tracker = make_tracker(
        [rating_message(value)], slots={"handoff_escalation_id": 41.0, "handoff_rating": value}
    )
    dispatcher, _ = await run_action(ActionHandoffRating(), tracker)
    assert patches(fake_pes) == [("/escalations/41", {"rating": value})]
    assert texts(dispatcher) == [reply]


@pytest.mark.asyncio
async def test_a_word_the_synonyms_mapped_counts_like_the_button(fake_pes: FakePES) -> None:
    # "Good" typed with another case reaches the slot as the entity's value.
    tracker = make_tracker(
        [rating_message("Good", text="the counsellor was great")],
        slots={"handoff_escalation_id": 41.0, "handoff_rating": "Good"},
    )
    await run_action(ActionHandoffRating(), tracker)
    assert patches(fake_pes) == [("/escalations/41", {"rating": "good"})]


@pytest.mark.asyncio
@pytest.mark.parametrize("value", ["meh", "5 stars", None])
async def test_an_answer_that_is_not_a_rating_gets_the_question_again(
    fake_pes: FakePES, value: str | None
) -> None:
    tracker = make_tracker(
        [rating_message(value, text="hmm it was something")],
        # The slot may still hold an earlier answer: only this message's counts.
        slots={"handoff_escalation_id": 41.0, "handoff_rating": value or "good"},
    )
    dispatcher, events = await run_action(ActionHandoffRating(), tracker)
    assert fake_pes.requests == []
    assert texts(dispatcher) == ["How was your conversation with the counsellor?"]
    assert [b["payload"] for b in all_buttons(dispatcher)] == [
        '/rate_handoff{"handoff_rating":"good"}',
        '/rate_handoff{"handoff_rating":"ok"}',
        '/rate_handoff{"handoff_rating":"bad"}',
    ]
    assert slot_values(events) == {"handoff_rating": None}


@pytest.mark.asyncio
async def test_rating_without_a_handoff_saves_nothing_and_says_so(fake_pes: FakePES) -> None:
    tracker = make_tracker([rating_message("good")], slots={"handoff_rating": "good"})
    dispatcher, _ = await run_action(ActionHandoffRating(), tracker)
    assert fake_pes.requests == []
    assert "nothing was saved" in texts(dispatcher)[0]


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [404, 409])
async def test_rating_refused_by_the_back_end_is_not_thanked_as_saved(fake_pes: FakePES, status: int) -> None:
    fake_pes.failures[("PATCH", "/escalations/41")] = status
    tracker = make_tracker(
        [rating_message("good")], slots={"handoff_escalation_id": 41.0, "handoff_rating": "good"}
    )
    dispatcher, _ = await run_action(ActionHandoffRating(), tracker)
    assert "nothing was saved" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_rating_with_the_back_end_down_says_it_was_not_saved(unreachable_pes: None) -> None:
    tracker = make_tracker(
        [rating_message("bad")], slots={"handoff_escalation_id": 41.0, "handoff_rating": "bad"}
    )
    dispatcher, _ = await run_action(ActionHandoffRating(), tracker)
    assert texts(dispatcher) == [
        "Sorry, I could not save your answer just now. Thank you for giving it all the same."
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize("known", [None, 41.0])
async def test_a_call_back_in_the_middle_of_a_form_stops_the_form(
    fake_pes: FakePES, known: float | None
) -> None:
    fake_pes.escalation_answer = CLOSED
    tracker = make_tracker(
        [user_event("just call me", "request_callback")],
        slots={"handoff_escalation_id": known},
        active_loop="alert_form",
    )
    dispatcher, events = await run_action(ActionHandoffCallback(), tracker)
    assert kinds(events)[:2] == ["active_loop", "slot"]
    assert slot_values(events)["requested_slot"] is None
    said = texts(dispatcher)
    assert sum("stopped the questions" in line for line in said) == 1
    assert said[-1].startswith("Done.")
