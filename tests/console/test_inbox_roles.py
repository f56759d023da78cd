"""Who may use which part of the inbox API (staff, supervisor, admin, nobody), the CSRF
and Origin checks on every state change, and canned answers, teams and presence."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from console.inbox.models import CannedAnswer
from console.staff.models import Role
from tests.console.conftest import Console, FakeUpstream

API = "/staff/inbox/api"
PHONE = "+254712345678"


def _ticket(console: Console, upstream: FakeUpstream) -> int:
    upstream.add_escalation(1, PHONE)
    console.sync()
    with console.client() as client:
        headers = console.sign_in(client, Role.STAFF)
        (ticket,) = client.get(f"{API}/tickets", headers=headers).json()
        return int(ticket["id"])


def _canned(console: Console) -> int:
    with console.session() as db, db.begin():
        answer = CannedAnswer(language="en", team=None, title="Hello", text="Hello there")
        db.add(answer)
        db.flush()
        return answer.id


def _routes(ticket_id: int, canned_id: int, account_id: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", f"{API}/tickets", None),
        ("GET", f"{API}/tickets/{ticket_id}", None),
        ("POST", f"{API}/tickets/{ticket_id}/notes", {"text": "seen"}),
        ("GET", f"{API}/canned?language=en", None),
        ("GET", f"{API}/staff", None),
        ("PUT", f"{API}/presence", {"status": "online"}),
        ("POST", f"{API}/canned", {"language": "fr", "title": "Bonjour", "text": "Bonjour !"}),
        ("PATCH", f"{API}/canned/{canned_id}", {"text": "Hello again"}),
        ("PUT", f"{API}/staff/{account_id}/teams", {"teams": ["registration"]}),
        ("DELETE", f"{API}/canned/{canned_id}", None),
    ]


MATRIX = {
    "anonymous": [401] * 10,
    "staff": [200, 200, 201, 200, 200, 200, 403, 403, 403, 403],
    "supervisor": [200, 200, 201, 200, 200, 200, 201, 200, 200, 204],
    "admin": [200, 200, 201, 200, 200, 200, 201, 200, 200, 204],
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_role_matrix(inbox_console: Console, upstream: FakeUpstream, who: str) -> None:
    ticket_id = _ticket(inbox_console, upstream)
    canned_id = _canned(inbox_console)
    colleague = inbox_console.add_account("colleague@pes.example.org", Role.STAFF)
    with inbox_console.client() as client:
        headers = (
            {"Accept": "application/json"} if who == "anonymous" else inbox_console.sign_in(client, Role(who))
        )
        statuses = [
            client.request(method, path, json=body, headers=headers).status_code
            for method, path, body in _routes(ticket_id, canned_id, colleague)
        ]
        assert statuses == MATRIX[who]
        if who == "anonymous":  # (a signed-in stream never ends: tests/console/test_inbox_events.py)
            assert client.get(f"{API}/events", headers={"Accept": "text/event-stream"}).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/tickets/{t}/claim", None),
        ("POST", "/tickets/{t}/assign", {"account_id": 1}),
        ("POST", "/tickets/{t}/messages", {"text": "hello"}),
        ("POST", "/tickets/{t}/notes", {"text": "note"}),
        ("POST", "/tickets/{t}/close", None),
        ("PUT", "/presence", {"status": "away"}),
        ("POST", "/canned", {"language": "en", "title": "x", "text": "y"}),
        ("PUT", "/staff/1/teams", {"teams": []}),
    ],
)
def test_every_state_change_needs_the_csrf_token_and_this_origin(
    inbox_console: Console, upstream: FakeUpstream, method: str, path: str, body: dict[str, Any] | None
) -> None:
    ticket_id = _ticket(inbox_console, upstream)
    url = API + path.replace("{t}", str(ticket_id))
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.ADMIN)
        token = headers.pop("X-CSRF-Token")
        missing = client.request(method, url, json=body, headers=headers)
        assert missing.status_code == 403
        assert "CSRF" in missing.json()["detail"]
        wrong = client.request(method, url, json=body, headers={**headers, "X-CSRF-Token": token[::-1]})
        assert wrong.status_code == 403
        foreign = {**headers, "X-CSRF-Token": token, "Origin": "https://evil.example"}
        assert client.request(method, url, json=body, headers=foreign).status_code == 403
    assert upstream.escalations[1]["status"] == "open", "nothing reached the back-end"
    assert not upstream.calls_to("rasa.test", "POST")


def test_canned_answers_by_language(inbox_console: Console) -> None:
    with inbox_console.client() as client:
        supervisor = inbox_console.sign_in(client, Role.SUPERVISOR)
        created = client.post(
            f"{API}/canned",
            json={
                "language": "sw",
                "team": "benefits",
                "title": "Malipo",
                "text": "Malipo yatafika wiki hii.",
            },
            headers=supervisor,
        )
        assert created.status_code == 201, created.text
        answer = created.json()
        assert answer == {
            "id": answer["id"],
            "language": "sw",
            "team": "benefits",
            "title": "Malipo",
            "text": "Malipo yatafika wiki hii.",
        }
        client.post(
            f"{API}/canned", json={"language": "en", "title": "Hi", "text": "Hello"}, headers=supervisor
        )
        assert [a["title"] for a in client.get(f"{API}/canned?language=sw", headers=supervisor).json()] == [
            "Malipo"
        ]
        assert len(client.get(f"{API}/canned", headers=supervisor).json()) == 2
        changed = client.patch(f"{API}/canned/{answer['id']}", json={"team": None}, headers=supervisor)
        assert changed.status_code == 200 and changed.json()["team"] is None
        for bad in (
            {"language": "Swahili", "title": "x", "text": "y"},
            {"language": "sw", "title": "", "text": "y"},
            {"language": "sw", "title": "x", "text": "y", "team": "sales"},
            {"language": "sw", "title": "x"},
        ):
            assert client.post(f"{API}/canned", json=bad, headers=supervisor).status_code == 422, bad
        assert (
            client.patch(f"{API}/canned/{answer['id']}", json={"title": None}, headers=supervisor).status_code
            == 422
        )
        assert client.patch(f"{API}/canned/999", json={"title": "x"}, headers=supervisor).status_code == 404
        assert client.get(f"{API}/canned?language=x1", headers=supervisor).status_code == 422
        assert client.delete(f"{API}/canned/{answer['id']}", headers=supervisor).status_code == 204
        assert client.delete(f"{API}/canned/{answer['id']}", headers=supervisor).status_code == 404
    with inbox_console.session() as db:
        assert [a.title for a in db.scalars(select(CannedAnswer))] == ["Hi"]


def test_staff_list_shows_presence_teams_and_load(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = _ticket(inbox_console, upstream)
    amani = inbox_console.add_account("amani@pes.example.org", Role.STAFF, name="Amani")
    inactive = inbox_console.add_account("old@pes.example.org", Role.STAFF)
    with inbox_console.session() as db, db.begin():
        db.merge(inbox_console.account("old@pes.example.org")).active = False
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.SUPERVISOR, "boss@pes.example.org")
        assert (
            client.post(
                f"{API}/tickets/{ticket_id}/assign", json={"account_id": amani}, headers=headers
            ).status_code
            == 200
        )
        teams = client.put(
            f"{API}/staff/{amani}/teams",
            json={"teams": ["benefits", "registration", "benefits"]},
            headers=headers,
        )
        assert teams.json() == {"account_id": amani, "teams": ["benefits", "registration"]}
        assert (
            client.put(f"{API}/staff/{amani}/teams", json={"teams": ["sales"]}, headers=headers).status_code
            == 422
        )
        assert client.put(f"{API}/staff/4242/teams", json={"teams": []}, headers=headers).status_code == 404
        presence = client.put(f"{API}/presence", json={"status": "online"}, headers=headers)
        assert presence.json()["status"] == "online"
        assert client.put(f"{API}/presence", json={"status": "busy"}, headers=headers).status_code == 422
        staff = {s["display_name"]: s for s in client.get(f"{API}/staff", headers=headers).json()}
    assert inactive not in {s["id"] for s in staff.values()}, "inactive accounts are not offered"
    assert staff["Amani"]["teams"] == ["benefits", "registration"]
    assert (staff["Amani"]["open_tickets"], staff["Amani"]["presence"]) == (1, "away")
    assert (staff["Boss"]["presence"], staff["Boss"]["open_tickets"], staff["Boss"]["role"]) == (
        "online",
        0,
        "supervisor",
    )
    assert set(staff["Amani"]) == {
        "id",
        "display_name",
        "role",
        "presence",
        "presence_since",
        "teams",
        "open_tickets",
    }
