"""The registration form's validator: takes each answer and checks it.

The form's slots use custom mappings: the extraction below takes the answer to the
question the form asked (button payload, entity or the text itself), and each
`validate_<slot>` turns it into a clean value or explains what is wrong.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESFormValidation
from actions.identity import save_draft
from actions.pes_client import PESAuthError, PESClient, PESUnavailable
from actions.reg_fields import DEPENDENT, EDITABLE, required_slots
from actions.validators import (
    InvalidAnswer,
    field_mentioned,
    match_town,
    parse_birth_date,
    parse_disability,
    parse_education,
    parse_experience,
    parse_gender,
    parse_month_year,
    parse_name,
    parse_phone,
    parse_status,
)

FORM = "registration_form"
# Intents that are not an answer to the form's question: the form lets rules handle
# them (stop, FAQ digression, handoff...) and asks its question again afterwards.
NOT_ANSWERS = frozenset(
    {
        "stop",
        "faq",
        "help",
        "human_handoff",
        "bot_challenge",
        "change_language",
        "request_my_data",
        "delete_my_data",
        "register",
    }
)
OCCUPATION_CHOICES = 3


def _today() -> date:
    return date.today()


def _entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return None if value is None else str(value)


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _lang(tracker: Tracker) -> str | None:
    """The conversation's language, which settles words that differ between languages."""
    value = tracker.get_slot("language")
    return None if value is None else str(value)


def _answered_form(tracker: Tracker) -> bool:
    """True when the latest user message replies to a question the form asked."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "action" and seen_user and event.get("name") != "action_listen":
            return event.get("name") == FORM
    return False


def _invalid(dispatcher: CollectingDispatcher, reason: str) -> None:
    dispatcher.utter_message(response=f"utter_reg_invalid_{reason}")


def _clear(slot: str) -> dict[str, Any]:
    return {slot: None, **{dep: None for dep in DEPENDENT.get(slot, [])}}


class ValidateRegistrationForm(PESFormValidation):
    def name(self) -> str:
        return "validate_registration_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return required_slots(tracker.slots)

    @staticmethod
    def _answered_slot(tracker: Tracker) -> str | None:
        """The slot the latest message answers, if it answers the form's question."""
        requested = tracker.get_slot("requested_slot")
        if not requested or _intent(tracker) in NOT_ANSWERS or not _answered_form(tracker):
            return None
        return str(requested)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = self._answered_slot(tracker)
        if requested is None:
            return []
        answer = self._answer(requested, tracker)
        return [] if answer is None else [SlotSet(requested, answer)]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate only the answer just given.

        When the form is activated again (she comes back to finish), Rasa sends every
        slot already filled for validation; those values were checked when given and
        are in normalised form, and checking them against the message "register"
        would wrongly reject them.
        """
        answered = self._answered_slot(tracker)
        candidates = tracker.slots_to_validate()
        if answered not in candidates:
            return []
        method = getattr(self, f"validate_{answered}", None)
        if method is None:
            return [SlotSet(answered, candidates[answered])]
        # The validator's explanation is held back until we know the answer is not a
        # correction of an earlier one.
        said = CollectingDispatcher()
        output = method(candidates[answered], said, tracker, domain)
        if hasattr(output, "__await__"):
            output = await output
        if answered in EDITABLE and output.get(answered) is None:
            output = {**output, **self._unusable_answer(answered, said, tracker)}
        elif tracker.get_slot("reg_failures"):
            output = {**output, "reg_failures": 0.0}
        dispatcher.messages.extend(said.messages)
        if output.get(answered) is not None:
            # Kept under her verified phone, so she can finish on another channel.
            await save_draft(tracker, self.get_client(), output)
        return [SlotSet(slot, value) for slot, value in output.items()]

    @staticmethod
    def _unusable_answer(answered: str, said: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """An answer the question could not use: a correction of an earlier answer
        ("wait, my town is wrong") goes back to that question; otherwise, after two
        unusable answers in a row, she is offered a way out instead of a loop."""
        text = tracker.latest_message.get("text") or ""
        earlier = field_mentioned(text, _lang(tracker)) if not text.startswith("/") else None
        if earlier and earlier != answered and tracker.get_slot(earlier) not in (None, ""):
            said.messages.clear()
            said.utter_message(response="utter_reg_going_back")
            # The question just asked stays empty and is asked again after that one.
            return {**_clear(earlier), "reg_failures": 0.0}
        failures = (tracker.get_slot("reg_failures") or 0) + 1
        if failures >= 2:
            said.utter_message(response="utter_reg_stuck")
        return {"reg_failures": float(failures)}

    @staticmethod
    def _answer(slot: str, tracker: Tracker) -> str | None:
        """The raw answer: a button's item, the slot's entity, or the words typed."""
        item = _entity(tracker, "item_id")
        if item is not None:
            return item
        entity = {
            "reg_town": "town",
            "reg_education": "education",
            "reg_occupation": "occupation",
            # Telegram's "share my phone number" button (intent share_phone).
            "reg_phone": "phone",
        }.get(slot)
        value = _entity(tracker, entity) if entity else None
        if value is not None:
            return value
        text = (tracker.latest_message.get("text") or "").strip()
        if text.startswith("/"):
            # A button payload without an item: the intent is the answer (yes/no/skip).
            return _intent(tracker) or text
        return text or None

    # --- Field by field ---------------------------------------------------------

    def validate_reg_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"reg_name": parse_name(str(value), _lang(tracker))}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_name": None}

    def validate_reg_birth_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"reg_birth_date": parse_birth_date(str(value), _today()).isoformat()}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_birth_date": None}

    def validate_reg_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"reg_phone": parse_phone(str(value))}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_phone": None}

    async def validate_reg_town(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await town_answer(str(value), dispatcher, self.get_client(), "reg_town", _lang(tracker))

    def validate_reg_education(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            level = parse_education(str(value), _entity(tracker, "education"), _lang(tracker))
            return {"reg_education": str(level)}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_education": None}

    async def validate_reg_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await occupation_answer(str(value), dispatcher, self.get_client())

    def validate_reg_occupation_uri(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        candidates: list[dict[str, str]] = tracker.get_slot("reg_occupation_candidates") or []
        choice = pick_candidate(str(value), _intent(tracker), _entity(tracker, "number"), candidates)
        if choice is None:
            # "None of these" (or an answer we cannot place): ask for the occupation again.
            dispatcher.utter_message(response="utter_reg_occupation_retry")
            return _clear("reg_occupation")
        return {
            "reg_occupation_uri": choice["uri"],
            "reg_occupation_isco": choice["isco_code"],
            "reg_occupation": choice["label"],
        }

    def validate_reg_experience(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            years = parse_experience(str(value), _entity(tracker, "number"), _lang(tracker))
            return {"reg_experience": float(years)}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_experience": None}

    def validate_reg_status(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            status = parse_status(str(value), _entity(tracker, "item_id"), _lang(tracker))
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_status": None}
        changes: dict[str, Any] = {"reg_status": status}
        if status != "unemployed":
            changes["reg_status_since"] = None
        return changes

    def validate_reg_status_since(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"reg_status_since": parse_month_year(str(value), _today(), _lang(tracker)).isoformat()}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_status_since": None}

    def validate_reg_gender(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"reg_gender": parse_gender(str(value), _entity(tracker, "item_id"), _lang(tracker))}
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_gender": None}

    def validate_reg_disability(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {
                "reg_disability": parse_disability(
                    str(value), _intent(tracker), _entity(tracker, "item_id"), _lang(tracker)
                )
            }
        except InvalidAnswer as exc:
            _invalid(dispatcher, exc.reason)
            return {"reg_disability": None}

    async def validate_reg_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The summary's answer: submit, open the field list, or correct one field."""
        intent = _intent(tracker)
        item = _entity(tracker, "item_id")
        text = str(value)
        if item in EDITABLE:
            return {**_clear(item), "reg_confirm": None, "reg_picking": False}
        if intent == "affirm" or item == "submit":
            return {"reg_confirm": "submit", "reg_picking": False}
        # A correction with its new value: "change my town to Nakuru".
        town = _entity(tracker, "town")
        if town:
            found = await town_answer(town, dispatcher, self.get_client(), "reg_town", _lang(tracker))
            return {**found, "reg_confirm": None}
        education = _entity(tracker, "education")
        if education:
            try:
                return {"reg_education": str(parse_education(None, education)), "reg_confirm": None}
            except InvalidAnswer:
                pass
        occupation = _entity(tracker, "occupation")
        if occupation:
            return {**await occupation_answer(occupation, dispatcher, self.get_client()), "reg_confirm": None}
        field = field_mentioned(text, _lang(tracker)) if not text.startswith("/") else None
        if field:
            return {**_clear(field), "reg_confirm": None, "reg_picking": False}
        # "Change something" or anything unclear: show the list of fields.
        return {"reg_confirm": None, "reg_picking": True}


async def town_answer(
    text: str, dispatcher: CollectingDispatcher, client: PESClient, slot: str, lang: str | None = None
) -> dict[str, Any]:
    try:
        towns = await client.list_towns()
    except (PESUnavailable, PESAuthError):
        dispatcher.utter_message(response="utter_reg_check_unavailable")
        return {slot: None}
    match = match_town(text, [t.name for t in towns], lang)
    if match is None:
        dispatcher.utter_message(response="utter_reg_invalid_town", town=text)
        return {slot: None}
    if not match.exact:
        dispatcher.utter_message(response="utter_reg_town_understood", town=match.name)
    return {slot: match.name}


async def occupation_answer(text: str, dispatcher: CollectingDispatcher, client: PESClient) -> dict[str, Any]:
    try:
        hits = await client.search_occupations(text, limit=OCCUPATION_CHOICES)
    except (PESUnavailable, PESAuthError):
        dispatcher.utter_message(response="utter_reg_check_unavailable")
        return _clear("reg_occupation")
    if not hits:
        dispatcher.utter_message(response="utter_reg_invalid_occupation", occupation=text)
        return _clear("reg_occupation")
    candidates = [
        {"uri": h.uri, "label": h.label, "isco_code": h.isco_code} for h in hits[:OCCUPATION_CHOICES]
    ]
    return {
        "reg_occupation": text,
        "reg_occupation_candidates": candidates,
        "reg_occupation_uri": None,
        "reg_occupation_isco": None,
    }


def pick_candidate(
    answer: str, intent: str | None, number: str | None, candidates: list[dict[str, str]]
) -> dict[str, str] | None:
    """The occupation the user confirmed: by button (uri), by position, or by its label."""
    if intent in ("deny", "skip") or not candidates:
        return None
    for candidate in candidates:
        if answer == candidate["uri"]:
            return candidate
    position = number if number is not None else (answer.strip() if answer.strip().isdigit() else None)
    if position is not None and position.isdigit() and 1 <= int(position) <= len(candidates):
        return candidates[int(position) - 1]
    lowered = answer.strip().lower()
    for candidate in candidates:
        if candidate["label"].lower() == lowered:
            return candidate
    if intent == "affirm" and len(candidates) == 1:
        return candidates[0]
    return None
