"""The client against the real reference back-end, started on a free local port.

Proves the two sides agree on the contract (paths, bodies, status codes). Skipped with
a reason when the services environment is not there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backend_server import TOKEN, free_port  # type: ignore[import-not-found]
from rasa_sdk.executor import CollectingDispatcher
from test_registration_support import make_tracker, responses, slot_sets

from actions import pes_client
from actions.pes_client import ClientConfig, PESAuthError, PESClient, PESNotFound, PESRejected, PESUnavailable
from actions.registration import ActionRegSubmit


@pytest.fixture
def client(backend_url: str) -> Iterator[PESClient]:
    real = PESClient(ClientConfig(base_url=backend_url, token=TOKEN, timeout=5.0))
    pes_client.set_client(real)
    yield real
    pes_client.set_client(None)


def person(phone: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "consent": {"notice_version": "2026-1"},
        "name": "Amina Wanjiru",
        "date_of_birth": "2001-05-12",
        "gender": None,
        "phone": phone,
        "town": "Nakuru",
        "education_level": 3,
        "occupations": [{"esco_uri": None, "isco_code": "8322", "label": "car driver"}],
        "experience_years": 2,
        "status": "unemployed",
        "status_since": "2025-03-01",
        "disability": None,
        "languages": ["en"],
    }
    body.update(extra)
    return body


@pytest.mark.asyncio
async def test_towns_and_occupations(client: PESClient) -> None:
    towns = [t.name for t in await client.list_towns()]
    assert "Nakuru" in towns and "Mombasa" in towns
    hits = await client.search_occupations("driver", limit=3)
    assert 1 <= len(hits) <= 3 and all(h.isco_code for h in hits)


@pytest.mark.asyncio
async def test_jobseeker_lifecycle(client: PESClient) -> None:
    created = await client.create_jobseeker(person("+254700000101"))
    assert created.registration_number.startswith("PES-")
    with pytest.raises(PESRejected) as conflict:
        await client.create_jobseeker(person("+254700000101"))
    assert conflict.value.status == 409

    assert (await client.lookup_jobseeker(phone="+254700000101")).id == created.id  # type: ignore[union-attr]
    assert await client.lookup_jobseeker(channel="telegram", identity="tg-101") is None
    await client.link_identity(created.id, "telegram", "tg-101")
    assert (await client.lookup_jobseeker(channel="telegram", identity="tg-101")).id == created.id  # type: ignore[union-attr]

    updated = await client.update_jobseeker(created.id, {"town": "Mombasa"})
    assert updated.town == "Mombasa"

    await client.delete_jobseeker(created.id)
    with pytest.raises(PESNotFound):
        await client.get_jobseeker(created.id)


@pytest.mark.asyncio
async def test_too_young_is_rejected_with_detail(client: PESClient) -> None:
    with pytest.raises(PESRejected) as info:
        await client.create_jobseeker(person("+254700000102", date_of_birth="2020-01-01"))
    assert info.value.status == 422 and info.value.detail


@pytest.mark.asyncio
async def test_wrong_token_and_dead_port(backend_url: str) -> None:
    wrong = PESClient(ClientConfig(base_url=backend_url, token="wrong-token", timeout=2.0))
    with pytest.raises(PESAuthError):
        await wrong.list_towns()
    dead = PESClient(
        ClientConfig(base_url=f"http://127.0.0.1:{free_port()}", token=TOKEN, timeout=1.0, backoff=0.0)
    )
    with pytest.raises(PESUnavailable):
        await dead.list_towns()


@pytest.mark.asyncio
async def test_registration_submit_against_the_real_backend(client: PESClient) -> None:
    bus = (await client.search_occupations("bus driver", limit=1))[0]
    slots = {
        "reg_consent_at": "2026-11-25T10:00:00+00:00",
        "reg_name": "Grace Nyambura",
        "reg_birth_date": "1999-03-05",
        "reg_phone": "+254700000103",
        "reg_town": "Kisumu",
        "reg_education": "5",
        "reg_occupation": bus.label,
        "reg_occupation_uri": bus.uri,
        "reg_occupation_isco": bus.isco_code,
        "reg_experience": 4.0,
        "reg_status": "employed",
        "reg_gender": "female",
        "reg_disability": "skipped",
        "reg_confirm": "submit",
    }
    dispatcher = CollectingDispatcher()
    events = await ActionRegSubmit().run(
        dispatcher, make_tracker(slots, sender_id="web-103", channel="socketio"), {}
    )
    assert responses(dispatcher) == ["utter_reg_done"]
    jobseeker_id = int(slot_sets(events)["jobseeker_id"])
    stored = await client.get_jobseeker(jobseeker_id)
    assert stored.town == "Kisumu" and stored.education_level == 5 and stored.disability is None
    assert stored.occupations[0].esco_uri == bus.uri
    assert any(i.channel == "socketio" and i.identity == "web-103" for i in stored.identities)
