"""One jobseeker across channels: a phone number the channel vouches for links them.

SMS vouches for the sender's number on every message; Telegram does when she taps
"share my phone number" (her own contact). When such a number appears, she is looked up:
a registered jobseeker is recognised (and this chat identity linked to her record), and
answers she gave to the registration questions on another channel are brought back, so
she can finish here. Answers are kept under a verified number only: a number somebody
merely typed proves nothing about who is writing.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.pes_client import PESClient, PESError
from actions.pes_models import Jobseeker
from actions.reg_fields import FORM_SLOTS, has_answers
from actions.validators import InvalidAnswer, parse_phone

logger = logging.getLogger(__name__)


def channel_phone(tracker: Tracker) -> str | None:
    """The E.164 phone from the channel's metadata, if it sent a valid one."""
    sources: list[Any] = [
        tracker.get_slot("session_started_metadata"),
        tracker.latest_message.get("metadata"),
    ]
    for metadata in sources:
        if isinstance(metadata, dict) and metadata.get("phone"):
            raw = str(metadata["phone"])
            try:
                return parse_phone(raw if raw.startswith("+") else "+" + raw)
            except InvalidAnswer:
                logger.warning("channel sent an invalid phone %r; ignored", raw)
    return None


def recognised_events(person: Jobseeker) -> list[EventType]:
    return [
        SlotSet("jobseeker_id", float(person.id)),
        SlotSet("registration_number", person.registration_number),
        SlotSet("reg_known", True),
        SlotSet("reg_known_name", person.name.split(" ")[0]),
    ]


# What a draft holds: the answers and when consent was given (no question is asked
# twice, and nothing is kept before she agreed to the notice).
DRAFT_SLOTS = (*FORM_SLOTS, "reg_occupation_isco", "reg_consent_at")


def draft_answers(slots: dict[str, Any]) -> dict[str, Any]:
    return {slot: slots[slot] for slot in DRAFT_SLOTS if slots.get(slot) not in (None, "")}


async def phone_events(tracker: Tracker, client: PESClient) -> list[EventType]:
    """Events for a verified phone seen for the first time in this conversation."""
    phone = channel_phone(tracker)
    if not phone or phone == tracker.get_slot("user_phone"):
        return []
    events: list[EventType] = [SlotSet("user_phone", phone)]
    if tracker.get_slot("jobseeker_id") is not None:
        return events
    try:
        person = await client.lookup_jobseeker(phone=phone)
        if person is not None:
            channel = tracker.get_latest_input_channel()
            if channel and tracker.sender_id:
                await client.link_identity(person.id, channel, tracker.sender_id)
            return events + recognised_events(person)
        events += await restore_draft(tracker, client, phone)
    except PESError as exc:
        logger.warning("could not look up a shared phone number: %s", exc)
    return events


async def restore_draft(tracker: Tracker, client: PESClient, phone: str) -> list[EventType]:
    """The answers kept under this phone, for the questions not answered here yet."""
    draft = await client.get_registration_draft(phone)
    if draft is None:
        return []
    here = tracker.current_slot_values()
    return [
        SlotSet(slot, value)
        for slot, value in draft.answers.items()
        if slot in DRAFT_SLOTS and here.get(slot) in (None, "")
    ]


async def save_draft(tracker: Tracker, client: PESClient, changes: dict[str, Any]) -> None:
    """Keep the answers so far under her verified phone; never fails the form."""
    phone = tracker.get_slot("user_phone")
    if not phone or tracker.get_slot("jobseeker_id") is not None:
        return
    answers = draft_answers({**tracker.current_slot_values(), **changes})
    if not answers.get("reg_consent_at"):
        return
    try:
        await client.save_registration_draft(str(phone), answers, tracker.get_latest_input_channel())
    except PESError as exc:
        logger.warning("registration draft not saved: %s", exc)


async def forget_draft(tracker: Tracker, client: PESClient) -> None:
    phone = tracker.get_slot("user_phone")
    if not phone:
        return
    try:
        await client.delete_registration_draft(str(phone))
    except PESError as exc:
        logger.warning("registration draft not deleted: %s", exc)


class ActionPhoneShared(Action):
    """Answers a number shared with the chat app's button, outside any question."""

    def name(self) -> str:
        return "action_phone_shared"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # action_track_language has looked the number up already (phone_events).
        if tracker.get_slot("jobseeker_id") is not None:
            dispatcher.utter_message(response="utter_phone_shared_known")
        elif has_answers(tracker.slots):
            dispatcher.utter_message(response="utter_phone_shared_draft")
        else:
            dispatcher.utter_message(response="utter_phone_shared_new")
        return []
