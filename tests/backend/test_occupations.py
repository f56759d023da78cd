"""Occupation search: informal names, typos and plain words find sensible occupations,
both on the demo seed and on the full ESCO classification."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.occupations.index import load_synonyms

URL = "/api/v1/occupations"
ESCO = "http://data.europa.eu/esco/occupation/"
MOTORCYCLE_DELIVERY = ESCO + "b5f6bb2c-0602-484d-a87f-9cac33f83010"
HOUSEKEEPER = ESCO + "6d50f735-dca9-4a02-96dc-e4310ed98ae2"
HEALTHCARE_ASSISTANT = ESCO + "d38c2107-98f2-47b7-8bb4-f69750d51082"
VEHICLE_TECHNICIAN = ESCO + "4ad4024e-d1d3-4dea-b6d1-2c7948111dce"
SECURITY_GUARD = ESCO + "31808988-fc0a-4bc3-9e47-27216d6759f5"
MARKET_VENDOR = ESCO + "c822ca35-6c36-4eab-97fa-90f2775091c3"

# informal words -> the occupation a PES counsellor would pick first
EXPECTED_FIRST = [
    ("boda boda rider", MOTORCYCLE_DELIVERY),
    ("Boda-boda", MOTORCYCLE_DELIVERY),
    ("house help", HOUSEKEEPER),
    ("nurse aid", HEALTHCARE_ASSISTANT),
    ("mechanic", VEHICLE_TECHNICIAN),
    ("askari", SECURITY_GUARD),
    ("watchman", SECURITY_GUARD),
    ("mama mboga", MARKET_VENDOR),
]


def find(client: TestClient, q: str, limit: int = 5) -> list[dict[str, Any]]:
    response = client.get(f"{URL}/search", params={"q": q, "limit": limit})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("q", "uri"), EXPECTED_FIRST)
def test_informal_names_on_the_demo_seed(client: TestClient, q: str, uri: str) -> None:
    best = find(client, q)[0]
    assert best["uri"] == uri
    assert best["score"] >= 90


@pytest.mark.parametrize(("q", "uri"), EXPECTED_FIRST)
def test_informal_names_on_full_esco(esco_client: TestClient, q: str, uri: str) -> None:
    best = find(esco_client, q)[0]
    assert best["uri"] == uri, find(esco_client, q)


def test_hit_shape_and_order(esco_client: TestClient) -> None:
    hits = find(esco_client, "boda boda rider")
    best = hits[0]
    assert best["label"] == "motorcycle delivery person"
    assert best["isco_code"] == "8321" and best["isco_label"] == "Motorcycle drivers"
    assert best["matched"] == "boda boda rider" and best["score"] == 100.0
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)


@pytest.mark.parametrize("q", ["driverr", "drivr", "DRIVER"])
def test_typos_of_driver_find_drivers(esco_client: TestClient, q: str) -> None:
    hits = find(esco_client, q)
    assert len(hits) == 5
    # Every hit is about driving, and the best ones are ISCO drivers (83xx).
    assert all("driv" in (h["label"] + " " + h["matched"]).lower() for h in hits)
    assert hits[0]["isco_code"].startswith("83") and hits[1]["isco_code"].startswith("83")


@pytest.mark.parametrize(
    ("q", "label"),
    [
        ("electrishan", "electrician"),
        ("plumbr", "plumber"),
        ("wieter", "waiter/waitress"),
        ("programer", "software developer"),
    ],
)
def test_misspelt_trades(esco_client: TestClient, q: str, label: str) -> None:
    assert label in [h["label"] for h in find(esco_client, q, limit=3)]


def test_swahili_and_regional_words(esco_client: TestClient) -> None:
    assert find(esco_client, "fundi wa magari")[0]["uri"] == VEHICLE_TECHNICIAN
    assert find(esco_client, "mpishi")[0]["label"] == "cook"
    assert find(esco_client, "mwalimu")[0]["isco_code"] == "2341"
    assert find(esco_client, "matatu driver")[0]["isco_code"] == "8331"
    assert find(esco_client, "fundi")[0]["isco_code"] == "9313"  # a construction hand, by default


def test_esco_alternative_labels_are_matched(esco_client: TestClient) -> None:
    # "wire drawer" is only an alternative label of "metal drawing machine operator".
    best = find(esco_client, "wire drawer")[0]
    assert best["label"] == "metal drawing machine operator" and best["matched"] == "wire drawer"


def test_nonsense_finds_nothing(esco_client: TestClient) -> None:
    assert find(esco_client, "qzxv kwpl") == []


def test_limit_and_bad_queries(esco_client: TestClient) -> None:
    assert len(find(esco_client, "teacher", limit=2)) == 2
    assert esco_client.get(f"{URL}/search", params={"q": "teacher", "limit": 51}).status_code == 422
    assert esco_client.get(f"{URL}/search", params={"q": ""}).status_code == 422
    assert esco_client.get(f"{URL}/search", params={"q": "???"}).status_code == 400


def test_by_uri(esco_client: TestClient) -> None:
    response = esco_client.get(f"{URL}/by-uri", params={"uri": HOUSEKEEPER})
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "domestic housekeeper" and body["isco_code"] == "5152"
    assert body["isco_label"] == "Domestic housekeepers"
    assert body["alt_labels"] and body["description"]
    missing = esco_client.get(f"{URL}/by-uri", params={"uri": ESCO + "does-not-exist"})
    assert missing.status_code == 404


def test_synonyms_file_is_well_formed() -> None:
    synonyms = load_synonyms()
    assert len(synonyms) >= 40
    names = [n.lower() for s in synonyms for n in s.names]
    assert len(names) == len(set(names)), "a name maps to two entries"
    assert all(s.uri is None or s.uri.startswith(ESCO) for s in synonyms)
    assert all(s.isco is None or (s.isco.isdigit() and len(s.isco) == 4) for s in synonyms)
