"""Human handoff: what the counsellor receives and what the user is told."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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

from actions.handoff import (
    ActionHandoffOffer,
    ActionHandoffOpen,
    build_transcript,
    compose_escalation_reply,
    describe_opening,
    guess_reason,
    guess_topic,
)
from actions.pes_models import Escalation

# Fixtures (fake_pes, unreachable_pes, backend_url, real_pes) live in the support module.
pytest_plugins = ["test_handoff_support"]

NAIROBI = timezone(timedelta(hours=3))


def escalation(**changes: object) -> Escalation:
    values: dict[str, object] = {
        "id": 7,
        "status": "open",
        "queue_position": 3,
        "expected_wait_minutes": 20,
        "open_now": True,
        "next_opening": None,
        "created_at": datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc),
    }
    values.update(changes)
    return Escalation(**values)  # type: ignore[arg-type]


# --- Reply composition with a fixed clock -------------------------------------------

NOW = datetime(2026, 11, 25, 10, 0, 20, tzinfo=timezone.utc)  # Wednesday 13:00 in Nairobi


def test_open_office_gives_queue_place_and_wait() -> None:
    replies = compose_escalation_reply(escalation(), NOW)
    assert [r.response for r in replies] == ["utter_handoff_opened", "utter_handoff_position"]
    assert replies[0].values == {"reference": 7}
    assert replies[1].values == {"position": 3, "wait_minutes": 20}


def test_first_in_queue_is_told_so() -> None:
    replies = compose_escalation_reply(escalation(queue_position=1, expected_wait_minutes=0), NOW)
    assert replies[-1].response == "utter_handoff_position_first"


def test_closed_until_tomorrow_morning_in_office_time() -> None:
    # Wednesday 21:00 in Nairobi; the office opens Thursday 08:00 Nairobi time.
    now = datetime(2026, 11, 25, 18, 0, tzinfo=timezone.utc)
    opening = datetime(2026, 11, 26, 8, 0, tzinfo=NAIROBI)
    replies = compose_escalation_reply(escalation(open_now=False, next_opening=opening, created_at=now), now)
    assert [r.response for r in replies] == ["utter_handoff_opened", "utter_handoff_closed_tomorrow"]
    assert replies[1].values == {"time": "08:00"}


def test_closed_over_the_weekend_names_the_day() -> None:
    # Friday 20:00 Nairobi -> Monday 30 November 08:00.
    now = datetime(2026, 11, 27, 17, 0, tzinfo=timezone.utc)
    opening = datetime(2026, 11, 30, 8, 0, tzinfo=NAIROBI)
    said = describe_opening(opening, now)
    assert said.response == "utter_handoff_closed_later"
    assert said.values == {"day": "Monday 30 November", "time": "08:00"}
    assert describe_opening(opening, now, "sw").values["day"] == "Jumatatu 30 Novemba"
    assert describe_opening(opening, now, "es").values["day"] == "lunes 30 noviembre"


def test_early_morning_opens_today_even_if_utc_date_differs() -> None:
    # 02:30 in Nairobi is still the previous day in UTC (23:30): "today" is the office's day.
    now = datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc)
    opening = datetime(2026, 11, 26, 8, 0, tzinfo=NAIROBI)
    assert describe_opening(opening, now).response == "utter_handoff_closed_today"


def test_closed_without_known_opening_is_honest() -> None:
    replies = compose_escalation_reply(escalation(open_now=False, next_opening=None), NOW)
    assert replies[-1].response == "utter_handoff_closed_unknown"


def test_request_already_waiting_is_not_announced_as_new() -> None:
    old = escalation(created_at=NOW - timedelta(minutes=12))
    assert compose_escalation_reply(old, NOW)[0].response == "utter_handoff_already_requested"


# --- Transcript, topic, reason ----------------------------------------------------------


def test_transcript_keeps_user_and_bot_texts_of_the_last_30_turns() -> None:
    events = [bot_event("Hello! How can I help?")]
    for i in range(35):
        events += [user_event(f"message {i}", "inform", timestamp=1_780_000_000 + i), bot_event(f"reply {i}")]
    events.append({"event": "slot", "name": "language", "value": "en"})
    lines = build_transcript(events)
    assert lines[0] == {"sender": "user", "text": "message 5", "timestamp": lines[0]["timestamp"]}
    assert lines[0]["timestamp"].startswith("2026-05-28T")
    assert sum(1 for line in lines if line["sender"] == "user") == 30
    assert lines[-1]["sender"] == "bot" and lines[-1]["text"] == "reply 34"


def test_short_conversation_keeps_the_greeting() -> None:
    lines = build_transcript([bot_event("Hi"), user_event("talk to a person", "human_handoff")])
    assert [line["sender"] for line in lines] == ["bot", "user"]


@pytest.mark.parametrize(
    ("event", "topic"),
    [
        (user_event("i want to register", "register"), "registration"),
        (
            user_event("how much is the unemployment benefit", "faq", faq="faq/unemployment_benefit"),
            "benefits",
        ),
        (user_event("when do i get my allowance", "inform"), "benefits"),
        (user_event("can i join the youth guarantee", "check_eligibility"), "programmes"),
        (user_event("tell me a joke", "out_of_scope"), "other"),
    ],
)
def test_topic_follows_what_the_user_talked_about(event: dict, topic: str) -> None:
    events = [event, bot_event("..."), user_event("talk to a person", "human_handoff")]
    assert guess_topic(events) == topic


def test_topic_of_the_form_in_progress_wins() -> None:
    events = [user_event("how much is the benefit", "inform"), user_event("agent", "human_handoff")]
    assert guess_topic(events, active_loop="registration_form") == "registration"


def test_reason_is_user_request_for_a_plain_request() -> None:
    assert (
        guess_reason([user_event("hi", "greet"), user_event("agent pls", "human_handoff")]) == "user_request"
    )


def test_reason_is_sensitive_after_the_danger_offer() -> None:
    events = [
        user_event("my boss beats me", "sensitive_danger"),
        bot_event("Do you want me to pass you to a counsellor?"),
        user_event("yes", "affirm"),
    ]
    assert guess_reason(events) == "sensitive_topic"


def test_reason_is_misunderstanding_after_the_fallback_offer() -> None:
    events = [
        user_event("blorf", "nlu_fallback"),
        user_event("znix", "nlu_fallback"),
        {"event": "slot", "name": "fallback_count", "value": 2.0},
        bot_event("Sorry, I still don't understand."),
        user_event("/human_handoff", "human_handoff"),
        # Rasa's two-stage fallback re-adds the clarified message as a copy.
        {"event": "action", "name": "action_two_stage_fallback"},
        {"event": "rewind"},
        user_event("/human_handoff", "human_handoff"),
    ]
    assert guess_reason(events) == "misunderstanding"


def test_single_miss_then_request_is_a_user_request() -> None:
    events = [
        user_event("blorf", "nlu_fallback"),
        {"event": "slot", "name": "fallback_count", "value": 1.0},
        user_event("/human_handoff", "human_handoff"),
    ]
    assert guess_reason(events) == "user_request"


# --- The action, against the fake back-end ----------------------------------------------


@pytest.mark.asyncio
async def test_handoff_sends_context_and_tells_queue_place(fake_pes: FakePES) -> None:
    tracker = make_tracker(
        [
            user_event("i want to register", "register", channel="telegram"),
            bot_event("Do you agree?"),
            user_event("i want to talk to a person", "human_handoff", channel="telegram"),
        ],
        slots={"jobseeker_id": 12.0, "language": "sw"},
        sender_id="tg-99",
    )
    dispatcher, events = await run_action(ActionHandoffOpen(), tracker)
    method, path, body = fake_pes.requests[0]
    assert (method, path) == ("POST", "/escalations")
    assert body["conversation_id"] == "tg-99"
    assert body["channel"] == "telegram"
    assert body["jobseeker_id"] == 12
    assert body["language"] == "sw"
    assert body["topic"] == "registration"
    assert body["reason"] == "user_request"
    assert [line["text"] for line in body["transcript"]] == [
        "i want to register",
        "Do you agree?",
        "i want to talk to a person",
    ]
    said = texts(dispatcher)
    assert "reference 41" in said[0]
    assert "number 3 in the queue" in said[1] and "about 20 minutes" in said[1]
    assert slot_values(events) == {"handoff_escalation_id": 41.0}


def kinds(events: list[dict]) -> list[str]:
    return [e["event"] for e in events]


@pytest.mark.asyncio
async def test_office_open_the_bot_pauses_after_telling_the_queue_place(fake_pes: FakePES) -> None:
    dispatcher, events = await run_action(
        ActionHandoffOpen(), make_tracker([user_event("agent pls", "human_handoff")])
    )
    said = texts(dispatcher)
    assert len(said) == 3
    assert "queue" in said[1]
    assert "everything you write here goes to the counsellor" in said[2]
    assert "keep asking me" not in " ".join(said), "a paused bot does not invite more questions"
    # A listen before the pause: the inbox's handoff_closed and her next message then
    # come after a listen, as every rule expects.
    assert kinds(events) == ["slot", "action", "pause"]
    assert events[1]["name"] == "action_listen"
    assert all_buttons(dispatcher) == []


@pytest.mark.asyncio
async def test_a_request_a_counsellor_already_has_pauses_without_a_queue_place(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = {"status": "in_progress", "queue_position": 0, "expected_wait_minutes": 0}
    tracker = make_tracker([user_event("hello??", "human_handoff")], slots={"handoff_escalation_id": 41.0})
    dispatcher, events = await run_action(ActionHandoffOpen(), tracker)
    said = texts(dispatcher)
    assert "already asked for a counsellor" in said[0]
    assert said[1] == "A counsellor is already looking at your request."
    assert "queue" not in " ".join(said)
    assert kinds(events)[-1] == "pause"


@pytest.mark.asyncio
async def test_office_closed_no_pause_and_a_call_back_is_offered(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = {"open_now": False, "next_opening": "2099-01-05T08:00:00+03:00"}
    dispatcher, events = await run_action(
        ActionHandoffOpen(), make_tracker([user_event("agent", "human_handoff")])
    )
    said = texts(dispatcher)
    assert "Monday 5 January at 08:00" in said[1]
    assert said[-1] == "Do you want a counsellor to call you when the office opens?"
    assert dispatcher.messages[-1]["response"] == "utter_ask_handoff_callback"
    assert [b["payload"] for b in all_buttons(dispatcher)] == ["/request_callback", "/deny"]
    assert "pause" not in kinds(events)
    assert slot_values(events) == {"handoff_escalation_id": 41.0}


@pytest.mark.asyncio
async def test_in_a_form_the_form_stops_before_the_pause_is_announced(fake_pes: FakePES) -> None:
    tracker = make_tracker([user_event("human pls", "human_handoff")], active_loop="alert_form")
    dispatcher, events = await run_action(ActionHandoffOpen(), tracker)
    said = texts(dispatcher)
    assert "stopped the questions" in said[-2]
    assert "goes to the counsellor" in said[-1]
    assert kinds(events) == ["active_loop", "slot", "slot", "action", "pause"]


@pytest.mark.asyncio
async def test_handoff_outside_office_hours_says_when_someone_answers(fake_pes: FakePES) -> None:
    fake_pes.escalation_answer = {"open_now": False, "next_opening": "2099-01-05T08:00:00+03:00"}
    dispatcher, _ = await run_action(
        ActionHandoffOpen(), make_tracker([user_event("agent", "human_handoff")])
    )
    said = " ".join(texts(dispatcher))
    assert "not at work right now" in said
    assert "Monday 5 January at 08:00" in said
    assert "queue" not in said


@pytest.mark.asyncio
async def test_handoff_in_a_form_stops_the_form_and_says_so(fake_pes: FakePES) -> None:
    tracker = make_tracker([user_event("human pls", "human_handoff")], active_loop="alert_form")
    dispatcher, events = await run_action(ActionHandoffOpen(), tracker)
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events if e["event"] == "active_loop"
    ]
    assert slot_values(events)["requested_slot"] is None
    assert any("stopped the questions" in line for line in texts(dispatcher))


@pytest.mark.asyncio
async def test_unknown_jobseeker_still_gets_a_counsellor(fake_pes: FakePES) -> None:
    calls: list[object] = []
    original = fake_pes._escalation

    def first_404(request, body):  # type: ignore[no-untyped-def]
        calls.append(body["jobseeker_id"])
        if body["jobseeker_id"] is not None:
            import httpx

            return httpx.Response(404, json={"detail": "no jobseeker with id 5"})
        return original(request, body)

    fake_pes._escalation = first_404  # type: ignore[method-assign]
    tracker = make_tracker([user_event("agent", "human_handoff")], slots={"jobseeker_id": 5.0})
    dispatcher, _ = await run_action(ActionHandoffOpen(), tracker)
    assert calls == [5, None]
    assert "reference 41" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_backend_down_is_said_honestly(unreachable_pes: None) -> None:
    dispatcher, events = await run_action(
        ActionHandoffOpen(), make_tracker([user_event("agent", "human_handoff")])
    )
    said = texts(dispatcher)
    assert len(said) == 1
    assert "could not pass on your request" in said[0]
    assert "nearest employment office" in said[0]
    assert slot_values(events) == {}
    assert events == [], "no pause and no call-back offer without an escalation"


def test_same_id_as_last_time_is_the_waiting_request_even_if_just_created() -> None:
    fresh = escalation(created_at=NOW)
    assert compose_escalation_reply(fresh, NOW, known_id=7.0)[0].response == "utter_handoff_already_requested"
    assert compose_escalation_reply(fresh, NOW, known_id=6.0)[0].response == "utter_handoff_opened"


@pytest.mark.asyncio
async def test_offer_to_someone_in_danger_gives_emergency_numbers_and_stops_the_form() -> None:
    tracker = make_tracker([user_event("my husband beats me", "sensitive_danger")], active_loop="alert_form")
    dispatcher, events = await run_action(ActionHandoffOffer(), tracker)
    said = texts(dispatcher)
    assert "999 or 112" in said[0]
    assert said[-1] == "Do you want me to pass you to a counsellor?"
    assert [e["event"] for e in events] == ["active_loop", "slot"]


@pytest.mark.asyncio
async def test_offer_for_personal_support_outside_a_form() -> None:
    tracker = make_tracker([user_event("i am blind and need a person to help me", "sensitive_personal_help")])
    dispatcher, events = await run_action(ActionHandoffOffer(), tracker)
    said = texts(dispatcher)
    assert "look at your situation with you personally" in said[0]
    assert "999" not in said[0]
    assert events == []


def test_faq_ranking_of_a_non_faq_message_does_not_set_the_topic() -> None:
    # Rasa's response selector ranks FAQ topics for every message, FAQ or not.
    events = [
        user_event("i need a job", "search_vacancies", faq="faq/documents_needed"),
        user_event("talk to a person", "human_handoff", faq="faq/data_privacy"),
    ]
    assert guess_topic(events, active_loop="vacancy_search_form") == "other"
