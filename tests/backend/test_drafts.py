"""Registration drafts: answers kept under a verified phone, to finish on another channel."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.core.db import utcnow
from backend.drafts.models import RegistrationDraft

ANSWERS = {
    "reg_name": "Amina Odhiambo",
    "reg_birth_date": "2003-04-09",
    "reg_consent_at": "2026-12-01T10:00:00Z",
}


def test_draft_saved_over_sms_is_found_from_any_spelling_of_the_number(client: TestClient) -> None:
    saved = client.put(
        "/api/v1/registration-drafts/+254712345678", json={"answers": ANSWERS, "channel": "twilio"}
    )
    assert saved.status_code == 200, saved.text
    found = client.get("/api/v1/registration-drafts/0712 345 678")
    assert found.status_code == 200
    assert found.json()["answers"] == ANSWERS
    assert found.json()["phone"] == "+254712345678"
    assert found.json()["channel"] == "twilio"


def test_later_answers_replace_the_draft_and_delete_forgets_it(client: TestClient) -> None:
    client.put("/api/v1/registration-drafts/+254712345678", json={"answers": ANSWERS, "channel": "twilio"})
    more = {**ANSWERS, "reg_town": "Mombasa"}
    client.put("/api/v1/registration-drafts/+254712345678", json={"answers": more, "channel": "telegram"})
    assert client.get("/api/v1/registration-drafts/+254712345678").json()["answers"]["reg_town"] == "Mombasa"
    assert client.delete("/api/v1/registration-drafts/+254712345678").status_code == 204
    assert client.get("/api/v1/registration-drafts/+254712345678").status_code == 404
    assert client.delete("/api/v1/registration-drafts/+254712345678").status_code == 404


def test_old_draft_is_gone(client: TestClient, session: Session) -> None:
    client.put("/api/v1/registration-drafts/+254712345678", json={"answers": ANSWERS})
    session.execute(update(RegistrationDraft).values(updated_at=utcnow() - timedelta(days=31)))
    session.commit()
    assert client.get("/api/v1/registration-drafts/+254712345678").status_code == 404
    # The next save purges it instead of reviving old answers.
    client.put("/api/v1/registration-drafts/+254700000001", json={"answers": ANSWERS})
    assert session.scalar(select(RegistrationDraft).where(RegistrationDraft.phone == "+254712345678")) is None


def test_bad_input_is_refused_and_keeps_what_is_stored(client: TestClient) -> None:
    client.put("/api/v1/registration-drafts/+254712345678", json={"answers": ANSWERS})
    assert (
        client.put("/api/v1/registration-drafts/not-a-number", json={"answers": ANSWERS}).status_code == 400
    )
    nested = {"answers": {"reg_name": {"first": "A"}}}
    assert client.put("/api/v1/registration-drafts/+254712345678", json=nested).status_code == 422
    huge = {"answers": {f"q{i}": "x" for i in range(40)}}
    assert client.put("/api/v1/registration-drafts/+254712345678", json=huge).status_code == 422
    assert client.get("/api/v1/registration-drafts/+254712345678").json()["answers"] == ANSWERS


def test_drafts_need_the_api_token(anon_client: TestClient) -> None:
    assert anon_client.get("/api/v1/registration-drafts/+254712345678").status_code == 401
