"""Training search actions against a fake back-end behind the real client."""

from __future__ import annotations

from test_search_support import (  # type: ignore[import-not-found]
    buttons,
    course,
    ent,
    fake_pes,  # noqa: F401  (fixture)
    make_tracker,
    run_action,
    slot_events,
    texts,
)

from actions.results import ActionResultsInterest, ActionResultsMore, ActionResultsSelect
from actions.training import ActionCourseNewSearch, ActionCourseSearch, ValidateTrainingSearchForm, parse_mode


def courses() -> list[dict]:
    return [
        course(1, "Tailoring basics", "tailoring", "Kisumu", funded=True),
        course(2, "Dressmaking level 2", "tailoring", "Kisumu"),
        course(3, "Fashion and tailoring online", "tailoring", None, mode="online", funded=True),
        course(4, "Computer packages", "computer", "Nakuru", funded=True),
        course(5, "Advanced tailoring", "tailoring", "Kisumu", funded=True),
        course(6, "Tailoring for beginners", "tailoring", "Kisumu", funded=True, start_date=None, seats=None),
    ]


async def test_new_search_takes_field_town_and_mode_from_the_message(fake_pes) -> None:  # noqa: F811
    tracker = make_tracker(
        {"course_field": "driving", "course_shown": ["1"]},
        text="online computer classes",
        intent="search_training",
        entities=[ent("field", "computer")],
    )
    _, events = await run_action(ActionCourseNewSearch(), tracker)
    slots = slot_events(events)
    assert slots["course_field"] == "computer" and slots["course_mode"] == "online"
    assert slots["course_shown"] is None and slots["vac_active_list"] == "courses"


async def test_funded_in_person_search_lists_free_courses_near_the_town(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(courses=courses())
    tracker = make_tracker(
        {
            "course_field": "tailoring",
            "course_mode": "in_person",
            "course_town": "Kisumu",
            "course_funded": True,
        }
    )
    dispatcher, events = await run_action(ActionCourseSearch(), tracker)
    said = texts(dispatcher)
    assert said[0] == 'I found 3 course(s) for "tailoring" in or near Kisumu. Here are 1 to 3:'
    assert said[1] == "1. Tailoring basics - Provider 1, Kisumu. 8 weeks. Free (funded)"
    assert "Dressmaking" not in " ".join(said)  # has a fee
    assert said[-1].startswith("Tap a course")
    assert fake.requests[-1].url.params["funded"] == "true"
    assert slot_events(events)["course_shown"] == ["1", "5", "6"]


async def test_fees_are_shown_when_not_funded_only(fake_pes) -> None:  # noqa: F811
    fake_pes(courses=courses())
    tracker = make_tracker(
        {"course_field": "tailoring", "course_mode": "any", "course_town": "Kisumu", "course_funded": False}
    )
    dispatcher, _ = await run_action(ActionCourseSearch(), tracker)
    assert "2. Dressmaking level 2 - Provider 2, Kisumu. 8 weeks. Fee: KES 12,000" in texts(dispatcher)


async def test_more_then_end_of_list(fake_pes) -> None:  # noqa: F811
    fake_pes(courses=courses())
    base = {
        "course_field": "tailoring",
        "course_mode": "in_person",
        "course_town": "Kisumu",
        "course_funded": False,
        "vac_active_list": "courses",
        "course_total": 4.0,
        "course_shown": ["1", "2", "5"],
    }
    dispatcher, events = await run_action(ActionResultsMore(), make_tracker({**base, "course_offset": 3.0}))
    said = texts(dispatcher)
    assert said[1].startswith("4. Tailoring for beginners")
    assert slot_events(events)["course_shown"] == ["1", "2", "5", "6"]
    assert "That's all the courses for this search." in said[-1]
    dispatcher, _ = await run_action(ActionResultsMore(), make_tracker({**base, "course_offset": 4.0}))
    assert texts(dispatcher) == ["There are no more courses for this search."]


async def test_details_and_interest_registered(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(courses=courses(), profiles={3: {"id": 3}})
    tracker = make_tracker(
        {"vac_active_list": "courses", "course_shown": ["1", "5", "6"], "jobseeker_id": 3.0},
        intent="select",
        entities=[ent("number", "3")],
    )
    dispatcher, events = await run_action(ActionResultsSelect(), tracker)
    details = texts(dispatcher)[0]
    assert details.startswith(
        "Tailoring for beginners\nProvider 6, Kisumu\n8 weeks, start date to be announced. Free (funded)."
    )
    assert slot_events(events)["course_selected"] == "6"

    tracker = make_tracker(
        {
            "vac_active_list": "courses",
            "course_shown": ["1", "5", "6"],
            "course_selected": "6",
            "jobseeker_id": 3.0,
        },
        intent="express_interest",
    )
    dispatcher, _ = await run_action(ActionResultsInterest(), tracker)
    assert fake.applications[-1]["kind"] == "course" and fake.applications[-1]["target_id"] == 6
    assert texts(dispatcher)[0].startswith('Done: I recorded your interest in "Tailoring for beginners"')


async def test_interest_unregistered_offers_registration(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(courses=courses())
    tracker = make_tracker(
        {"vac_active_list": "courses", "course_shown": ["1"], "course_selected": "1"},
        intent="express_interest",
    )
    dispatcher, events = await run_action(ActionResultsInterest(), tracker)
    assert "you need to register first" in texts(dispatcher)[0]
    assert {"title": "Register now", "payload": "/register"} in buttons(dispatcher)
    assert slot_events(events)["vac_pending_interest"] == "courses:1" and fake.applications == []


async def test_no_results_offers_online_or_paid_only_if_they_exist(fake_pes) -> None:  # noqa: F811
    fake_pes(courses=courses())
    tracker = make_tracker(
        {
            "course_field": "tailoring",
            "course_mode": "in_person",
            "course_town": "Nakuru",
            "course_funded": True,
        }
    )
    dispatcher, _ = await run_action(ActionCourseSearch(), tracker)
    said = texts(dispatcher)
    assert (
        said[0]
        == 'Sorry, I found no courses for "tailoring" in or near Nakuru that are free in person right now.'
    )
    titles = {b["title"]: b["payload"] for b in buttons(dispatcher)}
    assert titles == {
        "3 in other towns": '/select{"item_id":"any_town"}',
        "1 online": '/select{"item_id":"online"}',
    }


async def test_broaden_to_online(fake_pes) -> None:  # noqa: F811
    fake_pes(courses=courses())
    tracker = make_tracker(
        {
            "vac_active_list": "courses",
            "course_field": "tailoring",
            "course_mode": "in_person",
            "course_town": "Nakuru",
            "course_funded": True,
        },
        intent="select",
        entities=[ent("item_id", "online")],
    )
    dispatcher, events = await run_action(ActionResultsSelect(), tracker)
    assert slot_events(events)["course_mode"] == "online"
    assert (
        texts(dispatcher)[1] == "1. Fashion and tailoring online - Provider 3, online. 8 weeks. Free (funded)"
    )


async def test_online_courses_skip_the_town_question(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker(
        {"course_field": "computer", "course_mode": "online"},
        active_loop="training_search_form",
        events=[{"event": "slot", "name": "course_mode", "value": "online"}],
    )
    _, events = await run_action(ValidateTrainingSearchForm(), tracker)
    assert slot_events(events)["requested_slot"] == "course_funded"


async def test_unclear_mode_is_asked_again(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker(
        {"course_field": "computer", "course_mode": "banana"},
        active_loop="training_search_form",
        events=[{"event": "slot", "name": "course_mode", "value": "banana"}],
    )
    dispatcher, events = await run_action(ValidateTrainingSearchForm(), tracker)
    assert slot_events(events)["course_mode"] is None
    assert texts(dispatcher) == ["Please choose: in person, online, or either."]


def test_parse_mode() -> None:
    assert parse_mode("online") == "online"
    assert parse_mode("in_person") == "in_person"
    assert parse_mode("i prefer a physical class") == "in_person"
    assert parse_mode("from home on the internet") == "online"
    assert parse_mode("either is fine") == "any"
    assert parse_mode("tomorrow") is None
