"""action_change_language: what the user sees when she asks for a language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import LANGUAGES, ActionChangeLanguage, normalise_language

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
    events = await ActionChangeLanguage().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def responses_of(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages]


async def test_french_is_set_and_the_user_is_told_answers_stay_english_for_now() -> None:
    messages, events = await run(tracker_asking("in french pls", "fr"))
    assert events == [SlotSet("language", "fr")]
    assert responses_of(messages) == ["utter_language_changed", "utter_language_english_only_for_now"]
    assert messages[0]["language_name"] == "Français"


async def test_english_is_set_without_an_apology() -> None:
    messages, events = await run(tracker_asking("back to english", "en", current="sw"))
    assert events == [SlotSet("language", "en")]
    assert responses_of(messages) == ["utter_language_changed"]


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
    assert "{language_name}" in responses["utter_language_english_only_for_now"][0]["text"]
    assert "{requested}" in responses["utter_language_unknown"][0]["text"]
    # Every language the action accepts has a button, so the user can pick it.
    payloads = " ".join(b["payload"] for b in responses["utter_language_unknown"][0]["buttons"])
    for lang in LANGUAGES:
        assert f'"language":"{lang.code}"' in payloads
