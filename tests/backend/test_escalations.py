"""Handoff requests: honest queue positions and waits, inside and outside office hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from backend.core import migrations
from backend.core.db import Base, make_engine
from backend.models import load_all
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


# --- After the handoff: callback, close, rating ------------------------------------------


def test_a_request_being_answered_is_returned_not_duplicated(api: TestClient) -> None:
    set_clock(api, WED_10)
    first = escalate(api, "conv-1").json()
    api.patch(f"/api/v1/escalations/{first['id']}", json={"status": "in_progress"})
    again = escalate(api, "conv-1")
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["status"]) == (first["id"], "in_progress")
    assert again.json()["queue_position"] == 0
    # The same conversation on another channel is another person's request.
    assert escalate(api, "conv-1", channel="telegram").status_code == 201


def test_callback_request_with_the_number_in_any_spelling(api: TestClient) -> None:
    set_clock(api, WED_18)
    body = escalate(api, "conv-1").json()
    assert (body["callback_requested"], body["callback_phone"]) == (False, None)
    changed = api.patch(
        f"/api/v1/escalations/{body['id']}",
        json={"callback_requested": True, "callback_phone": "0712 345 678"},
    )
    assert changed.status_code == 200
    assert (changed.json()["callback_requested"], changed.json()["callback_phone"]) == (True, "+254712345678")
    assert changed.json()["status"] == "open", "asking for a call keeps the place in the queue"
    listed = api.get("/api/v1/escalations", params={"status": "open"}).json()
    assert listed[0]["callback_phone"] == "+254712345678"

    # Without a number the request stands; a counsellor writes in the chat instead.
    cleared = api.patch(f"/api/v1/escalations/{body['id']}", json={"callback_phone": None}).json()
    assert (cleared["callback_requested"], cleared["callback_phone"]) == (True, None)


def test_close_then_rating_are_timed_by_the_clock(api: TestClient) -> None:
    set_clock(api, WED_10)
    body = escalate(api, "conv-1").json()
    assert (body["closed_at"], body["rating"], body["rated_at"]) == (None, None, None)
    set_clock(api, WED_1330)
    closed = api.patch(f"/api/v1/escalations/{body['id']}", json={"status": "closed"}).json()
    assert datetime.fromisoformat(closed["closed_at"]) == WED_1330

    set_clock(api, WED_18)
    rated = api.patch(f"/api/v1/escalations/{body['id']}", json={"rating": "good"})
    assert rated.status_code == 200
    assert rated.json()["rating"] == "good"
    assert datetime.fromisoformat(rated.json()["rated_at"]) == WED_18
    assert datetime.fromisoformat(rated.json()["closed_at"]) == WED_1330, "rating leaves the close time"
    # She may change her mind; the last answer counts.
    assert api.patch(f"/api/v1/escalations/{body['id']}", json={"rating": "bad"}).json()["rating"] == "bad"
    assert api.get(f"/api/v1/escalations/{body['id']}").json()["rating"] == "bad"


def test_closing_and_rating_in_one_request(api: TestClient) -> None:
    set_clock(api, WED_10)
    body = escalate(api, "conv-1").json()
    both = api.patch(f"/api/v1/escalations/{body['id']}", json={"status": "closed", "rating": "ok"})
    assert both.status_code == 200
    assert (both.json()["status"], both.json()["rating"]) == ("closed", "ok")


def test_rating_before_the_close_and_callback_after_it_are_refused(api: TestClient) -> None:
    set_clock(api, WED_10)
    body = escalate(api, "conv-1").json()
    early = api.patch(f"/api/v1/escalations/{body['id']}", json={"rating": "good"})
    assert early.status_code == 409
    assert "only a closed conversation can be rated" in early.json()["detail"]
    assert api.get(f"/api/v1/escalations/{body['id']}").json()["rating"] is None

    api.patch(f"/api/v1/escalations/{body['id']}", json={"status": "closed"})
    late = api.patch(f"/api/v1/escalations/{body['id']}", json={"callback_requested": True})
    assert late.status_code == 409
    assert "closed" in late.json()["detail"]
    assert api.get(f"/api/v1/escalations/{body['id']}").json()["callback_requested"] is False


def test_reopening_clears_the_close_unless_the_conversation_has_a_newer_request(api: TestClient) -> None:
    set_clock(api, WED_10)
    first = escalate(api, "conv-1").json()
    api.patch(f"/api/v1/escalations/{first['id']}", json={"status": "closed"})
    reopened = api.patch(f"/api/v1/escalations/{first['id']}", json={"status": "open"}).json()
    assert (reopened["status"], reopened["closed_at"]) == ("open", None)

    api.patch(f"/api/v1/escalations/{first['id']}", json={"status": "closed"})
    newer = escalate(api, "conv-1").json()
    refused = api.patch(f"/api/v1/escalations/{first['id']}", json={"status": "in_progress"})
    assert refused.status_code == 409
    assert str(newer["id"]) in refused.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"status": None},
        {"callback_requested": None},
        {"rating": "great"},
        {"rating": 5},
        {"callback_phone": "not a number"},
        {"callback_phone": "+254 12"},
        {"callback_phone": "1" * 41},
        {"callback_requested": "maybe"},
        {"status": "closed", "note": "extra fields are refused"},
    ],
)
def test_bad_patches_are_refused_and_change_nothing(api: TestClient, body: dict[str, Any]) -> None:
    set_clock(api, WED_10)
    created = escalate(api, "conv-1").json()
    response = api.patch(f"/api/v1/escalations/{created['id']}", json=body)
    assert response.status_code == 422, body
    assert response.json()["detail"]
    stored = api.get(f"/api/v1/escalations/{created['id']}").json()
    changeable = ("status", "rating", "rated_at", "callback_requested", "callback_phone", "closed_at")
    assert {k: stored[k] for k in changeable} == {k: created[k] for k in changeable}


def test_patch_needs_the_token(api: TestClient, anon_client: TestClient) -> None:
    set_clock(api, WED_10)
    created = escalate(api, "conv-1").json()
    assert anon_client.patch(f"/api/v1/escalations/{created['id']}", json={"rating": "ok"}).status_code == 401


# --- Schema -----------------------------------------------------------------------------------

NEW_COLUMNS = {"callback_requested", "callback_phone", "rating", "rated_at", "closed_at"}


def test_migration_0005_keeps_old_requests_and_backfills_their_close(db_url: str) -> None:
    migrations.upgrade(db_url, "0004")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            for number, status in ((1, "closed"), (2, "open")):
                conn.execute(
                    text(
                        "INSERT INTO escalations (id, conversation_id, channel, language, topic, reason,"
                        " transcript, status, created_at, updated_at) VALUES (:id, :conv, 'rest', 'en',"
                        " 'other', 'user_request', '[]', :status, :created, :updated)"
                    ),
                    {
                        "id": number,
                        "conv": f"conv-{number}",
                        "status": status,
                        "created": datetime(2026, 11, 25, 7, 0),
                        "updated": datetime(2026, 11, 25, 9, 30),
                    },
                )
        migrations.upgrade(db_url)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, callback_requested, callback_phone, rating, closed_at"
                    " FROM escalations ORDER BY id"
                )
            ).all()
        assert [(r[0], bool(r[1]), r[2], r[3]) for r in rows] == [
            (1, False, None, None),
            (2, False, None, None),
        ]
        assert rows[0][4] is not None and rows[1][4] is None, "only the closed request gets a close time"

        migrations.downgrade(db_url, "0004")
        columns = {c["name"] for c in inspect(engine).get_columns("escalations")}
        assert not columns & NEW_COLUMNS
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM escalations")).scalar() == 2
    finally:
        engine.dispose()


def test_migrated_escalations_table_matches_the_model(migrated_url: str) -> None:
    load_all()
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        columns = {c["name"] for c in inspect(engine).get_columns("escalations")}
    finally:
        engine.dispose()
    assert columns >= NEW_COLUMNS
    ours = [change for change in diff if "escalations" in repr(change)]
    assert ours == [], ours
