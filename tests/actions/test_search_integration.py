"""The search and eligibility actions against the real reference back-end.

Starts the back-end (services environment) on a free port with a fresh SQLite
database, migrated and seeded, and drives the actions through the real client over
HTTP. Skipped, with the reason, when the services environment is not there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backend_server import TOKEN  # type: ignore[import-not-found]
from rasa_sdk import Tracker
from test_search_support import (  # type: ignore[import-not-found]
    buttons,
    ent,
    make_tracker,
    run_action,
    slot_events,
    texts,
)

from actions import pes_client
from actions.eligibility import ActionEligReport, ValidateEligibilityForm
from actions.offices import ActionAnswerFaq
from actions.pes_client import ClientConfig, PESClient
from actions.results import ActionResultsSelect
from actions.training import ActionCourseSearch
from actions.vacancies import ActionVacSearch, ValidateVacancySearchForm


@pytest.fixture
def real_client(backend_url: str) -> Iterator[PESClient]:
    client = PESClient(ClientConfig(base_url=backend_url, token=TOKEN, timeout=10))
    pes_client.set_client(client)
    yield client
    pes_client.set_client(None)


@pytest.mark.asyncio
async def test_driver_in_mombasa_resolves_searches_nearby_and_shows_details(real_client: PESClient) -> None:
    form = make_tracker(
        {"vac_occupation": "driver", "vac_town": "mombasa"},
        active_loop="vacancy_search_form",
        events=[
            {"event": "slot", "name": "vac_occupation", "value": "driver"},
            {"event": "slot", "name": "vac_town", "value": "mombasa"},
        ],
    )
    _, events = await run_action(ValidateVacancySearchForm(), form)
    slots = slot_events(events)
    assert slots["vac_town"] == "Mombasa"
    assert slots["vac_isco_code"] and slots["vac_isco_code"].startswith("83")

    search = make_tracker({**slots, "vac_occupation": "driver"})
    dispatcher, events = await run_action(ActionVacSearch(), search)
    said = texts(dispatcher)
    assert said[0].startswith("I found ") and "Mombasa" in said[0]
    shown = slot_events(events)["vac_shown"]
    assert 1 <= len(shown) <= 3

    pick = make_tracker(
        {"vac_shown": shown, "vac_active_list": "vacancies"}, intent="select", entities=[ent("number", "1")]
    )
    dispatcher, events = await run_action(ActionResultsSelect(), pick)
    details = texts(dispatcher)[0]
    assert "How to apply:" in details and "Open until:" in details
    assert slot_events(events)["vac_selected"] == shown[0]


@pytest.mark.asyncio
async def test_funded_training_search_returns_only_funded_courses(real_client: PESClient) -> None:
    tracker = make_tracker(
        {"course_field": "computer", "course_mode": "any", "course_town": "anywhere", "course_funded": True}
    )
    dispatcher, _ = await run_action(ActionCourseSearch(), tracker)
    said = texts(dispatcher)
    items = [t for t in said if t[:1].isdigit()]
    assert items, said
    assert all(t.endswith("Free (funded)") for t in items)


@pytest.mark.asyncio
async def test_youth_guarantee_asks_what_the_engine_misses_then_answers(real_client: PESClient) -> None:
    start = make_tracker({"elig_programme": "youth-guarantee"}, active_loop="eligibility_form")
    _, events = await run_action(ValidateEligibilityForm(), start)
    assert slot_events(events)["requested_slot"] == "elig_age"

    answers = {
        "elig_programme": "youth-guarantee",
        "elig_age": 23,
        "elig_status": "unemployed",
        "elig_in_education": False,
    }
    done = make_tracker(answers, active_loop="eligibility_form")
    _, events = await run_action(ValidateEligibilityForm(), done)
    assert slot_events(events).get("requested_slot") is None

    dispatcher, _ = await run_action(ActionEligReport(), make_tracker(answers))
    said = texts(dispatcher)
    assert said[0].startswith("✅ Youth Guarantee: you can join.")
    assert "23" in said[0] and "Next step:" in said[0]


# --- Offices (the FAQ topic answered from the back-end) -----------------------------


def faq(text: str, topic: str | None, *entities: dict) -> Tracker:
    tracker = make_tracker(text=text, intent="faq", entities=list(entities))
    if topic:
        tracker.latest_message["response_selector"] = {"faq": {"response": {"intent_response_key": topic}}}
    return tracker


@pytest.mark.asyncio
async def test_office_in_the_named_town_with_address_hours_and_open_state(real_client: PESClient) -> None:
    tracker = faq("office in kisumu", "faq/office_location", ent("town", "kisumu"))
    dispatcher, _ = await run_action(ActionAnswerFaq(), tracker)
    details, state = texts(dispatcher)
    assert "Kisumu Employment Office" in details and "Oginga Odinga Street" in details
    assert "Mon-Fri 08:00-13:00, 14:00-17:00" in details and "+254572000300" in details
    assert state == "It is open now." or state.startswith("It is closed now and opens again ")


@pytest.mark.asyncio
async def test_town_without_an_office_gets_the_nearest_one(real_client: PESClient) -> None:
    tracker = faq("office near malindi", "faq/office_location", ent("town", "Malindi"))
    dispatcher, _ = await run_action(ActionAnswerFaq(), tracker)
    assert "Mombasa Employment Office" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_no_town_offers_the_towns_with_an_office(real_client: PESClient) -> None:
    dispatcher, _ = await run_action(ActionAnswerFaq(), faq("where is your office", "faq/office_location"))
    assert "Which one is nearest to you?" in texts(dispatcher)[0]
    offered = buttons(dispatcher)
    assert [b["title"] for b in offered] == ["Eldoret", "Kisumu", "Mombasa", "Nairobi", "Nakuru"]
    assert offered[1]["payload"] == '/faq{"town":"Kisumu"}'
    # Tapping a town: a payload has no selected topic, only the town.
    tapped = faq(offered[1]["payload"], None, ent("town", "Kisumu"))
    dispatcher, _ = await run_action(ActionAnswerFaq(), tapped)
    assert "Kisumu Employment Office" in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_unknown_town_is_said_honestly_with_the_towns_that_have_one(real_client: PESClient) -> None:
    tracker = faq("office in atlantis", "faq/office_location", ent("town", "Atlantis"))
    dispatcher, _ = await run_action(ActionAnswerFaq(), tracker)
    assert texts(dispatcher)[0].startswith('I don\'t know a town called "Atlantis"')
    assert len(buttons(dispatcher)) == 5


@pytest.mark.asyncio
async def test_other_faq_topics_are_their_fixed_answer(real_client: PESClient) -> None:
    dispatcher, _ = await run_action(ActionAnswerFaq(), faq("is it free", "faq/registration_cost"))
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/registration_cost"]
