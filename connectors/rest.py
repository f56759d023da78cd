"""Rasa's REST channel, telling the actions which channel a message came from.

The REST webhook is not authenticated: whoever calls it chooses the sender id and the
metadata. So only keys that cannot be abused pass through; a client-supplied "phone"
is dropped, because the actions trust "phone" as a number the channel has verified
(SMS and Telegram contacts do; a REST caller does not).
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.request import Request

# Metadata a REST client may set: hints that change nothing about who the user is.
ALLOWED_KEYS = ("language_hint",)


class RestChannel(RestInput):
    """`/webhooks/rest/webhook`, with `{"channel": "rest"}` added to every message's metadata."""

    def get_metadata(self, request: Request) -> dict[str, Any]:
        body = request.json if isinstance(request.json, dict) else {}
        sent = body.get("metadata")
        metadata = {k: sent[k] for k in ALLOWED_KEYS if isinstance(sent, dict) and k in sent}
        metadata["channel"] = self.name()
        return metadata
