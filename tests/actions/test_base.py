"""The shared action bases turn back-end failures into honest replies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from test_registration_support import FakeBackend, client_for, make_tracker, responses

from actions import pes_client
from actions.base import PESAction, PESFormValidation
from actions.pes_client import PESClient, PESRejected


class ShowPerson(PESAction):
    def name(self) -> str:
        return "action_test_show_person"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        person = await client.get_jobseeker(int(tracker.get_slot("jobseeker_id")))
        dispatcher.utter_message(response="utter_profile_data", name=person.name)
        return [SlotSet("registration_number", person.registration_number)]


class KeepsFormOpen(ShowPerson):
    def name(self) -> str:
        return "action_test_keeps_form"

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        return [SlotSet("reg_confirm", None)]


class HandlesConflict(PESAction):
    def name(self) -> str:
        return "action_test_conflict"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, client: PESClient
    ) -> list[EventType]:
        try:
            await client.create_jobseeker({"consent": {"notice_version": "2026-1"}, "phone": "+254712345678"})
        except PESRejected as exc:
            dispatcher.utter_message(response="utter_reg_phone_taken", phone=exc.detail)
        return []


@pytest.fixture
def backend() -> Any:
    fake = FakeBackend()
    pes_client.set_client(client_for(fake))
    yield fake
    pes_client.set_client(None)


@pytest.mark.asyncio
async def test_success_passes_the_client_and_returns_events(backend: FakeBackend) -> None:
    person = backend.add_person()
    dispatcher = CollectingDispatcher()
    events = await ShowPerson().run(dispatcher, make_tracker({"jobseeker_id": float(person["id"])}), {})
    assert events == [SlotSet("registration_number", "PES-2026-000001")]
    assert dispatcher.messages[0]["name"] == "Amina Wanjiru"


@pytest.mark.asyncio
async def test_backend_down_is_said_honestly(backend: FakeBackend) -> None:
    backend.down = True
    dispatcher = CollectingDispatcher()
    events = await ShowPerson().run(dispatcher, make_tracker({"jobseeker_id": 1.0}), {})
    assert responses(dispatcher) == ["utter_backend_unavailable"]
    assert events == []
    events = await KeepsFormOpen().run(CollectingDispatcher(), make_tracker({"jobseeker_id": 1.0}), {})
    assert events == [SlotSet("reg_confirm", None)]


@pytest.mark.asyncio
async def test_wrong_token_is_unavailable_not_a_crash() -> None:
    pes_client.set_client(client_for_status(401))
    try:
        dispatcher = CollectingDispatcher()
        await ShowPerson().run(dispatcher, make_tracker({"jobseeker_id": 1.0}), {})
        assert responses(dispatcher) == ["utter_backend_unavailable"]
    finally:
        pes_client.set_client(None)


@pytest.mark.asyncio
async def test_unknown_record_gets_rejected_reply(backend: FakeBackend) -> None:
    dispatcher = CollectingDispatcher()
    await ShowPerson().run(dispatcher, make_tracker({"jobseeker_id": 42.0}), {})
    assert responses(dispatcher) == ["utter_backend_rejected"]


@pytest.mark.asyncio
async def test_subclass_may_handle_rejection_itself(backend: FakeBackend) -> None:
    backend.add_person()
    dispatcher = CollectingDispatcher()
    await HandlesConflict().run(dispatcher, make_tracker(), {})
    assert responses(dispatcher) == ["utter_reg_phone_taken"]
    assert dispatcher.messages[0]["phone"] == "phone already registered"


def test_bases_are_abstract_so_rasa_sdk_does_not_register_them() -> None:
    import inspect

    assert inspect.isabstract(PESAction)
    assert inspect.isabstract(PESFormValidation)


def client_for_status(code: int) -> PESClient:
    config = pes_client.ClientConfig(base_url="http://pes.test", token="bad", timeout=1.0, backoff=0.0)
    return PESClient(
        config, transport=httpx.MockTransport(lambda request: httpx.Response(code, json={"detail": "x"}))
    )
