"""action_session_start: keep slots, recognise the user, survive a dead back-end."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from test_registration_support import FakeBackend, client_for, make_tracker, slot_sets

from actions import pes_client
from actions.session import ActionSessionStart


@pytest.fixture
def backend() -> Any:
    fake = FakeBackend()
    pes_client.set_client(client_for(fake))
    yield fake
    pes_client.set_client(None)


async def start(tracker: Any) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    return events, dispatcher


@pytest.mark.asyncio
async def test_recognised_by_the_phone_the_channel_sends(backend: FakeBackend) -> None:
    person = backend.add_person(name="Amina Wanjiru", phone="+254712345678")
    tracker = make_tracker(
        {"session_started_metadata": {"phone": "254712345678"}}, channel="sms", sender_id="sms-1"
    )
    events, dispatcher = await start(tracker)
    slots = slot_sets(events)
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    assert slots["user_phone"] == "+254712345678"
    assert slots["jobseeker_id"] == float(person["id"])
    assert slots["registration_number"] == person["registration_number"]
    assert slots["reg_known_name"] == "Amina"
    # The channel vouched for the phone, so this chat identity is now linked too.
    assert {"channel": "sms", "identity": "sms-1"} in backend.people[person["id"]]["identities"]
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_recognised_by_channel_identity(backend: FakeBackend) -> None:
    person = backend.add_person()
    backend.people[person["id"]]["identities"].append({"channel": "rest", "identity": "web-7"})
    events, _ = await start(make_tracker(sender_id="web-7", channel="rest"))
    assert slot_sets(events)["jobseeker_id"] == float(person["id"])


@pytest.mark.asyncio
async def test_unknown_user_is_not_claimed_and_slots_are_kept(backend: FakeBackend) -> None:
    tracker = make_tracker({"reg_name": "Grace Nyambura", "language": "sw"}, sender_id="new", channel="rest")
    events, _ = await start(tracker)
    slots = slot_sets(events)
    assert slots["reg_name"] == "Grace Nyambura" and slots["language"] == "sw"
    assert "jobseeker_id" not in slots


@pytest.mark.asyncio
async def test_backend_down_still_starts_the_session(backend: FakeBackend) -> None:
    backend.down = True
    tracker = make_tracker({"jobseeker_id": 3.0, "registration_number": "PES-2026-000003"}, sender_id="x")
    events, dispatcher = await start(tracker)
    assert events[0]["event"] == "session_started"
    assert events[-1]["name"] == "action_listen"
    # Keeps what the last session knew, claims nothing new, says nothing.
    assert slot_sets(events) == {
        "language": "en",
        "jobseeker_id": 3.0,
        "registration_number": "PES-2026-000003",
    }
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_deleted_elsewhere_is_forgotten(backend: FakeBackend) -> None:
    tracker = make_tracker(
        {"jobseeker_id": 9.0, "registration_number": "PES-2026-000009", "reg_known": True}, sender_id="z"
    )
    events, _ = await start(tracker)
    last = {}
    for e in events:
        if e.get("event") == "slot":
            last[e["name"]] = e["value"]
    assert last["jobseeker_id"] is None and last["reg_known"] is None


@pytest.mark.asyncio
async def test_invalid_phone_metadata_is_ignored(backend: FakeBackend) -> None:
    events, _ = await start(make_tracker({"session_started_metadata": {"phone": "12"}}, sender_id="q"))
    assert "user_phone" not in slot_sets(events)
