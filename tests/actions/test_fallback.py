"""Fallback: plain "did you mean" questions, and menu + person after two misses in a row."""

from __future__ import annotations

import pytest
from test_handoff_support import (  # type: ignore[import-not-found]
    all_buttons,
    bot_event,
    make_tracker,
    run_action,
    slot_values,
    texts,
    user_event,
)

from actions.fallback import (
    ActionDefaultAskAffirmation,
    ActionDefaultAskRephrase,
    ActionDefaultFallback,
    affirmation_intent,
    misunderstandings_in_a_row,
)


def unclear(text: str, second: str = "search_vacancies") -> dict:
    return user_event(
        text,
        "nlu_fallback",
        confidence=0.6,
        ranking=[{"name": "nlu_fallback", "confidence": 0.6}, {"name": second, "confidence": 0.41}],
    )


def two_stage_question() -> list[dict]:
    return [{"event": "action", "name": "action_two_stage_fallback"}, bot_event("Did you mean ...?")]


def test_first_miss_counts_one() -> None:
    assert misunderstandings_in_a_row([user_event("hi", "greet"), unclear("blorf")]) == 1


def test_two_unclear_messages_in_a_row_count_two() -> None:
    events = [unclear("blorf"), *two_stage_question(), unclear("znix")]
    assert misunderstandings_in_a_row(events) == 2


def test_no_to_did_you_mean_neither_counts_nor_resets() -> None:
    events = [
        unclear("blorf"),
        *two_stage_question(),
        user_event("/out_of_scope", "out_of_scope"),
        {"event": "action", "name": "action_two_stage_fallback"},
        bot_event("Could you say it another way?"),
        unclear("znix"),
    ]
    assert misunderstandings_in_a_row(events) == 2


def test_an_understood_message_resets_the_count() -> None:
    events = [
        unclear("blorf"),
        *two_stage_question(),
        user_event("find jobs", "search_vacancies"),
        unclear("znix"),
    ]
    assert misunderstandings_in_a_row(events) == 1


def test_core_fallback_marks_count_too() -> None:
    # The policy was unsure (no nlu_fallback); action_default_fallback marked the turn.
    events = [
        user_event("something odd", "inform"),
        {"event": "rewind"},
        {"event": "slot", "name": "fallback_count", "value": 1.0},
        user_event("another odd thing", "inform"),
    ]
    assert misunderstandings_in_a_row(events) == 2


def test_affirmation_intent_skips_nlu_fallback() -> None:
    assert affirmation_intent(unclear("x", "register")["parse_data"]) == "register"
    assert affirmation_intent({"intent_ranking": [{"name": "nlu_fallback"}]}) is None


@pytest.mark.asyncio
async def test_first_miss_asks_a_plain_question_about_the_best_guess() -> None:
    dispatcher, events = await run_action(ActionDefaultAskAffirmation(), make_tracker([unclear("kazi iko?")]))
    said = texts(dispatcher)
    assert said == ["Did you mean that you are looking for a job?"]
    payloads = [b["payload"] for b in all_buttons(dispatcher)]
    assert payloads == ["/search_vacancies", "/out_of_scope"]
    assert slot_values(events) == {"fallback_count": 1.0}


@pytest.mark.asyncio
async def test_guess_without_a_plain_question_asks_to_rephrase() -> None:
    tracker = make_tracker([unclear("hmm 12", second="inform")])
    dispatcher, _ = await run_action(ActionDefaultAskAffirmation(), tracker)
    assert "say it another way" in texts(dispatcher)[0]
    assert "inform" not in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_second_miss_in_a_row_offers_menu_and_person() -> None:
    events = [
        unclear("blorf"),
        *two_stage_question(),
        user_event("/out_of_scope", "out_of_scope"),
        {"event": "action", "name": "action_two_stage_fallback"},
        bot_event("Could you say it another way?"),
        unclear("znix"),
    ]
    dispatcher, slot_events = await run_action(ActionDefaultAskAffirmation(), make_tracker(events))
    assert "still don't understand" in texts(dispatcher)[0]
    assert [b["payload"] for b in all_buttons(dispatcher)] == ["/help", "/human_handoff"]
    assert slot_values(slot_events) == {"fallback_count": 2.0}


@pytest.mark.asyncio
async def test_giving_up_after_two_misses_offers_menu_and_person() -> None:
    events = [unclear("blorf"), *two_stage_question(), unclear("znix")]
    dispatcher, result = await run_action(ActionDefaultFallback(), make_tracker(events))
    assert "still don't understand" in texts(dispatcher)[0]
    assert [b["title"] for b in all_buttons(dispatcher)] == ["Show the menu", "Talk to a person"]
    # The unclear message is reverted first, then the count is set so it survives.
    assert [e["event"] for e in result] == ["rewind", "slot"]
    assert slot_values(result) == {"fallback_count": 2.0}


@pytest.mark.asyncio
async def test_single_core_fallback_just_asks_to_rephrase() -> None:
    events = [user_event("hello", "greet"), bot_event("Hi"), user_event("purple", "inform")]
    dispatcher, result = await run_action(ActionDefaultFallback(), make_tracker(events))
    assert texts(dispatcher) == ["Sorry, I didn't understand that. Could you say it in other words?"]
    assert all_buttons(dispatcher) == []
    assert slot_values(result) == {"fallback_count": 1.0}


def test_unclear_answer_to_did_you_mean_then_core_fallback_counts_two() -> None:
    # What Rasa logs when the answer to "did you mean" is understood as some intent
    # (the loop ends and re-adds it) but no policy knows what to do with it.
    events = [
        unclear("blorf znix quap"),
        *two_stage_question(),
        {"event": "slot", "name": "fallback_count", "value": 1.0},
        user_event("vrek plomt zzu", "inform"),
        {"event": "action", "name": "action_two_stage_fallback"},
        {"event": "active_loop", "name": None},
        {"event": "rewind"},
        {"event": "action", "name": "action_listen"},
        user_event("vrek plomt zzu", "inform"),
    ]
    assert misunderstandings_in_a_row(events) == 2


@pytest.mark.asyncio
async def test_gibberish_after_a_rephrase_request_offers_menu_and_person() -> None:
    # "blah blah xyz" (unclear), "please rephrase", then "qwerty asdf", which NLU takes
    # as out_of_scope, i.e. "no" inside the two-stage loop: Rasa asks to rephrase again.
    events = [
        unclear("blah blah xyz", second="inform"),
        {"event": "action", "name": "action_two_stage_fallback"},
        bot_event("Could you say it another way?"),
        {"event": "slot", "name": "fallback_count", "value": 1.0},
        user_event("qwerty asdf", "out_of_scope"),
    ]
    dispatcher, slot_events = await run_action(ActionDefaultAskRephrase(), make_tracker(events))
    assert "still don't understand" in texts(dispatcher)[0]
    assert [b["payload"] for b in all_buttons(dispatcher)] == ["/help", "/human_handoff"]
    assert slot_values(slot_events) == {"fallback_count": 2.0}


@pytest.mark.asyncio
async def test_no_to_a_first_guess_asks_to_rephrase() -> None:
    events = [unclear("jobz"), *two_stage_question(), user_event("/out_of_scope", "out_of_scope")]
    dispatcher, _ = await run_action(ActionDefaultAskRephrase(), make_tracker(events))
    assert "say it another way" in texts(dispatcher)[0]
    assert all_buttons(dispatcher) == []
