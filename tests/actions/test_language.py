"""action_change_language: what the user sees when she asks for a language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import (
    LANGUAGES,
    ActionChangeLanguage,
    ActionTrackLanguage,
    follow_language,
    normalise_language,
)

ROOT = Path(__file__).resolve().parents[2]


def tracker_asking(text: str, language_entity: str | None, current: str = "en") -> Tracker:
    entities = [] if language_entity is None else [{"entity": "language", "value": language_entity}]
    return Tracker(
        sender_id="u1",
        slots={"language": current},
        latest_message={"text": text, "intent": {"name": "change_language"}, "entities": entities},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await ActionChangeLanguage().run(dispatcher, tracker, CHANGED_DOMAIN)
    return dispatcher.messages, events


# The response as the trained domain holds it: English default plus language variants.
CHANGED_DOMAIN: dict[str, Any] = {
    "responses": {
        "utter_language_changed": [
            {
                "condition": [{"type": "slot", "name": "language", "value": "fr"}],
                "text": "Langue choisie : {language_name}.",
            },
            {"text": "Language set to {language_name}."},
        ]
    }
}


def responses_of(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages]


async def test_french_is_set_and_confirmed_in_french() -> None:
    messages, events = await run(tracker_asking("in french pls", "fr"))
    assert events == [SlotSet("language", "fr")]
    # In the new language: the slot is still English while the action runs.
    assert [m["text"] for m in messages] == ["Langue choisie : Français."]


async def test_english_is_set_back() -> None:
    messages, events = await run(tracker_asking("back to english", "en", current="sw"))
    assert events == [SlotSet("language", "en")]
    assert [m["text"] for m in messages] == ["Language set to English."]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("kiswahili", "sw"), ("Português", "pt"), ("ESPANOL", "es"), ("arabic", "ar"), ("العربية", "ar")],
)
async def test_language_names_the_model_did_not_normalise_still_work(typed: str, code: str) -> None:
    _, events = await run(tracker_asking(f"speak {typed}", typed))
    assert events == [SlotSet("language", code)]


async def test_unknown_language_lists_the_ones_available_and_keeps_the_current_one() -> None:
    messages, events = await run(tracker_asking("speak german please", "german", current="sw"))
    assert events == []
    assert responses_of(messages) == ["utter_language_unknown"]
    assert messages[0]["requested"] == "german"


async def test_no_language_named_offers_the_choice() -> None:
    messages, events = await run(tracker_asking("change language", None))
    assert events == []
    assert responses_of(messages) == ["utter_language_choose"]


def test_normalise_rejects_empty_and_unknown_values() -> None:
    assert normalise_language(None) is None
    assert normalise_language("   ") is None
    assert normalise_language("klingon") is None


def test_responses_exist_with_the_placeholders_the_action_fills() -> None:
    domain = yaml.safe_load((ROOT / "domain" / "basics.yml").read_text(encoding="utf-8"))
    responses = domain["responses"]
    assert "{language_name}" in responses["utter_language_changed"][0]["text"]
    assert "{requested}" in responses["utter_language_unknown"][0]["text"]
    # Every language the action accepts has a button, so the user can pick it.
    payloads = " ".join(b["payload"] for b in responses["utter_language_unknown"][0]["buttons"])
    for lang in LANGUAGES:
        assert f'"language":"{lang.code}"' in payloads


def parsed(text: str, code: str, source: str = "model", confidence: float = 0.95) -> dict[str, Any]:
    return {"text": text, "language": code, "language_source": source, "language_confidence": confidence}


@pytest.mark.parametrize(
    "reply",
    [
        parsed("ok", "en", "hint", 0.0),
        parsed("merci", "fr", "model", 0.99),
        parsed("sawa", "sw", "model", 0.97),
        parsed("si", "es", "model", 0.5),
        parsed("👍", "en", "default", 0.0),
        parsed("/affirm", "fr", "model", 0.99),
    ],
)
def test_a_short_reply_never_switches_the_conversation_language(reply: dict[str, Any]) -> None:
    language, _ = follow_language("pt", None, reply, first_message=False)
    assert language == "pt"


def test_a_long_confident_message_switches_at_once() -> None:
    message = parsed("bonjour je voudrais trouver un travail de chauffeur", "fr", confidence=0.97)
    assert follow_language("en", None, message, first_message=False) == ("fr", None)


def test_two_consecutive_messages_in_another_language_switch_it() -> None:
    first = parsed("nataka kazi", "sw", confidence=0.7)
    language, candidate = follow_language("en", None, first, first_message=False)
    assert (language, candidate) == ("en", "sw")
    second = parsed("ya udereva", "sw", confidence=0.7)
    assert follow_language(language, candidate, second, first_message=False) == ("sw", None)


def test_a_message_back_in_the_conversation_language_forgets_the_candidate() -> None:
    assert follow_language("en", "sw", parsed("driver jobs please", "en"), first_message=False) == (
        "en",
        None,
    )


def test_the_first_message_sets_the_language_when_fairly_sure() -> None:
    assert follow_language("en", None, parsed("habari", "sw", confidence=0.8), first_message=True) == (
        "sw",
        None,
    )
    unsure = parsed("taxi", "fr", confidence=0.3)
    assert follow_language("en", None, unsure, first_message=True) == ("en", None)


def test_arabic_script_with_words_switches() -> None:
    message = parsed("ابحث عن عمل", "ar", source="script", confidence=1.0)
    assert follow_language("en", None, message, first_message=False) == ("ar", None)


def tracker_saying(message: dict[str, Any], language: str, candidate: str | None, turns: int) -> Tracker:
    events = [{"event": "session_started"}] + [{"event": "user"} for _ in range(turns)]
    return Tracker(
        sender_id="u1",
        slots={"language": language, "language_candidate": candidate},
        latest_message={**message, "intent": {"name": "search_vacancies"}, "entities": []},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def test_the_tracking_action_sets_the_slot_the_responses_depend_on() -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_saying(parsed("nataka kazi ya udereva mombasa", "sw"), "en", None, turns=3)
    events = await ActionTrackLanguage().run(dispatcher, tracker, {})
    assert events == [SlotSet("language", "sw")]
    assert dispatcher.messages == []


async def test_the_tracking_action_keeps_a_candidate_between_messages() -> None:
    tracker = tracker_saying(parsed("obrigado amigo", "pt", confidence=0.7), "es", None, turns=4)
    events = await ActionTrackLanguage().run(CollectingDispatcher(), tracker, {})
    assert events == [SlotSet("language_candidate", "pt")]


def test_an_unsure_longer_message_breaks_the_run_but_a_short_one_does_not() -> None:
    assert follow_language("en", "sw", parsed("sawa", "sw", confidence=0.9), first_message=False) == (
        "en",
        "sw",
    )
    unsure = parsed("ok fine then", "pt", confidence=0.4)
    assert follow_language("en", "sw", unsure, first_message=False) == ("en", None)


async def test_a_name_given_to_the_form_never_changes_the_language() -> None:
    tracker = tracker_saying(parsed("Wanjiru Achieng Otieno", "sw"), "en", None, turns=3)
    tracker.slots["requested_slot"] = "reg_name"
    assert await ActionTrackLanguage().run(CollectingDispatcher(), tracker, {}) == []
