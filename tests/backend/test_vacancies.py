"""Vacancy search as the assistant uses it: occupation, ISCO group, words, town, paging."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.core.clock import today_in

URL = "/api/v1/vacancies"
WAITER = "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471"


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get(URL, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def every(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    return search(client, limit=50, **params)["items"]


def posting(**overrides: Any) -> dict[str, Any]:
    today = today_in("Africa/Nairobi")
    body: dict[str, Any] = {
        "title": "Night shift baker",
        "description": "Bake bread and mandazi for our morning deliveries.",
        "date_posted": today.isoformat(),
        "valid_through": (today + timedelta(days=20)).isoformat(),
        "employment_type": "FULL_TIME",
        "employer": "Unga Mzuri Bakery",
        "town": "kisumu",
        "salary_min": 15000,
        "salary_max": 19000,
        "salary_currency": "kes",
        "salary_unit": "MONTH",
        "isco_code": "7512",
        "occupation_label": "baker",
        "skills": ["baking", "food hygiene"],
        "openings": 2,
        "apply_phone": "0700 111 222",
    }
    body.update(overrides)
    return body


def test_seed_is_broad_and_current(client: TestClient) -> None:
    items = every(client)
    page = search(client, limit=50)
    assert page["total"] >= 60
    # Only 50 fit on one page; read the rest too.
    items += search(client, limit=50, offset=50)["items"]
    assert len(items) == page["total"]
    assert len({v["occupation_uri"] for v in items}) >= 15
    assert len({v["town"] for v in items}) >= 8
    today = today_in("Africa/Nairobi")
    assert all(date.fromisoformat(v["valid_through"]) > today for v in items)
    assert all(v["salary_currency"] == "KES" for v in items if v["salary_min"] is not None)


def test_default_page_is_three_with_paging_fields(client: TestClient) -> None:
    page = search(client)
    assert page["limit"] == 3 and page["offset"] == 0 and len(page["items"]) == 3
    assert page["towns_searched"] == []


def test_pages_do_not_overlap_and_end(client: TestClient) -> None:
    first = search(client, town="Mombasa", limit=3)
    second = search(client, town="Mombasa", limit=3, offset=3)
    ids = {v["id"] for v in first["items"]} | {v["id"] for v in second["items"]}
    assert len(ids) == len(first["items"]) + len(second["items"])
    beyond = search(client, town="Mombasa", offset=first["total"])
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_mombasa_includes_nearby_malindi_and_kilifi(client: TestClient) -> None:
    page = search(client, town="mombasa", limit=50)
    assert page["towns_searched"][0] == "Mombasa"
    assert {"Kilifi", "Malindi"} <= set(page["towns_searched"])
    towns = [v["town"] for v in page["items"]]
    assert {"Mombasa", "Malindi", "Kilifi"} <= set(towns)
    assert "Nairobi" not in towns
    # The town asked for comes first, then the towns around it.
    assert towns == sorted(towns, key=page["towns_searched"].index)


def test_nearby_false_keeps_to_the_town(client: TestClient) -> None:
    page = search(client, town="MOMBASA", nearby="false", limit=50)
    assert page["towns_searched"] == ["Mombasa"]
    assert {v["town"] for v in page["items"]} == {"Mombasa"}


def test_waiters_on_the_coast(client: TestClient) -> None:
    items = every(client, occupation_uri=WAITER, town="Mombasa")
    assert {v["town"] for v in items} == {"Mombasa", "Malindi", "Kilifi"}
    assert all(v["occupation_label"] == "waiter/waitress" for v in items)


def test_unknown_town_is_searched_as_written(client: TestClient) -> None:
    page = search(client, town="Atlantis")
    assert page["towns_searched"] == ["Atlantis"]
    assert page["total"] == 0


@pytest.mark.parametrize("prefix", ["8322", "832", "83", "8"])
def test_isco_prefix_selects_the_group(client: TestClient, prefix: str) -> None:
    items = every(client, isco_code=prefix)
    assert items
    assert all(v["isco_code"].startswith(prefix) for v in items)


def test_isco_group_83_holds_the_drivers(client: TestClient) -> None:
    codes = {v["isco_code"] for v in every(client, isco_code="83")}
    assert codes == {"8321", "8322", "8332"}


def test_keywords_must_all_match(client: TestClient) -> None:
    assert [v["title"] for v in every(client, q="tanker")] == ["Milk tanker driver"]
    dairy = {v["title"] for v in every(client, q="DAIRY")}
    assert dairy == {"Milk tanker driver", "Farm hand (dairy and crops)"}
    # A second word narrows the search instead of widening it.
    assert [v["title"] for v in every(client, q="dairy crops")] == ["Farm hand (dairy and crops)"]
    # LIKE wildcards in the words are taken literally.
    assert every(client, q="100%_nothing") == []


def test_employment_type_filter(client: TestClient) -> None:
    items = every(client, employment_type="INTERN")
    assert items and all(v["employment_type"] == "INTERN" for v in items)
    assert client.get(URL, params={"employment_type": "casual"}).status_code == 422


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 51}, {"offset": -1}, {"isco_code": "83a"}])
def test_bad_paging_or_codes_are_rejected(client: TestClient, params: dict[str, Any]) -> None:
    assert client.get(URL, params=params).status_code in (400, 422)


def test_created_vacancy_is_found_with_its_town_normalised(client: TestClient) -> None:
    response = client.post(URL, json=posting())
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["town"] == "Kisumu" and created["region"] == "Kisumu" and created["country"] == "KE"
    assert created["salary_currency"] == "KES" and created["apply_phone"] == "+254700111222"
    assert client.get(f"{URL}/{created['id']}").json() == created
    assert created["id"] in {v["id"] for v in every(client, q="mandazi", town="kisumu")}


def test_expired_vacancies_are_not_listed(client: TestClient) -> None:
    today = today_in("Africa/Nairobi")
    old = posting(
        title="Expired baker post",
        date_posted=(today - timedelta(days=40)).isoformat(),
        valid_through=(today - timedelta(days=1)).isoformat(),
    )
    last_day = posting(title="Baker post closing today", valid_through=today.isoformat())
    expired = client.post(URL, json=old).json()
    closing = client.post(URL, json=last_day).json()
    listed = {v["id"] for v in every(client, q="baker post")}
    assert closing["id"] in listed and expired["id"] not in listed
    # The posting itself can still be read, e.g. from an old link.
    assert client.get(f"{URL}/{expired['id']}").status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"employment_type": "CASUAL"},
        {"salary_min": 30000, "salary_max": 20000},
        {"salary_currency": None},
        {"valid_through": "2000-01-01"},
        {"title": ""},
        {"apply_email": "not-an-email"},
        {"apply_phone": "12345"},
    ],
)
def test_invalid_vacancy_is_422(client: TestClient, bad: dict[str, Any]) -> None:
    assert client.post(URL, json=posting(**bad)).status_code == 422


def test_unknown_vacancy_is_404(client: TestClient) -> None:
    assert client.get(f"{URL}/987654").status_code == 404
