"""Registration journey: entry, consent, the summary, submission.

The form's validator lives in actions/registration_form.py.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timezone

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction
from actions.identity import forget_draft
from actions.pes_client import PESAuthError, PESClient, PESError, PESRejected, PESUnavailable
from actions.reg_fields import (
    ALL_SLOTS,
    EDITABLE,
    display_values,
    first_missing,
    has_answers,
    jobseeker_payload,
    required_slots,
    response_text,
)
from actions.registration_form import ValidateRegistrationForm, _intent
from actions.validators import InvalidAnswer, parse_phone

logger = logging.getLogger(__name__)


class ActionRegistrationStart(Action):
    """Entry of "register": already registered, consent needed, or continue the form."""

    def name(self) -> str:
        return "action_registration_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("jobseeker_id") is not None:
            dispatcher.utter_message(
                response="utter_reg_already_registered",
                registration_number=tracker.get_slot("registration_number") or "-",
            )
            return [SlotSet("reg_stage", None)]
        if not tracker.get_slot("reg_consent_at"):
            dispatcher.utter_message(response="utter_reg_consent")
            return [SlotSet("reg_stage", "consent")]
        if has_answers(tracker.slots):
            dispatcher.utter_message(response="utter_reg_welcome_back")
        return [SlotSet("reg_stage", "form")]


class ActionRegConsent(Action):
    """Records the answer to the consent notice."""

    def name(self) -> str:
        return "action_reg_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if _intent(tracker) != "affirm":
            dispatcher.utter_message(response="utter_reg_consent_refused")
            return [SlotSet("reg_stage", None)]
        dispatcher.utter_message(response="utter_reg_consent_thanks")
        events: list[EventType] = [
            SlotSet("reg_consent_at", datetime.now(timezone.utc).isoformat(timespec="seconds")),
            SlotSet("reg_stage", "form"),
        ]
        # A phone the channel vouches for (SMS sender, Telegram contact) needs no question.
        phone = tracker.get_slot("user_phone")
        if phone and not tracker.get_slot("reg_phone"):
            # An unusable channel phone is simply asked for.
            with contextlib.suppress(InvalidAnswer):
                events.append(SlotSet("reg_phone", parse_phone(phone)))
        return events


class ActionRegPause(Action):
    """After she confirmed "stop": the answers stay, the journey rests."""

    def name(self) -> str:
        return "action_reg_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_reg_paused")
        return [SlotSet("reg_stage", None), SlotSet("reg_picking", False), SlotSet("requested_slot", None)]


class ActionAskRegOccupationUri(Action):
    """Shows the best occupation matches as buttons to confirm."""

    def name(self) -> str:
        return "action_ask_reg_occupation_uri"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        candidates: list[dict[str, str]] = tracker.get_slot("reg_occupation_candidates") or []
        language = tracker.get_slot("language")
        buttons = [{"title": c["label"], "payload": f'/select{{"item_id":"{c["uri"]}"}}'} for c in candidates]
        buttons.append(
            {"title": response_text(domain, "utter_reg_none_of_these", language), "payload": "/deny"}
        )
        dispatcher.utter_message(response="utter_ask_reg_occupation_uri", buttons=buttons)
        return []


class ActionAskRegConfirm(Action):
    """The summary with Submit / Change something, or the list of fields to change."""

    def name(self) -> str:
        return "action_ask_reg_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = tracker.get_slot("language")
        if tracker.get_slot("reg_picking"):
            fields = [s for s in EDITABLE if s in required_slots(tracker.slots)]
            buttons = [
                {
                    "title": response_text(domain, f"utter_reg_field_{s}", language),
                    "payload": f'/select{{"item_id":"{s}"}}',
                }
                for s in fields
            ]
            dispatcher.utter_message(response="utter_reg_pick_field", buttons=buttons)
            return []
        values = display_values(tracker.slots, domain, language)
        template = (
            "utter_reg_summary_unemployed"
            if tracker.get_slot("reg_status") == "unemployed"
            else "utter_reg_summary"
        )
        dispatcher.utter_message(response=template, **values)
        return []


class ActionRegSubmit(PESAction):
    """Creates the jobseeker in the back-end; on failure keeps every answer."""

    def name(self) -> str:
        return "action_reg_submit"

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        # Answers stay in the slots; emptying the confirmation makes "register" show
        # the summary again so she can submit later.
        return [SlotSet("reg_confirm", None), SlotSet("reg_stage", "form")]

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        missing = first_missing(tracker.slots)
        if missing is not None and missing != "reg_confirm":
            # Never send a half-filled record; this only happens if slots were lost.
            dispatcher.utter_message(response="utter_reg_incomplete")
            return self.on_failure_events(tracker)
        try:
            person = await client.create_jobseeker(jobseeker_payload(tracker.slots))
        except PESRejected as exc:
            return await self._rejected(exc, dispatcher, tracker, client)
        except (PESUnavailable, PESAuthError) as exc:
            logger.error("registration not saved: %s", exc)
            dispatcher.utter_message(response="utter_reg_submit_failed")
            return self.on_failure_events(tracker)
        await self._link_channel(client, person.id, tracker)
        await forget_draft(tracker, client)
        dispatcher.utter_message(response="utter_reg_done", registration_number=person.registration_number)
        return registered_events(person.id, person.registration_number, person.name)

    async def _rejected(
        self, exc: PESRejected, dispatcher: CollectingDispatcher, tracker: Tracker, client: PESClient
    ) -> list[EventType]:
        phone = tracker.get_slot("reg_phone")
        if exc.status != 409:
            logger.warning("registration rejected: %s", exc.detail)
            dispatcher.utter_message(response="utter_reg_submit_rejected")
            return self.on_failure_events(tracker)
        # Only a phone the channel itself vouches for proves the record is hers.
        if phone and phone == tracker.get_slot("user_phone"):
            existing = await client.lookup_jobseeker(phone=phone)
            if existing is not None:
                await self._link_channel(client, existing.id, tracker)
                await forget_draft(tracker, client)
                dispatcher.utter_message(
                    response="utter_reg_phone_known_linked", registration_number=existing.registration_number
                )
                return registered_events(existing.id, existing.registration_number, existing.name)
        dispatcher.utter_message(response="utter_reg_phone_taken", phone=phone or "")
        return self.on_failure_events(tracker)

    @staticmethod
    async def _link_channel(client: PESClient, jobseeker_id: int, tracker: Tracker) -> None:
        channel = tracker.get_latest_input_channel()
        if not channel or not tracker.sender_id:
            return
        try:
            await client.link_identity(jobseeker_id, channel, tracker.sender_id)
        except PESError as exc:
            # Registration stands; only recognition in a later session is affected.
            logger.warning("could not link %s identity to jobseeker %s: %s", channel, jobseeker_id, exc)


def registered_events(jobseeker_id: int, registration_number: str, name: str) -> list[EventType]:
    events: list[EventType] = [SlotSet(slot, None) for slot in ALL_SLOTS]
    events += [
        SlotSet("jobseeker_id", float(jobseeker_id)),
        SlotSet("registration_number", registration_number),
        SlotSet("reg_known", True),
        SlotSet("reg_known_name", name.split(" ")[0]),
    ]
    return events


__all__ = [
    "ActionAskRegConfirm",
    "ActionAskRegOccupationUri",
    "ActionRegConsent",
    "ActionRegPause",
    "ActionRegSubmit",
    "ActionRegistrationStart",
    "ValidateRegistrationForm",
]
