"""The jobseeker's rights over her data: see it, delete it, update it.

What is shown always comes from the back-end, never from the conversation's slots:
the record there is the truth the user has a right to see.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction, PESFormValidation
from actions.identity import forget_draft
from actions.pes_client import PESClient, PESNotFound, PESRejected
from actions.pes_models import Jobseeker
from actions.reg_fields import ALL_SLOTS, display_values, has_answers, response_text
from actions.registration_form import NOT_ANSWERS, _entity, _intent, _lang, occupation_answer, town_answer
from actions.session import IDENTITY_SLOTS
from actions.validators import (
    SKIPPED,
    InvalidAnswer,
    field_mentioned,
    parse_birth_date,
    parse_disability,
    parse_education,
    parse_experience,
    parse_gender,
    parse_name,
    parse_phone,
    parse_status,
)

logger = logging.getLogger(__name__)

# Fields a registered jobseeker can update, as registration slot -> API field.
UPDATABLE = {
    "reg_name": "name",
    "reg_birth_date": "date_of_birth",
    "reg_phone": "phone",
    "reg_town": "town",
    "reg_education": "education_level",
    "reg_occupation": "occupations",
    "reg_experience": "experience_years",
    "reg_status": "status",
    "reg_gender": "gender",
    "reg_disability": "disability",
}
PROFILE_SLOTS = ("prof_pending", "prof_field", "prof_value", "prof_change")


def forget_events() -> list[EventType]:
    """Everything the bot holds about the user, emptied."""
    slots = {*ALL_SLOTS, *IDENTITY_SLOTS, *PROFILE_SLOTS}
    return [SlotSet(slot, None) for slot in sorted(slots)]


def record_as_slots(person: Jobseeker) -> dict[str, Any]:
    """The back-end record in the shape of the registration slots, for display."""
    occupation = person.occupations[0].label if person.occupations else ""
    return {
        "reg_name": person.name,
        "reg_birth_date": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "reg_phone": person.phone or "",
        "reg_town": person.town or "",
        "reg_education": person.education_level,
        "reg_occupation": ", ".join(o.label for o in person.occupations) or occupation,
        "reg_experience": person.experience_years or 0,
        "reg_status": person.status,
        "reg_status_since": person.status_since.isoformat() if person.status_since else None,
        "reg_gender": person.gender,
        "reg_disability": person.disability,
    }


class ActionProfileShow(PESAction):
    def name(self) -> str:
        return "action_profile_show"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        jobseeker_id = tracker.get_slot("jobseeker_id")
        if jobseeker_id is None:
            dispatcher.utter_message(response="utter_profile_nothing_stored")
            if has_answers(tracker.slots):
                dispatcher.utter_message(response="utter_profile_unfinished_registration")
            return []
        try:
            person = await client.get_jobseeker(int(jobseeker_id))
        except PESNotFound:
            # Deleted elsewhere: say so and stop claiming to know her.
            dispatcher.utter_message(response="utter_profile_nothing_stored")
            return forget_events()
        values = display_values(record_as_slots(person), domain, tracker.get_slot("language"))
        template = "utter_profile_data_unemployed" if person.status == "unemployed" else "utter_profile_data"
        dispatcher.utter_message(response=template, registration_number=person.registration_number, **values)
        return []


class ActionProfileDeleteStart(PESAction):
    """Asks to confirm erasure, or says there is nothing to erase."""

    def name(self) -> str:
        return "action_profile_delete_start"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        if tracker.get_slot("jobseeker_id") is None:
            dispatcher.utter_message(response="utter_profile_nothing_stored")
            if has_answers(tracker.slots):
                # Unsent registration answers are data too: she asked to forget them.
                dispatcher.utter_message(response="utter_profile_unfinished_forgotten")
                await forget_draft(tracker, client)
                return forget_events()
            return [SlotSet("prof_pending", None)]
        dispatcher.utter_message(response="utter_profile_delete_confirm")
        return [SlotSet("prof_pending", "delete")]


class ActionProfileDelete(PESAction):
    """Runs after the confirmation question: deletes on yes, keeps on no."""

    def name(self) -> str:
        return "action_profile_delete"

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        return [SlotSet("prof_pending", None)]

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        jobseeker_id = tracker.get_slot("jobseeker_id")
        if _intent(tracker) != "affirm" or jobseeker_id is None:
            dispatcher.utter_message(response="utter_profile_delete_kept")
            return [SlotSet("prof_pending", None)]
        # Already gone (404) is the outcome she asked for.
        with contextlib.suppress(PESNotFound):
            await client.delete_jobseeker(int(jobseeker_id))
        await forget_draft(tracker, client)
        dispatcher.utter_message(response="utter_profile_deleted")
        return forget_events()


class ActionProfileUpdateStart(PESAction):
    def name(self) -> str:
        return "action_profile_update_start"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        if tracker.get_slot("jobseeker_id") is None:
            dispatcher.utter_message(response="utter_profile_not_registered")
            return [SlotSet("prof_pending", None)]
        events: list[EventType] = [
            SlotSet("prof_pending", "update"),
            SlotSet("prof_value", None),
            SlotSet("prof_change", None),
        ]
        field = field_mentioned(tracker.latest_message.get("text") or "", _lang(tracker))
        if field in UPDATABLE:
            events.append(SlotSet("prof_field", field))
        else:
            events.append(SlotSet("prof_field", None))
        return events


class ValidateProfileUpdateForm(PESFormValidation):
    def name(self) -> str:
        return "validate_profile_update_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        if not requested or _intent(tracker) in NOT_ANSWERS:
            return []
        text = (tracker.latest_message.get("text") or "").strip()
        item = _entity(tracker, "item_id")
        if requested == "prof_field":
            field = item if item in UPDATABLE else field_mentioned(text, _lang(tracker))
            return [SlotSet("prof_field", field or text)]
        field = tracker.get_slot("prof_field")
        entity = {"reg_town": "town", "reg_education": "education", "reg_occupation": "occupation"}.get(
            field or ""
        )
        value = item or (_entity(tracker, entity) if entity else None)
        if value is None:
            value = (_intent(tracker) or text) if text.startswith("/") else text
        return [SlotSet("prof_value", value)] if value else []

    def validate_prof_field(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {}  # emptied by action_profile_update_start: nothing to check yet
        if value in UPDATABLE:
            return {"prof_field": value}
        dispatcher.utter_message(response="utter_profile_pick_field_again")
        return {"prof_field": None}

    async def validate_prof_value(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {}
        field = tracker.get_slot("prof_field")
        text = str(value)
        try:
            change = await self._change(field, text, dispatcher, tracker)
        except InvalidAnswer as exc:
            dispatcher.utter_message(response=f"utter_reg_invalid_{exc.reason}")
            return {"prof_value": None}
        if change is None:
            return {"prof_value": None}
        return {"prof_value": text, "prof_change": change}

    async def _change(
        self, field: str | None, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any] | None:
        """The PATCH body for the new value, or None when the value was explained as unusable."""
        lang = _lang(tracker)
        if field == "reg_name":
            return {"name": parse_name(text, lang)}
        if field == "reg_birth_date":
            return {"date_of_birth": parse_birth_date(text, date.today()).isoformat()}
        if field == "reg_phone":
            return {"phone": parse_phone(text)}
        if field == "reg_town":
            found = await town_answer(text, dispatcher, self.get_client(), "reg_town", lang)
            return {"town": found["reg_town"]} if found["reg_town"] else None
        if field == "reg_education":
            return {"education_level": parse_education(text, _entity(tracker, "education"), lang)}
        if field == "reg_occupation":
            found = await occupation_answer(text, dispatcher, self.get_client())
            candidates = found.get("reg_occupation_candidates") or []
            if not candidates:
                return None
            # The best match; the confirmation shows it and she can change it again.
            best = candidates[0]
            return {
                "occupations": [
                    {"esco_uri": best["uri"], "isco_code": best["isco_code"], "label": best["label"]}
                ]
            }
        if field == "reg_experience":
            return {"experience_years": parse_experience(text, _entity(tracker, "number"), lang)}
        if field == "reg_status":
            status = parse_status(text, _entity(tracker, "item_id"), lang)
            return {"status": status, "status_since": None}
        if field == "reg_gender":
            gender = parse_gender(text, _entity(tracker, "item_id"), lang)
            return {"gender": None if gender == SKIPPED else gender}
        if field == "reg_disability":
            disability = parse_disability(text, _intent(tracker), _entity(tracker, "item_id"), lang)
            return {"disability": None if disability == SKIPPED else disability}
        return None


class ActionAskProfField(Action):
    def name(self) -> str:
        return "action_ask_prof_field"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = tracker.get_slot("language")
        buttons = [
            {
                "title": response_text(domain, f"utter_reg_field_{slot}", language),
                "payload": f'/select{{"item_id":"{slot}"}}',
            }
            for slot in UPDATABLE
        ]
        dispatcher.utter_message(response="utter_reg_pick_field", buttons=buttons)
        return []


class ActionAskProfValue(Action):
    """Asks the new value with the registration question of that field."""

    def name(self) -> str:
        return "action_ask_prof_value"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        field = tracker.get_slot("prof_field") or "reg_name"
        dispatcher.utter_message(response=f"utter_ask_{field}")
        return []


class ActionProfileUpdateSubmit(PESAction):
    def name(self) -> str:
        return "action_profile_update_submit"

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        return [SlotSet(slot, None) for slot in PROFILE_SLOTS]

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        jobseeker_id = tracker.get_slot("jobseeker_id")
        change = tracker.get_slot("prof_change")
        field = tracker.get_slot("prof_field")
        if jobseeker_id is None or not change or not field:
            dispatcher.utter_message(response="utter_profile_not_registered")
            return self.on_failure_events(tracker)
        try:
            person = await client.update_jobseeker(int(jobseeker_id), dict(change))
        except PESRejected as exc:
            logger.warning("profile update rejected: %s", exc.detail)
            response = "utter_profile_phone_taken" if exc.status == 409 else "utter_backend_rejected"
            dispatcher.utter_message(response=response)
            return self.on_failure_events(tracker)
        except PESNotFound:
            dispatcher.utter_message(response="utter_profile_nothing_stored")
            return forget_events()
        shown = display_values(record_as_slots(person), domain, tracker.get_slot("language"))
        key = {
            "reg_name": "name", "reg_birth_date": "birth_date", "reg_phone": "phone", "reg_town": "town",
            "reg_education": "education", "reg_occupation": "occupation", "reg_experience": "experience",
            "reg_status": "status", "reg_gender": "gender", "reg_disability": "disability",
        }[field]  # fmt: skip
        label = response_text(domain, f"utter_reg_field_{field}", tracker.get_slot("language"))
        dispatcher.utter_message(response="utter_profile_updated", field=label, value=shown[key])
        events = self.on_failure_events(tracker)
        if field == "reg_name":
            events.append(SlotSet("reg_known_name", person.name.split(" ")[0]))
        return events


__all__ = [
    "ActionAskProfField",
    "ActionAskProfValue",
    "ActionProfileDelete",
    "ActionProfileDeleteStart",
    "ActionProfileShow",
    "ActionProfileUpdateStart",
    "ActionProfileUpdateSubmit",
    "ValidateProfileUpdateForm",
]
