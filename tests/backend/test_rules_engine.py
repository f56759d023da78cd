"""The eligibility rule engine on its own: facts + rules in, decision out (no I/O)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from backend.programmes.definitions import RULES_DIR, load_directory
from backend.programmes.engine import evaluate
from backend.programmes.rules_schema import ProgrammeDefinition


def programme(*rules: dict[str, Any], **extra: Any) -> ProgrammeDefinition:
    return ProgrammeDefinition.model_validate(
        {
            "code": "test-programme",
            "name": "Test programme",
            "family": "training",
            "summary": "A programme made up for this test.",
            "benefits": "Nothing real, it is a test.",
            "next_step": "Visit the office with your ID.",
            "rules": list(rules),
            **extra,
        }
    )


YOUTH = {"id": "age", "kind": "age_range", "min": 15, "max": 29}


@pytest.mark.parametrize(
    ("age", "outcome"),
    [(14, "not_eligible"), (15, "eligible"), (29, "eligible"), (30, "not_eligible")],
)
def test_age_range_includes_both_ends(age: int, outcome: str) -> None:
    decision = evaluate(programme(YOUTH), {"age": age})
    assert decision.outcome == outcome
    assert decision.reasons[0].passed is (outcome == "eligible")


def test_age_reason_speaks_plainly() -> None:
    decision = evaluate(programme(YOUTH), {"age": 24})
    assert decision.reasons[0].rule == "age"
    assert decision.reasons[0].text == "You are 24; this programme is for ages 15-29."
    decision = evaluate(programme(YOUTH), {"age": 30})
    assert decision.reasons[0].text == "You are 30; this programme is for ages 15-29."


def test_open_ended_age_range() -> None:
    senior = programme({"kind": "age_range", "min": 55})
    assert evaluate(senior, {"age": 54}).outcome == "not_eligible"
    assert evaluate(senior, {"age": 55}).outcome == "eligible"
    assert "aged 55 or over" in evaluate(senior, {"age": 70}).reasons[0].text


def test_status_in_set() -> None:
    p = programme({"kind": "status_in", "values": ["unemployed", "inactive"]})
    assert evaluate(p, {"status": "unemployed"}).outcome == "eligible"
    assert evaluate(p, {"status": "inactive"}).outcome == "eligible"
    refused = evaluate(p, {"status": "employed"})
    assert refused.outcome == "not_eligible"
    assert refused.reasons[0].text.startswith("You are in paid work;")


def test_months_unemployed_at_least() -> None:
    p = programme({"kind": "months_unemployed_min", "months": 12})
    assert evaluate(p, {"months_unemployed": 11}).outcome == "not_eligible"
    assert evaluate(p, {"months_unemployed": 12}).outcome == "eligible"


def test_education_level_bounds() -> None:
    at_most = programme({"kind": "education_level", "max": 3})
    assert evaluate(at_most, {"education_level": 3}).outcome == "eligible"
    assert evaluate(at_most, {"education_level": 6}).outcome == "not_eligible"
    at_least = programme({"kind": "education_level", "min": 2})
    assert evaluate(at_least, {"education_level": 1}).outcome == "not_eligible"
    assert evaluate(at_least, {"education_level": 2}).outcome == "eligible"
    text = evaluate(at_most, {"education_level": 6}).reasons[0].text
    assert "bachelor's degree" in text and "at most upper secondary school" in text


def test_disability_required_and_never_assumed() -> None:
    p = programme({"kind": "disability_required"})
    assert evaluate(p, {"disability": True}).outcome == "eligible"
    assert evaluate(p, {"disability": False}).outcome == "not_eligible"
    unknown = evaluate(p, {})
    assert unknown.outcome == "need_facts"
    assert unknown.missing_facts == ["disability"]
    assert "your choice" in unknown.reasons[0].text


def test_location_by_town_or_region() -> None:
    p = programme({"kind": "location_in", "towns": ["Mombasa"], "regions": ["Kisumu"]})
    # Town names compare without case or accents.
    assert evaluate(p, {"town": "MOMBASA"}).outcome == "eligible"
    assert evaluate(p, {"town": "Ahero", "region": "Kisumu"}).outcome == "eligible"
    refused = evaluate(p, {"town": "Nakuru", "region": "Nakuru"})
    assert refused.outcome == "not_eligible"
    assert (
        refused.reasons[0].text == "You live in Nakuru; this programme runs only in Mombasa or Kisumu region."
    )


def test_flag_rules_need_the_stated_value() -> None:
    neet = programme({"kind": "flag", "fact": "in_education_or_training", "equals": False})
    assert evaluate(neet, {"in_education_or_training": False}).outcome == "eligible"
    refused = evaluate(neet, {"in_education_or_training": True})
    assert refused.outcome == "not_eligible"
    assert refused.reasons[0].text == (
        "You are in education or training; this programme requires that you are not in education or training."
    )
    plan = programme({"kind": "flag", "fact": "has_business_plan"})
    assert evaluate(plan, {"has_business_plan": True}).outcome == "eligible"
    assert evaluate(plan, {"has_business_plan": False}).outcome == "not_eligible"


@pytest.mark.parametrize(("days", "outcome"), [(149, "not_eligible"), (150, "eligible"), (400, "eligible")])
def test_numeric_fact_at_least(days: int, outcome: str) -> None:
    p = programme({"kind": "number_min", "fact": "benefit_days_left", "min": 150})
    decision = evaluate(p, {"benefit_days_left": days})
    assert decision.outcome == outcome
    assert f"You have {days} days of unemployment benefit left" in decision.reasons[0].text


def test_any_of_passes_when_one_branch_passes() -> None:
    p = programme(
        {
            "id": "harder_to_place",
            "kind": "any_of",
            "rules": [
                {"kind": "months_unemployed_min", "months": 12},
                {"kind": "age_range", "min": 55},
            ],
        }
    )
    assert evaluate(p, {"months_unemployed": 2, "age": 58}).outcome == "eligible"
    assert evaluate(p, {"months_unemployed": 2, "age": 40}).outcome == "not_eligible"
    # One branch fails, the other is unknown: we must ask for the unknown one only.
    unsure = evaluate(p, {"age": 40})
    assert unsure.outcome == "need_facts"
    assert unsure.missing_facts == ["months_unemployed"]
    # A passing branch needs nothing else.
    assert evaluate(p, {"age": 60}).outcome == "eligible"


def test_need_facts_lists_exactly_what_is_missing_in_rule_order() -> None:
    p = programme(
        YOUTH,
        {"kind": "status_in", "values": ["unemployed"]},
        {"kind": "flag", "fact": "in_education_or_training", "equals": False},
        {"kind": "number_min", "fact": "age", "min": 18},
    )
    decision = evaluate(p, {"status": "unemployed"})
    assert decision.outcome == "need_facts"
    # age is used by two rules but asked for once.
    assert decision.missing_facts == ["age", "in_education_or_training"]
    assert [r.passed for r in decision.reasons] == [None, True, None, None]
    assert decision.next_step.startswith("Tell us your age and whether you are in education or training")


def test_a_failed_rule_decides_even_when_facts_are_missing() -> None:
    p = programme(YOUTH, {"kind": "status_in", "values": ["unemployed"]})
    decision = evaluate(p, {"age": 40})
    assert decision.outcome == "not_eligible"
    assert decision.missing_facts == []
    assert decision.reasons[1].passed is None


def test_next_step_follows_the_outcome() -> None:
    p = programme(YOUTH, not_eligible_step="Ask about job-search counselling instead.")
    assert evaluate(p, {"age": 20}).next_step == "Visit the office with your ID."
    assert evaluate(p, {"age": 45}).next_step == "Ask about job-search counselling instead."
    assert evaluate(programme(YOUTH), {"age": 45}).next_step.startswith("A counsellor can look")


def test_null_facts_count_as_unknown() -> None:
    assert evaluate(programme(YOUTH), {"age": None}).missing_facts == ["age"]


@pytest.mark.parametrize(
    "bad_rule",
    [
        {"kind": "age_range"},
        {"kind": "age_range", "min": 30, "max": 20},
        {"kind": "status_in", "values": ["retired"]},
        {"kind": "flag", "fact": "likes_cats"},
        {"kind": "teleport"},
        {"kind": "any_of", "rules": [{"kind": "disability_required"}]},
    ],
)
def test_malformed_rules_are_refused(bad_rule: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        programme(bad_rule)


def test_shipped_rule_files_cover_every_family() -> None:
    definitions = load_directory(RULES_DIR)
    assert len(definitions) >= 8
    assert {d.family for d in definitions} == {
        "intermediation",
        "training",
        "entrepreneurship",
        "subsidy",
        "public_works",
    }


def test_shipped_youth_guarantee_boundaries() -> None:
    youth = next(d for d in load_directory(RULES_DIR) if d.code == "youth-guarantee")
    neet = {"status": "unemployed", "in_education_or_training": False}
    assert evaluate(youth, {**neet, "age": 15}).outcome == "eligible"
    assert evaluate(youth, {**neet, "age": 29}).outcome == "eligible"
    assert evaluate(youth, {**neet, "age": 30}).outcome == "not_eligible"
    assert evaluate(youth, {**neet, "age": 22, "in_education_or_training": True}).outcome == "not_eligible"


def test_shipped_start_up_grant_needs_150_benefit_days() -> None:
    grant = next(d for d in load_directory(RULES_DIR) if d.code == "startup-grant")
    facts = {"status": "unemployed", "receives_benefit": True, "has_business_plan": True}
    assert evaluate(grant, {**facts, "benefit_days_left": 149}).outcome == "not_eligible"
    assert evaluate(grant, {**facts, "benefit_days_left": 150}).outcome == "eligible"
    assert evaluate(grant, facts).missing_facts == ["benefit_days_left"]
