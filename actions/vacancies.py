"""Vacancy search: start a search, fill the form, list results, show details.

"More", picking an item and "I'm interested" are shared with the training search and
live in actions/results.py, which calls back into the presenters defined here.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction, PESFormValidation
from actions.pes_client import PESClient, PESError
from actions.pes_models import Page, Vacancy
from actions.search_common import (
    ANYWHERE,
    button_payload,
    choose_occupation,
    first_entity,
    is_anywhere,
    match_town,
    minor_group,
    money_range,
    normalise,
    phrase,
    shorten,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 3
MAX_TOWNS_LISTED = 3
LIST_KIND = "vacancies"

# Slots that describe one search; a new search clears them all.
SEARCH_SLOTS = (
    "vac_occupation",
    "vac_town",
    "vac_occupation_label",
    "vac_isco_code",
    "vac_occupation_uri",
    "vac_offset",
    "vac_total",
    "vac_shown",
    "vac_selected",
    "vac_broadened",
)


def language(tracker: Tracker) -> str:
    return str(tracker.get_slot("language") or "en")


def jobseeker_id(tracker: Tracker) -> int | None:
    value = tracker.get_slot("jobseeker_id")
    return int(value) if value is not None else None


# --- Presentation (pure given domain + data) -----------------------------------------


def salary_text(vacancy: Vacancy, domain: DomainDict, lang: str) -> str | None:
    amount = money_range(vacancy.salary_min, vacancy.salary_max, vacancy.salary_currency)
    if amount is None:
        return None
    if vacancy.salary_unit:
        try:
            return f"{amount} {phrase(domain, f'utter_vac_unit_{vacancy.salary_unit}', lang)}"
        except KeyError:
            logger.warning("unknown salary unit %r", vacancy.salary_unit)
    return amount


def where_text(town: str | None, towns_searched: list[str], domain: DomainDict, lang: str) -> str:
    if not town or town == ANYWHERE:
        return phrase(domain, "utter_vac_where_anywhere", lang)
    towns = towns_searched or [town]
    # A long list of nearby towns is noise on a small screen; name only the town then.
    if len(towns) > MAX_TOWNS_LISTED:
        return phrase(domain, "utter_vac_where_near", lang, town=towns[0])
    return phrase(domain, "utter_vac_where_towns", lang, towns=", ".join(towns))


def present_page(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    lang: str,
    page: Page[Vacancy],
    *,
    occupation: str,
    town: str | None,
    shown_before: list[str],
) -> list[EventType]:
    """Utter one page of vacancies numbered after the ones already shown."""
    first = page.offset + 1
    last = page.offset + len(page.items)
    if page.offset == 0:
        dispatcher.utter_message(
            response="utter_vac_found",
            total=page.total,
            occupation=occupation,
            where=where_text(town, page.towns_searched, domain, lang),
            first=first,
            last=last,
        )
    else:
        dispatcher.utter_message(response="utter_vac_next_page", first=first, last=last, total=page.total)
    buttons = []
    for number, vacancy in enumerate(page.items, start=first):
        salary = salary_text(vacancy, domain, lang)
        common = {
            "number": number,
            "title": vacancy.title,
            "employer": vacancy.employer,
            "town": vacancy.town,
        }
        if salary:
            dispatcher.utter_message(response="utter_vac_item", salary=salary, **common)
        else:
            dispatcher.utter_message(response="utter_vac_item_nosalary", **common)
        buttons.append(
            {
                "title": shorten(f"{number}. {vacancy.title}"),
                "payload": button_payload("select", item_id=str(vacancy.id)),
            }
        )
    end = "utter_vac_pick" if page.has_more else "utter_vac_pick_last"
    dispatcher.utter_message(response=end, buttons=buttons)
    shown = shown_before + [str(v.id) for v in page.items]
    return [
        SlotSet("vac_offset", float(last)),
        SlotSet("vac_total", float(page.total)),
        SlotSet("vac_shown", shown),
        SlotSet("vac_selected", None),
        SlotSet("vac_active_list", LIST_KIND),
    ]


def details_values(vacancy: Vacancy, domain: DomainDict, lang: str) -> dict[str, Any]:
    """Placeholders of utter_vac_details; missing facts get an honest phrase."""
    terms = []
    if vacancy.employment_type:
        try:
            terms.append(phrase(domain, f"utter_vac_type_{vacancy.employment_type}", lang))
        except KeyError:
            terms.append(vacancy.employment_type)
    salary = salary_text(vacancy, domain, lang)
    if salary:
        terms.append(phrase(domain, "utter_vac_pay", lang, amount=salary))
    if vacancy.openings > 1:
        terms.append(phrase(domain, "utter_vac_openings", lang, count=vacancy.openings))
    requirements = []
    if vacancy.education_requirements:
        requirements.append(vacancy.education_requirements)
    if vacancy.experience_months:
        requirements.append(phrase(domain, "utter_vac_experience", lang, months=vacancy.experience_months))
    if vacancy.skills:
        requirements.append(phrase(domain, "utter_vac_skills", lang, skills=", ".join(vacancy.skills)))
    return {
        "title": vacancy.title,
        "employer": vacancy.employer,
        "town": vacancy.town,
        "terms": ". ".join(terms),
        "description": vacancy.description,
        "requirements": "; ".join(requirements) or phrase(domain, "utter_vac_nothing_required", lang),
        "apply": how_to_apply(vacancy, domain, lang),
        "valid_through": vacancy.valid_through.isoformat()
        if vacancy.valid_through
        else phrase(domain, "utter_vac_no_closing", lang),
    }


def how_to_apply(vacancy: Vacancy, domain: DomainDict, lang: str) -> str:
    channels = [c for c in (vacancy.apply_url, vacancy.apply_email, vacancy.apply_phone) if c]
    return ", ".join(channels) if channels else phrase(domain, "utter_vac_apply_office", lang)


def search_params(tracker: Tracker) -> dict[str, Any]:
    """Back-end query for the search the slots describe.

    A resolved occupation searches by its ISCO code (a unit group, or a minor group
    after broadening), which finds vacancies whatever their title; unresolved text
    falls back to a keyword search.
    """
    town = tracker.get_slot("vac_town")
    isco = tracker.get_slot("vac_isco_code")
    params: dict[str, Any] = {"town": None if not town or town == ANYWHERE else town, "nearby": True}
    if isco:
        params["isco_code"] = isco
    else:
        params["q"] = tracker.get_slot("vac_occupation")
    return params


def occupation_shown(tracker: Tracker) -> str:
    return str(tracker.get_slot("vac_occupation_label") or tracker.get_slot("vac_occupation") or "")


# --- Actions -----------------------------------------------------------------------


class ActionVacNewSearch(Action):
    """Forget the previous search; keep what this message already says."""

    def name(self) -> str:
        return "action_vac_new_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Only slots that hold something are reset: a None SlotSet would be validated
        # at form activation as if the user had answered.
        events: list[EventType] = [
            SlotSet(slot, None) for slot in SEARCH_SLOTS if tracker.get_slot(slot) is not None
        ]
        occupation = first_entity(tracker.latest_message, "occupation")
        town = first_entity(tracker.latest_message, "town")
        if occupation:
            events.append(SlotSet("vac_occupation", occupation))
        if town:
            events.append(SlotSet("vac_town", ANYWHERE if is_anywhere(town) else town))
        events.append(SlotSet("vac_active_list", LIST_KIND))
        return events


class ValidateVacancySearchForm(PESFormValidation):
    def name(self) -> str:
        return "validate_vacancy_search_form"

    async def validate_vac_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not normalise(text):
            return {"vac_occupation": None}  # nothing said yet: the form asks
        hits = await self.get_client().search_occupations(text, limit=5)
        choice = choose_occupation(text, hits)
        if choice.best is not None:
            best = choice.best
            return {
                "vac_occupation": text,
                "vac_occupation_label": best.label,
                "vac_isco_code": best.isco_code[:4] if best.isco_code else None,
                "vac_occupation_uri": best.uri,
            }
        if choice.options:
            buttons = [
                {"title": shorten(o.label), "payload": button_payload("inform", occupation=o.label)}
                for o in choice.options
            ]
            dispatcher.utter_message(response="utter_vac_occupation_choose", said=text, buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_vac_occupation_unknown", said=text)
        return {"vac_occupation": None, "vac_occupation_label": None, "vac_isco_code": None}

    async def validate_vac_town(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text:
            return {"vac_town": None}  # nothing said yet: the form asks
        if is_anywhere(text, tracker.get_slot("language")):
            return {"vac_town": ANYWHERE}
        towns = await self.get_client().list_towns()
        known = match_town(text, [t.name for t in towns])
        if known:
            return {"vac_town": known}
        dispatcher.utter_message(response="utter_vac_town_unknown", said=text)
        return {"vac_town": None}


class ActionAskVacOccupation(PESAction):
    """Ask for the occupation; a registered user gets her profile's one as a button."""

    def name(self) -> str:
        return "action_ask_vac_occupation"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        labels = await profile_values(client, jobseeker_id(tracker), "occupations")
        if labels:
            buttons = [
                {"title": shorten(label), "payload": button_payload("inform", occupation=label)}
                for label in labels
            ]
            dispatcher.utter_message(response="utter_vac_ask_occupation_profile", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_ask_vac_occupation")
        return []


class ActionAskVacTown(PESAction):
    def name(self) -> str:
        return "action_ask_vac_town"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        towns = await profile_values(client, jobseeker_id(tracker), "town")
        if towns:
            buttons = [{"title": shorten(t), "payload": button_payload("inform", town=t)} for t in towns]
            dispatcher.utter_message(response="utter_vac_ask_town_profile", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_ask_vac_town")
        return []


async def profile_values(client: PESClient, seeker: int | None, what: str) -> list[str]:
    """The profile's occupations or town to propose; none when unknown or unreachable.

    A proposal is a convenience: if the back-end cannot be read the plain question is
    asked instead, and the search itself reports the outage if it persists.
    """
    if seeker is None:
        return []
    try:
        profile = await client.get_jobseeker(seeker)
    except PESError as exc:
        logger.warning("profile %s not readable for proposals: %s", seeker, exc)
        return []
    if what == "occupations":
        return [o.label for o in profile.occupations][:3]
    return [profile.town] if profile.town else []


class ActionVacSearch(PESAction):
    """Run the search the form collected and show the first page (or alternatives)."""

    def name(self) -> str:
        return "action_vac_search"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        return await run_search(dispatcher, tracker, domain, client)


class ActionVacChangeTown(PESAction):
    """After results, "and in Nakuru?" keeps the occupation and searches the new town."""

    def name(self) -> str:
        return "action_vac_change_town"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        town = first_entity(tracker.latest_message, "town")
        new_town = ANYWHERE if town is None or is_anywhere(town) else town
        overrides = {"vac_town": new_town}
        events: list[EventType] = [SlotSet("vac_town", new_town)]
        return events + await run_search(dispatcher, tracker, domain, client, overrides=overrides)


class _SlotView:
    """A tracker whose slots are overridden by values not yet applied as events."""

    def __init__(self, tracker: Tracker, overrides: dict[str, Any]) -> None:
        self._tracker = tracker
        self._overrides = overrides

    def get_slot(self, name: str) -> Any:
        if name in self._overrides:
            return self._overrides[name]
        return self._tracker.get_slot(name)


async def run_search(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    client: PESClient,
    *,
    overrides: dict[str, Any] | None = None,
) -> list[EventType]:
    view: Any = _SlotView(tracker, overrides or {})
    lang = language(tracker)
    params = search_params(view)
    page = await client.search_vacancies(**params, offset=0, limit=PAGE_SIZE)
    if page.total > 0 and page.items:
        return present_page(
            dispatcher,
            domain,
            lang,
            page,
            occupation=occupation_shown(view),
            town=params["town"],
            shown_before=[],
        )
    return await offer_alternatives(dispatcher, view, domain, client, lang, params, page.towns_searched)


async def offer_alternatives(
    dispatcher: CollectingDispatcher,
    view: Any,
    domain: DomainDict,
    client: PESClient,
    lang: str,
    params: dict[str, Any],
    towns_searched: list[str],
) -> list[EventType]:
    """No results: say so, then offer only the broader searches that do find something."""
    dispatcher.utter_message(
        response="utter_vac_none",
        occupation=occupation_shown(view),
        where=where_text(params["town"], towns_searched, domain, lang),
    )
    buttons = []
    if params["town"]:
        elsewhere = await client.search_vacancies(**{**params, "town": None}, offset=0, limit=1)
        if elsewhere.total:
            buttons.append(
                {
                    "title": phrase(domain, "utter_vac_option_any_town", lang, count=elsewhere.total),
                    "payload": button_payload("select", item_id="any_town"),
                }
            )
    group = minor_group(view.get_slot("vac_isco_code"))
    if group and group != view.get_slot("vac_isco_code"):
        related = await client.search_vacancies(
            isco_code=group, town=params["town"], nearby=True, offset=0, limit=1
        )
        if related.total:
            buttons.append(
                {
                    "title": phrase(
                        domain,
                        "utter_vac_option_related",
                        lang,
                        count=related.total,
                        group=shorten(related.items[0].occupation_label or related.items[0].title, 25)
                        if related.items
                        else group,
                    ),
                    "payload": button_payload("select", item_id="related"),
                }
            )
    if buttons:
        buttons.append({"title": phrase(domain, "utter_vac_option_alerts", lang), "payload": "/job_alerts"})
        dispatcher.utter_message(response="utter_vac_broaden", buttons=buttons)
    else:
        dispatcher.utter_message(response="utter_vac_broaden_nothing")
    return [
        SlotSet("vac_offset", 0.0),
        SlotSet("vac_total", 0.0),
        SlotSet("vac_shown", []),
        SlotSet("vac_selected", None),
        SlotSet("vac_active_list", LIST_KIND),
    ]


async def broaden(
    how: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    """Run one of the broader searches offered after an empty result."""
    lang = language(tracker)
    overrides: dict[str, Any] = {}
    if how == "any_town":
        overrides["vac_town"] = ANYWHERE
    elif how == "related":
        group = minor_group(tracker.get_slot("vac_isco_code"))
        if not group:
            dispatcher.utter_message(response="utter_results_no_more_list")
            return []
        overrides["vac_isco_code"] = group
        overrides["vac_occupation_label"] = phrase(
            domain, "utter_vac_related_label", lang, occupation=occupation_shown(tracker)
        )
    events: list[EventType] = [SlotSet(k, v) for k, v in overrides.items()] + [SlotSet("vac_broadened", how)]
    return events + await run_search(dispatcher, tracker, domain, client, overrides=overrides)


async def show_more(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    offset = int(tracker.get_slot("vac_offset") or 0)
    total = int(tracker.get_slot("vac_total") or 0)
    if offset >= total:
        dispatcher.utter_message(response="utter_vac_no_more")
        return []
    params = search_params(tracker)
    page = await client.search_vacancies(**params, offset=offset, limit=PAGE_SIZE)
    if not page.items:
        # The list shrank since the first page (a vacancy expired): say it ended.
        dispatcher.utter_message(response="utter_vac_no_more")
        return [SlotSet("vac_total", float(offset))]
    shown = [str(i) for i in (tracker.get_slot("vac_shown") or [])]
    return present_page(
        dispatcher,
        domain,
        language(tracker),
        page,
        occupation=occupation_shown(tracker),
        town=params["town"],
        shown_before=shown,
    )


async def show_details(
    vacancy_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    vacancy = await client.get_vacancy(int(vacancy_id))
    dispatcher.utter_message(
        response="utter_vac_details", **details_values(vacancy, domain, language(tracker))
    )
    return [SlotSet("vac_selected", str(vacancy.id))]


async def record_interest(
    vacancy_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    seeker = jobseeker_id(tracker)
    if seeker is None:
        dispatcher.utter_message(response="utter_vac_need_registration")
        return [SlotSet("vac_pending_interest", f"{LIST_KIND}:{vacancy_id}")]
    vacancy = await client.get_vacancy(int(vacancy_id))
    application = await client.apply(jobseeker_id=seeker, kind="vacancy", target_id=vacancy.id)
    dispatcher.utter_message(
        response="utter_vac_applied",
        title=vacancy.title,
        employer=vacancy.employer,
        reference=application.id,
        apply=how_to_apply(vacancy, domain, language(tracker)),
    )
    return [SlotSet("vac_pending_interest", None)]
