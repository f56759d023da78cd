"""Vacancy search actions against a fake back-end behind the real client."""

from __future__ import annotations

import json

from test_search_support import (  # type: ignore[import-not-found]
    buttons,
    ent,
    fake_pes,  # noqa: F401  (fixture)
    make_tracker,
    run_action,
    slot_events,
    texts,
    vacancy,
)

from actions.results import ActionResultsInterest, ActionResultsMore, ActionResultsSelect
from actions.vacancies import (
    ActionAskVacOccupation,
    ActionVacChangeTown,
    ActionVacNewSearch,
    ActionVacSearch,
    ValidateVacancySearchForm,
)

DRIVER_SLOTS = {"vac_occupation": "driver", "vac_occupation_label": "taxi driver", "vac_isco_code": "8322"}


def mombasa_drivers() -> list[dict]:
    return [
        vacancy(
            1,
            "Taxi driver",
            "Mombasa",
            "8322",
            salary_min=20000,
            salary_max=30000,
            salary_currency="KES",
            salary_unit="MONTH",
        ),
        vacancy(2, "Delivery van driver", "Kilifi", "8322"),
        vacancy(3, "Hotel shuttle driver", "Malindi", "8322"),
        vacancy(
            4,
            "Airport taxi driver",
            "Mombasa",
            "8322",
            description="Drive guests from the airport.",
            education_requirements="KCSE",
            experience_months=24,
            skills=["driving licence BCE"],
            apply_email="jobs@example.ke",
            valid_through="2026-12-20",
        ),
        vacancy(5, "Bus driver", "Nakuru", "8331"),
        vacancy(6, "Boda boda rider", "Nakuru", "8321"),
    ]


async def test_new_search_forgets_the_old_one_and_keeps_this_message(fake_pes) -> None:  # noqa: F811
    tracker = make_tracker(
        {"vac_occupation": "cook", "vac_town": "Nairobi", "vac_shown": ["9"], "vac_isco_code": "5120"},
        text="any driver jobs in mombasa?",
        intent="search_vacancies",
        entities=[ent("occupation", "driver"), ent("town", "mombasa")],
    )
    _, events = await run_action(ActionVacNewSearch(), tracker)
    slots = slot_events(events)
    assert slots["vac_occupation"] == "driver"
    assert slots["vac_town"] == "mombasa"
    assert slots["vac_isco_code"] is None and slots["vac_shown"] is None


async def test_first_page_lists_three_with_salary_and_nearby_towns(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker({**DRIVER_SLOTS, "vac_town": "Mombasa"})
    dispatcher, events = await run_action(ActionVacSearch(), tracker)
    shown = texts(dispatcher)
    assert "I found 4 taxi driver job(s) in Mombasa, Kilifi, Malindi" in shown[0]
    assert shown[1] == "1. Taxi driver - Employer 1, Mombasa. Pay: KES 20,000-30,000 per month"
    assert shown[2] == "2. Delivery van driver - Employer 2, Kilifi"
    assert len([t for t in shown if t[:2] in ("1.", "2.", "3.", "4.")]) == 3
    assert any(b["payload"] == '/select{"item_id":"1"}' for b in buttons(dispatcher))
    assert any(b["payload"] == "/more" for b in buttons(dispatcher))
    assert slot_events(events)["vac_shown"] == ["1", "2", "3"]


async def test_more_shows_the_next_page_and_says_the_end(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker(
        {
            **DRIVER_SLOTS,
            "vac_town": "Mombasa",
            "vac_offset": 3.0,
            "vac_total": 4.0,
            "vac_shown": ["1", "2", "3"],
            "vac_active_list": "vacancies",
        }
    )
    dispatcher, events = await run_action(ActionResultsMore(), tracker)
    shown = texts(dispatcher)
    assert shown[0] == "Here are 4 to 4 of 4:"
    assert shown[1].startswith("4. Airport taxi driver")
    assert "That's all the jobs for this search." in shown[-1]
    assert slot_events(events)["vac_shown"] == ["1", "2", "3", "4"]

    at_end = make_tracker(
        {
            **DRIVER_SLOTS,
            "vac_town": "Mombasa",
            "vac_offset": 4.0,
            "vac_total": 4.0,
            "vac_shown": ["1", "2", "3", "4"],
            "vac_active_list": "vacancies",
        }
    )
    dispatcher, _ = await run_action(ActionResultsMore(), at_end)
    assert texts(dispatcher)[0].startswith("There are no more jobs for this search.")


async def test_details_by_number_show_requirements_and_how_to_apply(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker(
        {"vac_shown": ["1", "2", "3", "4"], "vac_active_list": "vacancies"},
        text="details on 4",
        intent="select",
        entities=[ent("number", "4")],
    )
    dispatcher, events = await run_action(ActionResultsSelect(), tracker)
    details = texts(dispatcher)[0]
    assert "Airport taxi driver" in details and "Drive guests from the airport." in details
    assert "Requirements: KCSE; 24 months of experience; skills: driving licence BCE" in details
    assert "How to apply: jobs@example.ke" in details and "Open until: 2026-12-20" in details
    assert slot_events(events)["vac_selected"] == "4"
    assert any(b["payload"] == "/express_interest" for b in buttons(dispatcher))


async def test_a_number_not_in_the_list_is_said_honestly(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker(
        {"vac_shown": ["1", "2"], "vac_active_list": "vacancies"},
        intent="select",
        entities=[ent("number", "7")],
    )
    dispatcher, events = await run_action(ActionResultsSelect(), tracker)
    assert texts(dispatcher) == ["I can't find number 7 in the list. Please pick one of the numbers shown."]
    assert events == []


async def test_interest_unregistered_is_told_why_and_offered_to_register(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker(
        {"vac_shown": ["1"], "vac_selected": "1", "vac_active_list": "vacancies"}, intent="express_interest"
    )
    dispatcher, events = await run_action(ActionResultsInterest(), tracker)
    assert "you need to register first" in texts(dispatcher)[0]
    assert {"title": "Register now", "payload": "/register"} in buttons(dispatcher)
    assert slot_events(events)["vac_pending_interest"] == "vacancies:1"
    assert fake.applications == []


async def test_interest_registered_records_an_application(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(vacancies=mombasa_drivers(), profiles={7: {"id": 7}})
    tracker = make_tracker(
        {"jobseeker_id": 7.0, "vac_shown": ["1", "4"], "vac_selected": "4", "vac_active_list": "vacancies"},
        intent="express_interest",
    )
    dispatcher, _ = await run_action(ActionResultsInterest(), tracker)
    assert fake.applications[0]["kind"] == "vacancy" and fake.applications[0]["target_id"] == 4
    said = texts(dispatcher)[0]
    assert 'recorded your interest in "Airport taxi driver"' in said and "reference 500" in said
    assert "jobs@example.ke" in said


async def test_no_results_offers_only_broader_searches_that_find_something(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker({**DRIVER_SLOTS, "vac_town": "Garissa"})
    dispatcher, _ = await run_action(ActionVacSearch(), tracker)
    said = texts(dispatcher)
    assert said[0] == "Sorry, I found no taxi driver jobs in Garissa right now."
    payloads = [b["payload"] for b in buttons(dispatcher)]
    assert '/select{"item_id":"any_town"}' in payloads
    # No similar job (ISCO minor group 832) exists in or near Garissa: not offered.
    assert '/select{"item_id":"related"}' not in payloads
    assert "/job_alerts" in payloads
    titles = [b["title"] for b in buttons(dispatcher)]
    assert "4 in other towns" in titles


async def test_related_occupations_search_the_isco_minor_group(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker(
        {**DRIVER_SLOTS, "vac_town": "Nakuru", "vac_active_list": "vacancies"},
        intent="select",
        entities=[ent("item_id", "related")],
    )
    dispatcher, events = await run_action(ActionResultsSelect(), tracker)
    # 8321 (motorcycle drivers) shares minor group 832 with 8322; the bus (8331) does not.
    assert "I found 1 taxi driver or similar job(s) in Nakuru, Naivasha" in texts(dispatcher)[0]
    assert texts(dispatcher)[1].startswith("1. Boda boda rider")
    assert slot_events(events)["vac_isco_code"] == "832"
    assert fake.requests[-1].url.params["isco_code"] == "832"


async def test_nothing_anywhere_says_so_and_offers_alerts(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=[])
    tracker = make_tracker({**DRIVER_SLOTS, "vac_town": "anywhere"})
    dispatcher, _ = await run_action(ActionVacSearch(), tracker)
    said = texts(dispatcher)
    assert said[0] == "Sorry, I found no taxi driver jobs in all towns right now."
    assert "job alerts" in said[1]


async def test_change_of_town_keeps_the_occupation(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(vacancies=mombasa_drivers())
    tracker = make_tracker(
        {**DRIVER_SLOTS, "vac_town": "Mombasa", "vac_active_list": "vacancies"},
        text="nakuru",
        entities=[ent("town", "Nakuru")],
    )
    dispatcher, events = await run_action(ActionVacChangeTown(), tracker)
    assert slot_events(events)["vac_town"] == "Nakuru"
    search = next(r for r in fake.requests if r.url.params.get("limit") == "3")
    assert search.url.params["town"] == "Nakuru" and search.url.params["isco_code"] == "8322"
    assert texts(dispatcher)[0] == "Sorry, I found no taxi driver jobs in Nakuru, Naivasha right now."
    # ...and a boda boda job of the same family is offered instead.
    assert any(b["payload"] == '/select{"item_id":"related"}' for b in buttons(dispatcher))


async def test_backend_down_gives_the_honest_message(fake_pes) -> None:  # noqa: F811
    fake_pes(down=True)
    dispatcher, events = await run_action(
        ActionVacSearch(), make_tracker({**DRIVER_SLOTS, "vac_town": "Mombasa"})
    )
    assert texts(dispatcher) == [
        "Sorry, I can't reach the employment service's system right now. Nothing was lost. "
        'Please try again in a few minutes, or say "talk to a person".'
    ]
    assert events == []


async def test_form_resolves_a_clear_occupation(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker(
        {"vac_occupation": "cook"},
        active_loop="vacancy_search_form",
        events=[{"event": "slot", "name": "vac_occupation", "value": "cook"}],
    )
    tracker.slots["requested_slot"] = "vac_occupation"
    dispatcher, events = await run_action(ValidateVacancySearchForm(), tracker)
    slots = slot_events(events)
    assert slots["vac_occupation_label"] == "cook" and slots["vac_isco_code"] == "5120"
    assert dispatcher.messages == []  # a clear match is taken without a question


async def test_form_offers_choices_for_an_unclear_occupation(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker(
        {"vac_occupation": "driver"},
        active_loop="vacancy_search_form",
        events=[{"event": "slot", "name": "vac_occupation", "value": "driver"}],
    )
    dispatcher, events = await run_action(ValidateVacancySearchForm(), tracker)
    assert slot_events(events)["vac_occupation"] is None
    assert texts(dispatcher)[0].startswith('I\'m not sure which job you mean by "driver"')
    payloads = [json.loads(b["payload"].removeprefix("/inform")) for b in buttons(dispatcher)]
    assert {"occupation": "taxi driver"} in payloads and {"occupation": "bus driver"} in payloads


async def test_form_rejects_an_unknown_town_and_accepts_anywhere(fake_pes) -> None:  # noqa: F811
    fake_pes()
    bad = make_tracker(
        {"vac_town": "Narnia"},
        active_loop="vacancy_search_form",
        events=[{"event": "slot", "name": "vac_town", "value": "Narnia"}],
    )
    dispatcher, events = await run_action(ValidateVacancySearchForm(), bad)
    assert slot_events(events)["vac_town"] is None
    assert texts(dispatcher) == ['I don\'t know the town "Narnia". Please type a town, or say "anywhere".']
    good = make_tracker(
        {"vac_town": "any town"},
        active_loop="vacancy_search_form",
        events=[{"event": "slot", "name": "vac_town", "value": "any town"}],
    )
    _, events = await run_action(ValidateVacancySearchForm(), good)
    assert slot_events(events)["vac_town"] == "anywhere"


async def test_registered_user_gets_her_profile_occupation_proposed(fake_pes) -> None:  # noqa: F811
    profile = {
        "id": 7,
        "registration_number": "PES-2026-000007",
        "consent": None,
        "name": "Amina",
        "date_of_birth": "2000-01-01",
        "gender": None,
        "phone": None,
        "identities": [],
        "town": "Mombasa",
        "education_level": 3,
        "occupations": [{"esco_uri": "esco:cook", "isco_code": "5120", "label": "cook"}],
        "experience_years": 2,
        "status": "unemployed",
        "status_since": None,
        "disability": None,
        "languages": ["en"],
    }
    fake_pes(profiles={7: profile})
    dispatcher, _ = await run_action(ActionAskVacOccupation(), make_tracker({"jobseeker_id": 7.0}))
    assert texts(dispatcher)[0].startswith("What kind of job are you looking for? Tap your usual job")
    assert {"title": "cook", "payload": '/inform{"occupation":"cook"}'} in buttons(dispatcher)
    dispatcher, _ = await run_action(ActionAskVacOccupation(), make_tracker({}))
    assert texts(dispatcher)[0].startswith("What kind of job are you looking for? For example")


async def test_form_activation_after_a_reset_asks_nothing_twice(fake_pes) -> None:  # noqa: F811
    # action_vac_new_search cleared old values; the validator sees them as "not answered".
    fake = fake_pes()
    tracker = make_tracker(
        {},
        active_loop="vacancy_search_form",
        events=[
            {"event": "slot", "name": "vac_occupation", "value": None},
            {"event": "slot", "name": "vac_town", "value": None},
        ],
    )
    dispatcher, _ = await run_action(ValidateVacancySearchForm(), tracker)
    assert dispatcher.messages == []
    assert fake.requests == []


async def test_many_nearby_towns_are_summed_up(fake_pes) -> None:  # noqa: F811
    fake_pes(vacancies=[vacancy(1, "Cook", "Nakuru", "5120")])
    from test_search_support import NEARBY  # type: ignore[import-not-found]

    NEARBY["Nakuru"] = ["Nakuru", "Naivasha", "Kericho", "Nyeri", "Eldoret"]
    try:
        tracker = make_tracker(
            {
                "vac_occupation": "cook",
                "vac_occupation_label": "cook",
                "vac_isco_code": "5120",
                "vac_town": "Nakuru",
            }
        )
        dispatcher, _ = await run_action(ActionVacSearch(), tracker)
    finally:
        NEARBY["Nakuru"] = ["Nakuru", "Naivasha"]
    assert texts(dispatcher)[0] == "I found 1 cook job(s) in or near Nakuru. Here are 1 to 1:"
