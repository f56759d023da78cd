"""Shared bases for actions and form validators that call the PES back-end.

They turn back-end failures into honest replies, so no journey crashes or invents an
answer when the back-end is down. Both bases are abstract: rasa-sdk skips abstract
classes when it registers actions.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import pes_client
from actions.pes_client import PESAuthError, PESClient, PESNotFound, PESRejected, PESUnavailable

logger = logging.getLogger(__name__)

UTTER_UNAVAILABLE = "utter_backend_unavailable"
UTTER_REJECTED = "utter_backend_rejected"


class PESAction(Action, ABC):
    """An action that talks to the back-end. Subclasses implement `act`."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        client: PESClient,
    ) -> list[EventType]: ...

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        """Events to return after a failure the base handled (e.g. keep a form open)."""
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            return await self.act(dispatcher, tracker, domain, pes_client.get_client())
        except (PESUnavailable, PESAuthError) as exc:
            # Auth errors are a deployment fault the user cannot fix: same honest reply.
            logger.error("%s: back-end unavailable: %s", self.name(), exc)
            dispatcher.utter_message(response=UTTER_UNAVAILABLE)
        except (PESNotFound, PESRejected) as exc:
            logger.warning("%s: back-end refused: %s (%s)", self.name(), exc, exc.detail)
            dispatcher.utter_message(response=UTTER_REJECTED)
        return self.on_failure_events(tracker)


class PESFormValidation(FormValidationAction, ABC):
    """A form validator that may call the back-end through `self.get_client()`.

    Validate methods should catch the errors they can explain; anything left reaches
    `run`, which says the service is unavailable and empties the slots the user just
    filled, so an unchecked value never counts as validated.
    """

    @abstractmethod
    def name(self) -> str: ...

    @staticmethod
    def get_client() -> PESClient:
        return pes_client.get_client()

    def on_failure_events(self, tracker: Tracker) -> list[EventType]:
        return [SlotSet(slot, None) for slot in tracker.slots_to_validate()]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            return await super().run(dispatcher, tracker, domain)
        except (PESUnavailable, PESAuthError) as exc:
            logger.error("%s: back-end unavailable: %s", self.name(), exc)
            dispatcher.utter_message(response=UTTER_UNAVAILABLE)
        except (PESNotFound, PESRejected) as exc:
            logger.warning("%s: back-end refused: %s (%s)", self.name(), exc, exc.detail)
            dispatcher.utter_message(response=UTTER_REJECTED)
        return self.on_failure_events(tracker)
