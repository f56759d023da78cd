"""The actions' client of the PES back-end API (see docs/CONTRACTS.md).

One method per endpoint; every request goes through `PESClient._request`, which holds
the timeout, the retry policy and the mapping of transport errors and status codes to
the `PESError` tree. A country that plugs in its own PES system replaces this module's
`PESClient` behind `get_client()`, and no action changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from actions.pes_models import (
    Alert,
    Application,
    Course,
    EligibilityAnswer,
    Escalation,
    Jobseeker,
    Occupation,
    Office,
    OfficeStatus,
    Page,
    Programme,
    RegistrationDraft,
    Town,
    Vacancy,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
IDEMPOTENT_METHODS = frozenset({"GET", "DELETE"})


# --- Exceptions -------------------------------------------------------------------


class PESError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, *, status: int | None = None, detail: str | None = None):
        super().__init__(message)
        self.status = status
        self.detail = detail


class PESUnavailable(PESError):
    """The back-end cannot answer now: connection refused, timeout, 5xx, garbled answer."""


class PESNotFound(PESError):
    """404: the id (or the looked-up person) does not exist."""


class PESRejected(PESError):
    """400/409/422: the back-end refused the request; `.detail` says why."""


class PESAuthError(PESError):
    """401/403: the actions' token is missing or wrong (a deployment problem)."""


# --- Configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class ClientConfig:
    base_url: str = "http://127.0.0.1:8000"
    token: str | None = None
    timeout: float = 5.0
    retries: int = 2
    backoff: float = 0.2  # seconds; doubles for each retry

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ClientConfig:
        env = os.environ if env is None else env
        raw_timeout = env.get("PES_API_TIMEOUT", "5")
        try:
            timeout = float(raw_timeout)
        except ValueError as exc:
            raise ValueError(f"PES_API_TIMEOUT must be a number of seconds, got {raw_timeout!r}") from exc
        if timeout <= 0:
            raise ValueError(f"PES_API_TIMEOUT must be positive, got {raw_timeout!r}")
        return cls(
            base_url=env.get("PES_API_URL", cls.base_url).rstrip("/"),
            token=env.get("PES_API_TOKEN") or None,
            timeout=timeout,
        )


def _detail(response: httpx.Response) -> str:
    """The back-end's `{"detail": ...}` as one readable string (422 gives a list)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict):
                where = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                parts.append(f"{where}: {item.get('msg', '')}".strip(": "))
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return "" if detail is None else str(detail)


def _items(body: Any) -> list[Any]:
    """A plain list, or the `items` of a page: list endpoints may page later."""
    if isinstance(body, dict) and "items" in body:
        return list(body["items"])
    if isinstance(body, list):
        return body
    raise ValueError("expected a list")


def _params(**values: Any) -> dict[str, str | int | float]:
    """Query parameters without the unset ones; booleans as the API spells them."""
    out: dict[str, str | int | float] = {}
    for key, value in values.items():
        if value is None:
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return out


# --- The client -------------------------------------------------------------------


class PESClient:
    def __init__(
        self, config: ClientConfig | None = None, *, transport: httpx.AsyncBaseTransport | None = None
    ):
        self.config = config or ClientConfig.from_env()
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> httpx.AsyncClient:
        # One pooled AsyncClient per process; pooled connections belong to the event
        # loop that opened them, so a new loop (tests, restarts) gets a fresh client.
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
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Send one request; return the decoded JSON body (None for 204).

        Retries only idempotent calls, and only when the back-end was unavailable:
        repeating a POST that timed out could register a person twice.
        """
        method = method.upper()
        retry = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        attempts = 1 + (self.config.retries if retry else 0)
        last: PESUnavailable | None = None
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(self.config.backoff * (2 ** (attempt - 1)))
            try:
                return await self._send_once(method, path, params=params, json=json)
            except PESUnavailable as exc:
                last = exc
                logger.warning(
                    "PES %s %s failed (attempt %d/%d): %s", method, path, attempt + 1, attempts, exc
                )
        assert last is not None
        raise last

    async def _send_once(self, method: str, path: str, *, params: Mapping[str, Any] | None, json: Any) -> Any:
        try:
            response = await self._client().request(method, path, params=params, json=json)
        except httpx.TimeoutException as exc:
            raise PESUnavailable(f"PES back-end timed out on {method} {path}") from exc
        except httpx.TransportError as exc:
            raise PESUnavailable(f"PES back-end unreachable on {method} {path}: {exc}") from exc
        status = response.status_code
        if 200 <= status < 300:
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError as exc:
                raise PESUnavailable(
                    f"PES back-end sent invalid JSON on {method} {path}", status=status
                ) from exc
        detail = _detail(response)
        if status in (401, 403):
            raise PESAuthError(f"PES back-end refused our token ({status})", status=status, detail=detail)
        if status == 404:
            raise PESNotFound(f"not found: {method} {path}", status=status, detail=detail)
        if status in (400, 409, 422):
            raise PESRejected(
                f"PES back-end rejected {method} {path}: {detail}", status=status, detail=detail
            )
        if status >= 500:
            raise PESUnavailable(
                f"PES back-end error {status} on {method} {path}", status=status, detail=detail
            )
        # Anything else (405, 429, ...) means the two sides disagree; treat as unavailable.
        raise PESUnavailable(f"unexpected status {status} on {method} {path}", status=status, detail=detail)

    @staticmethod
    def _parse(parser: Any, body: Any, what: str) -> Any:
        try:
            return parser(body)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise PESUnavailable(f"unusable back-end answer for {what}: {exc}") from exc

    # --- Towns ----------------------------------------------------------------

    async def list_towns(self) -> list[Town]:
        body = await self._request("GET", "/towns")
        return self._parse(lambda b: [Town.from_api(t) for t in _items(b)], body, "towns")

    # --- Jobseekers -----------------------------------------------------------

    async def lookup_jobseeker(
        self, *, phone: str | None = None, channel: str | None = None, identity: str | None = None
    ) -> Jobseeker | None:
        if not phone and not (channel and identity):
            raise ValueError("lookup_jobseeker needs a phone, or a channel and an identity")
        params = _params(phone=phone) if phone else _params(channel=channel, identity=identity)
        try:
            body = await self._request("GET", "/jobseekers/lookup", params=params)
        except PESNotFound:
            return None
        return self._parse(Jobseeker.from_api, body, "jobseeker lookup")

    async def get_jobseeker(self, jobseeker_id: int) -> Jobseeker:
        body = await self._request("GET", f"/jobseekers/{int(jobseeker_id)}")
        return self._parse(Jobseeker.from_api, body, "jobseeker")

    async def create_jobseeker(self, data: dict[str, Any]) -> Jobseeker:
        body = await self._request("POST", "/jobseekers", json=data)
        return self._parse(Jobseeker.from_api, body, "new jobseeker")

    async def update_jobseeker(self, jobseeker_id: int, changes: dict[str, Any]) -> Jobseeker:
        body = await self._request("PATCH", f"/jobseekers/{int(jobseeker_id)}", json=changes)
        return self._parse(Jobseeker.from_api, body, "updated jobseeker")

    async def delete_jobseeker(self, jobseeker_id: int) -> None:
        await self._request("DELETE", f"/jobseekers/{int(jobseeker_id)}")

    async def link_identity(self, jobseeker_id: int, channel: str, identity: str) -> Jobseeker:
        # Linking is idempotent on the back-end, so a retry cannot duplicate anything.
        body = await self._request(
            "POST",
            f"/jobseekers/{int(jobseeker_id)}/identities",
            json={"channel": channel, "identity": identity},
            idempotent=True,
        )
        return self._parse(Jobseeker.from_api, body, "identity link")

    # --- Registration drafts --------------------------------------------------
    # Answers kept under a phone the channel verified, so that a registration begun on
    # one channel (SMS) can be finished on another (Telegram, after sharing that number).

    async def get_registration_draft(self, phone: str) -> RegistrationDraft | None:
        try:
            body = await self._request("GET", f"/registration-drafts/{quote(phone, safe='')}")
        except PESNotFound:
            return None
        return self._parse(RegistrationDraft.from_api, body, "registration draft")

    async def save_registration_draft(self, phone: str, answers: dict[str, Any], channel: str | None) -> None:
        # A PUT of the whole draft: repeating it changes nothing, so it may be retried.
        await self._request(
            "PUT",
            f"/registration-drafts/{quote(phone, safe='')}",
            json={"answers": answers, "channel": channel},
            idempotent=True,
        )

    async def delete_registration_draft(self, phone: str) -> None:
        with contextlib.suppress(PESNotFound):
            await self._request("DELETE", f"/registration-drafts/{quote(phone, safe='')}")

    # --- Occupations ----------------------------------------------------------

    async def search_occupations(self, q: str, limit: int = 5) -> list[Occupation]:
        body = await self._request("GET", "/occupations/search", params=_params(q=q, limit=limit))
        return self._parse(lambda b: [Occupation.from_api(o) for o in _items(b)], body, "occupation search")

    # --- Vacancies and courses ------------------------------------------------

    async def search_vacancies(
        self,
        *,
        occupation_uri: str | None = None,
        isco_code: str | None = None,
        q: str | None = None,
        town: str | None = None,
        nearby: bool = True,
        employment_type: str | None = None,
        offset: int = 0,
        limit: int = 3,
    ) -> Page[Vacancy]:
        params = _params(
            occupation_uri=occupation_uri,
            isco_code=isco_code,
            q=q,
            town=town,
            nearby=nearby,
            employment_type=employment_type,
            offset=offset,
            limit=limit,
        )
        body = await self._request("GET", "/vacancies", params=params)
        return self._parse(lambda b: Page.from_api(b, Vacancy.from_api), body, "vacancy search")

    async def get_vacancy(self, vacancy_id: int) -> Vacancy:
        body = await self._request("GET", f"/vacancies/{int(vacancy_id)}")
        return self._parse(Vacancy.from_api, body, "vacancy")

    async def search_courses(
        self,
        *,
        field: str | None = None,
        q: str | None = None,
        isco_code: str | None = None,
        town: str | None = None,
        nearby: bool = True,
        mode: str | None = None,
        funded: bool | None = None,
        offset: int = 0,
        limit: int = 3,
    ) -> Page[Course]:
        params = _params(
            field=field,
            q=q,
            isco_code=isco_code,
            town=town,
            nearby=nearby,
            mode=mode,
            funded=funded,
            offset=offset,
            limit=limit,
        )
        body = await self._request("GET", "/courses", params=params)
        return self._parse(lambda b: Page.from_api(b, Course.from_api), body, "course search")

    async def get_course(self, course_id: int) -> Course:
        body = await self._request("GET", f"/courses/{int(course_id)}")
        return self._parse(Course.from_api, body, "course")

    # --- Programmes -----------------------------------------------------------

    async def list_programmes(self) -> list[Programme]:
        body = await self._request("GET", "/programmes")
        return self._parse(lambda b: [Programme.from_api(p) for p in _items(b)], body, "programmes")

    async def check_eligibility(
        self,
        *,
        jobseeker_id: int | None = None,
        facts: dict[str, Any] | None = None,
        programmes: list[str] | None = None,
    ) -> EligibilityAnswer:
        payload = {
            "jobseeker_id": None if jobseeker_id is None else int(jobseeker_id),
            "facts": facts or {},
            "programmes": programmes,
        }
        # A POST, but a pure computation: safe to repeat.
        body = await self._request("POST", "/eligibility", json=payload, idempotent=True)
        return self._parse(EligibilityAnswer.from_api, body, "eligibility")

    # --- Applications ---------------------------------------------------------

    async def apply(
        self, *, jobseeker_id: int, kind: str, target_id: int, note: str | None = None
    ) -> Application:
        payload = {"jobseeker_id": int(jobseeker_id), "kind": kind, "target_id": int(target_id), "note": note}
        # The back-end returns the existing application for a repeat, so retrying is safe.
        body = await self._request("POST", "/applications", json=payload, idempotent=True)
        return self._parse(Application.from_api, body, "application")

    # --- Offices, escalations, alerts -----------------------------------------

    async def list_offices(self, town: str | None = None) -> list[Office]:
        """Every office; with a town, the nearest first."""
        body = await self._request("GET", "/offices", params=_params(town=town))
        return self._parse(lambda b: [Office.from_api(o) for o in _items(b)], body, "offices")

    async def office_status(self, town: str | None = None) -> OfficeStatus:
        body = await self._request("GET", "/offices/status", params=_params(town=town))
        return self._parse(OfficeStatus.from_api, body, "office status")

    async def open_escalation(self, data: dict[str, Any]) -> Escalation:
        body = await self._request("POST", "/escalations", json=data)
        return self._parse(Escalation.from_api, body, "escalation")

    async def update_escalation(self, escalation_id: int, changes: dict[str, Any]) -> Escalation:
        """PATCH a callback request or a rating; the back-end answers 409 when the request
        is in the wrong state for it (a rating before the close, a callback after it)."""
        body = await self._request("PATCH", f"/escalations/{int(escalation_id)}", json=changes)
        return self._parse(Escalation.from_api, body, "updated escalation")

    async def subscribe_alert(self, data: dict[str, Any]) -> Alert:
        body = await self._request("POST", "/alerts", json=data)
        return self._parse(Alert.from_api, body, "alert")

    async def list_alerts(
        self, *, conversation_id: str | None = None, jobseeker_id: int | None = None
    ) -> list[Alert]:
        params = _params(conversation_id=conversation_id, jobseeker_id=jobseeker_id)
        body = await self._request("GET", "/alerts", params=params)
        return self._parse(lambda b: [Alert.from_api(a) for a in _items(b)], body, "alerts")

    async def unsubscribe_alert(self, alert_id: int) -> None:
        await self._request("DELETE", f"/alerts/{int(alert_id)}")


# --- Factory (the seam tests swap) --------------------------------------------------

_client: PESClient | None = None


def get_client() -> PESClient:
    """The process-wide client, built from the environment on first use."""
    global _client
    if _client is None:
        _client = PESClient(ClientConfig.from_env())
    return _client


def set_client(client: PESClient | None) -> None:
    """Replace the process-wide client (tests); None makes the next get_client() rebuild it."""
    global _client
    _client = client
