"""Eligibility: only the facts the engine reports missing are asked, answers reported per programme."""

from __future__ import annotations

import pytest
from test_search_support import (  # type: ignore[import-not-found]
    buttons,
    ent,
    fake_pes,  # noqa: F401  (fixture)
    make_tracker,
    run_action,
    slot_events,
    texts,
)

from actions.eligibility import (
    ActionEligReport,
    ActionEligStart,
    ValidateEligibilityForm,
    facts_from_slots,
    find_programme,
    parse_education,
    parse_status,
)
from actions.pes_models import Programme

FORM = "eligibility_form"


def answered(slot: str, value: object, **slots: object):
    """A tracker right after the user answered `slot` inside the form."""
    tracker = make_tracker(
        {**slots, slot: value},
        active_loop=FORM,
        requested_slot=slot,
        events=[{"event": "user", "text": str(value)}, {"event": "slot", "name": slot, "value": value}],
    )
    return tracker


async def test_start_resolves_the_programme_named_and_forgets_old_answers(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker(
        {"elig_age": 40},
        text="am i eligible for the youth guarantee?",
        intent="check_eligibility",
        entities=[ent("programme", "youth guarantee")],
    )
    dispatcher, events = await run_action(ActionEligStart(), tracker)
    slots = slot_events(events)
    assert slots["elig_programme"] == "youth-guarantee" and slots["elig_age"] is None
    assert texts(dispatcher) == [
        "Let's check if you can join Youth Guarantee. I'll only ask what I need to know."
    ]


async def test_unknown_programme_is_said_and_all_are_checked(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker({}, intent="check_eligibility", entities=[ent("programme", "moon landing grant")])
    dispatcher, events = await run_action(ActionEligStart(), tracker)
    assert slot_events(events)["elig_programme"] is None
    assert (
        texts(dispatcher)[0]
        == "I don't know a programme called \"moon landing grant\", so I'll check all our programmes for you."
    )


async def test_form_asks_the_first_missing_fact_only(fake_pes) -> None:  # noqa: F811
    fake = fake_pes()
    tracker = make_tracker({"elig_programme": "youth-guarantee"}, active_loop=FORM)
    _, events = await run_action(ValidateEligibilityForm(), tracker)
    assert slot_events(events)["requested_slot"] == "elig_age"
    assert fake.eligibility_calls[0]["programmes"] == ["youth-guarantee"]


async def test_answer_is_normalised_then_the_engine_is_asked_again(fake_pes) -> None:  # noqa: F811
    fake = fake_pes()
    tracker = answered("elig_age", "i am 24 yrs", elig_programme="youth-guarantee")
    _, events = await run_action(ValidateEligibilityForm(), tracker)
    slots = slot_events(events)
    assert slots["elig_age"] == 24
    # The engine no longer misses the age; it still needs the education question.
    assert slots["requested_slot"] == "elig_in_education"
    assert any(call["facts"] == {"age": 24} for call in fake.eligibility_calls)


async def test_a_bad_age_is_explained_and_asked_again(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = answered("elig_age", "old enough", elig_programme="youth-guarantee")
    dispatcher, events = await run_action(ValidateEligibilityForm(), tracker)
    slots = slot_events(events)
    assert slots["elig_age"] is None and slots["requested_slot"] == "elig_age"
    assert texts(dispatcher) == ["Please give your age as a number of years, for example 24."]


async def test_all_programmes_union_of_missing_facts(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = answered("elig_in_education", False, elig_age=24)
    _, events = await run_action(ValidateEligibilityForm(), tracker)
    # Youth guarantee is decided now; the start-up grant still needs the business plan.
    assert slot_events(events)["requested_slot"] == "elig_business_plan"


async def test_registered_profile_answers_everything_so_nothing_is_asked(fake_pes) -> None:  # noqa: F811
    fake = fake_pes(profiles={7: {"id": 7, "_facts": {"age": 22, "in_education_or_training": False}}})
    tracker = make_tracker({"jobseeker_id": 7.0, "elig_programme": "youth-guarantee"}, active_loop=FORM)
    _, events = await run_action(ValidateEligibilityForm(), tracker)
    # No slot requested: Rasa's form finds nothing to ask and goes to the report.
    assert slot_events(events).get("requested_slot") is None
    assert fake.eligibility_calls[0]["jobseeker_id"] == 7


async def test_report_eligible_with_engine_reasons_and_next_step(fake_pes) -> None:  # noqa: F811
    fake_pes()
    tracker = make_tracker({"elig_programme": "youth-guarantee", "elig_age": 24, "elig_in_education": False})
    dispatcher, _ = await run_action(ActionEligReport(), tracker)
    said = texts(dispatcher)
    assert said[0].startswith("✅ Youth Guarantee: you can join.")
    assert "- You are 24; this programme is for ages 15-29." in said[0]
    assert "Next step: Book a meeting with a youth counsellor." in said[0]
    # Not registered: offered to register.
    assert said[-1].startswith("If you register")
    assert {"title": "Register now", "payload": "/register"} in buttons(dispatcher)


async def test_report_not_eligible_and_cant_tell_for_all_programmes(fake_pes) -> None:  # noqa: F811
    fake_pes(profiles={7: {"id": 7, "_facts": {}}})
    tracker = make_tracker(
        {"jobseeker_id": 7.0, "elig_age": 35, "elig_in_education": False, "elig_business_plan": "skip"}
    )
    dispatcher, _ = await run_action(ActionEligReport(), tracker)
    said = texts(dispatcher)
    assert (
        said[0]
        == "Programmes you can join: none. Can't tell yet: Start-up Grant. Not for you now: Youth Guarantee."
    )
    assert said[1].startswith("❔ Start-up Grant: I can't tell yet.")
    assert "I would still need: whether you have a business plan." in said[1]
    assert said[2].startswith(
        "❌ Youth Guarantee: you can't join.\n- You are 35; this programme is for ages 15-29."
    )
    assert "You are not in education" not in said[2]  # only the failed rule explains a refusal
    assert not any(t.startswith("If you register") for t in said)  # registered already


async def test_report_when_backend_is_down_invents_nothing(fake_pes) -> None:  # noqa: F811
    fake_pes(down=True)
    dispatcher, _ = await run_action(ActionEligReport(), make_tracker({"elig_age": 24}))
    assert len(texts(dispatcher)) == 1
    assert texts(dispatcher)[0].startswith("Sorry, I can't reach the employment service's system right now.")


async def test_form_ends_quietly_when_backend_is_down_so_the_report_says_it_once(fake_pes) -> None:  # noqa: F811
    fake_pes(down=True)
    dispatcher, events = await run_action(ValidateEligibilityForm(), make_tracker({}, active_loop=FORM))
    assert slot_events(events).get("requested_slot") is None
    assert texts(dispatcher) == []


def test_find_programme_tolerates_spelling_and_family_names() -> None:
    def prog(code: str, name: str, family: str) -> Programme:
        return Programme(
            code=code, name=name, family=family, summary="", version=1, benefits="", next_step=""
        )

    known = [
        prog("start-up-grant", "Start-Up Grant", "entrepreneurship"),
        prog("community-works", "Community Works Programme", "public_works"),
        prog("youth-guarantee", "Youth Guarantee", "intermediation"),
        prog("job-search-counselling", "Job-Search Counselling", "intermediation"),
    ]
    assert find_programme("startup-grant", known) is known[0]
    assert find_programme("public-works", known) is known[1]
    assert find_programme("YOUTH GUARANTEE", known) is known[2]
    assert find_programme("intermediation", known) is None  # two programmes: not a guess
    assert find_programme("moon grant", known) is None


def test_facts_from_slots_parse_plain_answers_and_leave_out_skips() -> None:
    slots = {
        "elig_age": "24 years",
        "elig_status": "i have no job",
        "elig_months_unemployed": "about 7 months",
        "elig_education": "form four",
        "elig_in_education": False,
        "elig_disability": "skip",
        "elig_benefit_days_left": None,
    }
    assert facts_from_slots(slots.get) == {
        "age": 24,
        "status": "unemployed",
        "months_unemployed": 7,
        "education_level": 3,
        "in_education_or_training": False,
    }


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("unemployed", "unemployed"),
        ("self_employed", "self_employed"),
        ("I run my own business", "self_employed"),
        ("im a student", "student"),
        ("i am working", "employed"),
        ("not working and not looking", "inactive"),
        ("sina kazi", "unemployed"),
        ("i dont have a job", "unemployed"),
        ("I don't have any work right now", "unemployed"),
        ("haven't got a job since march", "unemployed"),
        ("not employed", "unemployed"),
        ("i lost my job", "unemployed"),
        ("by myself, no work", "unemployed"),
        ("i have a job", "employed"),
        ("banana", None),
    ],
)
def test_parse_status(said: str, status: str | None) -> None:
    assert parse_status(said) == status


@pytest.mark.parametrize(
    ("said", "level"),
    [
        ("3", 3),
        ("primary", 1),
        ("form 2", 2),
        ("KCSE", 3),
        ("diploma", 5),
        ("degree", 6),
        ("none", 0),
        ("??", None),
    ],
)
def test_parse_education(said: str, level: int | None) -> None:
    assert parse_education(said) == level
