"""Programme eligibility: ask only what the rule engine says it is missing.

The back-end's engine (POST /eligibility) decides; the bot never judges eligibility
itself. The form `eligibility_form` has no fixed questions: its validator asks the
engine which facts are missing (after the profile filled what it holds) and requests
one slot per missing fact, one at a time, re-asking the engine after every answer.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import PESAction, PESFormValidation
from actions.pes_client import PESClient, PESError
from actions.pes_models import EligibilityAnswer, EligibilityResult, Programme
from actions.search_common import first_entity, normalise, parse_int, phrase
from actions.validators import InvalidAnswer
from actions.validators import parse_education as parse_school_words
from actions.validators import parse_status as parse_work_status

logger = logging.getLogger(__name__)

SKIPPED = "skip"

# Engine fact name -> slot, in the order questions are asked (plain ones first).
FACT_SLOTS: OrderedDict[str, str] = OrderedDict(
    [
        ("age", "elig_age"),
        ("status", "elig_status"),
        ("months_unemployed", "elig_months_unemployed"),
        ("education_level", "elig_education"),
        ("in_education_or_training", "elig_in_education"),
        ("receives_benefit", "elig_receives_benefit"),
        ("benefit_days_left", "elig_benefit_days_left"),
        ("has_business_plan", "elig_business_plan"),
        ("town", "elig_town"),
        ("disability", "elig_disability"),
    ]
)
SLOT_FACTS = {slot: fact for fact, slot in FACT_SLOTS.items()}

_EDUCATION_WORDS: list[tuple[int, re.Pattern[str]]] = [
    (8, re.compile(r"phd|doctor")),
    (7, re.compile(r"master")),
    (6, re.compile(r"degree|bachelor|university")),
    (5, re.compile(r"diploma")),
    (4, re.compile(r"certificate|tvet|polytechnic")),
    (2, re.compile(r"form (1|2|one|two)|lower secondary")),
    (3, re.compile(r"secondary|form (3|4|three|four)|kcse|high school")),
    (1, re.compile(r"primary|class (7|8)|kcpe|standard (7|8)")),
    (0, re.compile(r"none|no school|never went|hakuna")),
]


def parse_status(value: Any) -> str | None:
    try:
        return parse_work_status(str(value or "").replace("-", " "))
    except InvalidAnswer:
        return None


def parse_education(value: Any) -> int | None:
    text = normalise(str(value or ""))
    if re.fullmatch(r"[0-8]", text):
        return int(text)
    for level, pattern in _EDUCATION_WORDS:
        if pattern.search(text):
            return level
    # Every language's school words ("bac", "sekondari", "ثانوي"): the registration parser.
    try:
        return parse_school_words(text)
    except InvalidAnswer:
        return None


def parse_age(value: Any) -> int | None:
    age = parse_int(value)
    return age if age is not None and 10 <= age <= 100 else None


def parse_count(value: Any) -> int | None:
    number = parse_int(value)
    return number if number is not None and 0 <= number <= 10000 else None


def parse_flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


PARSERS: dict[str, Callable[[Any], Any]] = {
    "age": parse_age,
    "status": parse_status,
    "months_unemployed": parse_count,
    "education_level": parse_education,
    "in_education_or_training": parse_flag,
    "disability": parse_flag,
    "receives_benefit": parse_flag,
    "benefit_days_left": parse_count,
    "has_business_plan": parse_flag,
    "town": lambda v: str(v).strip() or None,
}


def facts_from_slots(get_slot: Callable[[str], Any]) -> dict[str, Any]:
    """The facts the user told us, in the engine's names; skipped or unclear ones left out."""
    facts: dict[str, Any] = {}
    for fact, slot in FACT_SLOTS.items():
        raw = get_slot(slot)
        if raw is None or raw == SKIPPED:
            continue
        value = PARSERS[fact](raw)
        if value is not None:
            facts[fact] = value
    return facts


def missing_slots(answer: EligibilityAnswer) -> list[str]:
    """Slots to ask for the facts any undecided programme still needs, in asking order."""
    needed = {f for r in answer.results if r.outcome == "need_facts" for f in r.missing_facts}
    unknown = needed - set(FACT_SLOTS)
    if unknown:
        logger.warning("engine asks for facts the bot cannot ask: %s", sorted(unknown))
    return [slot for fact, slot in FACT_SLOTS.items() if fact in needed]


def programme_filter(tracker: Tracker) -> list[str] | None:
    code = tracker.get_slot("elig_programme")
    return [str(code)] if code else None


def _key(text: str) -> str:
    """Letters and digits only: "Start-Up Grant", "startup-grant", "start_up grant" agree."""
    return re.sub(r"[^0-9a-z]", "", normalise(text))


def find_programme(text: str, programmes: list[Programme]) -> Programme | None:
    """A programme by code, name or (when only one has it) family, spelling-tolerant.

    NLU synonyms and the back-end's codes are kept by different people; matching on
    letters only keeps "startup-grant" and "start-up-grant" the same programme.
    """
    wanted = _key(text)
    if not wanted:
        return None
    for programme in programmes:
        if wanted in (_key(programme.code), _key(programme.name)):
            return programme
    for candidates in (
        [p for p in programmes if _key(p.family) == wanted],
        [p for p in programmes if wanted in _key(p.name)],
    ):
        if len(candidates) == 1:
            return candidates[0]
    return None


def jobseeker_id(tracker: Tracker) -> int | None:
    value = tracker.get_slot("jobseeker_id")
    return int(value) if value is not None else None


class ActionEligStart(PESAction):
    """Start a fresh check: forget old answers, resolve the programme named, say what's next."""

    def name(self) -> str:
        return "action_elig_start"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        # Only answers from an earlier check are reset (a None SlotSet would be
        # validated at form activation as if the user had answered).
        events: list[EventType] = [
            SlotSet(s, None) for s in FACT_SLOTS.values() if tracker.get_slot(s) is not None
        ]
        events.append(SlotSet("elig_programme", None))
        named = first_entity(tracker.latest_message, "programme")
        if named:
            programme = find_programme(named, await client.list_programmes())
            if programme is not None:
                events[-1] = SlotSet("elig_programme", programme.code)
                dispatcher.utter_message(response="utter_elig_intro_one", programme=programme.name)
                return events
            dispatcher.utter_message(response="utter_elig_unknown_programme", said=named)
        dispatcher.utter_message(response="utter_elig_intro_all")
        return events


class ValidateEligibilityForm(PESFormValidation):
    """Requests exactly the facts the engine reports missing, then validates answers."""

    _cache: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()
    _CACHE_SIZE = 256

    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # Slots already answered stay in the list so their answers get validated.
        answered = [slot for slot in FACT_SLOTS.values() if tracker.get_slot(slot) is not None]
        missing = await self._missing(tracker)
        return answered + [slot for slot in missing if slot not in answered]

    async def _missing(self, tracker: Tracker) -> list[str]:
        facts = facts_from_slots(tracker.get_slot)
        programmes = programme_filter(tracker)
        key = (
            tracker.sender_id,
            jobseeker_id(tracker),
            tuple(sorted(facts.items())),
            tuple(programmes or ()),
        )
        if key in self._cache:
            return self._cache[key]
        try:
            answer = await self.get_client().check_eligibility(
                jobseeker_id=jobseeker_id(tracker), facts=facts, programmes=programmes
            )
        except PESError as exc:
            # Asking nothing ends the form; the report then says honestly that the
            # service is unreachable instead of asking questions it cannot use.
            logger.error("eligibility engine unreachable while asking: %s", exc)
            return []
        slots = missing_slots(answer)
        self._cache[key] = slots
        while len(self._cache) > self._CACHE_SIZE:
            self._cache.popitem(last=False)
        return slots

    def _check(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, complaint: str
    ) -> dict[str, Any]:
        if value is None:
            return {slot: None}  # reset by the start action, not an answer
        if value == SKIPPED:
            return {slot: SKIPPED}
        parsed = PARSERS[SLOT_FACTS[slot]](value)
        if parsed is None:
            dispatcher.utter_message(response=complaint)
        return {slot: parsed}

    async def validate_elig_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._check("elig_age", value, dispatcher, "utter_elig_bad_age")

    async def validate_elig_status(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._check("elig_status", value, dispatcher, "utter_elig_bad_status")

    async def validate_elig_months_unemployed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._check("elig_months_unemployed", value, dispatcher, "utter_elig_bad_number")

    async def validate_elig_education(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._check("elig_education", value, dispatcher, "utter_elig_bad_education")

    async def validate_elig_benefit_days_left(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._check("elig_benefit_days_left", value, dispatcher, "utter_elig_bad_number")


def reasons_text(result: EligibilityResult) -> str:
    """The engine's own reasons that explain this outcome, one per line."""
    if result.outcome == "eligible":
        chosen = [r for r in result.reasons if r.passed is True]
    elif result.outcome == "not_eligible":
        chosen = [r for r in result.reasons if r.passed is False]
    else:
        chosen = [r for r in result.reasons if r.passed is not True]
    return "\n".join(f"- {r.text}" for r in chosen if r.text)


class ActionEligReport(PESAction):
    """Ask the engine once more with everything known and report per programme."""

    def name(self) -> str:
        return "action_elig_report"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        lang = str(tracker.get_slot("language") or "en")
        seeker = jobseeker_id(tracker)
        answer = await client.check_eligibility(
            jobseeker_id=seeker,
            facts=facts_from_slots(tracker.get_slot),
            programmes=programme_filter(tracker),
        )
        if not answer.results:
            dispatcher.utter_message(response="utter_elig_no_programmes")
            return []
        groups: dict[str, list[str]] = {"eligible": [], "not_eligible": [], "need_facts": []}
        for result in answer.results:
            groups.setdefault(result.outcome, []).append(result.programme.name)
        if len(answer.results) > 1:
            none = phrase(domain, "utter_elig_none_word", lang)
            dispatcher.utter_message(
                response="utter_elig_summary",
                eligible=", ".join(groups["eligible"]) or none,
                unknown=", ".join(groups["need_facts"]) or none,
                not_eligible=", ".join(groups["not_eligible"]) or none,
            )
        # Eligible first: that is what the user came for.
        order = {"eligible": 0, "need_facts": 1, "not_eligible": 2}
        for result in sorted(answer.results, key=lambda r: order.get(r.outcome, 3)):
            response = {
                "eligible": "utter_elig_result_eligible",
                "not_eligible": "utter_elig_result_not_eligible",
            }.get(result.outcome, "utter_elig_result_need_facts")
            reasons = reasons_text(result)
            if result.outcome == "need_facts" and result.missing_facts:
                facts = ", ".join(
                    phrase(domain, f"utter_elig_fact_{f}", lang) if f in FACT_SLOTS else f
                    for f in result.missing_facts
                )
                reasons = "\n".join(
                    x for x in (reasons, phrase(domain, "utter_elig_missing", lang, facts=facts)) if x
                )
            dispatcher.utter_message(
                response=response,
                programme=result.programme.name,
                reasons=reasons,
                next_step=result.next_step or result.programme.next_step,
            )
        if seeker is None:
            dispatcher.utter_message(response="utter_elig_offer_register")
        return []
