"""Fallback: friendlier two-stage confirmation and help after repeated misunderstandings.

Rasa's two-stage fallback (rule nlu_fallback -> action_two_stage_fallback) asks "did
you mean ...?" and then to rephrase; when that fails it calls action_default_fallback.
These two overrides keep Rasa's loop but (1) ask with a plain question per intent
instead of the raw intent name, and (2) count misunderstandings in a row: from the
second one the user gets the help menu and a person to talk to, as buttons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FALLBACK_COUNT_SLOT = "fallback_count"
OFFER_AFTER = 2
NLU_FALLBACK = "nlu_fallback"
# The two-stage question's "No" button sends /out_of_scope: part of the same
# misunderstanding, so it neither counts nor resets.
TWO_STAGE_DENY = "out_of_scope"
TWO_STAGE_ACTION = "action_two_stage_fallback"


def _turns(events: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    """Split events into (user event, events until the next user event).

    When the two-stage fallback ends it re-adds the user's last message as a copy
    (same text, after a rewind): the copy belongs to the same turn, so it is merged.
    """
    turns: list[tuple[Mapping[str, Any], list[Mapping[str, Any]]]] = []
    for event in events:
        if event.get("event") == "user":
            if turns and turns[-1][0].get("text") == event.get("text") and _answered_two_stage(turns[-1][1]):
                # Keep the copy (the understood intent) and the events of both.
                turns[-1] = (event, turns[-1][1])
            else:
                turns.append((event, []))
        elif turns:
            turns[-1][1].append(event)
    return turns


def _intent(event: Mapping[str, Any]) -> str | None:
    intent = (event.get("parse_data") or {}).get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def _marked_misunderstood(after: list[Mapping[str, Any]]) -> bool:
    return any(
        e.get("event") == "slot" and e.get("name") == FALLBACK_COUNT_SLOT and e.get("value") for e in after
    )


def _answered_two_stage(after: list[Mapping[str, Any]]) -> bool:
    return any(e.get("event") == "action" and e.get("name") == TWO_STAGE_ACTION for e in after)


def misunderstandings_in_a_row(events: Sequence[Mapping[str, Any]]) -> int:
    """How many user turns in a row, ending with the current one, the bot failed to understand.

    The current turn counts (the caller runs because the bot did not understand it).
    Earlier turns count when NLU gave up on them (nlu_fallback) or a previous fallback
    marked them; the first turn the bot understood ends the run, which is how the count
    resets. Tracker events are used, not the slot, so an old value never leaks in.
    """
    turns = _turns(events)
    if not turns:
        return 1
    count = 1
    for user, after in reversed(turns[:-1]):
        intent = _intent(user)
        if intent == NLU_FALLBACK or _marked_misunderstood(after):
            count += 1
        elif intent == TWO_STAGE_DENY and _answered_two_stage(after):
            continue
        else:
            break
    return count


def affirmation_intent(parse_data: Mapping[str, Any]) -> str | None:
    """The best intent other than nlu_fallback: what the bot asks the user to confirm."""
    for candidate in parse_data.get("intent_ranking") or []:
        name = candidate.get("name")
        if name and name != NLU_FALLBACK:
            return str(name)
    return None


class ActionDefaultAskAffirmation(Action):
    """Asks "Did you mean ...?" in plain words (or to rephrase); from the second miss, offers help."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        count = misunderstandings_in_a_row(tracker.events)
        intent = affirmation_intent(tracker.latest_message or {})
        response = f"utter_ask_affirm_{intent}" if intent else None
        if count >= OFFER_AFTER:
            # A second guess after a miss helps nobody: show the way out instead.
            dispatcher.utter_message(response="utter_fallback_offer_help")
        elif response and response in (domain.get("responses") or {}):
            dispatcher.utter_message(response=response)
        else:
            # Intents like inform or faq have no sensible yes/no question: ask to rephrase.
            dispatcher.utter_message(response="utter_ask_rephrase")
        return [SlotSet(FALLBACK_COUNT_SLOT, float(count))]


class ActionDefaultAskRephrase(Action):
    """After "No" to "did you mean" (or a typed message Rasa takes as no): asks to
    rephrase, or from the second miss in a row offers menu + person instead of a loop."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        count = misunderstandings_in_a_row(tracker.events)
        if str((tracker.latest_message or {}).get("text") or "").startswith("/"):
            count = max(1, count - 1)  # the "No" button answers the same miss; typed text is a new one
        response = "utter_fallback_offer_help" if count >= OFFER_AFTER else "utter_ask_rephrase"
        dispatcher.utter_message(response=response)
        return [SlotSet(FALLBACK_COUNT_SLOT, float(count))]


class ActionDefaultFallback(Action):
    """The last resort: apologise, and from the second miss in a row offer menu + person."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        count = misunderstandings_in_a_row(tracker.events)
        if count >= OFFER_AFTER:
            dispatcher.utter_message(response="utter_fallback_offer_help")
        else:
            dispatcher.utter_message(response="utter_default")
        # Revert the unclear message so it does not steer the next predictions; the
        # count is set after the revert so it survives it.
        return [UserUtteranceReverted(), SlotSet(FALLBACK_COUNT_SLOT, float(count))]
