"""schema.org JobPosting in JSON-LD: one posting, the feed, and import back."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/api/v1/vacancies"
# What the API holds of a vacancy, apart from its id.
FIELDS = (
    "title",
    "description",
    "date_posted",
    "valid_through",
    "employment_type",
    "employer",
    "town",
    "region",
    "country",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_unit",
    "isco_code",
    "occupation_uri",
    "occupation_label",
    "education_requirements",
    "experience_months",
    "skills",
    "openings",
    "apply_url",
    "apply_email",
    "apply_phone",
)


def first_vacancy(client: TestClient, **params: Any) -> dict[str, Any]:
    return client.get(URL, params={"limit": 1, **params}).json()["items"][0]


def test_one_vacancy_as_jobposting(client: TestClient) -> None:
    vacancy = first_vacancy(client, q="tanker")
    response = client.get(f"{URL}/{vacancy['id']}/jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    doc = response.json()
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "JobPosting"
    assert doc["title"] == vacancy["title"]
    assert doc["datePosted"] == vacancy["date_posted"] and doc["validThrough"] == vacancy["valid_through"]
    assert doc["hiringOrganization"] == {"@type": "Organization", "name": vacancy["employer"]}
    assert doc["jobLocation"]["address"]["addressLocality"] == "Kitale"
    assert doc["jobLocation"]["address"]["addressCountry"] == "KE"
    assert doc["baseSalary"]["currency"] == "KES"
    assert doc["baseSalary"]["value"]["minValue"] == vacancy["salary_min"]
    assert doc["baseSalary"]["value"]["unitText"] == "MONTH"
    assert doc["occupationalCategory"]["codeValue"] == "8332"
    assert doc["relevantOccupation"]["sameAs"] == vacancy["occupation_uri"]
    assert doc["experienceRequirements"]["monthsOfExperience"] == vacancy["experience_months"]
    assert doc["totalJobOpenings"] == vacancy["openings"]


def test_export_lists_every_open_vacancy(client: TestClient) -> None:
    total = client.get(URL).json()["total"]
    feed = client.get(f"{URL}/export.jsonld").json()
    assert feed["@type"] == "ItemList" and feed["numberOfItems"] == total
    elements = feed["itemListElement"]
    assert [e["position"] for e in elements] == list(range(1, total + 1))
    assert all(e["item"]["@type"] == "JobPosting" for e in elements)


def test_round_trip_preserves_every_field(client: TestClient) -> None:
    original = client.post(
        URL,
        json={
            "title": "Solar technician",
            "description": "Install and maintain solar home systems.\nTravel within the county.",
            "date_posted": "2026-11-01",
            "valid_through": "2099-12-31",
            "employment_type": "CONTRACTOR",
            "employer": "Jua Power Solutions",
            "town": "Garissa",
            "region": "Garissa",
            "country": "KE",
            "salary_min": 800.5,
            "salary_max": 1200,
            "salary_currency": "KES",
            "salary_unit": "DAY",
            "isco_code": "7411",
            "occupation_uri": "http://data.europa.eu/esco/occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0",
            "occupation_label": "electrician",
            "education_requirements": "Craft certificate in electrical installation",
            "experience_months": 18,
            "skills": ["solar PV", "wiring"],
            "openings": 3,
            "apply_url": "https://jobs.example/solar",
            "apply_email": "jobs@jua.example",
            "apply_phone": "+254700000001",
        },
    ).json()
    doc = client.get(f"{URL}/{original['id']}/jsonld").json()
    imported = client.post(f"{URL}/import", json=doc)
    assert imported.status_code == 201 and imported.json() == {"created": 1}
    copies = [v for v in client.get(URL, params={"q": "solar technician", "limit": 50}).json()["items"]]
    assert len(copies) == 2
    copy = next(v for v in copies if v["id"] != original["id"])
    assert {k: copy[k] for k in FIELDS} == {k: original[k] for k in FIELDS}


def test_whole_feed_imports_back(client: TestClient) -> None:
    before = client.get(URL).json()["total"]
    feed = client.get(f"{URL}/export.jsonld").json()
    response = client.post(f"{URL}/import", json=feed)
    assert response.status_code == 201 and response.json() == {"created": before}
    assert client.get(URL).json()["total"] == 2 * before


def test_foreign_jobposting_shapes_are_understood(client: TestClient) -> None:
    # As other job boards publish them: employmentType as a list, a bare
    # string address, a DateTime validThrough, skills as one string.
    doc = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Receptionist",
        "description": "Front desk of a clinic.",
        "datePosted": "2026-11-20",
        "validThrough": "2099-01-31T17:00:00+03:00",
        "employmentType": ["part-time"],
        "hiringOrganization": "Afya Clinic",
        "jobLocation": {"@type": "Place", "address": "Nakuru"},
        "skills": "phone manners, filing",
    }
    assert client.post(f"{URL}/import", json=[doc]).json() == {"created": 1}
    found = client.get(URL, params={"q": "front desk", "town": "Nakuru", "nearby": "false"}).json()["items"][
        0
    ]
    assert found["employment_type"] == "PART_TIME" and found["employer"] == "Afya Clinic"
    assert found["valid_through"] == "2099-01-31" and found["skills"] == ["phone manners", "filing"]


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ({"@type": "Person", "name": "x"}, "unsupported @type"),
        ({"@type": "ItemList", "itemListElement": []}, "no JobPosting"),
        (
            {
                "@type": "JobPosting",
                "title": "No date",
                "description": "d",
                "hiringOrganization": {"name": "E"},
                "jobLocation": {"address": {"addressLocality": "Nairobi"}},
            },
            "JobPosting 1",
        ),
        ("just text", "expected a JSON object"),
    ],
)
def test_bad_import_is_refused_whole_with_a_reason(client: TestClient, payload: Any, says: str) -> None:
    before = client.get(URL).json()["total"]
    response = client.post(f"{URL}/import", json=payload)
    assert response.status_code == 422
    assert says in response.json()["detail"]
    assert client.get(URL).json()["total"] == before
