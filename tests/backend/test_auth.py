"""Every /api/v1 route needs the bearer token; health and the API docs do not."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROTECTED = [
    ("GET", "/api/v1/towns"),
    ("GET", "/api/v1/jobseekers/1"),
    ("POST", "/api/v1/jobseekers"),
    ("DELETE", "/api/v1/jobseekers/1"),
    ("GET", "/api/v1/jobseekers/lookup?phone=0712345678"),
    ("GET", "/api/v1/occupations/search?q=cook"),
    ("GET", "/api/v1/vacancies"),
    ("GET", "/api/v1/vacancies/export.jsonld"),
    ("POST", "/api/v1/vacancies/import"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_no_token_is_401(anon_client: TestClient, method: str, path: str) -> None:
    response = anon_client.request(method, path, json={})
    assert response.status_code == 401
    assert response.json() == {"detail": "missing or invalid API token"}
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer wrong-token-0123456789", "Basic dXNlcjpwYXNz", "Bearer "])
def test_wrong_token_is_401(anon_client: TestClient, header: str) -> None:
    response = anon_client.get("/api/v1/vacancies", headers={"Authorization": header})
    assert response.status_code == 401


def test_right_token_is_accepted(client: TestClient) -> None:
    assert client.get("/api/v1/vacancies").status_code == 200


def test_health_and_openapi_are_open(anon_client: TestClient) -> None:
    assert anon_client.get("/health").json() == {"status": "ok"}
    spec = anon_client.get("/api/v1/openapi.json").json()
    assert (
        "/api/v1/occupations/search" in spec["paths"]
        and "/api/v1/vacancies/{vacancy_id}/jsonld" in spec["paths"]
    )
