"""Bad input found by probing a running instance: each once answered a 500.

Every request here must get a 4xx with a `detail`, and what was stored before
must still be there afterwards.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from backend.core.clock import pes_today
from backend.core.db import make_engine, session_factory
from backend.seed import seed_all
from backend.vacancies.models import Vacancy
from backend.vacancies.seed_data import POSTINGS

HUGE = 10**22  # beyond 64 bits (SQLite) and int4 (PostgreSQL)


def posting(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Probe welder",
        "description": "Weld gates and window grills.",
        "date_posted": pes_today().isoformat(),
        "employer": "Chuma Works",
        "town": "Mombasa",
    }
    body.update(overrides)
    return body


def jobposting(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@type": "JobPosting",
        "title": "Imported cook",
        "description": "Cook for a busy hotel kitchen.",
        "datePosted": pes_today().isoformat(),
        "hiringOrganization": {"name": "Pwani Hotel"},
        "jobLocation": {"address": {"addressLocality": "Mombasa"}},
    }
    doc.update(overrides)
    return doc


def assert_clear_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def vacancy_total(client: TestClient) -> int:
    return int(client.get("/api/v1/vacancies", params={"limit": 1}).json()["total"])


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/vacancies/{HUGE}",
        f"/api/v1/vacancies/{HUGE}/jsonld",
        f"/api/v1/courses/{HUGE}",
        f"/api/v1/jobseekers/{HUGE}",
        f"/api/v1/offices/{HUGE}",
        f"/api/v1/escalations/{HUGE}",
        f"/api/v1/applications?jobseeker_id={HUGE}",
        f"/api/v1/alerts?jobseeker_id={HUGE}",
        f"/api/v1/vacancies?offset={HUGE}",
        f"/api/v1/courses?offset={HUGE}",
    ],
)
def test_numbers_beyond_the_database_are_refused_not_crashed(client: TestClient, path: str) -> None:
    assert_clear_error(client.get(path), 422)


def test_huge_ids_in_bodies_and_deletes_are_refused(client: TestClient) -> None:
    assert_clear_error(client.delete(f"/api/v1/alerts/{HUGE}"), 422)
    assert_clear_error(client.post("/api/v1/eligibility", json={"jobseeker_id": HUGE}), 422)
    body = {"jobseeker_id": HUGE, "kind": "vacancy", "target_id": 1}
    assert_clear_error(client.post("/api/v1/applications", json=body), 422)


def test_an_infinite_number_gets_a_validation_answer(client: TestClient) -> None:
    # Python's JSON reads 1e400 as infinity; the 422 that echoes it must still be JSON.
    response = client.post(
        "/api/v1/eligibility",
        content=b'{"facts": {"age": 1e400}}',
        headers={"Content-Type": "application/json"},
    )
    assert_clear_error(response, 422)
    assert response.json()["detail"][0]["loc"] == ["body", "facts", "age"]


def test_an_infinite_salary_is_refused_and_searches_keep_working(client: TestClient) -> None:
    before = vacancy_total(client)
    response = client.post(
        "/api/v1/vacancies",
        content=b'{"title": "T", "description": "D", "date_posted": "2026-11-01", "employer": "E",'
        b' "town": "Mombasa", "salary_min": 1e400, "salary_currency": "KES"}',
        headers={"Content-Type": "application/json"},
    )
    assert_clear_error(response, 422)
    assert "finite" in response.text
    assert vacancy_total(client) == before
    listed = client.get("/api/v1/vacancies", params={"limit": 50})
    assert listed.status_code == 200


def test_an_infinite_rule_bound_is_refused(client: TestClient) -> None:
    versions = client.get("/api/v1/programmes/youth-guarantee/versions").json()
    definition = versions[-1]["definition"]
    rule = {"kind": "number_min", "fact": "age", "min": "__INF__"}
    body = {**definition, "rules": [*definition["rules"], rule]}
    raw = json.dumps(body).replace('"__INF__"', "1e400").encode()
    response = client.put(
        "/api/v1/programmes/youth-guarantee", content=raw, headers={"Content-Type": "application/json"}
    )
    assert_clear_error(response, 422)
    assert len(client.get("/api/v1/programmes/youth-guarantee/versions").json()) == len(versions)


@pytest.mark.parametrize(
    "payload",
    [
        {"@type": "ItemList", "itemListElement": 5},
        {"@type": "ItemList", "itemListElement": {"@type": "JobPosting"}},
        jobposting(experienceRequirements={"monthsOfExperience": "__INF__"}),
        jobposting(skills=7),
    ],
)
def test_malformed_json_ld_is_a_422_and_imports_nothing(client: TestClient, payload: dict[str, Any]) -> None:
    before = vacancy_total(client)
    raw = json.dumps(payload).replace('"__INF__"', "1e400").encode()
    response = client.post(
        "/api/v1/vacancies/import", content=raw, headers={"Content-Type": "application/ld+json"}
    )
    assert_clear_error(response, 422)
    assert vacancy_total(client) == before


def test_a_plain_number_salary_is_imported(client: TestClient) -> None:
    # schema.org: MonetaryAmount.value may be a Number; it used to be dropped silently.
    doc = jobposting(title="Line cook flat pay", baseSalary={"currency": "KES", "value": 30000})
    assert client.post("/api/v1/vacancies/import", json=doc).status_code == 201
    found = client.get("/api/v1/vacancies", params={"q": "line cook flat pay"}).json()["items"]
    assert [(v["salary_min"], v["salary_max"], v["salary_currency"]) for v in found] == [
        (30000.0, 30000.0, "KES")
    ]


def test_nameless_skills_are_not_stored_as_none(client: TestClient) -> None:
    doc = jobposting(title="Skilled cook", skills=[{"@type": "DefinedTerm"}, "knife skills"])
    assert client.post("/api/v1/vacancies/import", json=doc).status_code == 201
    found = client.get("/api/v1/vacancies", params={"q": "skilled cook"}).json()["items"]
    assert [v["skills"] for v in found] == [["knife skills"]]


@pytest.mark.parametrize("name", ["q", "field"])
def test_a_course_search_of_thousands_of_words_answers(client: TestClient, name: str) -> None:
    many = " ".join(["qxz"] * 50)  # under the length limit, far over the word limit
    response = client.get("/api/v1/courses", params={name: many})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0
    assert_clear_error(client.get("/api/v1/courses", params={name: "qxz " * 1500}), 422)


def test_course_words_beyond_the_tenth_are_ignored_like_vacancies(client: TestClient) -> None:
    first = client.get("/api/v1/courses", params={"q": "tailoring", "limit": 50}).json()
    assert first["total"] >= 1
    padded = "tailoring " * 10 + "zzzznotaword"
    again = client.get("/api/v1/courses", params={"q": padded, "limit": 50}).json()
    assert again["total"] == first["total"]


def test_listing_escalations_costs_the_same_queries_for_one_or_many(client: TestClient) -> None:
    # The tests' session factory has its own engine: listen on every engine.
    engine = Engine
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def open_one(n: int) -> None:
        body = {"conversation_id": f"n-plus-one-{n}", "channel": "rest", "language": "en"}
        assert client.post("/api/v1/escalations", json=body).status_code == 201

    def queries_for_list() -> tuple[int, list[dict[str, Any]]]:
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            answer = client.get("/api/v1/escalations", params={"status": "open"}).json()
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(
            [s for s in statements if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))]
        ), answer

    open_one(0)
    with_one, _ = queries_for_list()
    for n in range(1, 6):
        open_one(n)
    with_six, listed = queries_for_list()
    assert with_six == with_one
    assert [e["queue_position"] for e in listed] == [1, 2, 3, 4, 5, 6]
    assert [e["expected_wait_minutes"] >= 10 * n for n, e in enumerate(listed)] == [True] * 6


def test_a_new_status_without_a_date_drops_the_old_date(client: TestClient) -> None:
    born = (pes_today() - timedelta(days=30 * 365)).isoformat()
    hired = (pes_today() - timedelta(days=3 * 365)).isoformat()
    body = {
        "consent": {"notice_version": "2026-1"},
        "name": "Otieno Ouma",
        "date_of_birth": born,
        "town": "Kisumu",
        "education_level": 3,
        "status": "employed",
        "status_since": hired,
    }
    created = client.post("/api/v1/jobseekers", json=body).json()
    changed = client.patch(f"/api/v1/jobseekers/{created['id']}", json={"status": "unemployed"}).json()
    assert changed["status"] == "unemployed" and changed["status_since"] is None
    # Eligibility then asks how long, instead of counting three years of unemployment.
    answer = client.post(
        "/api/v1/eligibility", json={"jobseeker_id": created["id"], "programmes": ["wage-subsidy"]}
    ).json()
    assert "months_unemployed" not in answer["facts_used"]
    # The same status again, or a status with its date, keeps what the caller says.
    since = (pes_today() - timedelta(days=10)).isoformat()
    dated = {"status": "unemployed", "status_since": since}
    assert client.patch(f"/api/v1/jobseekers/{created['id']}", json=dated).json()["status_since"] == since
    same = client.patch(f"/api/v1/jobseekers/{created['id']}", json={"status": "unemployed"}).json()
    assert same["status_since"] == since


def test_two_seeds_at_once_both_succeed_without_duplicates(db_kind: Any, migrated_url: str) -> None:
    if db_kind.kind != "postgresql":
        pytest.skip("SQLite lets one writer at a time; the race is PostgreSQL's")
    engine = make_engine(migrated_url)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def seed_once() -> None:
        try:
            start.wait()
            with session_factory(engine).begin() as session:
                seed_all(session)
        except BaseException as exc:  # reported below, with the other thread's outcome
            failures.append(exc)

    try:
        threads = [threading.Thread(target=seed_once) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        with session_factory(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Vacancy)) == len(POSTINGS)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/vacancies?q=cook%00",
        "/api/v1/courses?q=tailor%00",
        "/api/v1/jobseekers/lookup?channel=rest&identity=a%00b",
        "/api/v1/alerts?conversation_id=c%00",
        "/api/v1/vacancies?q=%00",
        "/api/v1/programmes/youth%00guarantee",
    ],
)
def test_a_nul_character_is_never_a_500(client: TestClient, path: str) -> None:
    # PostgreSQL cannot compare NUL in text (a 500); SQLite cut the text at it, so
    # `q=cook%00` searched for nothing and listed everything. Both now refuse it.
    response = client.get(path)
    assert_clear_error(response, 422)
    assert "NUL" in response.json()["detail"]


def test_a_nul_character_in_a_record_is_refused_or_kept_never_a_500(client: TestClient) -> None:
    before = vacancy_total(client)
    response = client.post("/api/v1/vacancies", json=posting(title="Welder\u0000night"))
    assert response.status_code in (201, 422), response.text
    assert vacancy_total(client) == before + (1 if response.status_code == 201 else 0)


def test_town_search_matches_known_towns_exactly_and_unknown_ones_in_any_case(client: TestClient) -> None:
    # Known towns are compared as stored (official spelling, so the index serves);
    # a place the PES does not know is still found whatever its case.
    created = client.post("/api/v1/vacancies", json=posting(title="Village welder", town="Kaptagat Centre"))
    assert created.status_code == 201 and created.json()["town"] == "Kaptagat Centre"
    found = client.get("/api/v1/vacancies", params={"town": "KAPTAGAT centre"}).json()
    assert [v["title"] for v in found["items"]] == ["Village welder"]
    in_mombasa = client.get("/api/v1/vacancies", params={"town": "mómbasa", "nearby": False, "limit": 50})
    assert in_mombasa.json()["towns_searched"] == ["Mombasa"]
    assert {v["town"] for v in in_mombasa.json()["items"]} == {"Mombasa"}
    assert in_mombasa.json()["total"] >= 1


def test_transcript_times_are_answered_with_an_offset(client: TestClient) -> None:
    body = {
        "conversation_id": "tz-check",
        "channel": "rest",
        "language": "en",
        "transcript": [
            {"sender": "user", "text": "naive", "timestamp": "2026-11-25T10:00:00"},
            {"sender": "bot", "text": "nairobi", "timestamp": "2026-11-25T13:00:05+03:00"},
            {"sender": "user", "text": "epoch", "timestamp": 1795600000},
        ],
    }
    created = client.post("/api/v1/escalations", json=body)
    assert created.status_code == 201, created.text
    again = client.get(f"/api/v1/escalations/{created.json()['id']}").json()
    stamps = [datetime.fromisoformat(line["timestamp"]) for line in again["transcript"]]
    assert all(s.utcoffset() is not None for s in stamps)
    assert stamps[0] == datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
    assert stamps[1] == datetime(2026, 11, 25, 10, 0, 5, tzinfo=timezone.utc)
