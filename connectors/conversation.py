"""What a channel may read of a conversation: its language and the buttons last offered.

Channels that cannot show buttons (SMS) or cannot carry long payloads (Telegram's
64-byte callback data) send a short token instead ("2", "b:1") and map it back to the
payload of the button offered in the conversation's latest bot message. The mapping
comes from Rasa's own tracker store, so it is the same on every replica and survives
a restart; nothing is kept in this process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sanic import Sanic
from sanic.exceptions import SanicException

logger = logging.getLogger(__name__)

RASA_APP_NAMES = ("rasa_server", "rasa_core_no_api")


@dataclass(frozen=True)
class ConversationView:
    language: str | None = None
    # Buttons of the latest bot message, if the user has not written since it was sent.
    buttons: list[dict[str, Any]] = field(default_factory=list)
    # The response name of the latest bot message (e.g. "utter_ask_reg_phone"), if the user
    # has not written since: a channel may have left a special keyboard up for it.
    last_utter_action: str | None = None

    def payload_for(self, index: int) -> str | None:
        """The payload of button `index` (1-based), or None if there is no such button."""
        if 1 <= index <= len(self.buttons):
            payload = self.buttons[index - 1].get("payload")
            return str(payload) if payload else None
        return None


def _agent(app: Sanic | None = None) -> Any | None:
    if app is not None:
        return getattr(app.ctx, "agent", None)
    for name in RASA_APP_NAMES:
        try:
            return getattr(Sanic.get_app(name).ctx, "agent", None)
        except SanicException:
            continue
    return None


def view_from_events(events: list[dict[str, Any]], slots: dict[str, Any]) -> ConversationView:
    """Build the view from a tracker's events (as dicts) and current slot values."""
    buttons: list[dict[str, Any]] = []
    last_utter_action: str | None = None
    seen_bot = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            break  # she has answered since: older buttons no longer apply
        if kind == "bot":
            if not seen_bot:
                seen_bot = True
                action = (event.get("metadata") or {}).get("utter_action")
                last_utter_action = str(action) if action else None
            data = event.get("data") or {}
            offered = data.get("buttons") or data.get("quick_replies")
            if offered:
                buttons = [b for b in offered if isinstance(b, dict)]
                break
    language = slots.get("language")
    return ConversationView(
        language=str(language) if language else None, buttons=buttons, last_utter_action=last_utter_action
    )


async def conversation_view(sender_id: str, app: Sanic | None = None) -> ConversationView:
    """The conversation as stored by Rasa; an empty view if it cannot be read."""
    agent = _agent(app)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return ConversationView()
    try:
        tracker = await store.retrieve(sender_id)
    except Exception:  # a channel must still answer if the store hiccups
        logger.exception("could not read conversation %s", sender_id)
        return ConversationView()
    if tracker is None:
        return ConversationView()
    events = [e.as_dict() for e in tracker.events]
    return view_from_events(events, tracker.current_slot_values())
