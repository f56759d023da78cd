"""Data rights: show what the back-end stores, delete with confirmation, update a field."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from test_registration_support import FakeBackend, client_for, load_domain, make_tracker, responses, slot_sets

from actions import pes_client
from actions.profile import (
    ActionProfileDelete,
    ActionProfileDeleteStart,
    ActionProfileShow,
    ActionProfileUpdateStart,
    ActionProfileUpdateSubmit,
    ValidateProfileUpdateForm,
)

DOMAIN = load_domain()


@pytest.fixture
def backend() -> Any:
    fake = FakeBackend()
    pes_client.set_client(client_for(fake))
    yield fake
    pes_client.set_client(None)


async def run(action: Any, tracker: Any) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return slot_sets(events), dispatcher


@pytest.mark.asyncio
async def test_show_reads_the_backend_not_the_slots(backend: FakeBackend) -> None:
    person = backend.add_person(town="Mombasa", gender="female")
    # Slots say Nakuru; the back-end says Mombasa: the back-end is shown.
    tracker = make_tracker(
        {"jobseeker_id": float(person["id"]), "reg_town": "Nakuru"}, intent="request_my_data"
    )
    _, dispatcher = await run(ActionProfileShow(), tracker)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_profile_data_unemployed"
    assert message["town"] == "Mombasa" and message["gender"] == "Female"
    assert message["registration_number"] == person["registration_number"]


@pytest.mark.asyncio
async def test_show_when_not_registered(backend: FakeBackend) -> None:
    _, dispatcher = await run(ActionProfileShow(), make_tracker(intent="request_my_data"))
    assert responses(dispatcher) == ["utter_profile_nothing_stored"]
    assert backend.requests == []


@pytest.mark.asyncio
async def test_show_with_backend_down_is_honest(backend: FakeBackend) -> None:
    backend.down = True
    _, dispatcher = await run(
        ActionProfileShow(), make_tracker({"jobseeker_id": 1.0}, intent="request_my_data")
    )
    assert responses(dispatcher) == ["utter_backend_unavailable"]


@pytest.mark.asyncio
async def test_delete_confirmed_erases_and_forgets(backend: FakeBackend) -> None:
    person = backend.add_person()
    known = {
        "jobseeker_id": float(person["id"]),
        "registration_number": person["registration_number"],
        "reg_known": True,
    }
    slots, dispatcher = await run(ActionProfileDeleteStart(), make_tracker(known, intent="delete_my_data"))
    assert responses(dispatcher) == ["utter_profile_delete_confirm"] and slots == {"prof_pending": "delete"}
    assert person["id"] in backend.people  # nothing deleted before she confirms

    slots, dispatcher = await run(
        ActionProfileDelete(), make_tracker({**known, "prof_pending": "delete"}, text="yes", intent="affirm")
    )
    assert responses(dispatcher) == ["utter_profile_deleted"]
    assert backend.people == {}
    assert (
        slots["jobseeker_id"] is None and slots["registration_number"] is None and slots["reg_known"] is None
    )


@pytest.mark.asyncio
async def test_delete_denied_keeps_everything(backend: FakeBackend) -> None:
    person = backend.add_person()
    slots, dispatcher = await run(
        ActionProfileDelete(), make_tracker({"jobseeker_id": float(person["id"])}, text="no", intent="deny")
    )
    assert responses(dispatcher) == ["utter_profile_delete_kept"]
    assert person["id"] in backend.people and slots == {"prof_pending": None}


@pytest.mark.asyncio
async def test_delete_when_not_registered_forgets_unsent_answers(backend: FakeBackend) -> None:
    slots, dispatcher = await run(
        ActionProfileDeleteStart(), make_tracker({"reg_name": "Grace"}, intent="delete_my_data")
    )
    assert responses(dispatcher) == ["utter_profile_nothing_stored", "utter_profile_unfinished_forgotten"]
    assert slots["reg_name"] is None


@pytest.mark.asyncio
async def test_delete_with_backend_down_keeps_the_bot_knowing_her(backend: FakeBackend) -> None:
    person = backend.add_person()
    backend.down = True
    slots, dispatcher = await run(
        ActionProfileDelete(), make_tracker({"jobseeker_id": float(person["id"])}, intent="affirm")
    )
    assert responses(dispatcher) == ["utter_backend_unavailable"]
    assert "jobseeker_id" not in slots  # not deleted, so not forgotten


@pytest.mark.asyncio
async def test_update_town_end_to_end(backend: FakeBackend) -> None:
    person = backend.add_person(town="Nakuru")
    known = {"jobseeker_id": float(person["id"])}
    slots, _ = await run(
        ActionProfileUpdateStart(), make_tracker(known, text="change my town", intent="update_profile")
    )
    assert slots["prof_field"] == "reg_town" and slots["prof_pending"] == "update"

    tracker = make_tracker(
        {**known, "prof_field": "reg_town", "requested_slot": "prof_value"},
        text="mombasa",
        intent="inform",
        entities=[{"entity": "town", "value": "mombasa"}],
        active_loop="profile_update_form",
    )
    slots, _ = await run(ValidateProfileUpdateForm(), tracker)
    assert slots["prof_change"] == {"town": "Mombasa"}

    slots, dispatcher = await run(
        ActionProfileUpdateSubmit(),
        make_tracker({**known, "prof_field": "reg_town", "prof_change": {"town": "Mombasa"}}),
    )
    assert responses(dispatcher) == ["utter_profile_updated"]
    assert dispatcher.messages[0]["field"] == "Town" and dispatcher.messages[0]["value"] == "Mombasa"
    assert backend.people[person["id"]]["town"] == "Mombasa"


@pytest.mark.asyncio
async def test_update_rejects_bad_value_and_taken_phone(backend: FakeBackend) -> None:
    person = backend.add_person(phone="+254712345678")
    backend.add_person(phone="+254722334455", name="Other Person")
    known = {"jobseeker_id": float(person["id"])}
    tracker = make_tracker(
        {**known, "prof_field": "reg_phone", "requested_slot": "prof_value"},
        text="123",
        active_loop="profile_update_form",
    )
    slots, dispatcher = await run(ValidateProfileUpdateForm(), tracker)
    assert slots["prof_value"] is None and responses(dispatcher) == ["utter_reg_invalid_phone"]

    tracker = make_tracker({**known, "prof_field": "reg_phone", "prof_change": {"phone": "+254722334455"}})
    _, dispatcher = await run(ActionProfileUpdateSubmit(), tracker)
    assert responses(dispatcher) == ["utter_profile_phone_taken"]
    assert backend.people[person["id"]]["phone"] == "+254712345678"


@pytest.mark.asyncio
async def test_update_when_not_registered(backend: FakeBackend) -> None:
    slots, dispatcher = await run(
        ActionProfileUpdateStart(), make_tracker(text="update my details", intent="update_profile")
    )
    assert responses(dispatcher) == ["utter_profile_not_registered"] and slots == {"prof_pending": None}


@pytest.mark.asyncio
async def test_update_without_a_field_named_just_asks_which_one(backend: FakeBackend) -> None:
    person = backend.add_person()
    known = {"jobseeker_id": float(person["id"])}
    slots, _ = await run(
        ActionProfileUpdateStart(), make_tracker(known, text="update my details", intent="update_profile")
    )
    assert slots["prof_field"] is None
    # The form activates right after: the emptied field must not be scolded as invalid.
    tracker = make_tracker(
        {**known, **slots},
        text="update my details",
        intent="update_profile",
        events_after=[
            {"event": "action", "name": "action_profile_update_start"},
            {"event": "slot", "name": "prof_field", "value": None},
        ],
    )
    _, dispatcher = await run(ValidateProfileUpdateForm(), tracker)
    assert "utter_profile_pick_field_again" not in responses(dispatcher)
