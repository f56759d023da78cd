"""After the handoff: a call back outside office hours, and her rating once a counsellor
has closed the conversation.

The escalation stays the back-end's record: the call-back request and the rating are
PATCHed onto it (slot `handoff_escalation_id`), where the staff inbox reads them.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction
from actions.handoff import (
    ESCALATION_SLOT,
    ActionHandoffOpen,
    Utterance,
    callback_offered,
    next_step,
    open_handoff,
    pause_events,
    pauses_bot,
    stop_form_events,
    utter,
)
from actions.identity import channel_phone
from actions.pes_client import PESClient, PESError, PESNotFound, PESRejected
from actions.pes_models import Escalation
from actions.validators import InvalidAnswer, parse_phone

logger = logging.getLogger(__name__)

RATINGS = ("good", "ok", "bad")
RATING_SLOT = "handoff_rating"
RATING_ENTITY = "handoff_rating"
CONFLICT = 409


# --- Pure helpers -------------------------------------------------------------------


def valid_phone(value: Any) -> str | None:
    """The number in E.164 if it is a valid one, else None (the call back still stands)."""
    if not value:
        return None
    try:
        return parse_phone(str(value))
    except InvalidAnswer:
        return None


def callback_confirmation(escalation: Escalation, phone: str | None) -> Utterance:
    """What she is told once the call back is asked for, with or without a number."""
    number = escalation.callback_phone or phone
    if number:
        return Utterance("utter_handoff_callback_phone", {"phone": number})
    if escalation.open_now:
        return Utterance("utter_handoff_callback_no_phone_now")
    return Utterance("utter_handoff_callback_no_phone")


def rating_reply(rating: str) -> Utterance:
    """Thanks for every answer; a bad one also gets an apology."""
    return Utterance("utter_handoff_rating_sorry" if rating == "bad" else "utter_handoff_rating_thanks")


def given_rating(tracker: Tracker) -> str | None:
    """Her rating when this very message carried one the back-end knows, else None.

    The slot keeps an earlier answer: only a value the latest message brought counts.
    """
    carried = next(tracker.get_latest_entity_values(RATING_ENTITY), None)
    if carried is None:
        return None
    value = str(tracker.get_slot(RATING_SLOT) or carried).strip().lower()
    return value if value in RATINGS else None


def _escalation_id(tracker: Tracker) -> int | None:
    value = tracker.get_slot(ESCALATION_SLOT)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _intent(tracker: Tracker) -> str | None:
    name = (tracker.latest_message.get("intent") or {}).get("name")
    return str(name) if name else None


# --- Call back ----------------------------------------------------------------------


async def phone_to_call(tracker: Tracker, client: PESClient) -> str | None:
    """The number a counsellor can call: the one her channel vouches for (SMS sender,
    shared Telegram contact), else the one on her jobseeker record, else None."""
    for candidate in (channel_phone(tracker), tracker.get_slot("user_phone")):
        phone = valid_phone(candidate)
        if phone:
            return phone
    jobseeker_id = tracker.get_slot("jobseeker_id")
    if jobseeker_id is None:
        return None
    try:
        person = await client.get_jobseeker(int(jobseeker_id))
    except PESError as exc:
        # A call back without a number still stands: the counsellor writes instead.
        logger.warning("no phone from the jobseeker record: %s", exc)
        return None
    return valid_phone(person.phone)


def _gone_or_closed(exc: PESError) -> bool:
    return isinstance(exc, PESNotFound) or (isinstance(exc, PESRejected) and exc.status == CONFLICT)


class ActionHandoffCallback(PESAction):
    """Asks for a counsellor's call back on the escalation, opening one first if needed.

    Runs on `request_callback` (the offer's button) from anywhere, and on "yes" or on
    asking again for a person ("just call me") right after the call-back question:
    a typed request for a call is a request for a person (intent human_handoff). The
    request already open is reused; one that is gone or closed is not (nobody would see
    the call back there), so a new one is opened.
    """

    def name(self) -> str:
        return "action_handoff_callback"

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        client: PESClient,
    ) -> list[EventType]:
        intent = _intent(tracker)
        if intent == "affirm" and not callback_offered(tracker.events):
            # A "yes" to something other than the call-back question (e.g. after an
            # error message): nothing to confirm, show what she can do.
            dispatcher.utter_message(response="utter_help")
            return []
        if intent == "human_handoff" and not callback_offered(tracker.events):
            # Asking again after a handoff that could not be opened: try it again.
            return await ActionHandoffOpen().act(dispatcher, tracker, domain, client)
        phone = await phone_to_call(tracker, client)
        changes = {"callback_requested": True, "callback_phone": phone}
        events = stop_form_events(tracker)
        known = _escalation_id(tracker)
        if known is not None:
            try:
                escalation = await client.update_escalation(known, changes)
            except PESError as exc:
                if not _gone_or_closed(exc):
                    logger.error("call back not recorded on escalation %s: %s (%s)", known, exc, exc.detail)
                    self._form_stopped(dispatcher, events)
                    dispatcher.utter_message(response="utter_handoff_callback_failed")
                    return events
            else:
                self._form_stopped(dispatcher, events)
                return events + self._confirm(dispatcher, escalation, phone)

        # No request to add the call back to (none yet, erased, or closed): open one.
        handoff = await open_handoff(dispatcher, tracker, client, self.now())
        if handoff is None:
            return events
        events += handoff.events
        try:
            escalation = await client.update_escalation(handoff.escalation.id, changes)
        except PESError as exc:
            logger.error("call back not recorded on escalation %s: %s", handoff.escalation.id, exc)
            dispatcher.utter_message(response="utter_handoff_callback_failed")
            return events + self._quiet(dispatcher, handoff.escalation)
        return events + self._confirm(dispatcher, escalation, phone)

    @staticmethod
    def _form_stopped(dispatcher: CollectingDispatcher, events: list[EventType]) -> None:
        # open_handoff says it itself when it runs; here the request already existed.
        if events:
            dispatcher.utter_message(response="utter_handoff_form_paused")

    @classmethod
    def _confirm(
        cls, dispatcher: CollectingDispatcher, escalation: Escalation, phone: str | None
    ) -> list[EventType]:
        utter(dispatcher, callback_confirmation(escalation, phone))
        return cls._quiet(dispatcher, escalation)

    @staticmethod
    def _quiet(dispatcher: CollectingDispatcher, escalation: Escalation) -> list[EventType]:
        """While the office is open a counsellor takes over here, as after a handoff."""
        if not pauses_bot(escalation):
            return []
        utter(dispatcher, next_step(escalation, offer_callback=False))
        return pause_events()


class ActionHandoffCallbackDeclined(Action):
    """Her "no" right after a handoff: to the call-back question, or to nothing."""

    def name(self) -> str:
        return "action_handoff_callback_declined"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if callback_offered(tracker.events):
            dispatcher.utter_message(response="utter_handoff_callback_declined")
        else:
            dispatcher.utter_message(response="utter_help")
        return []


# --- Rating -------------------------------------------------------------------------


class ActionHandoffRating(PESAction):
    """Stores how she rates the conversation with the counsellor, and thanks her.

    An answer the bot cannot place gets the question again. Back-end failures are said
    plainly: the rating is not retried behind her back.
    """

    def name(self) -> str:
        return "action_handoff_rating"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        client: PESClient,
    ) -> list[EventType]:
        rating = given_rating(tracker)
        if rating is None:
            dispatcher.utter_message(response="utter_ask_handoff_rating")
            return [SlotSet(RATING_SLOT, None)]
        escalation_id = _escalation_id(tracker)
        if escalation_id is None:
            dispatcher.utter_message(response="utter_handoff_rating_none")
            return []
        try:
            await client.update_escalation(escalation_id, {"rating": rating})
        except PESNotFound:
            dispatcher.utter_message(response="utter_handoff_rating_none")
            return []
        except PESRejected as exc:
            # 409: the conversation with the counsellor has not been closed yet.
            logger.warning("rating refused for escalation %s: %s (%s)", escalation_id, exc, exc.detail)
            dispatcher.utter_message(response="utter_handoff_rating_none")
            return []
        except PESError as exc:
            logger.error("rating not stored for escalation %s: %s", escalation_id, exc)
            dispatcher.utter_message(response="utter_handoff_rating_failed")
            return []
        utter(dispatcher, rating_reply(rating))
        return []
