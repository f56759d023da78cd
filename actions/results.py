""" "More", "number 2" and "I'm interested" for whichever result list is on screen.

The vacancy and training journeys share these intents, so one action per intent looks
at `vac_active_list` (the list the user saw last) and hands over to that journey.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import training, vacancies
from actions.base import PESAction
from actions.pes_client import PESClient, PESNotFound
from actions.search_common import first_entity, pick_item

# Every journey's item handler: (item id, dispatcher, tracker, domain, client) -> events.
_Handler = Callable[[str, CollectingDispatcher, Tracker, DomainDict, PESClient], Awaitable[list[EventType]]]


def active_list(tracker: Tracker) -> str | None:
    value = tracker.get_slot("vac_active_list")
    return value if value in (vacancies.LIST_KIND, training.LIST_KIND) else None


def _slot(kind: str, name: str) -> str:
    prefix = "vac" if kind == vacancies.LIST_KIND else "course"
    return f"{prefix}_{name}"


class ActionResultsMore(PESAction):
    def name(self) -> str:
        return "action_results_more"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        kind = active_list(tracker)
        if kind == vacancies.LIST_KIND:
            return await vacancies.show_more(dispatcher, tracker, domain, client)
        if kind == training.LIST_KIND:
            return await training.show_more(dispatcher, tracker, domain, client)
        dispatcher.utter_message(response="utter_results_no_more_list")
        return []


class ActionResultsSelect(PESAction):
    """Details of the picked item, or one of the broader searches offered."""

    def name(self) -> str:
        return "action_results_select"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        kind = active_list(tracker)
        if kind is None:
            dispatcher.utter_message(response="utter_results_nothing_to_pick")
            return []
        item_id = first_entity(tracker.latest_message, "item_id")
        number = first_entity(tracker.latest_message, "number")
        if item_id in ("any_town", "related", "online", "paid"):
            if kind == vacancies.LIST_KIND:
                return await vacancies.broaden(item_id, dispatcher, tracker, domain, client)
            return await training.broaden(item_id, dispatcher, tracker, domain, client)
        shown = tracker.get_slot(_slot(kind, "shown")) or []
        chosen = pick_item(shown, number=number, item_id=item_id)
        if chosen is None:
            dispatcher.utter_message(response="utter_results_no_such_item", number=number or item_id or "?")
            return []
        details: _Handler = vacancies.show_details if kind == vacancies.LIST_KIND else training.show_details
        try:
            return await details(chosen, dispatcher, tracker, domain, client)
        except PESNotFound:
            dispatcher.utter_message(response="utter_results_item_gone")
            return []


class ActionResultsInterest(PESAction):
    """Record interest in the item whose details the user saw last."""

    def name(self) -> str:
        return "action_results_interest"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        kind = active_list(tracker)
        chosen = None
        if kind is not None:
            # "interested in 2" names the item; a bare "I'm interested" means the one on screen.
            shown = tracker.get_slot(_slot(kind, "shown")) or []
            chosen = pick_item(
                shown,
                number=first_entity(tracker.latest_message, "number"),
                item_id=first_entity(tracker.latest_message, "item_id"),
            ) or tracker.get_slot(_slot(kind, "selected"))
        if kind is None or chosen is None:
            dispatcher.utter_message(response="utter_results_nothing_selected")
            return []
        return await interest(kind, str(chosen), dispatcher, tracker, domain, client)


async def interest(
    kind: str,
    item_id: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    client: PESClient,
) -> list[EventType]:
    record: _Handler = vacancies.record_interest if kind == vacancies.LIST_KIND else training.record_interest
    try:
        return await record(item_id, dispatcher, tracker, domain, client)
    except PESNotFound:
        # Either the offer expired or the profile was erased: both mean "not sent".
        dispatcher.utter_message(response="utter_results_item_gone")
        return []
