"""Offices: nearest first, and open/closed answers that follow the office's own clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.offices.clock import fixed_clock, get_clock
from backend.offices.hours import Interval, opening_status
from backend.offices.seed import seed as seed_offices

NAIROBI = timezone(timedelta(hours=3))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in Nairobi time during the week of Monday 23 November 2026."""
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=NAIROBI)


MON, WED, FRI, SAT, SUN = 0, 2, 4, 5, 6


@pytest.fixture
def api(client: TestClient) -> Iterator[TestClient]:
    yield client
    client.app.dependency_overrides.pop(get_clock, None)  # type: ignore[attr-defined]


def status_at(client: TestClient, moment: datetime, town: str | None = None) -> dict[str, Any]:
    client.app.dependency_overrides[get_clock] = lambda: fixed_clock(moment)  # type: ignore[attr-defined]
    params = {"town": town} if town else {}
    response = client.get("/api/v1/offices/status", params=params)
    assert response.status_code == 200, response.text
    return response.json()


WEEKDAYS_9_TO_5 = [Interval(d, time(9), time(17)) for d in range(5)]


def test_open_inside_hours_and_closed_at_closing_time() -> None:
    assert opening_status(WEEKDAYS_9_TO_5, timezone="Africa/Nairobi", now=at(WED, 9)).open_now
    closed = opening_status(WEEKDAYS_9_TO_5, timezone="Africa/Nairobi", now=at(WED, 17))
    assert not closed.open_now
    assert closed.next_opening == at(3, 9)


def test_hours_are_read_in_the_office_timezone() -> None:
    # 06:30 UTC is 09:30 in Nairobi: open there, although the UTC clock says early morning.
    utc_moment = datetime(2026, 11, 25, 6, 30, tzinfo=timezone.utc)
    assert opening_status(WEEKDAYS_9_TO_5, timezone="Africa/Nairobi", now=utc_moment).open_now
    assert not opening_status(WEEKDAYS_9_TO_5, timezone="UTC", now=utc_moment).open_now


def test_weekend_waits_for_monday() -> None:
    status = opening_status(WEEKDAYS_9_TO_5, timezone="Africa/Nairobi", now=at(FRI, 18))
    assert status.next_opening == at(7, 9)  # the following Monday


def test_no_hours_means_no_opening() -> None:
    status = opening_status([], timezone="Africa/Nairobi", now=at(WED, 10))
    assert (status.open_now, status.next_opening) == (False, None)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        opening_status(WEEKDAYS_9_TO_5, timezone="Africa/Nairobi", now=datetime(2026, 11, 25, 10))


def test_five_offices_in_different_towns(api: TestClient) -> None:
    offices = api.get("/api/v1/offices").json()
    assert len(offices) == 5
    assert len({o["town"] for o in offices}) == 5
    assert offices[0]["town"] == "Nairobi"  # the main office leads when no town is given
    for office in offices:
        assert office["timezone"] == "Africa/Nairobi"
        assert office["address"] and office["hours"]
        assert all(0 <= h["weekday"] <= 6 and len(h["opens"]) == 5 for h in office["hours"])


def test_nearest_office_first(api: TestClient) -> None:
    assert api.get("/api/v1/offices", params={"town": "Malindi"}).json()[0]["town"] == "Mombasa"
    assert api.get("/api/v1/offices", params={"town": "naivasha"}).json()[0]["town"] == "Nakuru"
    unknown = api.get("/api/v1/offices", params={"town": "Atlantis"})
    assert unknown.status_code == 404
    assert "Atlantis" in unknown.json()["detail"]


def test_get_office_by_id(api: TestClient) -> None:
    first = api.get("/api/v1/offices").json()[0]
    assert api.get(f"/api/v1/offices/{first['id']}").json() == first
    assert api.get("/api/v1/offices/999999").status_code == 404


def test_status_open_on_a_weekday_morning(api: TestClient) -> None:
    answer = status_at(api, at(WED, 10), town="Nairobi")
    assert answer["office"]["town"] == "Nairobi"
    assert answer["open_now"] is True
    assert answer["next_opening"] is None


def test_status_closed_in_the_evening_gives_next_morning(api: TestClient) -> None:
    answer = status_at(api, at(WED, 18), town="Nairobi")
    assert answer["open_now"] is False
    assert datetime.fromisoformat(answer["next_opening"]) == at(3, 8)
    assert answer["next_opening"].endswith("+03:00")


def test_saturday_hours_differ_between_offices(api: TestClient) -> None:
    nairobi = status_at(api, at(FRI, 18), town="Nairobi")
    assert datetime.fromisoformat(nairobi["next_opening"]) == at(SAT, 9)
    mombasa = status_at(api, at(FRI, 18), town="Mombasa")
    assert datetime.fromisoformat(mombasa["next_opening"]) == at(7, 8)


def test_lunch_break_reopens_the_same_day(api: TestClient) -> None:
    answer = status_at(api, at(WED, 13, 30), town="Kisumu")
    assert answer["office"]["town"] == "Kisumu"
    assert answer["open_now"] is False
    assert datetime.fromisoformat(answer["next_opening"]) == at(WED, 14)


def test_status_without_town_is_the_main_office(api: TestClient) -> None:
    answer = status_at(api, at(SUN, 12))
    assert answer["office"]["town"] == "Nairobi"
    assert answer["open_now"] is False
    assert datetime.fromisoformat(answer["next_opening"]) == at(7, 8)


def test_status_for_unknown_town_is_404(api: TestClient) -> None:
    api.app.dependency_overrides[get_clock] = lambda: fixed_clock(at(WED, 10))  # type: ignore[attr-defined]
    assert api.get("/api/v1/offices/status", params={"town": "Atlantis"}).status_code == 404


def test_seeding_again_adds_no_office(api: TestClient, session: Session) -> None:
    assert seed_offices(session) == 0
    session.commit()
    assert len(api.get("/api/v1/offices").json()) == 5


def test_hours_can_be_replaced_and_the_office_follows_them(api: TestClient) -> None:
    office = api.get("/api/v1/offices").json()[0]
    week = [{"weekday": d, "opens": "7:30", "closes": "12:00"} for d in range(6)]
    week.append({"weekday": WED, "opens": "13:00", "closes": "18:00"})
    response = api.put(f"/api/v1/offices/{office['id']}/hours", json={"hours": week})
    assert response.status_code == 200, response.text
    assert {"weekday": 0, "opens": "07:30", "closes": "12:00"} in response.json()["hours"]
    assert len(api.get(f"/api/v1/offices/{office['id']}").json()["hours"]) == 7
    assert status_at(api, at(SAT, 8))["open_now"]
    assert status_at(api, at(WED, 15))["open_now"]
    assert not status_at(api, at(WED, 12, 30))["open_now"]


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        ([{"weekday": 0, "opens": "17:00", "closes": "09:00"}], "must be after"),
        ([{"weekday": 0, "opens": "24:00", "closes": "09:00"}], "HH:MM"),
        ([{"weekday": 7, "opens": "08:00", "closes": "09:00"}], "less than or equal"),
        (
            [
                {"weekday": 1, "opens": "08:00", "closes": "12:00"},
                {"weekday": 1, "opens": "11:00", "closes": "15:00"},
            ],
            "overlaps",
        ),
    ],
)
def test_impossible_hours_are_refused_and_the_old_ones_kept(
    api: TestClient, hours: list[dict[str, Any]], words: str
) -> None:
    office = api.get("/api/v1/offices").json()[0]
    response = api.put(f"/api/v1/offices/{office['id']}/hours", json={"hours": hours})
    assert response.status_code == 422
    assert words in response.text
    assert api.get(f"/api/v1/offices/{office['id']}").json()["hours"] == office["hours"]


def test_hours_of_an_unknown_office_are_a_404(api: TestClient) -> None:
    response = api.put("/api/v1/offices/999999/hours", json={"hours": []})
    assert response.status_code == 404
