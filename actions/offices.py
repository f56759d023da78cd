"""FAQ answers, and where to go in person: the nearest office, its address, hours, phone.

Most FAQ topics are a fixed response. Where the office is depends on the user: the
town comes from the message ("office in kisumu"), else from the registered profile;
without either, the user picks from the towns that have an office. Offices and their
hours are the back-end's data; whether an office is open now is the back-end's answer
too (it knows the office's time zone).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from babel.dates import get_day_names
from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction
from actions.language import babel_locale
from actions.pes_client import PESClient, PESNotFound, PESRejected
from actions.pes_models import OpeningHours
from actions.search_common import button_payload, first_entity, is_anywhere


def weekday_names(language: str | None) -> list[str]:
    """Short day names in the conversation's language (CLDR data via Babel), Monday first."""
    names = get_day_names("abbreviated", locale=babel_locale(language))
    return [str(names[day]) for day in range(7)]


def format_hours(hours: Sequence[OpeningHours], language: str | None = "en") -> str:
    """Opening hours in one line, days with the same hours grouped:
    "Mon-Thu 08:00-13:00, 14:00-17:00; Fri 08:00-12:00"."""
    days = weekday_names(language)
    by_day: dict[int, list[str]] = {}
    for slot in sorted(hours, key=lambda h: (h.weekday, h.opens)):
        by_day.setdefault(slot.weekday, []).append(f"{slot.opens}-{slot.closes}")
    groups: list[tuple[int, int, str]] = []  # first day, last day, hours
    for day in sorted(by_day):
        text = ", ".join(by_day[day])
        if groups and groups[-1][2] == text and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, text)
        else:
            groups.append((day, day, text))
    return "; ".join(
        f"{days[first]}{'' if first == last else '-' + days[last]} {text}" for first, last, text in groups
    )


def describe_next_opening(next_opening: datetime | None, language: str | None = "en") -> str:
    if not next_opening:
        return ""
    return f"{weekday_names(language)[next_opening.weekday()]} {next_opening:%H:%M}"


OFFICE_TOPIC = "faq/office_location"


def faq_topic(latest_message: dict | None) -> str | None:
    """The FAQ topic the response selector chose ("faq/office_hours"), if any."""
    selector = (latest_message or {}).get("response_selector") or {}
    return ((selector.get("faq") or {}).get("response") or {}).get("intent_response_key") or None


class ActionAnswerFaq(PESAction):
    """Answers every FAQ topic: the selected topic's response, except where to find an
    office, which comes from the back-end (nearest office, address, hours, open now)."""

    def name(self) -> str:
        return "action_answer_faq"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        topic = faq_topic(tracker.latest_message)
        town = first_entity(tracker.latest_message, "town")
        # The town buttons below send /faq{"town": ...}: no selector runs on a payload.
        if topic == OFFICE_TOPIC or (topic is None and town):
            await self._nearest_office(dispatcher, tracker, client, None if is_anywhere(town) else town)
        elif topic and f"utter_{topic}" in (domain.get("responses") or {}):
            dispatcher.utter_message(response=f"utter_{topic}")
        else:
            dispatcher.utter_message(response="utter_help")
        return []

    async def _nearest_office(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, client: PESClient, town: str | None
    ) -> None:
        if town is None and tracker.get_slot("jobseeker_id") is not None:
            town = (await client.get_jobseeker(int(tracker.get_slot("jobseeker_id")))).town
        if town is None:
            await self._offer_towns(dispatcher, client, f"utter_{OFFICE_TOPIC}")
            return
        try:
            status = await client.office_status(town)
        except (PESNotFound, PESRejected):
            # A town the service does not know: say so, and list where offices are.
            await self._offer_towns(dispatcher, client, "utter_office_unknown_town", town=town)
            return
        office = status.office
        dispatcher.utter_message(
            response="utter_office_details",
            office=office.name,
            address=office.address,
            hours=format_hours(office.hours, tracker.get_slot("language")),
            phone=office.phone or "-",
        )
        if status.open_now:
            dispatcher.utter_message(response="utter_office_open_now")
        else:
            dispatcher.utter_message(
                response="utter_office_closed_now",
                when=describe_next_opening(status.next_opening, tracker.get_slot("language")),
            )

    @staticmethod
    async def _offer_towns(
        dispatcher: CollectingDispatcher, client: PESClient, response: str, **values: str
    ) -> None:
        offices = await client.list_offices()
        towns = sorted({o.town for o in offices if o.town})
        buttons = [{"title": t, "payload": button_payload("faq", town=t)} for t in towns]
        dispatcher.utter_message(response=response, buttons=buttons, **values)
