"""Human handoff: open an escalation in the back-end and tell the user what happens next.

The pure helpers (transcript, topic, reason, reply composition) take tracker events or
back-end answers and return plain data, so they are unit-tested without Rasa.

While the office is open the bot pauses the conversation: a counsellor answers through
the staff inbox, and what she writes meanwhile reaches the counsellor, not the bot. The
inbox resumes the conversation when the counsellor closes it. Outside office hours the
bot keeps answering and offers a call back (actions/handoff_followup.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from babel.dates import format_date
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction
from actions.language import babel_locale
from actions.pes_client import PESClient, PESNotFound, PESUnavailable
from actions.pes_models import Escalation

logger = logging.getLogger(__name__)

MAX_TRANSCRIPT_TURNS = 30
# An escalation created longer ago than this is one the conversation already had open.
EXISTING_AFTER = timedelta(minutes=1)

ESCALATION_SLOT = "handoff_escalation_id"
CALLBACK_QUESTION = "utter_ask_handoff_callback"
STATUS_IN_PROGRESS = "in_progress"

REASON_USER_REQUEST = "user_request"
REASON_MISUNDERSTANDING = "misunderstanding"
REASON_SENSITIVE = "sensitive_topic"

SENSITIVE_INTENTS = frozenset({"sensitive_danger", "sensitive_personal_help"})
# fallback.py writes this slot each time the bot fails to understand; a value of 2+ in
# the bot turn just before the request means the user took the "talk to a person" offer.
FALLBACK_COUNT_SLOT = "fallback_count"
MISUNDERSTANDINGS_BEFORE_OFFER = 2

TOPIC_REGISTRATION = "registration"
TOPIC_BENEFITS = "benefits"
TOPIC_PROGRAMMES = "programmes"
TOPIC_OTHER = "other"

_TOPIC_BY_INTENT: Mapping[str, str] = {
    "register": TOPIC_REGISTRATION,
    "update_profile": TOPIC_REGISTRATION,
    "request_my_data": TOPIC_REGISTRATION,
    "delete_my_data": TOPIC_REGISTRATION,
    "check_eligibility": TOPIC_PROGRAMMES,
}
_TOPIC_BY_FAQ: Mapping[str, str] = {
    "faq/documents_needed": TOPIC_REGISTRATION,
    "faq/registration_cost": TOPIC_REGISTRATION,
    "faq/data_privacy": TOPIC_REGISTRATION,
    "faq/unemployment_benefit": TOPIC_BENEFITS,
    "faq/youth_programmes": TOPIC_PROGRAMMES,
    "faq/apprenticeship_info": TOPIC_PROGRAMMES,
}
# Word stems that signal a benefits question the NLU has no intent for. English only
# until the multilingual NLU lands; a miss only makes the topic "other".
_BENEFIT_STEMS = ("benefit", "allowance", "unemployment pay", "payment")


# --- Pure helpers -------------------------------------------------------------------


def _iso(timestamp: Any) -> str | None:
    if not isinstance(timestamp, (int, float)):
        return None
    return datetime.fromtimestamp(float(timestamp), tz=timezone.utc).isoformat()


def build_transcript(
    events: Sequence[Mapping[str, Any]], max_turns: int = MAX_TRANSCRIPT_TURNS
) -> list[dict[str, Any]]:
    """User and bot texts of the last `max_turns` user turns, oldest first.

    A turn starts at a user message and holds the bot replies that follow it; bot
    messages before the first kept user message (e.g. a greeting) are kept too when
    the conversation is shorter than `max_turns`.
    """
    lines: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not text:
            continue
        lines.append({"sender": kind, "text": str(text), "timestamp": _iso(event.get("timestamp"))})
    user_positions = [i for i, line in enumerate(lines) if line["sender"] == "user"]
    if len(user_positions) > max_turns:
        lines = lines[user_positions[-max_turns] :]
    return lines


def _faq_key(event: Mapping[str, Any]) -> str | None:
    selector = (event.get("parse_data") or {}).get("response_selector") or {}
    faq = selector.get("faq") or {}
    response = faq.get("response") or {}
    key = response.get("intent_response_key")
    return str(key) if key else None


def _intent(event: Mapping[str, Any]) -> str | None:
    intent = (event.get("parse_data") or {}).get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def _entities(event: Mapping[str, Any]) -> list[str]:
    return [str(e.get("entity")) for e in (event.get("parse_data") or {}).get("entities") or []]


def _topic_of_user_event(event: Mapping[str, Any]) -> str | None:
    intent = _intent(event)
    # The response selector ranks FAQ topics for every message: it counts only when
    # the message was a FAQ question.
    faq = _faq_key(event) if intent == "faq" else None
    if faq in _TOPIC_BY_FAQ:
        return _TOPIC_BY_FAQ[faq]  # type: ignore[index]
    if intent in _TOPIC_BY_INTENT:
        return _TOPIC_BY_INTENT[intent]  # type: ignore[index]
    if "programme" in _entities(event):
        return TOPIC_PROGRAMMES
    text = str(event.get("text") or "").lower()
    if any(stem in text for stem in _BENEFIT_STEMS):
        return TOPIC_BENEFITS
    return None


def _topic_of_loop(name: str | None) -> str | None:
    if not name:
        return None
    if name.startswith("registration") or name.startswith("reg_") or name.startswith("profile"):
        return TOPIC_REGISTRATION
    if name.startswith("elig"):
        return TOPIC_PROGRAMMES
    return None


def guess_topic(events: Sequence[Mapping[str, Any]], active_loop: str | None = None) -> str:
    """The escalation topic: the most recent registration / benefits / programmes signal.

    The form the user is in counts first (she asks for help with what she is doing),
    then her messages from newest to oldest.
    """
    topic = _topic_of_loop(active_loop)
    if topic:
        return topic
    for event in reversed(events):
        if event.get("event") == "user":
            topic = _topic_of_user_event(event)
        elif event.get("event") == "active_loop":
            topic = _topic_of_loop(event.get("name"))
        else:
            continue
        if topic:
            return topic
    return TOPIC_OTHER


def _user_turn_indexes(events: Sequence[Mapping[str, Any]]) -> list[int]:
    return [i for i, e in enumerate(events) if e.get("event") == "user"]


def _previous_user_turn(events: Sequence[Mapping[str, Any]], users: list[int]) -> int | None:
    """Index of the user message before the latest one.

    Rasa's two-stage fallback re-adds a clarified message as a copy of the user's
    answer (same text), so copies of the latest text are skipped.
    """
    latest_text = events[users[-1]].get("text")
    for index in reversed(users[:-1]):
        if events[index].get("text") != latest_text:
            return index
    return None


def guess_reason(events: Sequence[Mapping[str, Any]]) -> str:
    """Why the person is handed over, from the last user turns.

    sensitive_topic: she said she is in danger or needs personal support (the bot then
    offered a person). misunderstanding: the bot offered a person after failing to
    understand her twice. Otherwise she simply asked.
    """
    users = _user_turn_indexes(events)
    if not users:
        return REASON_USER_REQUEST
    previous = _previous_user_turn(events, users)
    candidates = [users[-1]] + ([previous] if previous is not None else [])
    if any(_intent(events[i]) in SENSITIVE_INTENTS for i in candidates):
        return REASON_SENSITIVE
    if previous is not None:
        for event in events[previous : users[-1]]:
            if (
                event.get("event") == "slot"
                and event.get("name") == FALLBACK_COUNT_SLOT
                and isinstance(event.get("value"), (int, float))
                and event["value"] >= MISUNDERSTANDINGS_BEFORE_OFFER
            ):
                return REASON_MISUNDERSTANDING
    return REASON_USER_REQUEST


@dataclass(frozen=True)
class Utterance:
    """One response to utter, with its placeholder values."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)


def describe_opening(next_opening: datetime, now: datetime, language: str | None = "en") -> Utterance:
    """When the office opens again, in plain words relative to `now` (office time)."""
    local_now = now.astimezone(next_opening.tzinfo) if next_opening.tzinfo else now
    time_text = next_opening.strftime("%H:%M")
    day: date = next_opening.date()
    if day == local_now.date():
        return Utterance("utter_handoff_closed_today", {"time": time_text})
    if day == local_now.date() + timedelta(days=1):
        return Utterance("utter_handoff_closed_tomorrow", {"time": time_text})
    # Weekday and month names in the conversation's language (CLDR data via Babel).
    day_text = format_date(day, "EEEE d MMMM", locale=babel_locale(language))
    return Utterance("utter_handoff_closed_later", {"day": day_text, "time": time_text})


def is_existing(
    escalation: Escalation, now: datetime, known_id: Any = None, grace: timedelta = EXISTING_AFTER
) -> bool:
    """Whether the back-end answered with a request this conversation opened earlier.

    The back-end keeps one open escalation per conversation and answers a repeated
    request with it: the id the bot got last time, or an older creation time, tells.
    """
    if known_id is not None and int(known_id) == escalation.id:
        return True
    created = escalation.created_at
    if created is None:
        return False
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    return now - created > grace


def compose_escalation_reply(
    escalation: Escalation, now: datetime, known_id: Any = None, language: str | None = "en"
) -> list[Utterance]:
    """What to tell the user once the escalation is open (or found already open).

    `known_id` is the escalation this conversation got last time (slot), if any.
    """
    reference = {"reference": escalation.id}
    existing = is_existing(escalation, now, known_id)
    first = "utter_handoff_already_requested" if existing else "utter_handoff_opened"
    replies = [Utterance(first, reference)]
    if escalation.open_now and escalation.status == STATUS_IN_PROGRESS:
        # A counsellor has it already: a place in the queue would mean nothing.
        replies.append(Utterance("utter_handoff_in_progress"))
    elif escalation.open_now:
        position = escalation.queue_position or 1
        if position <= 1:
            replies.append(Utterance("utter_handoff_position_first"))
        else:
            wait = escalation.expected_wait_minutes or 0
            replies.append(Utterance("utter_handoff_position", {"position": position, "wait_minutes": wait}))
    elif escalation.next_opening is None:
        replies.append(Utterance("utter_handoff_closed_unknown"))
    else:
        replies.append(describe_opening(escalation.next_opening, now, language))
    return replies


def pauses_bot(escalation: Escalation) -> bool:
    """Whether the bot steps aside: only while counsellors are at work to answer."""
    return escalation.open_now


def next_step(escalation: Escalation, *, offer_callback: bool) -> Utterance | None:
    """The last line of the handoff reply: the bot goes quiet, or offers a call back."""
    if pauses_bot(escalation):
        return Utterance("utter_handoff_paused")
    return Utterance(CALLBACK_QUESTION) if offer_callback else None


def pause_events() -> list[EventType]:
    """Pause the conversation so staff replies are the only answers.

    Rasa logs no action_listen after an action that pauses: without one, the
    `handoff_closed` intent the inbox triggers on close, and her next message, would
    follow this action instead of a listen, and no rule (they all start after a listen)
    would apply.
    """
    return [ActionExecuted("action_listen"), ConversationPaused()]


def callback_offered(events: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the bot's last message before her latest one was the call-back question
    (so her yes or no answers it). Rasa names the response in the bot event's metadata."""
    answered = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            if answered:
                return False
            answered = True
        elif kind == "bot" and answered:
            return (event.get("metadata") or {}).get("utter_action") == CALLBACK_QUESTION
    return False


def _jobseeker_id(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# --- Action ------------------------------------------------------------------------


class ActionHandoffOffer(Action):
    """Offers a counsellor to someone in a sensitive situation, stopping any form first.

    Without stopping it, the form would ask its next question right after the offer
    and her "yes" would be taken as an answer to that question.
    """

    def name(self) -> str:
        return "action_handoff_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "sensitive_danger":
            dispatcher.utter_message(response="utter_sensitive_danger")
        else:
            dispatcher.utter_message(response="utter_sensitive_personal")
        dispatcher.utter_message(response="utter_ask_handoff_confirm")
        if tracker.active_loop and tracker.active_loop.get("name"):
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        return []


@dataclass
class Handoff:
    """An escalation opened (or found open) for this conversation, and what was said."""

    escalation: Escalation
    events: list[EventType]


def _active_loop(tracker: Tracker) -> str | None:
    name = tracker.active_loop.get("name") if tracker.active_loop else None
    return str(name) if name else None


def stop_form_events(tracker: Tracker) -> list[EventType]:
    # She wants a person, not the next question: stop the form, keep its slots.
    return [ActiveLoop(None), SlotSet("requested_slot", None)] if _active_loop(tracker) else []


def escalation_payload(tracker: Tracker) -> dict[str, Any]:
    history: Iterable[Mapping[str, Any]] = tracker.events
    events = list(history)
    return {
        "conversation_id": tracker.sender_id,
        "channel": tracker.get_latest_input_channel() or "unknown",
        "jobseeker_id": _jobseeker_id(tracker.get_slot("jobseeker_id")),
        "language": tracker.get_slot("language") or "en",
        "topic": guess_topic(events, _active_loop(tracker)),
        "reason": guess_reason(events),
        "transcript": build_transcript(events),
    }


async def open_handoff(
    dispatcher: CollectingDispatcher, tracker: Tracker, client: PESClient, now: datetime
) -> Handoff | None:
    """Opens (or finds) the escalation and tells her where she stands; None when the
    back-end could not be reached (she is told so).

    The events remember the escalation. The caller stops the form (`stop_form_events`)
    and adds the last line (`next_step`) and the pause, so its own news comes first.
    """
    payload = escalation_payload(tracker)
    try:
        try:
            escalation = await client.open_escalation(payload)
        except PESNotFound:
            # The profile behind jobseeker_id is gone (erased): hand over without it
            # rather than leave the person without help.
            escalation = await client.open_escalation({**payload, "jobseeker_id": None})
    except PESUnavailable as exc:
        # No office data either: say so and point to what still works.
        logger.error("escalation not opened: %s", exc)
        dispatcher.utter_message(response="utter_handoff_unavailable")
        return None
    known_id = tracker.get_slot(ESCALATION_SLOT)
    for utterance in compose_escalation_reply(escalation, now, known_id, tracker.get_slot("language")):
        utter(dispatcher, utterance)
    if _active_loop(tracker):
        dispatcher.utter_message(response="utter_handoff_form_paused")
    return Handoff(escalation, [SlotSet(ESCALATION_SLOT, float(escalation.id))])


def utter(dispatcher: CollectingDispatcher, utterance: Utterance | None) -> None:
    if utterance is not None:
        dispatcher.utter_message(response=utterance.response, **utterance.values)


class ActionHandoffOpen(PESAction):
    """Opens an escalation with the conversation so far and says what happens next:
    the bot goes quiet while the office is open, and offers a call back when it is not."""

    def name(self) -> str:
        return "action_handoff_open"

    @staticmethod
    def now() -> datetime:
        # A method so tests can fix the clock.
        return datetime.now(timezone.utc)

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        client: PESClient,
    ) -> list[EventType]:
        events = stop_form_events(tracker)
        handoff = await open_handoff(dispatcher, tracker, client, self.now())
        if handoff is None:
            return events
        utter(dispatcher, next_step(handoff.escalation, offer_callback=True))
        events += handoff.events
        if pauses_bot(handoff.escalation):
            events += pause_events()
        return events
