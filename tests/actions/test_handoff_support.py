"""Test support for the handoff, alerts and fallback actions (no tests of its own).

- `FakePES`: the back-end's escalation (open, PATCH), jobseeker (GET), alert, town and
  occupation routes over httpx.MockTransport, so the real PESClient (error mapping,
  parsing) runs; `failures` makes one route answer with an error status;
- `backend_url`: the real reference back-end on a free port (services environment,
  fresh SQLite database, migrated and seeded) for integration tests;
- `make_tracker` / `run_action` / `texts`: run an action as the action server does and
  read what the user would see, rendered from the real domain files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from backend_server import TOKEN  # type: ignore[import-not-found]
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import pes_client
from actions.pes_client import ClientConfig, PESClient

ROOT = Path(__file__).resolve().parents[2]


def load_domain() -> dict[str, Any]:
    """Responses, slots and forms of the real domain folder (all files merged)."""
    merged: dict[str, Any] = {"responses": {}, "slots": {}, "forms": {}}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for key in merged:
            merged[key].update(data.get(key) or {})
    return merged


DOMAIN = load_domain()


def _variant(name: str) -> dict[str, Any]:
    variants = DOMAIN["responses"][name]
    for variant in variants:
        if not variant.get("condition"):
            return variant
    return variants[0]


def render(message: dict[str, Any]) -> str:
    """The English text of one dispatched message, placeholders filled like Rasa does."""
    name = message.get("response")
    if not name:
        return str(message.get("text") or "")
    text = str(_variant(name)["text"])
    values = {k: v for k, v in message.items() if k not in ("response", "buttons")}
    missing = set(re.findall(r"{(\w+)}", text)) - set(values)
    assert not missing, f"{name} needs placeholders {missing}"
    return text.format(**values)


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [render(m) for m in dispatcher.messages]


def all_buttons(dispatcher: CollectingDispatcher) -> list[dict[str, str]]:
    """The buttons the user sees: a response's own ones, then those the action added."""
    out: list[dict[str, str]] = []
    for m in dispatcher.messages:
        if m.get("response"):
            # Rasa unescapes doubled braces in responses ({{ -> {) when it fills them.
            for b in _variant(m["response"]).get("buttons") or []:
                out.append({**b, "payload": b["payload"].replace("{{", "{").replace("}}", "}")})
        out += m.get("buttons") or []
    return out


def user_event(
    text: str,
    intent: str,
    *,
    confidence: float = 0.95,
    entities: list[dict[str, Any]] | None = None,
    channel: str = "rest",
    timestamp: float = 1_780_000_000.0,
    ranking: list[dict[str, Any]] | None = None,
    faq: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A user message as Rasa stores it; `metadata` is what the channel sent with it
    (e.g. the SMS sender's "phone")."""
    parse: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }
    if faq:
        parse["response_selector"] = {"faq": {"response": {"intent_response_key": faq}}}
    if metadata:
        parse["metadata"] = metadata
    event: dict[str, Any] = {
        "event": "user",
        "text": text,
        "parse_data": parse,
        "input_channel": channel,
        "timestamp": timestamp,
    }
    if metadata:
        event["metadata"] = metadata
    return event


def bot_event(text: str, timestamp: float = 1_780_000_001.0, response: str | None = None) -> dict[str, Any]:
    """A bot message; `response` is the response name Rasa records in its metadata."""
    event: dict[str, Any] = {"event": "bot", "text": text, "timestamp": timestamp}
    if response:
        event["metadata"] = {"utter_action": response}
    return event


def make_tracker(
    events: list[dict[str, Any]],
    *,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    sender_id: str = "conv-1",
) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e.get("event") == "user"), {})
    return Tracker(
        sender_id=sender_id,
        slots={"language": "en", **(slots or {})},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


async def run_action(action: Action, tracker: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher, list(events)


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


# --- An in-memory back-end over MockTransport ----------------------------------------


@dataclass
class FakePES:
    """The escalation, jobseeker, alert, town and occupation routes, with what they received."""

    escalation_answer: dict[str, Any] = field(default_factory=dict)
    fail_with: int | None = None
    # (method, path) -> status: that route alone fails, e.g. {("PATCH", "/escalations/41"): 409}.
    failures: dict[tuple[str, str], int] = field(default_factory=dict)
    jobseekers: dict[int, dict[str, Any]] = field(default_factory=dict)
    towns: list[str] = field(default_factory=lambda: ["Nairobi", "Mombasa", "Malindi", "Murang'a", "Nakuru"])
    occupations: list[dict[str, Any]] = field(default_factory=list)
    alerts: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    next_id: int = 1

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        path = request.url.path.removeprefix("/api/v1")
        self.requests.append((request.method, path, body))
        if self.fail_with:
            return httpx.Response(self.fail_with, json={"detail": "failure for the test"})
        failure = self.failures.get((request.method, path))
        if failure:
            return httpx.Response(failure, json={"detail": f"failure {failure} for the test"})
        handler: Callable[[httpx.Request, Any], httpx.Response] | None = {
            ("POST", "/escalations"): self._escalation,
            ("GET", "/towns"): self._towns,
            ("GET", "/occupations/search"): self._occupations,
            ("GET", "/alerts"): self._list_alerts,
            ("POST", "/alerts"): self._subscribe,
        }.get((request.method, path))
        if handler:
            return handler(request, body)
        if request.method == "PATCH" and path.startswith("/escalations/"):
            return self._patch_escalation(int(path.rsplit("/", 1)[1]), body)
        if request.method == "GET" and path.startswith("/jobseekers/"):
            person = self.jobseekers.get(int(path.rsplit("/", 1)[1]))
            if person is None:
                return httpx.Response(404, json={"detail": "no such jobseeker"})
            return httpx.Response(200, json=person)
        if request.method == "DELETE" and path.startswith("/alerts/"):
            alert_id = int(path.rsplit("/", 1)[1])
            if self.alerts.pop(alert_id, None) is None:
                return httpx.Response(404, json={"detail": "no such alert"})
            return httpx.Response(204)
        return httpx.Response(404, json={"detail": f"unexpected {request.method} {path}"})

    def _stored_escalation(self) -> dict[str, Any]:
        return {
            "id": 41,
            "status": "open",
            "queue_position": 3,
            "expected_wait_minutes": 20,
            "open_now": True,
            "next_opening": None,
            "created_at": "2026-11-25T10:00:00+00:00",
            "callback_requested": False,
            "callback_phone": None,
            "rating": None,
            **self.escalation_answer,
        }

    def _escalation(self, request: httpx.Request, body: Any) -> httpx.Response:
        return httpx.Response(201, json=self._stored_escalation())

    def _patch_escalation(self, escalation_id: int, body: Any) -> httpx.Response:
        # The back-end's answer: the escalation with the changes applied.
        return httpx.Response(200, json={**self._stored_escalation(), "id": escalation_id, **body})

    def _towns(self, request: httpx.Request, body: Any) -> httpx.Response:
        return httpx.Response(
            200, json=[{"name": n, "region": None, "country": "KE", "lat": 0, "lon": 0} for n in self.towns]
        )

    def _occupations(self, request: httpx.Request, body: Any) -> httpx.Response:
        q = request.url.params.get("q", "").lower()
        hits = [o for o in self.occupations if q in o["label"].lower() or q in o.get("matched", "").lower()]
        return httpx.Response(200, json=hits)

    def _list_alerts(self, request: httpx.Request, body: Any) -> httpx.Response:
        conversation = request.url.params.get("conversation_id")
        jobseeker = request.url.params.get("jobseeker_id")
        found = [
            a
            for a in self.alerts.values()
            if (conversation and a["conversation_id"] == conversation)
            or (jobseeker and str(a.get("jobseeker_id")) == jobseeker)
        ]
        return httpx.Response(200, json=found)

    def _subscribe(self, request: httpx.Request, body: Any) -> httpx.Response:
        alert = {**body, "id": self.next_id, "active": True, "created_at": "2026-11-25T10:00:00+00:00"}
        self.alerts[self.next_id] = alert
        self.next_id += 1
        return httpx.Response(201, json=alert)

    def add_alert(self, **fields: Any) -> int:
        alert = {
            "conversation_id": "conv-1",
            "channel": "rest",
            "recipient": "conv-1",
            "jobseeker_id": None,
            "isco_code": None,
            "occupation_uri": None,
            "occupation_label": None,
            "town": None,
            "keyword": None,
            "language": "en",
            **fields,
            "id": self.next_id,
            "active": True,
            "created_at": "2026-11-25T10:00:00+00:00",
        }
        self.alerts[self.next_id] = alert
        self.next_id += 1
        return int(alert["id"])


@pytest.fixture
def fake_pes() -> Iterator[FakePES]:
    fake = FakePES()
    config = ClientConfig(base_url="http://pes.test", token="t", timeout=1.0, backoff=0.0)
    pes_client.set_client(PESClient(config, transport=httpx.MockTransport(fake)))
    yield fake
    pes_client.set_client(None)


@pytest.fixture
def unreachable_pes() -> Iterator[None]:
    """A client whose every request is refused, as when the back-end is down."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    config = ClientConfig(base_url="http://pes.test", token="t", timeout=1.0, backoff=0.0)
    pes_client.set_client(PESClient(config, transport=httpx.MockTransport(refuse)))
    yield None
    pes_client.set_client(None)


# --- The real back-end ---------------------------------------------------------------


@pytest.fixture
def real_pes(backend_url: str) -> Iterator[str]:
    pes_client.set_client(PESClient(ClientConfig(base_url=backend_url, token=TOKEN, timeout=10)))
    yield backend_url
    pes_client.set_client(None)
