"""The inbox's two HTTP neighbours: the PES back-end (escalations, profiles) and the Rasa
server (conversations). Each call takes an `httpx.AsyncClient` from `open()`, so that one
sync pass or one staff action shares its connections and closes them when done.

Errors come back as `UpstreamError` with a message fit for staff and logs: it names the
service and the status, never the URL (Rasa's token travels in the query string).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

API_PREFIX = "/api/v1"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# trigger_intent runs the bot's rule (and possibly an action server call): give it longer.
TRIGGER_TIMEOUT = httpx.Timeout(20.0, connect=3.0)
ERROR_BODY_CHARS = 200


class UpstreamError(Exception):
    """The back-end or Rasa could not be reached or refused a call."""

    def __init__(self, service: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{service} {message}")
        self.service = service
        self.status = status


def conversation_path(conversation_id: str) -> str:
    # SMS conversation ids are E.164 numbers; Rasa's Sanic does not turn %2B back into '+'.
    return f"/conversations/{quote(conversation_id, safe='+')}"


class _Service:
    """One HTTP neighbour: its address and the token it wants (each says how it is sent)."""

    name = ""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._transport = transport
        self._timeout = timeout

    def open(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url,
            transport=self._transport,
            timeout=self._timeout,
            headers=self._headers(),
        )

    def _headers(self) -> dict[str, str]:
        return {"Accept": "application/json"}

    async def _call(
        self,
        http: httpx.AsyncClient,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        timeout: httpx.Timeout | None = None,
        allow_404: bool = False,
    ) -> Any:
        try:
            response = await http.request(
                method,
                path,
                params=params,
                json=json,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TransportError as exc:
            raise UpstreamError(self.name, f"is unreachable ({type(exc).__name__})") from exc
        if allow_404 and response.status_code == 404:
            return None
        if not response.is_success:
            raise UpstreamError(
                self.name,
                f"answered {response.status_code}: {response.text[:ERROR_BODY_CHARS]}",
                status=response.status_code,
            )
        try:
            return response.json()
        except ValueError as exc:
            raise UpstreamError(self.name, "answered with something that is not JSON") from exc


class BackendClient(_Service):
    """The PES back-end's escalation and jobseeker API (bearer token)."""

    name = "the PES back-end"

    def _headers(self) -> dict[str, str]:
        return {**super()._headers(), "Authorization": f"Bearer {self._token}"}

    async def open_escalations(self, http: httpx.AsyncClient) -> list[dict[str, Any]]:
        found = await self._call(http, "GET", f"{API_PREFIX}/escalations", params={"status": "open"})
        if not isinstance(found, list):
            raise UpstreamError(self.name, "answered the escalation list with something that is not a list")
        return [e for e in found if isinstance(e, dict)]

    async def escalation(self, http: httpx.AsyncClient, escalation_id: int) -> dict[str, Any]:
        found: dict[str, Any] = await self._call(http, "GET", f"{API_PREFIX}/escalations/{escalation_id}")
        return found

    async def update_escalation(
        self, http: httpx.AsyncClient, escalation_id: int, changes: dict[str, Any]
    ) -> dict[str, Any]:
        found: dict[str, Any] = await self._call(
            http, "PATCH", f"{API_PREFIX}/escalations/{escalation_id}", json=changes
        )
        return found

    async def jobseeker(self, http: httpx.AsyncClient, jobseeker_id: int) -> dict[str, Any] | None:
        """The profile, or None when the back-end has no such jobseeker (erased)."""
        found = await self._call(http, "GET", f"{API_PREFIX}/jobseekers/{jobseeker_id}", allow_404=True)
        return found if isinstance(found, dict) else None


class RasaClient(_Service):
    """The Rasa server's HTTP API (token in the query string, as Rasa wants it)."""

    name = "Rasa"

    async def tracker(self, http: httpx.AsyncClient, conversation_id: str) -> dict[str, Any]:
        found = await self._call(
            http, "GET", f"{conversation_path(conversation_id)}/tracker", params={"token": self._token}
        )
        if not isinstance(found, dict):
            raise UpstreamError(self.name, "answered the tracker with something that is not an object")
        return found

    async def pause(self, http: httpx.AsyncClient, conversation_id: str) -> None:
        """Stops the bot answering; pausing a paused conversation changes nothing."""
        await self._call(
            http,
            "POST",
            f"{conversation_path(conversation_id)}/tracker/events",
            params={"token": self._token},
            json={"event": "pause"},
        )

    async def resume(self, http: httpx.AsyncClient, conversation_id: str) -> None:
        await self._call(
            http,
            "POST",
            f"{conversation_path(conversation_id)}/tracker/events",
            params={"token": self._token},
            json=[{"event": "resume"}],
        )

    async def deliver(
        self,
        http: httpx.AsyncClient,
        conversation_id: str,
        *,
        channel: str,
        text: str,
        staff_message_id: int,
        staff_name: str,
    ) -> None:
        """A staff reply as a bot utterance, sent out through the user's own channel.

        The metadata marks it as the console's own, so the sync loop does not read it back.
        """
        await self._call(
            http,
            "POST",
            f"{conversation_path(conversation_id)}/tracker/events",
            params={"execute_side_effects": "true", "output_channel": channel, "token": self._token},
            json=[
                {
                    "event": "bot",
                    "text": text,
                    "metadata": {"staff_message_id": staff_message_id, "staff_name": staff_name},
                }
            ],
        )

    async def trigger_intent(
        self, http: httpx.AsyncClient, conversation_id: str, *, name: str, channel: str
    ) -> None:
        await self._call(
            http,
            "POST",
            f"{conversation_path(conversation_id)}/trigger_intent",
            params={"output_channel": channel, "token": self._token},
            json={"name": name, "entities": {}},
            timeout=TRIGGER_TIMEOUT,
        )
