"""Rasa's socket.io channel for the web chat widget, with the client's input kept in bounds.

Rasa's `SocketIOInput` trusts the browser with two things it must not: the session id
becomes the conversation's sender id, and the metadata travels to the actions as is.
Because conversations are stored by sender id alone, a client that could pick any id
could write into another channel's conversation (an SMS user's phone number, a Telegram
chat id) and, since the actions trust metadata such as "phone", could claim a number it
never verified. So:

- a session id is accepted only in the form Rasa itself generates (32 lowercase hex
  characters, 128 random bits); anything else gets a fresh id from the server;
- from the client's metadata only "language_hint" passes, and "channel" is set here;
- a message that is not a string, is empty or is too long is refused with a
  `message_rejected` event naming the reason, instead of reaching the NLU.

Everything else (rooms, session persistence, the output channel that staff replies and
job alerts use) is Rasa's own code: the event handlers Rasa registers are wrapped, not
rewritten.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)

# The form of `uuid.uuid4().hex`, which is how Rasa makes a session id.
SESSION_ID = re.compile(r"[0-9a-f]{32}")
# Metadata a browser may set: hints that change nothing about who the user is.
ALLOWED_KEYS = ("language_hint",)
LANGUAGE_HINT = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
# Far above what a person types in a chat (the widget stops at 1,000), low enough that
# one message cannot occupy the NLU pipeline for long.
MAX_MESSAGE_CHARS = 4000
REJECTED_EVENT = "message_rejected"

Handler = Callable[..., Awaitable[Any]]


def valid_session_id(value: object) -> bool:
    return isinstance(value, str) and SESSION_ID.fullmatch(value) is not None


def trusted_metadata(sent: object, channel: str) -> dict[str, Any]:
    """The part of the client's metadata the actions may rely on, plus the channel name."""
    if isinstance(sent, str):
        try:
            sent = json.loads(sent)
        except ValueError:
            sent = None
    metadata: dict[str, Any] = {}
    if isinstance(sent, dict):
        for key in ALLOWED_KEYS:
            value = sent.get(key)
            if isinstance(value, str) and LANGUAGE_HINT.fullmatch(value):
                metadata[key] = value.lower()
    metadata["channel"] = channel
    return metadata


def message_problem(data: object, *, needs_session: bool) -> str | None:
    """Why a `user_uttered` payload cannot be processed, or None when it can."""
    if not isinstance(data, dict):
        return "the message must be an object"
    if needs_session and not valid_session_id(data.get("session_id")):
        return "unknown session: send session_request first and use the id it confirms"
    text = data.get("message")
    if not isinstance(text, str) or not text.strip():
        return "the message has no text"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"the message is longer than {MAX_MESSAGE_CHARS} characters"
    return None


class WebChat(SocketIOInput):
    """The `socketio` channel (same name, same events) with untrusted input kept in bounds."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_trusted_metadata(message: UserMessage) -> Any:
            # Rasa has already parsed the client's metadata (a dict or a JSON string);
            # what reaches the dialogue is only what a browser may decide.
            message.metadata = trusted_metadata(message.metadata, self.name())
            return await on_new_message(message)

        blueprint = super().blueprint(with_trusted_metadata)
        self._guard_handlers()
        return blueprint

    def _guard_handlers(self) -> None:
        sio = self.sio
        assert sio is not None, "SocketIOInput.blueprint creates the server"
        handlers: dict[str, Handler] = sio.handlers[self.namespace or "/"]
        ask_session = handlers["session_request"]
        handle_message = handlers[self.user_message_evt]

        async def session_request(sid: str, data: Any) -> None:
            wanted = data.get("session_id") if isinstance(data, dict) else None
            if wanted is not None and not valid_session_id(wanted):
                logger.info("socketio: %s asked for a session id of a foreign form; issuing a new one", sid)
                wanted = None
            # Rasa generates the id when it is None.
            await ask_session(sid, {"session_id": wanted})

        async def user_uttered(sid: str, data: Any) -> None:
            problem = message_problem(data, needs_session=self.session_persistence)
            if problem:
                logger.info("socketio: refused a message from %s: %s", sid, problem)
                await sio.emit(REJECTED_EVENT, {"reason": problem}, room=sid, namespace=self.namespace)
                return
            # Only the fields Rasa reads, with the metadata already parsed: Rasa's own
            # json.loads would raise on a malformed string.
            clean = {
                "session_id": data.get("session_id"),
                "message": data["message"],
                self.metadata_key: trusted_metadata(data.get(self.metadata_key), self.name()),
            }
            await handle_message(sid, clean)

        handlers["session_request"] = session_request
        handlers[self.user_message_evt] = user_uttered
