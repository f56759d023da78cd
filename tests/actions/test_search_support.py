"""Test support for the search and eligibility actions, plus tests of the pure helpers.

`FakePES` answers the PES back-end API over httpx.MockTransport with a small
in-memory data set, so the real PESClient (timeouts, error mapping, parsing) runs in
every action test. `run_action` runs an action the way the action server does and
`texts` renders what the user would read, using the real domain files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import pes_client
from actions.pes_client import ClientConfig, PESClient
from actions.pes_models import Occupation
from actions.search_common import (
    button_payload,
    choose_occupation,
    is_anywhere,
    match_town,
    minor_group,
    money_range,
    phrase,
    pick_item,
    shorten,
)

ROOT = Path(__file__).resolve().parents[2]


def load_domain() -> dict[str, Any]:
    """The real domain folder merged the simple way the tests need (responses, slots)."""
    merged: dict[str, Any] = {"responses": {}, "slots": {}, "forms": {}}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for key in merged:
            merged[key].update(data.get(key) or {})
    return merged


DOMAIN = load_domain()


def render(message: dict[str, Any], domain: dict[str, Any] = DOMAIN) -> str:
    """The English text a user sees for one dispatched message."""
    name = message.get("response")
    # As in Rasa, an explicit `text` replaces the response's text: a placeholder
    # called "text" would never reach the user.
    if not name or message.get("text"):
        return str(message.get("text") or "")
    values = {
        k: v
        for k, v in message.items()
        if k
        not in ("response", "buttons", "elements", "attachment", "image", "json_message", "text", "custom")
    }
    return phrase(domain, name, "en", **values)


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [render(m) for m in dispatcher.messages]


def buttons(dispatcher: CollectingDispatcher) -> list[dict[str, str]]:
    """Dynamic buttons added by actions plus the static ones of each response."""
    out: list[dict[str, str]] = []
    for m in dispatcher.messages:
        name = m.get("response")
        if name:
            variants = DOMAIN["responses"][name]
            out += [b for b in variants[-1].get("buttons") or []]
        out += m.get("buttons") or []
    return out


def make_tracker(
    slots: dict[str, Any] | None = None,
    *,
    text: str = "",
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    requested_slot: str | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update({"language": "en", "requested_slot": requested_slot})
    all_slots.update(slots or {})
    return Tracker(
        sender_id="test-user",
        slots=all_slots,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
        },
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def ent(entity: str, value: str) -> dict[str, Any]:
    return {"entity": entity, "value": value, "start": 0, "end": len(value)}


async def run_action(action: Any, tracker: Tracker) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher, events


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


# --- The fake back-end --------------------------------------------------------------


def vacancy(id: int, title: str, town: str, isco: str, **extra: Any) -> dict[str, Any]:
    base = {
        "id": id,
        "title": title,
        "description": f"{title} wanted.",
        "date_posted": "2026-11-01",
        "valid_through": "2026-12-31",
        "employment_type": "FULL_TIME",
        "employer": f"Employer {id}",
        "town": town,
        "region": None,
        "country": "KE",
        "salary_min": None,
        "salary_max": None,
        "salary_currency": None,
        "salary_unit": None,
        "isco_code": isco,
        "occupation_uri": None,
        "occupation_label": None,
        "education_requirements": None,
        "experience_months": None,
        "skills": [],
        "openings": 1,
        "apply_url": None,
        "apply_email": None,
        "apply_phone": None,
    }
    base.update(extra)
    return base


def course(
    id: int,
    title: str,
    field_: str,
    town: str | None,
    mode: str = "in_person",
    funded: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    base = {
        "id": id,
        "title": title,
        "provider": f"Provider {id}",
        "field": field_,
        "isco_codes": [],
        "town": town,
        "mode": mode,
        "start_date": "2027-01-10",
        "duration_weeks": 8,
        "cost": 0.0 if funded else 12000.0,
        "currency": "KES",
        "funded": funded,
        "description": f"Learn {field_}.",
        "seats": 20,
    }
    base.update(extra)
    return base


NEARBY = {"Mombasa": ["Mombasa", "Kilifi", "Malindi"], "Nakuru": ["Nakuru", "Naivasha"]}

OCCUPATIONS = [
    {
        "uri": "esco:driver",
        "label": "taxi driver",
        "isco_code": "8322",
        "isco_label": "Car, taxi and van drivers",
    },
    {"uri": "esco:bus", "label": "bus driver", "isco_code": "8331", "isco_label": "Bus and tram drivers"},
    {"uri": "esco:cook", "label": "cook", "isco_code": "5120", "isco_label": "Cooks"},
    {"uri": "esco:guard", "label": "security guard", "isco_code": "5414", "isco_label": "Security guards"},
    {
        "uri": "esco:moto",
        "label": "motorcycle delivery driver",
        "isco_code": "8321",
        "isco_label": "Motorcycle drivers",
    },
]


def youth_guarantee_engine(facts: dict[str, Any]) -> dict[str, Any]:
    """A two-rule stand-in for the back-end's engine: ages 15-29, not in education."""
    reasons = []
    missing = []
    outcome = "eligible"
    age = facts.get("age")
    if age is None:
        missing.append("age")
        reasons.append(
            {"rule": "age", "passed": None, "text": "We need your age; this programme is for ages 15-29."}
        )
    elif 15 <= age <= 29:
        reasons.append(
            {"rule": "age", "passed": True, "text": f"You are {age}; this programme is for ages 15-29."}
        )
    else:
        outcome = "not_eligible"
        reasons.append(
            {"rule": "age", "passed": False, "text": f"You are {age}; this programme is for ages 15-29."}
        )
    neet = facts.get("in_education_or_training")
    if neet is None:
        missing.append("in_education_or_training")
        reasons.append(
            {"rule": "neet", "passed": None, "text": "We need to know if you are in education or training."}
        )
    elif neet is False:
        reasons.append({"rule": "neet", "passed": True, "text": "You are not in education or training."})
    else:
        outcome = "not_eligible"
        reasons.append({"rule": "neet", "passed": False, "text": "You are in education or training."})
    if outcome == "eligible" and missing:
        outcome = "need_facts"
    return {
        "programme": {
            "code": "youth-guarantee",
            "name": "Youth Guarantee",
            "family": "intermediation",
            "summary": "An offer within four months.",
            "version": 2,
            "benefits": "An offer of a job, training or apprenticeship.",
            "next_step": "Book a meeting with a youth counsellor.",
        },
        "outcome": outcome,
        "missing_facts": missing if outcome == "need_facts" else [],
        "reasons": reasons,
        "next_step": "Book a meeting with a youth counsellor."
        if outcome == "eligible"
        else "Ask a counsellor about other programmes.",
    }


def startup_engine(facts: dict[str, Any]) -> dict[str, Any]:
    plan = facts.get("has_business_plan")
    outcome = "need_facts" if plan is None else ("eligible" if plan else "not_eligible")
    return {
        "programme": {
            "code": "startup-grant",
            "name": "Start-up Grant",
            "family": "entrepreneurship",
            "summary": "Money to start a business.",
            "version": 1,
            "benefits": "A grant.",
            "next_step": "Send your business plan.",
        },
        "outcome": outcome,
        "missing_facts": ["has_business_plan"] if plan is None else [],
        "reasons": [{"rule": "plan", "passed": plan, "text": "A business plan is needed."}],
        "next_step": "Send your business plan.",
    }


@dataclass
class FakePES:
    vacancies: list[dict[str, Any]] = field(default_factory=list)
    courses: list[dict[str, Any]] = field(default_factory=list)
    profiles: dict[int, dict[str, Any]] = field(default_factory=dict)
    down: bool = False
    requests: list[httpx.Request] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    eligibility_calls: list[dict[str, Any]] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            return httpx.Response(503, json={"detail": "maintenance"})
        path = request.url.path.removeprefix("/api/v1")
        q = request.url.params
        if path == "/towns":
            return httpx.Response(
                200,
                json=[
                    {"name": n, "region": None, "country": "KE", "lat": 0, "lon": 0}
                    for n in [
                        "Mombasa",
                        "Kilifi",
                        "Malindi",
                        "Nakuru",
                        "Naivasha",
                        "Nairobi",
                        "Kisumu",
                        "Garissa",
                    ]
                ],
            )
        if path == "/occupations/search":
            words = q["q"].lower()
            hits = []
            for o in OCCUPATIONS:
                if words == o["label"]:
                    score = 100.0
                elif words in o["label"]:
                    score = 80.0
                else:
                    continue
                hits.append({**o, "matched": o["label"], "score": score})
            hits.sort(key=lambda h: -h["score"])
            return httpx.Response(200, json=hits)
        if path == "/vacancies":
            return self._page(
                self._vacancies(q), q, towns=NEARBY.get(q.get("town", ""), [q["town"]] if "town" in q else [])
            )
        if path.startswith("/vacancies/"):
            return self._one(self.vacancies, int(path.rsplit("/", 1)[1]))
        if path == "/courses":
            return self._page(self._courses(q), q)
        if path.startswith("/courses/"):
            return self._one(self.courses, int(path.rsplit("/", 1)[1]))
        if path.startswith("/jobseekers/"):
            jid = int(path.rsplit("/", 1)[1])
            if jid not in self.profiles:
                return httpx.Response(404, json={"detail": "unknown jobseeker"})
            return httpx.Response(200, json=self.profiles[jid])
        if path == "/applications":
            body = json.loads(request.content)
            if body["jobseeker_id"] not in self.profiles:
                return httpx.Response(404, json={"detail": "unknown jobseeker"})
            app = {
                **body,
                "id": 500 + len(self.applications),
                "status": "submitted",
                "created_at": "2026-11-25T10:00:00+00:00",
            }
            self.applications.append(app)
            return httpx.Response(201, json=app)
        if path == "/programmes":
            return httpx.Response(
                200, json=[youth_guarantee_engine({})["programme"], startup_engine({})["programme"]]
            )
        if path == "/eligibility":
            body = json.loads(request.content)
            self.eligibility_calls.append(body)
            facts = dict(body.get("facts") or {})
            if body.get("jobseeker_id") in self.profiles:
                facts = {**self.profiles[body["jobseeker_id"]].get("_facts", {}), **facts}
            results = [youth_guarantee_engine(facts), startup_engine(facts)]
            wanted = body.get("programmes")
            if wanted:
                results = [r for r in results if r["programme"]["code"] in wanted]
            return httpx.Response(200, json={"results": results, "facts_used": facts})
        return httpx.Response(404, json={"detail": f"no route {path}"})

    def _vacancies(self, q: httpx.QueryParams) -> list[dict[str, Any]]:
        found = self.vacancies
        if "isco_code" in q:
            found = [v for v in found if (v["isco_code"] or "").startswith(q["isco_code"])]
        if "q" in q:
            found = [v for v in found if q["q"].lower() in v["title"].lower()]
        if "town" in q:
            towns = NEARBY.get(q["town"], [q["town"]]) if q.get("nearby") == "true" else [q["town"]]
            found = [v for v in found if v["town"] in towns]
        return found

    def _courses(self, q: httpx.QueryParams) -> list[dict[str, Any]]:
        found = self.courses
        if "q" in q:
            found = [c for c in found if q["q"].lower() in (c["title"] + c["field"]).lower()]
        if "town" in q:
            found = [c for c in found if c["town"] in NEARBY.get(q["town"], [q["town"]])]
        if "mode" in q:
            found = [c for c in found if c["mode"] == q["mode"]]
        if q.get("funded") == "true":
            found = [c for c in found if c["funded"]]
        return found

    @staticmethod
    def _page(
        items: list[dict[str, Any]], q: httpx.QueryParams, towns: list[str] | None = None
    ) -> httpx.Response:
        offset, limit = int(q.get("offset", 0)), int(q.get("limit", 3))
        body: dict[str, Any] = {
            "items": items[offset : offset + limit],
            "total": len(items),
            "offset": offset,
            "limit": limit,
        }
        if towns is not None:
            body["towns_searched"] = towns
        return httpx.Response(200, json=body)

    @staticmethod
    def _one(items: list[dict[str, Any]], id_: int) -> httpx.Response:
        for item in items:
            if item["id"] == id_:
                return httpx.Response(200, json=item)
        return httpx.Response(404, json={"detail": "not found"})


@pytest.fixture
def fake_pes() -> Callable[..., FakePES]:
    """Install a FakePES behind a real PESClient at the factory seam."""
    installed: list[PESClient] = []

    def install(**kwargs: Any) -> FakePES:
        fake = FakePES(**kwargs)
        client = PESClient(
            ClientConfig(base_url="http://pes.test", token="t", timeout=2, retries=1, backoff=0.0),
            transport=httpx.MockTransport(fake.handler),
        )
        pes_client.set_client(client)
        installed.append(client)
        return fake

    yield install  # type: ignore[misc]
    pes_client.set_client(None)


# --- Tests of the pure helpers ------------------------------------------------------


def occ(label: str, isco: str, score: float) -> Occupation:
    return Occupation(uri=f"esco:{label}", label=label, isco_code=isco, score=score)


def test_clear_occupation_is_taken_without_asking() -> None:
    choice = choose_occupation("driverr", [occ("taxi driver", "8322", 93), occ("bus driver", "8331", 70)])
    assert choice.is_clear and choice.best is not None and choice.best.label == "taxi driver"


def test_close_occupations_are_offered_not_guessed() -> None:
    hits = [
        occ("taxi driver", "8322", 85),
        occ("bus driver", "8331", 83),
        occ("lorry driver", "8332", 80),
        occ("train driver", "8311", 79),
    ]
    choice = choose_occupation("driver", hits)
    assert not choice.is_clear
    assert [o.label for o in choice.options] == ["taxi driver", "bus driver", "lorry driver"]


def test_exact_label_from_a_button_is_clear_even_when_rivals_are_close() -> None:
    hits = [occ("taxi driver", "8322", 85), occ("bus driver", "8331", 84)]
    choice = choose_occupation("Bus Driver", hits)
    assert choice.best is not None and choice.best.label == "bus driver"


def test_weak_hits_are_no_match() -> None:
    assert choose_occupation("astronaut", [occ("taxi driver", "8322", 40)]).options == []


def test_anywhere_words() -> None:
    assert is_anywhere("Anywhere") and is_anywhere("any town is ok") and is_anywhere("popote")
    assert not is_anywhere("Mombasa") and not is_anywhere("")


def test_pick_item_by_number_button_and_last() -> None:
    shown = ["11", "12", "13", "14"]
    assert pick_item(shown, number="2") == "12"
    assert pick_item(shown, number="number 4") == "14"
    assert pick_item(shown, number="last") == "14"
    assert pick_item(shown, item_id="13") == "13"
    assert pick_item(shown, number="9") is None
    assert pick_item(shown, item_id="99") is None
    assert pick_item([], number="1") is None


def test_money_and_minor_group_and_payloads() -> None:
    assert money_range(20000, 30000, "KES") == "KES 20,000-30,000"
    assert money_range(None, 15000.5, "KES") == "KES 15,000.50"
    assert money_range(None, None, "KES") is None
    assert minor_group("8322") == "832" and minor_group("83") is None
    assert button_payload("inform", occupation='say "hi"') == '/inform{"occupation":"say \\"hi\\""}'
    assert shorten("a very long vacancy title that goes on and on forever", 20).endswith("…")


def test_match_town_exact_or_inside_a_sentence() -> None:
    known = ["Mombasa", "Nakuru", "Kisumu"]
    assert match_town("MOMBASA", known) == "Mombasa"
    assert match_town("in nakuru pls", known) == "Nakuru"
    assert match_town("Narnia", known) is None


def test_phrase_prefers_the_language_variant() -> None:
    domain = {
        "responses": {
            "utter_x": [
                {"text": "default {n}"},
                {"condition": [{"type": "slot", "name": "language", "value": "sw"}], "text": "sw {n}"},
            ]
        }
    }
    assert phrase(domain, "utter_x", "sw", n=1) == "sw 1"
    assert phrase(domain, "utter_x", "fr", n=1) == "default 1"
    with pytest.raises(KeyError):
        phrase(domain, "utter_missing", "en")
