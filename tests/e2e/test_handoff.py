"""Human handoff end to end: a jobseeker asks for a person on her channel, a counsellor
answers from the console's inbox, and closing the ticket gives her the bot back.

Everything runs for real: the channel webhooks on the Rasa server, the action server,
the back-end and the console with its sync loop; what reaches the jobseeker is read from
the fake provider APIs the Rasa server sends to over HTTP.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.e2e.conftest import StaffClient
from tests.e2e.test_channels import OPTION, SmsPerson, TelegramPerson
from tools.fake_providers import FakeProviders
from tools.system import System

T = TypeVar("T")
INBOX = "/staff/inbox/api"
ASK_FOR_A_PERSON = "I want to talk to a person please"


def wait_until(probe: Callable[[], T | None], timeout: float = 20, what: str = "") -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or probe}")
        time.sleep(0.3)


def tracker(system: System, conversation_id: str) -> dict[str, Any]:
    url = f"{system.rasa_url}/conversations/{quote(conversation_id, safe='+')}/tracker"
    response = httpx.get(url, params={"token": system.secrets["RASA_AUTH_TOKEN"]}, timeout=10)
    response.raise_for_status()
    return dict(response.json())


def is_paused(system: System, conversation_id: str) -> bool:
    return bool(tracker(system, conversation_id).get("paused"))


def set_hours_everywhere(backend: httpx.Client, hours: list[dict[str, Any]]) -> None:
    for office in backend.get("/offices").json():
        response = backend.put(f"/offices/{office['id']}/hours", json={"hours": hours})
        assert response.status_code == 200, response.text


@pytest.fixture()
def offices_hours(backend: httpx.Client) -> Iterator[Callable[[list[dict[str, Any]]], None]]:
    """Lets a test set every office's hours; the seeded hours come back afterwards."""
    saved = {o["id"]: o["hours"] for o in backend.get("/offices").json()}
    yield lambda hours: set_hours_everywhere(backend, hours)
    for office_id, hours in saved.items():
        backend.put(f"/offices/{office_id}/hours", json={"hours": hours})


@pytest.fixture()
def office_open(offices_hours: Callable[[list[dict[str, Any]]], None]) -> None:
    offices_hours([{"weekday": day, "opens": "00:00", "closes": "23:59"} for day in range(7)])


def ticket_of(staff: StaffClient, conversation_id: str, folder: str = "unassigned") -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        response = staff.get(f"{INBOX}/tickets", folder=folder)
        assert response.status_code == 200, response.text
        found = [t for t in response.json() if t["conversation_id"] == conversation_id]
        return found[0] if found else None

    return wait_until(probe, what=f"a ticket for {conversation_id} in {folder}")


def ticket_detail(staff: StaffClient, ticket_id: int) -> dict[str, Any]:
    response = staff.get(f"{INBOX}/tickets/{ticket_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def wait_for_message(staff: StaffClient, ticket_id: int, sender: str, part: str) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        messages = ticket_detail(staff, ticket_id)["messages"]
        found = [m for m in messages if m["sender"] == sender and part in m["text"]]
        return found[0] if found else None

    return wait_until(probe, what=f"a {sender} message with {part!r} in ticket {ticket_id}")


def staff_answers_and_closes(
    staff: StaffClient, person: SmsPerson | TelegramPerson, providers: FakeProviders, ticket: dict[str, Any]
) -> str:
    """Claims the ticket, replies, checks the reply reached her, closes; returns what the
    bot said after the close."""
    ticket_id = ticket["id"]
    assert staff.post(f"{INBOX}/tickets/{ticket_id}/claim").status_code == 200
    assert ticket_of(staff, person.address, folder="mine")["assignee"]["id"] == staff.account_id

    answer = "Hello, I am Wanjiru from the employment office. Bring your birth certificate."
    before = len(providers.sent(person.provider, person.address))
    response = staff.post(f"{INBOX}/tickets/{ticket_id}/messages", {"text": answer})
    assert response.status_code == 201, response.text
    delivered = providers.wait_for(person.provider, person.address, before)
    assert "birth certificate" in " ".join(c.text for c in delivered)
    events = tracker(person.system, person.address)["events"]
    assert any(e["event"] == "bot" and e.get("text") == answer for e in events), (
        "the reply is in the transcript"
    )

    before = len(providers.sent(person.provider, person.address))
    response = staff.post(f"{INBOX}/tickets/{ticket_id}/close")
    assert response.status_code == 200, response.text
    person.last = providers.wait_for(person.provider, person.address, before)
    assert not is_paused(person.system, person.address), "closing hands the conversation back to the bot"
    return person.reply


def test_handoff_over_sms_reaches_a_counsellor_and_back(
    system: System,
    providers: FakeProviders,
    backend: httpx.Client,
    staff_login: Callable[[str], StaffClient],
    office_open: None,
) -> None:
    person = SmsPerson(system, providers, gateway="africastalking")
    person.send(ASK_FOR_A_PERSON)
    assert is_paused(system, person.phone), "the bot pauses itself while a person takes over"

    staff = staff_login("staff")
    ticket = ticket_of(staff, person.phone)
    assert ticket["channel"] == "africastalking"
    assert ticket["language"] == "en"

    # While she waits the bot stays quiet and what she writes reaches the ticket.
    before = len(providers.sent("africastalking", person.phone))
    person.send("I lost my ID card, can I still register?", expect_reply=False)
    wait_for_message(staff, ticket["id"], "user", "lost my ID card")
    time.sleep(1.5)
    assert len(providers.sent("africastalking", person.phone)) == before

    closing = staff_answers_and_closes(staff, person, providers, ticket)
    options = OPTION.findall(closing)
    assert len(options) == 3, f"the rating question with three numbered options: {closing}"

    person.send("1")  # the first rating option, by its number
    escalation = backend.get(f"/escalations/{ticket['escalation_id']}").json()
    assert escalation["status"] == "closed"
    assert escalation["rating"] in ("good", "ok", "bad")
    wait_until(lambda: ticket_detail(staff, ticket["id"])["rating"], what="the rating in the ticket")

    assert person.send("hello"), "the bot answers again"
    assert not is_paused(system, person.phone)


def test_handoff_over_telegram_reaches_a_counsellor_and_back(
    system: System,
    providers: FakeProviders,
    backend: httpx.Client,
    staff_login: Callable[[str], StaffClient],
    office_open: None,
) -> None:
    person = TelegramPerson(system, providers)
    person.send(ASK_FOR_A_PERSON)
    assert is_paused(system, person.address)

    staff = staff_login("staff")
    ticket = ticket_of(staff, person.address)
    assert ticket["channel"] == "telegram"
    closing = staff_answers_and_closes(staff, person, providers, ticket)
    assert len(person.keyboard) == 3, f"three rating buttons: {closing}"
    person.tap(str(person.keyboard[0]["text"]))
    escalation = backend.get(f"/escalations/{ticket['escalation_id']}").json()
    assert escalation["rating"] in ("good", "ok", "bad")


def test_out_of_hours_the_bot_stays_and_takes_a_callback_request(
    system: System,
    providers: FakeProviders,
    backend: httpx.Client,
    offices_hours: Callable[[list[dict[str, Any]]], None],
) -> None:
    office = backend.get("/offices").json()[0]
    today = datetime.now(ZoneInfo(office["timezone"])).weekday()
    offices_hours([{"weekday": (today + 2) % 7, "opens": "09:00", "closes": "17:00"}])

    person = SmsPerson(system, providers, gateway="africastalking")
    reply = person.send(ASK_FOR_A_PERSON)
    assert "09:00" in reply, f"she is told when the office opens: {reply}"
    assert not is_paused(system, person.phone), "outside office hours the bot keeps answering"
    assert len(OPTION.findall(reply)) == 2, f"a callback is offered with yes / no: {reply}"
    person.send("1")
    escalations = backend.get("/escalations", params={"status": "open"}).json()
    mine = [e for e in escalations if e["conversation_id"] == person.phone]
    assert mine and mine[0]["callback_requested"] is True
    assert mine[0]["callback_phone"] == person.phone, "the SMS sender's number is the one to call"


def test_inbox_refuses_requests_without_session_role_or_csrf(
    system: System, staff_login: Callable[[str], StaffClient]
) -> None:
    console = system.console_url
    anonymous = httpx.get(f"{console}{INBOX}/tickets", headers={"Accept": "application/json"}, timeout=10)
    assert anonymous.status_code == 401
    forged = httpx.post(f"{console}{INBOX}/tickets/1/claim", headers={"Origin": console}, timeout=10)
    assert forged.status_code in (401, 403)

    staff = staff_login("staff")
    assert staff.get(f"{INBOX}/tickets", folder="all").status_code == 200
    assert staff.post("/staff/accounts", {"email": "x@pes.example.org"}).status_code == 403
    canned = {"language": "en", "title": "Opening hours", "text": "We open at 8:00."}
    assert staff.post(f"{INBOX}/canned", canned).status_code == 403
    assert staff.send("PUT", f"{INBOX}/presence", {"status": "away"}, csrf=False).status_code == 403
    cross_site = staff.send("PUT", f"{INBOX}/presence", {"status": "away"}, origin="https://evil.example")
    assert cross_site.status_code == 403
    assert staff.send("PUT", f"{INBOX}/presence", {"status": "away"}).status_code == 200

    supervisor = staff_login("supervisor")
    assert supervisor.post(f"{INBOX}/canned", canned).status_code == 201
    assert supervisor.get("/staff/accounts").status_code == 403
    admin = staff_login("admin")
    assert admin.get("/staff/accounts").status_code == 200
