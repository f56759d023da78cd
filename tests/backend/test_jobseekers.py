"""Registering, reading, changing, finding and erasing a jobseeker over the API."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import column, func, select, table
from sqlalchemy.orm import Session

from backend.core.clock import pes_today
from backend.jobseekers.models import JobseekerIdentity, JobseekerOccupation

URL = "/api/v1/jobseekers"


def years_ago(years: int, days: int = 0) -> str:
    # The back-end counts ages in PES_TIMEZONE (Nairobi): the server's own date is a
    # day behind for three hours every evening (UTC), which made the age boundaries flaky.
    today = pes_today()
    born = (
        today.replace(year=today.year - years)
        if not (today.month == 2 and today.day == 29)
        else date(today.year - years, 2, 28)
    )
    return date.fromordinal(born.toordinal() + days).isoformat()


def profile(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "consent": {"notice_version": "2026-1"},
        "name": "Amina Wanjiru",
        "date_of_birth": years_ago(24),
        "gender": "female",
        "phone": "0712 345 678",
        "identities": [{"channel": "telegram", "identity": "55501"}],
        "town": "mombasa",
        "education_level": 3,
        "occupations": [
            {
                "esco_uri": "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471",
                "isco_code": "5131",
                "label": "waiter/waitress",
            }
        ],
        "experience_years": 2,
        "status": "unemployed",
        "status_since": "2026-03-01",
        "disability": None,
        "languages": ["sw", "EN"],
    }
    body.update(overrides)
    return body


def register(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post(URL, json=profile(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_registration_returns_the_full_record(client: TestClient) -> None:
    record = register(client)
    assert re.fullmatch(rf"PES-{datetime.now(UTC).year}-\d{{6}}", record["registration_number"])
    assert record["phone"] == "+254712345678"  # E.164, Kenyan by default
    assert record["town"] == "Mombasa"  # the official spelling of a known town
    assert record["languages"] == ["sw", "en"]
    assert record["consent"]["notice_version"] == "2026-1"
    assert record["consent"]["given_at"].endswith(("+00:00", "Z"))  # datetimes carry an offset
    assert record["identities"] == [{"channel": "telegram", "identity": "55501"}]
    assert record["occupations"][0]["isco_code"] == "5131"
    assert record["status"] == "unemployed" and record["status_since"] == "2026-03-01"
    assert client.get(f"{URL}/{record['id']}").json() == record


def test_each_registration_gets_its_own_number(client: TestClient) -> None:
    first = register(client)
    second = register(client, phone="+254 733 000111", identities=[])
    assert first["registration_number"] != second["registration_number"]


@pytest.mark.parametrize(
    ("years", "days", "ok"),
    [(14, 0, False), (15, 0, True), (15, 1, False), (80, 0, True), (81, 0, False)],
)
def test_age_must_be_15_to_80(client: TestClient, years: int, days: int, ok: bool) -> None:
    # The birth date is computed when the case runs, not when pytest collects it: a run
    # that crosses midnight in PES_TIMEZONE would otherwise test yesterday's boundary.
    born = years_ago(years, days=days)
    response = client.post(URL, json=profile(date_of_birth=born, phone=None, identities=[]))
    assert response.status_code == (201 if ok else 422), response.text
    if not ok:
        assert "age" in response.text


def test_age_14_is_refused_with_a_reason(client: TestClient) -> None:
    response = client.post(URL, json=profile(date_of_birth=years_ago(14)))
    assert response.status_code == 422
    assert "between 15 and 80" in response.text


@pytest.mark.parametrize(
    "bad",
    [
        {"consent": None},
        {"phone": "12345"},
        {"phone": "not a phone"},
        {"education_level": 9},
        {"status": "looking"},
        {"gender": "unknown"},
        {"languages": ["english"]},
        {"name": "   "},
        {"dob": "2000-01-01"},  # misspelt field names are not silently dropped
        {"date_of_birth": "2031-01-01"},
        {"consent": {"notice_version": "2026-1", "given_at": "2099-01-01T10:00:00+03:00"}},
        {"consent": {"notice_version": ""}},
    ],
)
def test_invalid_input_is_422(client: TestClient, bad: dict[str, Any]) -> None:
    body = profile(**bad)
    if bad.get("consent", 1) is None:
        del body["consent"]
    response = client.post(URL, json=body)
    assert response.status_code == 422, response.text


def test_consent_time_given_is_kept_with_its_offset(client: TestClient) -> None:
    given = {"notice_version": "2026-1", "given_at": "2026-11-02T09:30:00+03:00"}
    record = register(client, consent=given)
    assert record["consent"]["given_at"].startswith("2026-11-02T06:30:00")  # the same instant, in UTC
    assert client.get(f"{URL}/{record['id']}").json()["consent"] == record["consent"]


def test_duplicate_phone_is_409_whatever_its_format(client: TestClient) -> None:
    register(client)
    response = client.post(URL, json=profile(phone="+254712345678", identities=[]))
    assert response.status_code == 409
    assert "already registered" in response.json()["detail"]


def test_patch_changes_only_what_is_sent(client: TestClient) -> None:
    record = register(client)
    response = client.patch(
        f"{URL}/{record['id']}", json={"town": "nakuru", "status": "employed", "status_since": None}
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["town"] == "Nakuru" and changed["status"] == "employed" and changed["status_since"] is None
    assert changed["name"] == record["name"] and changed["phone"] == record["phone"]
    assert changed["registration_number"] == record["registration_number"]
    assert changed["updated_at"] >= record["updated_at"]


def test_patch_validates_like_create(client: TestClient) -> None:
    record = register(client)
    assert client.patch(f"{URL}/{record['id']}", json={"date_of_birth": years_ago(14)}).status_code == 422
    assert client.patch(f"{URL}/{record['id']}", json={"name": None}).status_code == 400
    other = register(client, phone="0722000111", identities=[])
    assert client.patch(f"{URL}/{other['id']}", json={"phone": "0712345678"}).status_code == 409


def test_patch_replaces_occupations(client: TestClient, session: Session) -> None:
    record = register(client)
    new = [{"esco_uri": None, "isco_code": "9313", "label": "building construction worker"}]
    changed = client.patch(f"{URL}/{record['id']}", json={"occupations": new}).json()
    assert changed["occupations"] == new
    count = session.scalar(select(func.count()).select_from(JobseekerOccupation))
    assert count == 1


def test_lookup_by_phone_in_any_format(client: TestClient) -> None:
    record = register(client)
    for phone in ("+254712345678", "0712345678", "0712 345 678"):
        response = client.get(f"{URL}/lookup", params={"phone": phone})
        assert response.status_code == 200 and response.json()["id"] == record["id"]
    assert client.get(f"{URL}/lookup", params={"phone": "0799999999"}).status_code == 404


def test_lookup_by_channel_identity(client: TestClient) -> None:
    record = register(client)
    found = client.get(f"{URL}/lookup", params={"channel": "telegram", "identity": "55501"})
    assert found.status_code == 200 and found.json()["id"] == record["id"]
    assert client.get(f"{URL}/lookup", params={"channel": "rest", "identity": "55501"}).status_code == 404


def test_lookup_needs_a_key(client: TestClient) -> None:
    response = client.get(f"{URL}/lookup", params={"channel": "rest"})
    assert response.status_code == 400
    assert "phone" in response.json()["detail"]


def test_linking_an_identity_is_idempotent(client: TestClient) -> None:
    record = register(client)
    for _ in range(2):
        response = client.post(
            f"{URL}/{record['id']}/identities", json={"channel": "rest", "identity": "abc"}
        )
        assert response.status_code == 200
    identities = response.json()["identities"]
    assert identities == [
        {"channel": "telegram", "identity": "55501"},
        {"channel": "rest", "identity": "abc"},
    ]
    found = client.get(f"{URL}/lookup", params={"channel": "rest", "identity": "abc"})
    assert found.json()["id"] == record["id"]


def test_an_identity_belongs_to_one_person(client: TestClient) -> None:
    register(client)
    other = register(client, phone=None, identities=[])
    response = client.post(
        f"{URL}/{other['id']}/identities", json={"channel": "telegram", "identity": "55501"}
    )
    assert response.status_code == 409


def test_delete_erases_the_record_and_its_identities(client: TestClient, session: Session) -> None:
    record = register(client)
    assert client.delete(f"{URL}/{record['id']}").status_code == 204
    assert client.get(f"{URL}/{record['id']}").status_code == 404
    assert client.get(f"{URL}/lookup", params={"phone": "0712345678"}).status_code == 404
    assert client.delete(f"{URL}/{record['id']}").status_code == 404
    assert session.scalar(select(func.count()).select_from(JobseekerIdentity)) == 0
    assert session.scalar(select(func.count()).select_from(JobseekerOccupation)) == 0
    # The phone is free again: the person can register anew.
    assert client.post(URL, json=profile()).status_code == 201


def test_delete_also_erases_applications_and_alerts(client: TestClient, session: Session) -> None:
    record = register(client)
    vacancy = client.get("/api/v1/vacancies").json()["items"][0]
    applied = client.post(
        "/api/v1/applications",
        json={"jobseeker_id": record["id"], "kind": "vacancy", "target_id": vacancy["id"]},
    )
    assert applied.status_code == 201, applied.text
    alert = client.post(
        "/api/v1/alerts",
        json={
            "conversation_id": "c-1",
            "channel": "telegram",
            "recipient": "55501",
            "jobseeker_id": record["id"],
            "isco_code": "5131",
            "town": "Mombasa",
            "language": "en",
        },
    )
    assert alert.status_code == 201, alert.text

    assert client.delete(f"{URL}/{record['id']}").status_code == 204
    # Part B's tables, read without importing their models.
    for name in ("applications", "alerts"):
        rows = table(name, column("jobseeker_id"))
        mine = rows.c.jobseeker_id == record["id"]
        left = session.scalar(select(func.count()).select_from(rows).where(mine))
        assert left == 0, name


def test_unknown_id_is_404(client: TestClient) -> None:
    response = client.get(f"{URL}/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "no jobseeker with id 999999"}
