"""Applying for a vacancy or a course: real targets only, and never twice."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.applications.models import Application
from backend.offices.clock import fixed_clock, get_clock
from backend.vacancies.models import Vacancy


def register(client: TestClient) -> dict[str, Any]:
    response = client.post(
        "/api/v1/jobseekers",
        json={
            "consent": {"notice_version": "2026-01"},
            "name": "Otieno Ouma",
            "date_of_birth": "1999-03-02",
            "town": "Kisumu",
            "education_level": 4,
            "status": "unemployed",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def a_course_id(client: TestClient) -> int:
    return int(client.get("/api/v1/courses", params={"q": "welding"}).json()["items"][0]["id"])


def a_vacancy_id(session: Session) -> int:
    vacancy_id = session.scalar(select(Vacancy.id).order_by(Vacancy.id).limit(1))
    assert vacancy_id is not None, "the seed should hold vacancies"
    return int(vacancy_id)


def test_apply_for_a_course(client: TestClient) -> None:
    person = register(client)
    course_id = a_course_id(client)
    response = client.post(
        "/api/v1/applications",
        json={
            "jobseeker_id": person["id"],
            "kind": "course",
            "target_id": course_id,
            "note": "Evenings only",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["jobseeker_id"], body["kind"], body["target_id"]) == (person["id"], "course", course_id)
    assert body["status"] == "submitted"
    assert body["created_at"]


def test_applying_twice_returns_the_same_application(client: TestClient, session: Session) -> None:
    person = register(client)
    vacancy_id = a_vacancy_id(session)
    payload = {"jobseeker_id": person["id"], "kind": "vacancy", "target_id": vacancy_id}
    first = client.post("/api/v1/applications", json=payload)
    second = client.post("/api/v1/applications", json=payload)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    listed = client.get("/api/v1/applications", params={"jobseeker_id": person["id"]}).json()
    assert [a["id"] for a in listed] == [first.json()["id"]]


def test_same_id_as_vacancy_and_course_are_two_applications(client: TestClient, session: Session) -> None:
    person = register(client)
    shared_id = a_vacancy_id(session)
    if client.get(f"/api/v1/courses/{shared_id}").status_code != 200:
        pytest.skip("no course shares an id with the first vacancy")
    for kind in ("vacancy", "course"):
        payload = {"jobseeker_id": person["id"], "kind": kind, "target_id": shared_id}
        assert client.post("/api/v1/applications", json=payload).status_code == 201
    assert len(client.get("/api/v1/applications", params={"jobseeker_id": person["id"]}).json()) == 2


@pytest.mark.parametrize(
    ("who", "kind", "target", "missing"),
    [
        ("unknown", "course", "known", "jobseeker"),
        ("known", "course", "unknown", "course"),
        ("known", "vacancy", "unknown", "vacancy"),
    ],
)
def test_unknown_jobseeker_or_target_is_404(
    client: TestClient, who: str, kind: str, target: str, missing: str
) -> None:
    person = register(client)
    payload = {
        "jobseeker_id": person["id"] if who == "known" else 987654,
        "kind": kind,
        "target_id": a_course_id(client) if target == "known" else 987654,
    }
    response = client.post("/api/v1/applications", json=payload)
    assert response.status_code == 404
    assert missing in response.json()["detail"]


def test_unknown_kind_is_422(client: TestClient) -> None:
    person = register(client)
    payload = {"jobseeker_id": person["id"], "kind": "house", "target_id": 1}
    assert client.post("/api/v1/applications", json=payload).status_code == 422


def test_listing_for_unknown_jobseeker_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/applications", params={"jobseeker_id": 987654}).status_code == 404


def test_erasing_the_jobseeker_erases_her_applications(client: TestClient, session: Session) -> None:
    person = register(client)
    payload = {"jobseeker_id": person["id"], "kind": "course", "target_id": a_course_id(client)}
    assert client.post("/api/v1/applications", json=payload).status_code == 201
    assert client.delete(f"/api/v1/jobseekers/{person['id']}").status_code == 204
    left = session.scalar(
        select(func.count()).select_from(Application).where(Application.jobseeker_id == person["id"])
    )
    assert left == 0


def test_a_closed_vacancy_takes_no_new_applications(client: TestClient, session: Session) -> None:
    vacancy = session.scalars(
        select(Vacancy).where(Vacancy.valid_through.is_not(None)).order_by(Vacancy.id).limit(1)
    ).one()
    assert vacancy.valid_through is not None
    early, late = register(client), register_another(client)
    after_closing = datetime.combine(vacancy.valid_through + timedelta(days=1), time(9), tzinfo=timezone.utc)
    payload = {"kind": "vacancy", "target_id": vacancy.id}
    assert (
        client.post("/api/v1/applications", json={**payload, "jobseeker_id": early["id"]}).status_code == 201
    )

    client.app.dependency_overrides[get_clock] = lambda: fixed_clock(after_closing)  # type: ignore[attr-defined]
    try:
        refused = client.post("/api/v1/applications", json={**payload, "jobseeker_id": late["id"]})
        assert refused.status_code == 409
        assert "closed" in refused.json()["detail"]
        # Whoever applied in time still sees her application.
        kept = client.post("/api/v1/applications", json={**payload, "jobseeker_id": early["id"]})
        assert kept.status_code == 200
    finally:
        client.app.dependency_overrides.pop(get_clock, None)  # type: ignore[attr-defined]


def register_another(client: TestClient) -> dict[str, Any]:
    response = client.post(
        "/api/v1/jobseekers",
        json={
            "consent": {"notice_version": "2026-01"},
            "name": "Wanjiku Kamau",
            "date_of_birth": "2002-07-21",
            "town": "Thika",
            "education_level": 3,
            "status": "unemployed",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()
