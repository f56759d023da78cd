"""Eligibility over HTTP, with facts taken from a registered jobseeker's profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.offices.clock import fixed_clock, get_clock
from backend.programmes.facts import age_on, profile_facts, whole_months_between

# 09:00 in Nairobi on 14 June 2026: the day before the test jobseeker turns 30.
BEFORE_BIRTHDAY = datetime(2026, 6, 14, 6, 0, tzinfo=timezone.utc)
ON_BIRTHDAY = datetime(2026, 6, 15, 6, 0, tzinfo=timezone.utc)


def set_clock(client: TestClient, moment: datetime) -> None:
    client.app.dependency_overrides[get_clock] = lambda: fixed_clock(moment)  # type: ignore[attr-defined]


@pytest.fixture
def api(client: TestClient) -> Iterator[TestClient]:
    yield client
    client.app.dependency_overrides.pop(get_clock, None)  # type: ignore[attr-defined]


def register(client: TestClient, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "consent": {"notice_version": "2026-01"},
        "name": "Amina Wanjiru",
        "date_of_birth": "1996-06-15",
        "town": "Mombasa",
        "education_level": 3,
        "status": "unemployed",
        "status_since": "2025-01-10",
        "languages": ["en", "sw"],
    }
    body.update(changes)
    response = client.post("/api/v1/jobseekers", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def check(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/eligibility", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def result_for(answer: dict[str, Any], code: str) -> dict[str, Any]:
    return next(r for r in answer["results"] if r["programme"]["code"] == code)


def test_age_turns_on_the_birthday() -> None:
    assert age_on(date(1996, 6, 15), date(2026, 6, 14)) == 29
    assert age_on(date(1996, 6, 15), date(2026, 6, 15)) == 30


def test_months_unemployed_counts_whole_months() -> None:
    assert whole_months_between(date(2025, 1, 10), date(2025, 7, 9)) == 5
    assert whole_months_between(date(2025, 1, 10), date(2025, 7, 10)) == 6
    assert whole_months_between(date(2026, 1, 10), date(2025, 7, 10)) == 0


def test_profile_facts_hold_only_what_the_profile_knows() -> None:
    facts = profile_facts(
        date_of_birth=date(2000, 1, 1),
        status="student",
        status_since=None,
        education_level=3,
        disability=None,
        town="Kisumu",
        today=date(2026, 1, 1),
    )
    assert facts == {
        "age": 26,
        "status": "student",
        "in_education_or_training": True,
        "education_level": 3,
        "town": "Kisumu",
    }


def test_profile_fills_facts_and_youth_guarantee_asks_for_the_rest(api: TestClient) -> None:
    person = register(api)
    set_clock(api, BEFORE_BIRTHDAY)
    answer = check(api, jobseeker_id=person["id"], programmes=["youth-guarantee"])
    assert answer["facts_used"]["age"] == 29
    assert answer["facts_used"]["months_unemployed"] == 17
    assert answer["facts_used"]["town"] == "Mombasa"
    result = answer["results"][0]
    assert result["outcome"] == "need_facts"
    assert result["missing_facts"] == ["in_education_or_training"]
    assert result["programme"]["family"] == "intermediation"

    answer = check(
        api,
        jobseeker_id=person["id"],
        programmes=["youth-guarantee"],
        facts={"in_education_or_training": False},
    )
    result = answer["results"][0]
    assert result["outcome"] == "eligible"
    assert {"rule": "age", "passed": True, "text": "You are 29; this programme is for ages 15-29."} in result[
        "reasons"
    ]
    assert "youth counsellor" in result["next_step"]
    # The same plain sentence as the programme shows, without YAML line breaks.
    assert result["next_step"] == result["programme"]["next_step"]
    assert "\n" not in result["next_step"]


def test_thirtieth_birthday_ends_youth_guarantee(api: TestClient) -> None:
    person = register(api)
    set_clock(api, ON_BIRTHDAY)
    answer = check(
        api,
        jobseeker_id=person["id"],
        programmes=["youth-guarantee"],
        facts={"in_education_or_training": False},
    )
    result = answer["results"][0]
    assert result["outcome"] == "not_eligible"
    assert result["reasons"][0] == {
        "rule": "age",
        "passed": False,
        "text": "You are 30; this programme is for ages 15-29.",
    }


def test_stated_facts_override_the_profile(api: TestClient) -> None:
    person = register(api, status="employed", status_since=None)
    set_clock(api, BEFORE_BIRTHDAY)
    answer = check(
        api,
        jobseeker_id=person["id"],
        programmes=["youth-employment-incentive"],
        facts={"status": "unemployed"},
    )
    assert answer["facts_used"]["status"] == "unemployed"
    assert answer["results"][0]["outcome"] == "eligible"


def test_every_programme_is_checked_when_none_is_named(api: TestClient) -> None:
    answer = check(api, facts={"age": 58, "status": "unemployed", "months_unemployed": 3})
    codes = {r["programme"]["code"] for r in answer["results"]}
    assert len(codes) >= 8
    assert result_for(answer, "wage-subsidy")["outcome"] == "eligible"  # 55+ branch
    assert result_for(answer, "youth-guarantee")["outcome"] == "not_eligible"
    grant = result_for(answer, "startup-grant")
    assert grant["outcome"] == "need_facts"
    assert grant["missing_facts"] == ["receives_benefit", "benefit_days_left", "has_business_plan"]


def test_public_works_only_in_listed_towns(api: TestClient) -> None:
    base = {"age": 25, "status": "unemployed"}
    here = check(api, facts={**base, "town": "kisumu"}, programmes=["public-works"])
    assert here["results"][0]["outcome"] == "eligible"
    assert here["facts_used"]["town"] == "Kisumu"
    away = check(api, facts={**base, "town": "Kitale"}, programmes=["public-works"])
    assert away["results"][0]["outcome"] == "not_eligible"
    assert away["results"][0]["reasons"][-1]["text"].startswith("You live in Kitale;")


def test_answer_names_the_version_it_used(api: TestClient) -> None:
    answer = check(api, facts={"age": 20}, programmes=["job-search-counselling"])
    assert answer["results"][0]["programme"]["version"] >= 1


def test_unknown_jobseeker_is_404(api: TestClient) -> None:
    response = api.post("/api/v1/eligibility", json={"jobseeker_id": 999999, "facts": {}})
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_unknown_programme_is_404(api: TestClient) -> None:
    response = api.post("/api/v1/eligibility", json={"facts": {"age": 20}, "programmes": ["free-money"]})
    assert response.status_code == 404
    assert "free-money" in response.json()["detail"]


@pytest.mark.parametrize(
    "facts",
    [{"age": -3}, {"status": "retired"}, {"education_level": 11}, {"favourite_colour": "blue"}],
)
def test_bad_facts_are_422(api: TestClient, facts: dict[str, Any]) -> None:
    response = api.post("/api/v1/eligibility", json={"facts": facts})
    assert response.status_code == 422


def test_deleted_jobseeker_cannot_be_checked(api: TestClient) -> None:
    person = register(api)
    assert api.delete(f"/api/v1/jobseekers/{person['id']}").status_code == 204
    response = api.post("/api/v1/eligibility", json={"jobseeker_id": person["id"]})
    assert response.status_code == 404
