"""Shared helpers for the registration/profile/session action tests (no tests here).

A scripted PES back-end behind httpx.MockTransport: the client under test runs its
real code down to the transport, and the fake keeps state (jobseekers, identities)
so a test sees what a user would: registration numbers, 409 on a known phone, 404
after deletion.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import yaml

# `pytest tests/actions` from the repo root must find the `actions` package.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from rasa_sdk import Tracker  # noqa: E402

from actions.pes_client import ClientConfig, PESClient  # noqa: E402

TOWNS = ["Nairobi", "Nakuru", "Mombasa", "Kisumu", "Eldoret", "Malindi"]
OCCUPATIONS = [
    {
        "uri": "esco:car-driver",
        "label": "car driver",
        "isco_code": "8322",
        "isco_label": "Car, taxi and van drivers",
    },
    {
        "uri": "esco:taxi-driver",
        "label": "taxi driver",
        "isco_code": "8322",
        "isco_label": "Car, taxi and van drivers",
    },
    {
        "uri": "esco:bus-driver",
        "label": "bus driver",
        "isco_code": "8331",
        "isco_label": "Bus and tram drivers",
    },
    {
        "uri": "esco:motorcycle-rider",
        "label": "motorcycle delivery rider",
        "isco_code": "8321",
        "isco_label": "Motorcycle drivers",
    },
]


def load_domain() -> dict[str, Any]:
    """The real domain responses (all files merged), as the action server receives them."""
    merged: dict[str, Any] = {"responses": {}, "slots": {}, "forms": {}}
    for path in sorted((REPO_ROOT / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        merged["responses"].update(data.get("responses") or {})
        merged["slots"].update(data.get("slots") or {})
        merged["forms"].update(data.get("forms") or {})
    return merged


@dataclass
class FakeBackend:
    """Answers like the PES API for the routes registration and profile use."""

    down: bool = False
    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    # Registration drafts by E.164 phone: {"answers": ..., "channel": ...}.
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        path = request.url.path.removeprefix("/api/v1")
        method = request.method
        if path == "/towns":
            return httpx.Response(
                200, json=[{"name": t, "region": None, "country": "KE", "lat": 0, "lon": 0} for t in TOWNS]
            )
        if path == "/occupations/search":
            q = request.url.params["q"].lower()
            limit = int(request.url.params.get("limit", 5))
            hits = [
                dict(o, matched=o["label"], score=90.0)
                for o in OCCUPATIONS
                if any(w in o["label"] for w in q.split())
            ]
            return httpx.Response(200, json=hits[:limit])
        if path == "/jobseekers" and method == "POST":
            return self._create(json.loads(request.content))
        if path == "/jobseekers/lookup":
            return self._lookup(request.url.params)
        parts = path.strip("/").split("/")
        if parts[0] == "registration-drafts" and len(parts) == 2:
            return self._draft(method, unquote(parts[1]), request)
        if parts[0] == "jobseekers" and len(parts) >= 2:
            person = self.people.get(int(parts[1]))
            if person is None:
                return httpx.Response(404, json={"detail": "jobseeker not found"})
            if len(parts) == 3 and parts[2] == "identities":
                link = json.loads(request.content)
                if link not in person["identities"]:
                    person["identities"].append(link)
                return httpx.Response(200, json=person)
            if method == "GET":
                return httpx.Response(200, json=person)
            if method == "PATCH":
                changes = json.loads(request.content)
                phone = changes.get("phone")
                if phone and any(
                    p["phone"] == phone and p["id"] != person["id"] for p in self.people.values()
                ):
                    return httpx.Response(409, json={"detail": "phone already registered"})
                person.update(changes)
                return httpx.Response(200, json=person)
            if method == "DELETE":
                del self.people[person["id"]]
                return httpx.Response(204)
        return httpx.Response(404, json={"detail": "no route"})

    def _draft(self, method: str, phone: str, request: httpx.Request) -> httpx.Response:
        if method == "PUT":
            body = json.loads(request.content)
            self.drafts[phone] = {"phone": phone, "answers": body["answers"], "channel": body.get("channel")}
            return httpx.Response(200, json=self.drafts[phone])
        if phone not in self.drafts:
            return httpx.Response(404, json={"detail": "no registration draft"})
        if method == "DELETE":
            del self.drafts[phone]
            return httpx.Response(204)
        return httpx.Response(200, json=self.drafts[phone])

    def _create(self, body: dict[str, Any]) -> httpx.Response:
        if not body.get("consent"):
            return httpx.Response(422, json={"detail": "consent is required"})
        if any(p["phone"] == body.get("phone") for p in self.people.values()):
            return httpx.Response(409, json={"detail": "phone already registered"})
        new_id = max(self.people, default=0) + 1
        person = {
            **body,
            "id": new_id,
            "registration_number": f"PES-2026-{new_id:06d}",
            "identities": [],
            "created_at": "2026-03-01T10:00:00+00:00",
            "updated_at": "2026-03-01T10:00:00+00:00",
        }
        self.people[new_id] = person
        return httpx.Response(201, json=person)

    def _lookup(self, params: httpx.QueryParams) -> httpx.Response:
        for person in self.people.values():
            if "phone" in params and person.get("phone") == params["phone"]:
                return httpx.Response(200, json=person)
            link = {"channel": params.get("channel"), "identity": params.get("identity")}
            if "channel" in params and link in person["identities"]:
                return httpx.Response(200, json=person)
        return httpx.Response(404, json={"detail": "not found"})

    def add_person(self, **fields: Any) -> dict[str, Any]:
        body = {
            "consent": {"notice_version": "2026-1", "given_at": "2026-01-01T00:00:00+00:00"},
            "name": "Amina Wanjiru",
            "date_of_birth": "2001-05-12",
            "gender": "female",
            "phone": "+254712345678",
            "town": "Nakuru",
            "education_level": 3,
            "occupations": [{"esco_uri": "esco:car-driver", "isco_code": "8322", "label": "car driver"}],
            "experience_years": 2,
            "status": "unemployed",
            "status_since": "2025-03-01",
            "disability": None,
            "languages": ["en"],
        }
        body.update(fields)
        response = self._create(body)
        assert response.status_code == 201
        return response.json()


def client_for(backend: FakeBackend) -> PESClient:
    config = ClientConfig(base_url="http://pes.test", token="t", timeout=1.0, backoff=0.0)
    return PESClient(config, transport=httpx.MockTransport(backend))


def make_tracker(
    slots: dict[str, Any] | None = None,
    *,
    text: str = "",
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    sender_id: str = "user-1",
    channel: str = "rest",
    metadata: dict[str, Any] | None = None,
    events_after: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker as the action server receives it; the latest message is the user's."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    all_events = list(events or [])
    all_events.append(
        {
            "event": "user",
            "text": text,
            "parse_data": latest,
            "input_channel": channel,
            "metadata": metadata or {},
        }
    )
    # Events of actions that ran after her message (e.g. a start action before a form).
    all_events.extend(events_after or [])
    return Tracker(
        sender_id=sender_id,
        slots={"language": "en", **(slots or {})},
        latest_message=latest,
        events=all_events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def form_asked(slot: str) -> list[dict[str, Any]]:
    """Events of a form that just asked `slot` and listens."""
    return [
        {"event": "action", "name": "registration_form"},
        {"event": "slot", "name": "requested_slot", "value": slot},
        {"event": "action", "name": "action_listen"},
    ]


def slot_sets(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher: Any) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]
