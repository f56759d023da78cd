"""Job alerts: subscribe, find your subscriptions, unsubscribe."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def subscribe(client: TestClient, **changes: Any) -> Any:
    body: dict[str, Any] = {
        "conversation_id": "tg-5551234",
        "channel": "telegram",
        "recipient": "5551234",
        "jobseeker_id": None,
        "isco_code": "8322",
        "occupation_uri": None,
        "occupation_label": "taxi driver",
        "town": "nakuru",
        "keyword": None,
        "language": "sw",
    }
    body.update(changes)
    return client.post("/api/v1/alerts", json=body)


def register(client: TestClient) -> dict[str, Any]:
    response = client.post(
        "/api/v1/jobseekers",
        json={
            "consent": {"notice_version": "2026-01"},
            "name": "Juma Mwangi",
            "date_of_birth": "1994-12-01",
            "town": "Nakuru",
            "education_level": 2,
            "status": "unemployed",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_subscribe_stores_what_was_asked(client: TestClient) -> None:
    response = subscribe(client)
    assert response.status_code == 201
    alert = response.json()
    assert alert["active"] is True
    assert alert["created_at"]
    assert alert["town"] == "Nakuru"  # stored in the spelling vacancies use
    assert (alert["isco_code"], alert["occupation_label"], alert["language"]) == ("8322", "taxi driver", "sw")
    assert (alert["channel"], alert["recipient"]) == ("telegram", "5551234")


def test_same_subscription_twice_is_one_alert(client: TestClient) -> None:
    first = subscribe(client)
    second = subscribe(client, town="Nakuru")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    other_town = subscribe(client, town="Eldoret")
    assert other_town.status_code == 201


def test_list_by_conversation_and_by_jobseeker(client: TestClient) -> None:
    person = register(client)
    mine = subscribe(client, jobseeker_id=person["id"]).json()
    subscribe(client, conversation_id="web-other", recipient="web-other", keyword="cook", isco_code=None)
    by_conversation = client.get("/api/v1/alerts", params={"conversation_id": "tg-5551234"}).json()
    assert [a["id"] for a in by_conversation] == [mine["id"]]
    by_person = client.get("/api/v1/alerts", params={"jobseeker_id": person["id"]}).json()
    assert [a["id"] for a in by_person] == [mine["id"]]
    assert client.get("/api/v1/alerts").status_code == 400


def test_unsubscribe(client: TestClient) -> None:
    alert = subscribe(client).json()
    assert client.delete(f"/api/v1/alerts/{alert['id']}").status_code == 204
    assert client.get("/api/v1/alerts", params={"conversation_id": "tg-5551234"}).json() == []
    assert client.delete(f"/api/v1/alerts/{alert['id']}").status_code == 404


def test_an_alert_needs_something_to_match(client: TestClient) -> None:
    response = subscribe(client, isco_code=None, town=None, occupation_label=None)
    assert response.status_code == 422
    assert "at least one" in response.text


def test_bad_input(client: TestClient) -> None:
    assert subscribe(client, jobseeker_id=987654).status_code == 404
    unknown_town = subscribe(client, town="Atlantis")
    assert unknown_town.status_code == 400
    assert "Atlantis" in unknown_town.json()["detail"]
    assert subscribe(client, isco_code="driver").status_code == 422
    assert subscribe(client, recipient="").status_code == 422


def test_erasing_the_jobseeker_erases_her_alerts(client: TestClient) -> None:
    person = register(client)
    subscribe(client, jobseeker_id=person["id"])
    assert client.delete(f"/api/v1/jobseekers/{person['id']}").status_code == 204
    assert client.get("/api/v1/alerts", params={"conversation_id": "tg-5551234"}).json() == []
