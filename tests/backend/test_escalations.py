"""Handoff requests: honest queue positions and waits, inside and outside office hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.offices.clock import fixed_clock, get_clock

NAIROBI = timezone(timedelta(hours=3))
WED_10 = datetime(2026, 11, 25, 10, 0, tzinfo=NAIROBI)
WED_18 = datetime(2026, 11, 25, 18, 0, tzinfo=NAIROBI)
WED_1330 = datetime(2026, 11, 25, 13, 30, tzinfo=NAIROBI)
THU_08 = datetime(2026, 11, 26, 8, 0, tzinfo=NAIROBI)


@pytest.fixture
def api(client: TestClient) -> Iterator[TestClient]:
    yield client
    client.app.dependency_overrides.pop(get_clock, None)  # type: ignore[attr-defined]


def set_clock(client: TestClient, moment: datetime) -> None:
    client.app.dependency_overrides[get_clock] = lambda: fixed_clock(moment)  # type: ignore[attr-defined]


def escalate(client: TestClient, conversation: str, **changes: Any) -> Any:
    body: dict[str, Any] = {
        "conversation_id": conversation,
        "channel": "rest",
        "jobseeker_id": None,
        "language": "en",
        "topic": "benefits",
        "reason": "user_request",
        "transcript": [
            {"sender": "user", "text": "I want to talk to a person", "timestamp": None},
            {"sender": "bot", "text": "I will ask a counsellor to join.", "timestamp": None},
        ],
    }
    body.update(changes)
    return client.post("/api/v1/escalations", json=body)


def test_first_in_line_during_opening_hours(api: TestClient) -> None:
    set_clock(api, WED_10)
    response = escalate(api, "conv-1")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "open"
    assert (body["queue_position"], body["expected_wait_minutes"]) == (1, 0)
    assert (body["open_now"], body["next_opening"]) == (True, None)
    assert body["transcript"][0]["text"] == "I want to talk to a person"


def test_queue_grows_and_moves_up_when_someone_is_served(api: TestClient) -> None:
    set_clock(api, WED_10)
    first, second, third = (escalate(api, f"conv-{n}").json() for n in (1, 2, 3))
    assert [e["queue_position"] for e in (first, second, third)] == [1, 2, 3]
    assert [e["expected_wait_minutes"] for e in (first, second, third)] == [0, 10, 20]

    claimed = api.patch(f"/api/v1/escalations/{first['id']}", json={"status": "in_progress"})
    assert claimed.json()["queue_position"] == 0
    now_second = api.get(f"/api/v1/escalations/{second['id']}").json()
    now_third = api.get(f"/api/v1/escalations/{third['id']}").json()
    assert (now_second["queue_position"], now_third["queue_position"]) == (1, 2)
    assert now_third["expected_wait_minutes"] == 10

    waiting = api.get("/api/v1/escalations", params={"status": "open"}).json()
    assert [e["id"] for e in waiting] == [second["id"], third["id"]]


def test_asking_again_keeps_the_place_in_line(api: TestClient) -> None:
    set_clock(api, WED_10)
    first = escalate(api, "conv-1").json()
    escalate(api, "conv-2")
    again = escalate(api, "conv-1")
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert again.json()["queue_position"] == 1


def test_after_hours_the_wait_includes_the_night(api: TestClient) -> None:
    set_clock(api, WED_18)
    escalate(api, "conv-1")
    second = escalate(api, "conv-2").json()
    assert second["open_now"] is False
    assert datetime.fromisoformat(second["next_opening"]) == THU_08
    # 14 hours until the main office opens, then one person ahead.
    assert second["expected_wait_minutes"] == 14 * 60 + 10


def test_the_nearest_office_to_the_jobseeker_answers(api: TestClient) -> None:
    person = api.post(
        "/api/v1/jobseekers",
        json={
            "consent": {"notice_version": "2026-01"},
            "name": "Achieng Atieno",
            "date_of_birth": "2001-09-09",
            "town": "Kisumu",
            "education_level": 3,
            "status": "unemployed",
        },
    ).json()
    kisumu = api.get("/api/v1/offices", params={"town": "Kisumu"}).json()[0]
    set_clock(api, WED_1330)  # Kisumu's lunch break; Nairobi is open
    body = escalate(api, "conv-k", jobseeker_id=person["id"]).json()
    assert body["office_id"] == kisumu["id"]
    assert body["open_now"] is False
    assert body["expected_wait_minutes"] == 30

    # Erasing the jobseeker erases her transcript with her.
    assert api.delete(f"/api/v1/jobseekers/{person['id']}").status_code == 204
    assert api.get(f"/api/v1/escalations/{body['id']}").status_code == 404


def test_without_a_jobseeker_the_main_office_answers(api: TestClient) -> None:
    set_clock(api, WED_10)
    main = api.get("/api/v1/offices").json()[0]
    assert escalate(api, "conv-anon").json()["office_id"] == main["id"]


def test_closing_hands_back(api: TestClient) -> None:
    set_clock(api, WED_10)
    body = escalate(api, "conv-1").json()
    closed = api.patch(f"/api/v1/escalations/{body['id']}", json={"status": "closed"}).json()
    assert (closed["status"], closed["queue_position"], closed["expected_wait_minutes"]) == ("closed", 0, 0)
    assert api.get("/api/v1/escalations", params={"status": "open"}).json() == []
    # A new request from the same conversation after closing queues again.
    assert escalate(api, "conv-1").status_code == 201


def test_errors(api: TestClient) -> None:
    set_clock(api, WED_10)
    assert escalate(api, "conv-x", jobseeker_id=987654).status_code == 404
    assert escalate(api, "conv-x", topic="weather").status_code == 422
    assert escalate(api, "conv-x", reason="bored").status_code == 422
    assert escalate(api, "", language="en").status_code == 422
    assert api.get("/api/v1/escalations/987654").status_code == 404
    assert api.patch("/api/v1/escalations/987654", json={"status": "closed"}).status_code == 404
    body = escalate(api, "conv-y").json()
    assert api.patch(f"/api/v1/escalations/{body['id']}", json={"status": "lost"}).status_code == 422
