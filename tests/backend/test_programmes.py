"""Programmes: the seeded catalogue, lookup by code or name, and versioning of rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.programmes import service
from backend.programmes.definitions import RULES_DIR, RuleFileError, load_directory
from backend.programmes.facts import Facts
from backend.programmes.rules_schema import ProgrammeDefinition

FAMILIES = {"intermediation", "training", "entrepreneurship", "subsidy", "public_works"}


def definition(max_age: int, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": "pilot-youth-scheme",
        "name": "Pilot Youth Scheme",
        "family": "training",
        "summary": "A pilot scheme used to test versioning.",
        "benefits": "A paid placement for three months.",
        "next_step": "Ask your counsellor for a placement letter.",
        "rules": [{"id": "age", "kind": "age_range", "min": 18, "max": max_age}],
    }
    body.update(changes)
    return body


def test_catalogue_lists_all_five_families(client: TestClient) -> None:
    programmes = client.get("/api/v1/programmes").json()
    assert len(programmes) >= 8
    assert {p["family"] for p in programmes} == FAMILIES
    for p in programmes:
        assert set(p) == {"code", "name", "family", "summary", "version", "benefits", "next_step"}
        assert p["summary"] and p["benefits"] and p["next_step"]


def test_get_programme_by_code(client: TestClient) -> None:
    response = client.get("/api/v1/programmes/startup-grant")
    assert response.status_code == 200
    assert response.json()["family"] == "entrepreneurship"
    assert client.get("/api/v1/programmes/no-such-thing").status_code == 404


def test_search_by_name_ignores_case(client: TestClient) -> None:
    found = client.get("/api/v1/programmes", params={"q": "YOUTH guarantee"}).json()
    assert [p["code"] for p in found] == ["youth-guarantee"]
    subsidies = client.get("/api/v1/programmes", params={"family": "subsidy"}).json()
    assert {p["code"] for p in subsidies} == {"wage-subsidy", "youth-employment-incentive"}


def test_seeding_twice_adds_no_version(session: Session) -> None:
    service.sync_directory(session=session, directory=RULES_DIR)
    again = service.sync_directory(session=session, directory=RULES_DIR)
    assert again and not any(p.created for p in again)


def test_editing_adds_a_version_and_evaluation_uses_the_newest(session: Session) -> None:
    first = service.publish(session=session, definition=ProgrammeDefinition.model_validate(definition(25)))
    same = service.publish(session=session, definition=ProgrammeDefinition.model_validate(definition(25)))
    assert first.created and not same.created
    assert same.programme.version == first.programme.version
    second = service.publish(session=session, definition=ProgrammeDefinition.model_validate(definition(32)))
    assert second.created and second.programme.version == first.programme.version + 1

    answer = service.check_eligibility(
        session=session,
        jobseeker_id=None,
        stated=Facts(age=30),
        codes=["pilot-youth-scheme"],
        today=date(2026, 1, 1),
    )
    result = answer.results[0]
    assert result.programme.version == second.programme.version
    assert result.decision.outcome == "eligible"
    history = service.history(session=session, code="pilot-youth-scheme")
    assert [v.active for v in history] == [False, True]


def test_publishing_over_http_changes_the_answer(client: TestClient) -> None:
    created = client.put("/api/v1/programmes/pilot-youth-scheme", json=definition(25))
    assert created.status_code == 201
    assert created.json()["version"] == 1
    assert client.put("/api/v1/programmes/pilot-youth-scheme", json=definition(25)).status_code == 200

    ask = {"facts": {"age": 30}, "programmes": ["pilot-youth-scheme"]}
    before = client.post("/api/v1/eligibility", json=ask).json()["results"][0]
    assert (before["outcome"], before["programme"]["version"]) == ("not_eligible", 1)

    assert client.put("/api/v1/programmes/pilot-youth-scheme", json=definition(35)).status_code == 201
    after = client.post("/api/v1/eligibility", json=ask).json()["results"][0]
    assert (after["outcome"], after["programme"]["version"]) == ("eligible", 2)

    versions = client.get("/api/v1/programmes/pilot-youth-scheme/versions").json()
    assert [(v["version"], v["active"]) for v in versions] == [(1, False), (2, True)]
    assert versions[0]["definition"]["rules"][0]["max"] == 25


def test_retired_programme_disappears(client: TestClient) -> None:
    client.put("/api/v1/programmes/pilot-youth-scheme", json=definition(25))
    retired = client.put("/api/v1/programmes/pilot-youth-scheme", json=definition(25, active=False))
    assert retired.status_code == 201
    assert client.get("/api/v1/programmes/pilot-youth-scheme").status_code == 404
    codes = [p["code"] for p in client.get("/api/v1/programmes").json()]
    assert "pilot-youth-scheme" not in codes


def test_publishing_bad_rules_is_refused(client: TestClient) -> None:
    bad = definition(25, rules=[{"kind": "age_range", "min": 40, "max": 20}])
    assert client.put("/api/v1/programmes/pilot-youth-scheme", json=bad).status_code == 422
    mismatch = client.put("/api/v1/programmes/another-code", json=definition(25))
    assert mismatch.status_code == 400


def test_editing_a_rule_file_publishes_a_new_version(session: Session, tmp_path: Path) -> None:
    source = (RULES_DIR / "youth-guarantee.yml").read_text(encoding="utf-8")
    (tmp_path / "youth-guarantee.yml").write_text(source, encoding="utf-8")
    before = service.sync_directory(session=session, directory=tmp_path)[0]
    assert not before.created  # same content as the seeded file

    (tmp_path / "youth-guarantee.yml").write_text(source.replace("max: 29", "max: 34"), encoding="utf-8")
    after = service.sync_directory(session=session, directory=tmp_path)[0]
    assert after.created
    assert after.programme.version == before.programme.version + 1
    assert service.get_programme(session=session, code="youth-guarantee").version == after.programme.version


def test_a_broken_rule_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text("code: broken\nname: Broken\nrules: []\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"broken\.yml"):
        load_directory(tmp_path)
