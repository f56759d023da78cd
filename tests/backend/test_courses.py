"""Course search as a jobseeker uses it: by field, words, occupation, town, mode, funding."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.courses.seed import seed as seed_courses


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/courses", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_seed_has_a_broad_catalogue(client: TestClient) -> None:
    page = search(client, limit=50)
    assert page["total"] >= 20
    fields = {c["field"] for c in page["items"]}
    assert {"ICT", "Driving", "Tailoring", "Hospitality", "Construction", "Electrical", "Care"} <= fields
    assert {"Agriculture", "Business skills"} <= fields
    assert {c["mode"] for c in page["items"]} == {"in_person", "online"}
    assert {c["funded"] for c in page["items"]} == {True, False}


def test_field_matches_case_insensitively(client: TestClient) -> None:
    page = search(client, field="TAILORING", limit=10)
    assert page["total"] >= 2
    assert all(c["field"] == "Tailoring" for c in page["items"])


def test_words_match_title_and_description(client: TestClient) -> None:
    titles = [c["title"] for c in search(client, q="solar", limit=10)["items"]]
    assert titles == ["Solar Panel Installation and Maintenance"]
    # "boda boda" only appears in a title, "chickens" only in a description.
    assert search(client, q="boda boda")["items"][0]["field"] == "Driving"
    assert search(client, q="chickens")["items"][0]["title"] == "Modern Poultry Farming"


def test_isco_prefix_finds_the_group(client: TestClient) -> None:
    page = search(client, isco_code="741", limit=10)
    titles = {c["title"] for c in page["items"]}
    assert titles == {"Domestic Electrical Installation", "Solar Panel Installation and Maintenance"}
    assert all(any(code.startswith("741") for code in c["isco_codes"]) for c in page["items"])


def test_town_with_nearby_towns_and_online_courses(client: TestClient) -> None:
    page = search(client, town="mombasa", limit=50)
    assert page["towns_searched"][0] == "Mombasa"
    towns = {c["town"] for c in page["items"] if c["mode"] == "in_person"}
    assert {"Mombasa", "Malindi", "Kilifi"} <= towns
    assert "Nairobi" not in towns
    # Courses held nearby come before online ones, which anyone can follow.
    modes = [c["mode"] for c in page["items"]]
    assert "online" in modes
    assert modes == sorted(modes, key=lambda m: m != "in_person")


def test_town_without_nearby(client: TestClient) -> None:
    page = search(client, town="Mombasa", nearby="false", mode="in_person", limit=50)
    assert page["towns_searched"] == ["Mombasa"]
    assert {c["town"] for c in page["items"]} == {"Mombasa"}


def test_funded_and_mode_filters(client: TestClient) -> None:
    funded = search(client, funded="true", limit=50)
    assert funded["total"] > 0 and all(c["funded"] for c in funded["items"])
    paid = search(client, funded="false", limit=50)
    assert paid["total"] > 0 and not any(c["funded"] for c in paid["items"])
    online = search(client, mode="online", limit=50)
    assert online["total"] > 0 and all(c["mode"] == "online" for c in online["items"])


def test_paging(client: TestClient) -> None:
    first = search(client)
    assert (first["offset"], first["limit"], len(first["items"])) == (0, 3, 3)
    second = search(client, offset=3)
    assert second["total"] == first["total"]
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    assert search(client, offset=first["total"])["items"] == []


def test_no_match_is_an_empty_page(client: TestClient) -> None:
    page = search(client, q="astronaut")
    assert page == {"items": [], "total": 0, "offset": 0, "limit": 3, "towns_searched": []}
    # Wildcards typed by a user are plain characters, not "match anything".
    assert search(client, q="%")["total"] == 0


def test_get_one_course(client: TestClient) -> None:
    some = search(client, q="plumbing")["items"][0]
    course = client.get(f"/api/v1/courses/{some['id']}")
    assert course.status_code == 200
    assert course.json() == some
    assert client.get("/api/v1/courses/999999").status_code == 404


def test_bad_parameters_are_422(client: TestClient) -> None:
    assert client.get("/api/v1/courses", params={"limit": 51}).status_code == 422
    assert client.get("/api/v1/courses", params={"mode": "by_post"}).status_code == 422
    assert client.get("/api/v1/courses", params={"isco_code": "abc"}).status_code == 422


def test_seeding_again_adds_no_course(client: TestClient, session: Session) -> None:
    before = search(client)["total"]
    assert seed_courses(session) == 0
    session.commit()
    assert search(client)["total"] == before
