"""The channels' client of the back-end's messaging API (docs/CONTRACTS.md, "Messaging").

One method per endpoint, every request through `MessagingAPI._request`, which holds the
timeout, the retry policy and the mapping of failures to the `MessagingError` tree.
Channels get the client from `get_messaging_api()`; tests swap that factory.

A channel must keep working when the back-end is down: it catches `MessagingError`,
logs it and carries on (a rare duplicate message is better than a lost one).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1/messaging"


class MessagingError(Exception):
    """Base of every error the client raises; `.status` is the HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class MessagingUnavailable(MessagingError):
    """The back-end cannot answer now: refused connection, timeout, 5xx, garbled answer."""


class MessagingRejected(MessagingError):
    """400/404/409/422: the back-end refused the request; `.detail` says why."""


class MessagingAuthError(MessagingError):
    """401/403: PES_API_TOKEN is missing or wrong (a deployment problem)."""


@dataclass(frozen=True)
class MessagingConfig:
    base_url: str = "http://127.0.0.1:8000"
    token: str | None = None
    # A provider waits for the webhook's answer (Twilio gives up after 15 s), and a
    # channel may make a few calls per message: each one is short.
    timeout: float = 5.0
    retries: int = 1
    backoff: float = 0.2

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MessagingConfig:
        env = os.environ if env is None else env
        raw = env.get("PES_API_TIMEOUT", "5")
        try:
            timeout = float(raw)
        except ValueError as exc:
            raise ValueError(f"PES_API_TIMEOUT must be a number of seconds, got {raw!r}") from exc
        if not 0 < timeout < float("inf"):
            raise ValueError(f"PES_API_TIMEOUT must be positive, got {raw!r}")
        return cls(
            base_url=env.get("PES_API_URL", cls.base_url).rstrip("/"),
            token=env.get("PES_API_TOKEN") or None,
            timeout=timeout,
        )


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):
        return "; ".join(
            f"{'.'.join(str(p) for p in item.get('loc', []) if p != 'body')}: {item.get('msg', '')}"
            if isinstance(item, dict)
            else str(item)
            for item in detail
        )
    return "" if detail is None else str(detail)


def _path_part(value: str) -> str:
    # "+" and "/" must reach the back-end as part of the address, not as URL syntax.
    return quote(value, safe="")


class MessagingAPI:
    def __init__(
        self, config: MessagingConfig | None = None, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.config = config or MessagingConfig.from_env()
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> httpx.AsyncClient:
        # Pooled connections belong to the loop that opened them: a new loop gets a new client.
        loop = asyncio.get_running_loop()
        if self._http is None or self._http.is_closed or self._loop is not loop:
            headers = {"Accept": "application/json"}
            if self.config.token:
                headers["Authorization"] = f"Bearer {self.config.token}"
            self._http = httpx.AsyncClient(
                base_url=self.config.base_url + API_PREFIX,
                headers=headers,
                timeout=httpx.Timeout(self.config.timeout),
                transport=self._transport,
            )
            self._loop = loop
        return self._http

    async def aclose(self) -> None:
        if self._http is not None and not self._http.is_closed:
            await self._http.aclose()
        self._http = None

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        retry: bool = False,
    ) -> Any:
        """Send one request; return the decoded JSON body (None if empty).

        Only requests that change nothing, or whose repetition lands in the same state,
        are retried, and only when the back-end was unavailable.
        """
        attempts = 1 + (self.config.retries if retry else 0)
        last: MessagingUnavailable | None = None
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(self.config.backoff * 2 ** (attempt - 1))
            try:
                return await self._send_once(method, path, params=params, json=json)
            except MessagingUnavailable as exc:
                last = exc
                logger.warning(
                    "messaging %s %s failed (attempt %d/%d): %s", method, path, attempt + 1, attempts, exc
                )
        assert last is not None
        raise last

    async def _send_once(self, method: str, path: str, *, params: Mapping[str, str] | None, json: Any) -> Any:
        try:
            response = await self._client().request(method, path, params=params, json=json)
        except httpx.TimeoutException as exc:
            raise MessagingUnavailable(f"PES back-end timed out on {method} {path}") from exc
        except httpx.TransportError as exc:
            raise MessagingUnavailable(f"PES back-end unreachable on {method} {path}: {exc}") from exc
        status = response.status_code
        if 200 <= status < 300:
            if not response.content:
                return None
            try:
                return response.json()
            except ValueError as exc:
                raise MessagingUnavailable(f"invalid JSON from {method} {path}", status=status) from exc
        detail = _detail(response)
        if status in (401, 403):
            raise MessagingAuthError(
                f"PES back-end refused our token ({status})", status=status, detail=detail
            )
        if status in (400, 404, 409, 422):
            raise MessagingRejected(
                f"PES back-end rejected {method} {path}: {detail}", status=status, detail=detail
            )
        raise MessagingUnavailable(
            f"PES back-end answered {status} on {method} {path}", status=status, detail=detail
        )

    @staticmethod
    def _field(body: Any, name: str, kind: type, what: str) -> Any:
        value = body.get(name) if isinstance(body, dict) else None
        if not isinstance(value, kind):
            raise MessagingUnavailable(f"unusable back-end answer for {what}: no {name!r}")
        return value

    # --- Inbound ----------------------------------------------------------------------

    async def claim_inbound(self, channel: str, message_id: str, sender: str) -> bool:
        """True the first time this provider message id is seen on the channel.

        Never retried: if an answer was lost after the back-end recorded the claim, a
        retry would say "seen before" and the message would be dropped.
        """
        body = await self._request(
            "POST",
            "/inbound",
            json={"channel": channel, "provider_message_id": message_id, "sender": sender},
        )
        return bool(self._field(body, "first", bool, "inbound claim"))

    # --- Opt-outs ---------------------------------------------------------------------

    async def is_opted_out(self, address: str, family: str = "sms") -> bool:
        body = await self._request(
            "GET", f"/opt-outs/{_path_part(address)}", params={"family": family}, retry=True
        )
        return bool(self._field(body, "opted_out", bool, "opt-out"))

    async def opt_out(self, address: str, keyword: str, channel: str, family: str = "sms") -> None:
        await self._request(
            "PUT",
            f"/opt-outs/{_path_part(address)}",
            json={"family": family, "keyword": keyword, "channel": channel},
            retry=True,  # idempotent: a second STOP changes nothing
        )

    async def opt_in(self, address: str, family: str = "sms") -> None:
        await self._request(
            "DELETE", f"/opt-outs/{_path_part(address)}", params={"family": family}, retry=True
        )

    # --- Outbound and delivery reports ------------------------------------------------

    async def record_outbound(
        self,
        *,
        channel: str,
        provider: str,
        recipient: str,
        conversation_id: str,
        provider_message_id: str | None,
        text: str,
        encoding: str | None,
        segments: int | None,
        status: str,
    ) -> None:
        await self._request(
            "POST",
            "/outbound",
            json={
                "channel": channel,
                "provider": provider,
                "recipient": recipient,
                "conversation_id": conversation_id,
                "provider_message_id": provider_message_id,
                "text": text,
                "encoding": encoding,
                "segments": segments,
                "status": status,
            },
            # With a provider id the back-end answers a repeat with the stored message.
            retry=provider_message_id is not None,
        )

    async def record_delivery(
        self, *, provider: str, provider_message_id: str, status: str, provider_status: str, error: str | None
    ) -> bool:
        """Stores the report; True when it matched a recorded outbound message."""
        body = await self._request(
            "POST",
            "/delivery-reports",
            json={
                "provider": provider,
                "provider_message_id": provider_message_id,
                "status": status,
                "provider_status": provider_status,
                "error": error,
            },
        )
        return bool(self._field(body, "matched", bool, "delivery report"))


_api: MessagingAPI | None = None


def get_messaging_api() -> MessagingAPI:
    """The process-wide client (configured from the environment on first use)."""
    global _api
    if _api is None:
        _api = MessagingAPI()
    return _api


def set_messaging_api(api: MessagingAPI | None) -> None:
    """Replace the process-wide client; None makes the next get_messaging_api() rebuild it."""
    global _api
    _api = api
