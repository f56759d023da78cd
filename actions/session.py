"""action_session_start: keep what the conversation knew and recognise the user.

A user is recognised by the phone her channel vouches for (message metadata "phone")
or by her channel identity (channel name + sender id) linked at registration. If the
back-end cannot be reached the session still starts; the bot just does not claim to
know her.
"""

from __future__ import annotations

import contextlib
import logging

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction
from actions.identity import channel_phone, recognised_events, restore_draft
from actions.pes_client import PESClient, PESError

logger = logging.getLogger(__name__)

# Slots that describe who the user is; refreshed from the back-end at every session.
IDENTITY_SLOTS = ("jobseeker_id", "registration_number", "reg_known", "reg_known_name")


class ActionSessionStart(PESAction):
    def name(self) -> str:
        return "action_session_start"

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        # Never leave a conversation without a session, whatever happened.
        return [SessionStarted(), *self._carried_slots(tracker), ActionExecuted("action_listen")]

    @staticmethod
    def _carried_slots(tracker: Tracker) -> list[EventType]:
        return [
            SlotSet(key, value)
            for key, value in tracker.current_slot_values().items()
            if key != "session_started_metadata" and value is not None
        ]

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted(), *self._carried_slots(tracker)]
        phone = channel_phone(tracker)
        if phone:
            events.append(SlotSet("user_phone", phone))
        events += await self._recognise(tracker, client, phone)
        events.append(ActionExecuted("action_listen"))
        return events

    async def _recognise(self, tracker: Tracker, client: PESClient, phone: str | None) -> list[EventType]:
        metadata = tracker.get_slot("session_started_metadata")
        channel = tracker.get_latest_input_channel() or (
            metadata.get("channel") if isinstance(metadata, dict) else None
        )
        identity = tracker.sender_id
        if not phone and not (channel and identity):
            return []  # nothing to look her up by; keep what the last session knew
        try:
            person = await client.lookup_jobseeker(phone=phone) if phone else None
            if person is not None and channel and identity:
                # The channel vouched for the phone: remember this chat identity too.
                await client.link_identity(person.id, channel, identity)
            if person is None and channel and identity:
                person = await client.lookup_jobseeker(channel=channel, identity=identity)
        except PESError as exc:
            # Keep whatever the last session knew; do not claim anything new.
            logger.warning("session start: could not look the user up: %s", exc)
            return []
        if person is not None:
            return recognised_events(person)
        if phone:
            # Registration answers given on another channel under this verified number.
            with contextlib.suppress(PESError):
                return await restore_draft(tracker, client, phone)
        if tracker.get_slot("jobseeker_id") is not None:
            # The back-end no longer has her (deleted elsewhere): stop claiming to know her.
            return [SlotSet(slot, None) for slot in IDENTITY_SLOTS]
        return []
