"""Towns: the list, forgiving matching, and what counts as nearby."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.towns.service import distance_km, find_town, nearby_town_names


def test_towns_list_has_kenyan_towns_with_coordinates(client: TestClient) -> None:
    response = client.get("/api/v1/towns")
    assert response.status_code == 200
    towns = {t["name"]: t for t in response.json()}
    assert len(towns) >= 12
    for name in ("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Malindi", "Kilifi", "Garissa"):
        assert name in towns
    mombasa = towns["Mombasa"]
    assert mombasa["country"] == "KE" and mombasa["region"] == "Mombasa"
    assert -5 < mombasa["lat"] < -3 and 39 < mombasa["lon"] < 40


@pytest.mark.parametrize("text", ["mombasa", "MOMBASA", "  Mombasa ", "Mómbasa", "Mombsa", "mombassa"])
def test_find_town_forgives_case_accents_and_small_typos(session: Session, text: str) -> None:
    town = find_town(session, text)
    assert town is not None and town.name == "Mombasa"


def test_find_town_handles_apostrophes(session: Session) -> None:
    town = find_town(session, "muranga")
    assert town is not None and town.name == "Murang'a"


@pytest.mark.parametrize("text", ["Paris", "", "   ", "xyz"])
def test_find_town_refuses_to_guess(session: Session, text: str) -> None:
    assert find_town(session, text) is None


def test_nearby_towns_of_mombasa(session: Session) -> None:
    names = nearby_town_names(session, "mombasa")
    assert names[0] == "Mombasa"
    assert {"Kilifi", "Malindi"} <= set(names)
    assert "Nairobi" not in names and "Kisumu" not in names
    # Nearest first: Kilifi (about 60 km) before Malindi (about 100 km).
    assert names.index("Kilifi") < names.index("Malindi")


def test_smaller_radius_keeps_only_close_towns(session: Session) -> None:
    assert nearby_town_names(session, "Mombasa", radius_km=70) == ["Mombasa", "Kilifi"]


def test_unknown_town_has_no_neighbours(session: Session) -> None:
    assert nearby_town_names(session, "Atlantis") == []


def test_distances_are_plausible(session: Session) -> None:
    nairobi, mombasa = find_town(session, "Nairobi"), find_town(session, "Mombasa")
    assert nairobi is not None and mombasa is not None
    # The straight line Nairobi-Mombasa is about 440 km.
    assert 420 < distance_km(nairobi, mombasa) < 460
