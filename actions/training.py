"""Training search: the same shape as the vacancy search, for courses.

Form `training_search_form` asks the subject, online or in person, the town (not for
online courses) and whether to show only funded (free) courses.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction, PESFormValidation
from actions.pes_client import PESClient
from actions.pes_models import Course, Page
from actions.search_common import (
    ANYWHERE,
    button_payload,
    first_entity,
    format_amount,
    is_anywhere,
    match_town,
    normalise,
    phrase,
    shorten,
)
from actions.validators import fold, vocabulary

PAGE_SIZE = 3
LIST_KIND = "courses"
MODES = ("in_person", "online", "any")

SEARCH_SLOTS = (
    "course_field",
    "course_mode",
    "course_town",
    "course_funded",
    "course_offset",
    "course_total",
    "course_shown",
    "course_selected",
    "course_broadened",
)

# Words that say how to study; matched, never shown. The lexicon adds every language's
# everyday words (`online`, `in_person`, `either`).
_ONLINE = re.compile(
    r"\b(online|on line|internet|e-?learning|from home|remote|mtandaoni|en ligne|en línea)\b"
)
_IN_PERSON = re.compile(
    r"\b(in person|in-person|physical|classroom|class|face to face|ana kwa ana|darasani)\b"
)
_EITHER = re.compile(r"\b(either|any|both|whatever|doesn'?t matter|does not matter|all|sawa tu|yoyote)\b")


def parse_mode(text: str | None) -> str | None:
    """ "online" / "in_person" / "any" from a button value or free text; None if unclear."""
    value = normalise(text)
    if value in MODES:
        return value
    folded = fold(value)
    online = bool(_ONLINE.search(value) or vocabulary("online").search(folded))
    in_person = bool(_IN_PERSON.search(value) or vocabulary("in_person").search(folded))
    if online and not in_person:
        return "online"
    if in_person and not online:
        return "in_person"
    if _EITHER.search(value) or vocabulary("either").search(folded) or (online and in_person):
        return "any"
    return None


def language(tracker: Any) -> str:
    return str(tracker.get_slot("language") or "en")


def search_params(view: Any) -> dict[str, Any]:
    mode = view.get_slot("course_mode")
    town = view.get_slot("course_town")
    return {
        "q": view.get_slot("course_field"),
        "town": None if mode == "online" or not town or town == ANYWHERE else town,
        "nearby": True,
        "mode": mode if mode in ("online", "in_person") else None,
        "funded": True if view.get_slot("course_funded") is True else None,
    }


def place_text(course: Course, domain: DomainDict, lang: str) -> str:
    if course.mode == "online":
        return phrase(domain, "utter_course_place_online", lang)
    return course.town or ""


def cost_text(course: Course, domain: DomainDict, lang: str) -> str:
    if course.funded or not course.cost:
        return phrase(domain, "utter_course_free", lang)
    amount = (
        f"{course.currency} {format_amount(course.cost)}" if course.currency else format_amount(course.cost)
    )
    return phrase(domain, "utter_course_fee", lang, amount=amount)


def duration_text(course: Course, domain: DomainDict, lang: str) -> str:
    return (
        phrase(domain, "utter_course_weeks", lang, weeks=course.duration_weeks)
        if course.duration_weeks
        else ""
    )


def where_text(params: dict[str, Any], domain: DomainDict, lang: str) -> str:
    if params["town"]:
        return phrase(domain, "utter_course_where_town", lang, town=params["town"])
    return phrase(domain, "utter_course_where_anywhere", lang)


def present_page(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    lang: str,
    page: Page[Course],
    *,
    field: str,
    params: dict[str, Any],
    shown_before: list[str],
) -> list[EventType]:
    first = page.offset + 1
    last = page.offset + len(page.items)
    if page.offset == 0:
        dispatcher.utter_message(
            response="utter_course_found",
            total=page.total,
            field=field,
            where=where_text(params, domain, lang),
            first=first,
            last=last,
        )
    else:
        dispatcher.utter_message(response="utter_course_next_page", first=first, last=last, total=page.total)
    buttons = []
    for number, course in enumerate(page.items, start=first):
        dispatcher.utter_message(
            response="utter_course_item",
            number=number,
            title=course.title,
            provider=course.provider,
            place=place_text(course, domain, lang),
            duration=duration_text(course, domain, lang),
            cost=cost_text(course, domain, lang),
        )
        buttons.append(
            {
                "title": shorten(f"{number}. {course.title}"),
                "payload": button_payload("select", item_id=str(course.id)),
            }
        )
    end = "utter_course_pick" if page.has_more else "utter_course_pick_last"
    dispatcher.utter_message(response=end, buttons=buttons)
    return [
        SlotSet("course_offset", float(last)),
        SlotSet("course_total", float(page.total)),
        SlotSet("course_shown", shown_before + [str(c.id) for c in page.items]),
        SlotSet("course_selected", None),
        SlotSet("vac_active_list", LIST_KIND),
    ]


class ActionCourseNewSearch(Action):
    """Forget the previous training search; keep what this message already says."""

    def name(self) -> str:
        return "action_course_new_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        # Only slots that hold something are reset (see ActionVacNewSearch).
        events: list[EventType] = [
            SlotSet(slot, None) for slot in SEARCH_SLOTS if tracker.get_slot(slot) is not None
        ]
        field = first_entity(message, "field") or first_entity(message, "occupation")
        town = first_entity(message, "town")
        mode = parse_mode(message.get("text"))
        if field:
            events.append(SlotSet("course_field", field))
        if town:
            events.append(SlotSet("course_town", ANYWHERE if is_anywhere(town) else town))
        if mode in ("online", "in_person"):
            events.append(SlotSet("course_mode", mode))
        events.append(SlotSet("vac_active_list", LIST_KIND))
        return events


class ValidateTrainingSearchForm(PESFormValidation):
    def name(self) -> str:
        return "validate_training_search_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # An online course has no town to ask about.
        if tracker.get_slot("course_mode") == "online":
            return [s for s in domain_slots if s != "course_town"]
        return domain_slots

    async def validate_course_field(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = normalise(str(value or ""))
        if value is None:
            return {"course_field": None}  # nothing said yet: the form asks
        # A whole sentence makes a poor keyword; a subject is a few words.
        if not text or len(text.split()) > 5:
            dispatcher.utter_message(response="utter_course_field_unclear")
            return {"course_field": None}
        return {"course_field": text}

    async def validate_course_mode(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"course_mode": None}
        mode = parse_mode(str(value))
        if mode is None:
            dispatcher.utter_message(response="utter_course_mode_unknown")
        return {"course_mode": mode}

    async def validate_course_town(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text:
            return {"course_town": None}
        if is_anywhere(text, tracker.get_slot("language")):
            return {"course_town": ANYWHERE}
        towns = await self.get_client().list_towns()
        known = match_town(text, [t.name for t in towns])
        if known:
            return {"course_town": known}
        dispatcher.utter_message(response="utter_vac_town_unknown", said=text)
        return {"course_town": None}

    async def validate_course_funded(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"course_funded": None if value is None else bool(value)}


class ActionCourseSearch(PESAction):
    def name(self) -> str:
        return "action_course_search"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        return await run_search(dispatcher, tracker, domain, client)


class _SlotView:
    def __init__(self, tracker: Tracker, overrides: dict[str, Any]) -> None:
        self._tracker = tracker
        self._overrides = overrides

    def get_slot(self, name: str) -> Any:
        return self._overrides[name] if name in self._overrides else self._tracker.get_slot(name)


async def run_search(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    client: PESClient,
    *,
    overrides: dict[str, Any] | None = None,
) -> list[EventType]:
    view = _SlotView(tracker, overrides or {})
    lang = language(tracker)
    params = search_params(view)
    field = str(view.get_slot("course_field") or "")
    page = await client.search_courses(**params, offset=0, limit=PAGE_SIZE)
    if page.total > 0 and page.items:
        return present_page(dispatcher, domain, lang, page, field=field, params=params, shown_before=[])
    return await offer_alternatives(dispatcher, domain, client, lang, field, params)


async def offer_alternatives(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    client: PESClient,
    lang: str,
    field: str,
    params: dict[str, Any],
) -> list[EventType]:
    filters = ""
    if params["funded"]:
        filters += phrase(domain, "utter_course_filter_funded", lang)
    if params["mode"]:
        filters += phrase(domain, f"utter_course_filter_{params['mode']}", lang)
    dispatcher.utter_message(
        response="utter_course_none", field=field, where=where_text(params, domain, lang), filters=filters
    )
    # Each option relaxes one condition; only those that find something are offered.
    candidates: list[tuple[str, str, dict[str, Any]]] = []
    if params["town"]:
        candidates.append(("any_town", "utter_course_option_any_town", {"town": None}))
    if params["mode"] != "online":
        candidates.append(("online", "utter_course_option_online", {"mode": "online", "town": None}))
    if params["funded"]:
        candidates.append(("paid", "utter_course_option_paid", {"funded": None}))
    buttons = []
    for item_id, response, change in candidates:
        found = await client.search_courses(**{**params, **change}, offset=0, limit=1)
        if found.total:
            buttons.append(
                {
                    "title": phrase(domain, response, lang, count=found.total),
                    "payload": button_payload("select", item_id=item_id),
                }
            )
    if buttons:
        dispatcher.utter_message(response="utter_vac_broaden", buttons=buttons)
    else:
        dispatcher.utter_message(response="utter_course_broaden_nothing")
    return [
        SlotSet("course_offset", 0.0),
        SlotSet("course_total", 0.0),
        SlotSet("course_shown", []),
        SlotSet("course_selected", None),
        SlotSet("vac_active_list", LIST_KIND),
    ]


async def broaden(
    how: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    relaxed: dict[str, dict[str, Any]] = {
        "any_town": {"course_town": ANYWHERE},
        "online": {"course_mode": "online", "course_town": ANYWHERE},
        "paid": {"course_funded": False},
    }
    overrides = relaxed.get(how, {})
    if not overrides:
        dispatcher.utter_message(response="utter_results_no_more_list")
        return []
    events: list[EventType] = [SlotSet(k, v) for k, v in overrides.items()] + [
        SlotSet("course_broadened", how)
    ]
    return events + await run_search(dispatcher, tracker, domain, client, overrides=overrides)


async def show_more(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    offset = int(tracker.get_slot("course_offset") or 0)
    total = int(tracker.get_slot("course_total") or 0)
    if offset >= total:
        dispatcher.utter_message(response="utter_course_no_more")
        return []
    params = search_params(tracker)
    page = await client.search_courses(**params, offset=offset, limit=PAGE_SIZE)
    if not page.items:
        dispatcher.utter_message(response="utter_course_no_more")
        return [SlotSet("course_total", float(offset))]
    shown = [str(i) for i in (tracker.get_slot("course_shown") or [])]
    return present_page(
        dispatcher,
        domain,
        language(tracker),
        page,
        field=str(tracker.get_slot("course_field") or ""),
        params=params,
        shown_before=shown,
    )


async def show_details(
    course_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    course = await client.get_course(int(course_id))
    lang = language(tracker)
    start = (
        phrase(domain, "utter_course_start", lang, date=course.start_date.isoformat())
        if course.start_date
        else phrase(domain, "utter_course_start_open", lang)
    )
    dispatcher.utter_message(
        response="utter_course_details",
        title=course.title,
        provider=course.provider,
        place=place_text(course, domain, lang),
        duration=duration_text(course, domain, lang),
        start=start,
        cost=cost_text(course, domain, lang),
        seats=phrase(domain, "utter_course_seats", lang, seats=course.seats) if course.seats else "",
        description=course.description,
    )
    return [SlotSet("course_selected", str(course.id))]


async def record_interest(
    course_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
) -> list[EventType]:
    seeker = tracker.get_slot("jobseeker_id")
    if seeker is None:
        dispatcher.utter_message(response="utter_course_need_registration")
        return [SlotSet("vac_pending_interest", f"{LIST_KIND}:{course_id}")]
    course = await client.get_course(int(course_id))
    application = await client.apply(jobseeker_id=int(seeker), kind="course", target_id=course.id)
    dispatcher.utter_message(
        response="utter_course_applied",
        title=course.title,
        provider=course.provider,
        reference=application.id,
    )
    return [SlotSet("vac_pending_interest", None)]
