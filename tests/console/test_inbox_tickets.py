"""Working a ticket through the inbox API: claim, assign, reply, note, close, with the
exact calls the back-end and Rasa receive, the refusals staff meet, folders and search,
and the audit trail every action leaves."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.inbox import limits
from console.inbox.models import Ticket
from console.staff import audit
from console.staff.models import Role
from tests.console.conftest import RASA_TOKEN, START, Clock, Console, FakeUpstream, login, make_console

API = "/staff/inbox/api"
PHONE = "+254712345678"


def open_ticket(
    console: Console, upstream: FakeUpstream, escalation_id: int = 1, conversation: str = PHONE, **fields: Any
) -> int:
    upstream.add_escalation(escalation_id, conversation, **fields)
    console.sync()
    with console.session() as db:
        ticket_id = db.scalar(select(Ticket.id).where(Ticket.escalation_id == escalation_id))
        assert ticket_id is not None
        return ticket_id


def since(upstream: FakeUpstream, mark: int) -> list[tuple[str, str, str, dict[str, str], Any]]:
    return [(c.method, c.host, c.raw_path, c.params, c.body) for c in upstream.calls[mark:]]


def detail(client: TestClient, headers: dict[str, str], ticket_id: int) -> dict[str, Any]:
    response = client.get(f"{API}/tickets/{ticket_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_claim_takes_over_the_conversation(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF, "wanjiru@pes.example.org")
        mark = len(upstream.calls)
        response = client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        me = inbox_console.account("wanjiru@pes.example.org")
        assert body["status"] == "assigned"
        assert body["assignee"] == {"id": me.id, "display_name": "Wanjiru"}
        assert body["waiting_seconds"] == 600, "she waited ten minutes until someone took her ticket"
        assert since(upstream, mark) == [
            ("PATCH", "backend.test", "/api/v1/escalations/1", {}, {"status": "in_progress"}),
            (
                "POST",
                "rasa.test",
                f"/conversations/{PHONE}/tracker/events",
                {"token": RASA_TOKEN},
                {"event": "pause"},
            ),
        ]
        assert upstream.escalations[1]["status"] == "in_progress"
        assert PHONE in upstream.paused

        # Claiming her own ticket again is harmless and repeats the (idempotent) pause.
        mark = len(upstream.calls)
        assert client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers).status_code == 200
        assert [c[:3] for c in since(upstream, mark)][-1] == (
            "POST",
            "rasa.test",
            f"/conversations/{PHONE}/tracker/events",
        )

    with inbox_console.client() as other:
        colleague = inbox_console.sign_in(other, Role.SUPERVISOR)
        taken = other.post(f"{API}/tickets/{ticket_id}/claim", headers=colleague)
        assert taken.status_code == 409
        assert "Wanjiru" in taken.json()["detail"]
        assert other.post(f"{API}/tickets/999/claim", headers=colleague).status_code == 404


def test_a_claim_while_rasa_is_down_is_kept_and_can_be_repeated(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF)
        upstream.rasa_down = True
        response = client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        assert response.status_code == 502
        assert "claim it again" in response.json()["detail"]
        assert "Rasa is unreachable" in response.json()["detail"]
        assert detail(client, headers, ticket_id)["status"] == "assigned"
        upstream.rasa_down = False
        assert client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers).status_code == 200
        assert PHONE in upstream.paused


def test_a_reply_reaches_the_user_through_rasa_on_her_channel(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF, "wanjiru@pes.example.org")
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        mark = len(upstream.calls)
        text = "Hello, I am Wanjiru. Bring your birth certificate."
        response = client.post(
            f"{API}/tickets/{ticket_id}/messages", json={"text": f"  {text} "}, headers=headers
        )
        assert response.status_code == 201, response.text
        message = response.json()
        assert (message["sender"], message["text"], message["delivery"]) == ("staff", text, "sent")
        assert message["author"]["display_name"] == "Wanjiru"
        assert since(upstream, mark) == [
            (
                "POST",
                "rasa.test",
                f"/conversations/{PHONE}/tracker/events",
                {"execute_side_effects": "true", "output_channel": "africastalking", "token": RASA_TOKEN},
                [
                    {
                        "event": "bot",
                        "text": text,
                        "metadata": {"staff_message_id": message["id"], "staff_name": "Wanjiru"},
                    }
                ],
            )
        ]
        # The reply is in the tracker now; reading it back does not store it twice.
        upstream.say(PHONE, "user", "Thank you, I will bring it")
        inbox_console.sync()
        said = [(m["sender"], m["text"]) for m in detail(client, headers, ticket_id)["messages"]]
        assert said == [("staff", text), ("user", "Thank you, I will bring it")]


def test_a_reply_rasa_cannot_deliver_is_kept_as_failed(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF)
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        upstream.rasa_down = True
        down = client.post(f"{API}/tickets/{ticket_id}/messages", json={"text": "first try"}, headers=headers)
        assert down.status_code == 502
        assert down.json()["message"]["delivery"] == "failed"
        assert "not delivered" in down.json()["detail"]
        upstream.rasa_down = False
        upstream.rasa_status = 500
        refused = client.post(
            f"{API}/tickets/{ticket_id}/messages", json={"text": "second try"}, headers=headers
        )
        assert refused.status_code == 502
        assert "Rasa answered 500" in refused.json()["detail"]
        assert RASA_TOKEN not in refused.text
        upstream.rasa_status = None
        assert (
            client.post(
                f"{API}/tickets/{ticket_id}/messages", json={"text": "third"}, headers=headers
            ).status_code
            == 201
        )
        deliveries = [(m["text"], m["delivery"]) for m in detail(client, headers, ticket_id)["messages"]]
        assert deliveries == [("first try", "failed"), ("second try", "failed"), ("third", "sent")]


@pytest.mark.parametrize(
    ("channel", "fits", "too_long"),
    [
        ("africastalking", "a" * 459, "a" * 460),  # three GSM 03.38 segments of 153
        ("twilio", "ع" * 201, "ع" * 202),  # three UTF-16 segments of 67
        ("telegram", "a" * 4096, "a" * 4097),
        ("telegram", "😀" * 2048, "😀" * 2049),  # Telegram counts UTF-16 code units
        ("socketio", "a" * 4000, "a" * 4001),
    ],
)
def test_replies_are_limited_per_channel(
    inbox_console: Console, upstream: FakeUpstream, channel: str, fits: str, too_long: str
) -> None:
    ticket_id = open_ticket(inbox_console, upstream, conversation="conv-1", channel=channel)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF)
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        mark = len(upstream.calls)
        refused = client.post(f"{API}/tickets/{ticket_id}/messages", json={"text": too_long}, headers=headers)
        assert refused.status_code == 422
        assert len(upstream.calls) == mark, "nothing is sent"
        if channel in limits.SMS_CHANNELS:
            assert "4 SMS segments" in refused.json()["detail"]
        assert (
            client.post(
                f"{API}/tickets/{ticket_id}/messages", json={"text": fits}, headers=headers
            ).status_code
            == 201
        )


def test_who_may_reply(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        supervisor = inbox_console.sign_in(client, Role.SUPERVISOR)
        not_claimed = client.post(
            f"{API}/tickets/{ticket_id}/messages", json={"text": "hi"}, headers=supervisor
        )
        assert not_claimed.status_code == 403
        assert "claim it first" in not_claimed.json()["detail"]
    with inbox_console.client() as client:
        staff = inbox_console.sign_in(client, Role.STAFF)
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=staff)
        assert (
            client.post(
                f"{API}/tickets/{ticket_id}/messages", json={"text": "   "}, headers=staff
            ).status_code
            == 422
        )
        assert client.post(f"{API}/tickets/{ticket_id}/messages", json={}, headers=staff).status_code == 422
        assert (
            client.post(
                f"{API}/tickets/{ticket_id}/messages", json={"text": "hi", "x": 1}, headers=staff
            ).status_code
            == 422
        )
    with inbox_console.client() as client:
        supervisor = inbox_console.sign_in(client, Role.ADMIN)
        someone_elses = client.post(
            f"{API}/tickets/{ticket_id}/messages", json={"text": "hi"}, headers=supervisor
        )
        assert someone_elses.status_code == 403, "only the assignee speaks to the user, whatever the role"
        assert client.post(f"{API}/tickets/{ticket_id}/close", headers=supervisor).status_code == 200
    with inbox_console.client() as client:
        anonymous = {"Accept": "application/json"}
        signed_out = client.post(
            f"{API}/tickets/{ticket_id}/messages", json={"text": "hi"}, headers=anonymous
        )
        assert signed_out.status_code == 401


def test_closing_hands_the_user_back_to_the_bot(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream, channel="telegram", conversation="123456789")
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF)
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        inbox_console.clock.advance(minutes=5)
        mark = len(upstream.calls)
        response = client.post(f"{API}/tickets/{ticket_id}/close", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "closed"
        assert response.json()["closed_at"] == (START + timedelta(minutes=5)).isoformat()
        events = "/conversations/123456789/tracker/events"
        assert since(upstream, mark) == [
            ("PATCH", "backend.test", "/api/v1/escalations/1", {}, {"status": "closed"}),
            ("POST", "rasa.test", events, {"token": RASA_TOKEN}, [{"event": "resume"}]),
            (
                "POST",
                "rasa.test",
                "/conversations/123456789/trigger_intent",
                {"output_channel": "telegram", "token": RASA_TOKEN},
                {"name": "handoff_closed", "entities": {}},
            ),
        ]
        assert "123456789" not in upstream.paused
        assert client.post(f"{API}/tickets/{ticket_id}/close", headers=headers).status_code == 409
        late = client.post(f"{API}/tickets/{ticket_id}/messages", json={"text": "one more"}, headers=headers)
        assert late.status_code == 409
        assert client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers).status_code == 409
        # A closed ticket's conversation is not read any more: the bot has it back.
        mark = len(upstream.calls)
        inbox_console.sync()
        assert not [c for c in upstream.calls[mark:] if c.host == "rasa.test"]


def test_a_close_rasa_refuses_leaves_the_ticket_open(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF)
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        upstream.rasa_status = 400
        response = client.post(f"{API}/tickets/{ticket_id}/close", headers=headers)
        assert response.status_code == 502
        assert "stays open" in response.json()["detail"]
        assert detail(client, headers, ticket_id)["status"] == "assigned"
        upstream.rasa_status = None
        assert client.post(f"{API}/tickets/{ticket_id}/close", headers=headers).status_code == 200


def test_who_may_close(inbox_console: Console, upstream: FakeUpstream) -> None:
    mine = open_ticket(inbox_console, upstream, 1, "+254700000001")
    waiting = open_ticket(inbox_console, upstream, 2, "+254700000002")
    with inbox_console.client() as owner:
        owner_headers = inbox_console.sign_in(owner, Role.STAFF)
        owner.post(f"{API}/tickets/{mine}/claim", headers=owner_headers)
    with inbox_console.client() as client:
        staff = inbox_console.sign_in(client, Role.STAFF)
        assert client.post(f"{API}/tickets/{mine}/close", headers=staff).status_code == 403
        assert client.post(f"{API}/tickets/{waiting}/close", headers=staff).status_code == 403
    with inbox_console.client() as client:
        supervisor = inbox_console.sign_in(client, Role.SUPERVISOR)
        assert client.post(f"{API}/tickets/{mine}/close", headers=supervisor).status_code == 200
        assert client.post(f"{API}/tickets/{waiting}/close", headers=supervisor).status_code == 200
    assert upstream.escalations[1]["status"] == upstream.escalations[2]["status"] == "closed"


def test_assigning_a_ticket(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    closed_id = open_ticket(inbox_console, upstream, 2, "+254700000002")
    colleague = inbox_console.add_account("amani@pes.example.org", Role.STAFF, name="Amani")
    gone = inbox_console.add_account("gone@pes.example.org", Role.STAFF)
    with inbox_console.session() as db, db.begin():
        account = inbox_console.account("gone@pes.example.org")
        db.merge(account).active = False
    with inbox_console.client() as client:
        staff = inbox_console.sign_in(client, Role.STAFF)
        refused = client.post(
            f"{API}/tickets/{ticket_id}/assign", json={"account_id": colleague}, headers=staff
        )
        assert refused.status_code == 403, "staff hand on only what is theirs"
    with inbox_console.client() as client:
        supervisor = inbox_console.sign_in(client, Role.SUPERVISOR)
        mark = len(upstream.calls)
        response = client.post(
            f"{API}/tickets/{ticket_id}/assign", json={"account_id": colleague}, headers=supervisor
        )
        assert response.status_code == 200, response.text
        assert response.json()["assignee"] == {"id": colleague, "display_name": "Amani"}
        assert ("PATCH", "backend.test", "/api/v1/escalations/1", {}, {"status": "in_progress"}) in since(
            upstream, mark
        )
        assert PHONE in upstream.paused
        for target in (gone, 99999):
            bad = client.post(
                f"{API}/tickets/{ticket_id}/assign", json={"account_id": target}, headers=supervisor
            )
            assert bad.status_code == 422
            assert "not an active staff account" in bad.json()["detail"]
        assert (
            client.post(f"{API}/tickets/{ticket_id}/assign", json={}, headers=supervisor).status_code == 422
        )
        client.post(f"{API}/tickets/{closed_id}/close", headers=supervisor)
        closed = client.post(
            f"{API}/tickets/{closed_id}/assign", json={"account_id": colleague}, headers=supervisor
        )
        assert closed.status_code == 409
    third = inbox_console.add_account("third@pes.example.org", Role.STAFF)
    with inbox_console.client() as client:
        amani = {"X-CSRF-Token": login(client, "amani@pes.example.org"), "Accept": "application/json"}
        handed = client.post(f"{API}/tickets/{ticket_id}/assign", json={"account_id": third}, headers=amani)
        assert handed.status_code == 200, "the assignee herself may pass the ticket on"
        assert handed.json()["assignee"]["id"] == third


def test_notes_are_for_colleagues_only(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF, "njeri@pes.example.org")
        mark = len(upstream.calls)
        response = client.post(
            f"{API}/tickets/{ticket_id}/notes", json={"text": "Asked about ID twice"}, headers=headers
        )
        assert response.status_code == 201, response.text
        assert response.json()["author"]["display_name"] == "Njeri"
        assert len(upstream.calls) == mark, "a note never leaves the console"
        assert (
            client.post(f"{API}/tickets/{ticket_id}/notes", json={"text": ""}, headers=headers).status_code
            == 422
        )
        assert (
            client.post(f"{API}/tickets/424242/notes", json={"text": "x"}, headers=headers).status_code == 404
        )
        notes = detail(client, headers, ticket_id)["notes"]
        assert [(n["text"], n["author"]["display_name"]) for n in notes] == [
            ("Asked about ID twice", "Njeri")
        ]
        assert detail(client, headers, ticket_id)["messages"] == []


def test_folders_order_and_search(inbox_console: Console, upstream: FakeUpstream) -> None:
    upstream.jobseekers[7] = {"id": 7, "name": "Fatuma Hassan", "occupations": []}
    old = open_ticket(
        inbox_console, upstream, 1, "+254700000001", created_at=(START - timedelta(hours=2)).isoformat()
    )
    new = open_ticket(
        inbox_console,
        upstream,
        2,
        "web-42",
        channel="socketio",
        topic="benefits",
        created_at=START.isoformat(),
    )
    mid = open_ticket(
        inbox_console,
        upstream,
        3,
        "+254700000003",
        jobseeker_id=7,
        created_at=(START - timedelta(hours=1)).isoformat(),
    )
    done = open_ticket(inbox_console, upstream, 4, "+254700000004")
    upstream.say("web-42", "user", "My BENEFIT_payment 100% late")
    inbox_console.sync()
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.STAFF)

        def ids(**params: str) -> list[int]:
            response = client.get(f"{API}/tickets", params=params, headers=headers)
            assert response.status_code == 200, response.text
            return [t["id"] for t in response.json()]

        assert ids(folder="unassigned") == [old, mid, done, new], "who waited longest comes first"
        client.post(f"{API}/tickets/{mid}/claim", headers=headers)
        client.post(f"{API}/tickets/{done}/claim", headers=headers)
        client.post(f"{API}/tickets/{done}/close", headers=headers)
        assert ids(folder="unassigned") == [old, new]
        assert ids(folder="mine") == [mid]
        assert ids(folder="all") == [old, mid, new]
        assert ids() == [old, mid, new]
        assert ids(folder="closed") == [done]
        assert ids(folder="all", team="benefits") == [new]
        assert ids(folder="all", q="fatuma") == [mid]
        assert ids(folder="all", q="web-4") == [new]
        assert ids(folder="all", q="benefit_payment 100%") == [new], "search words are taken literally"
        assert ids(folder="all", q="100_") == []
        assert ids(folder="all", q=f"#{mid}") == [mid], "a ticket by its number"
        assert ids(folder="all", q="+2547000000") == [old, mid]
        assert client.get(f"{API}/tickets", params={"folder": "trash"}, headers=headers).status_code == 422
        assert client.get(f"{API}/tickets", params={"team": "sales"}, headers=headers).status_code == 422

        inbox_console.clock.advance(minutes=20)
        listed = {t["id"]: t for t in client.get(f"{API}/tickets", headers=headers).json()}
        assert listed[old]["waiting_seconds"] == int(timedelta(hours=2, minutes=20).total_seconds())
        assert listed[mid]["waiting_seconds"] == 3600, "counted until she was claimed"
        assert listed[new]["preview"] == "My BENEFIT_payment 100% late"
        assert listed[mid]["name"] == "Fatuma Hassan"
        assert set(listed[new]) == {
            "id",
            "escalation_id",
            "status",
            "team",
            "reason",
            "language",
            "channel",
            "conversation_id",
            "name",
            "assignee",
            "created_at",
            "waiting_seconds",
            "last_message_at",
            "preview",
            "callback_requested",
        }
        full = detail(client, headers, mid)
        assert full["profile"]["name"] == "Fatuma Hassan"
        assert {"messages", "notes", "rating", "callback_phone", "profile"} <= set(full)


def test_every_staff_action_is_audited_with_its_conversation(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    with inbox_console.client() as client:
        headers = inbox_console.sign_in(client, Role.SUPERVISOR, "boss@pes.example.org")
        colleague = inbox_console.add_account("amani@pes.example.org", Role.STAFF)
        client.get(f"{API}/tickets/{ticket_id}", headers=headers)
        # The page refetches the open ticket on live updates: one view entry, not one per refetch.
        client.get(f"{API}/tickets/{ticket_id}", headers=headers)
        client.post(f"{API}/tickets/{ticket_id}/claim", headers=headers)
        client.post(f"{API}/tickets/{ticket_id}/messages", json={"text": "Hello"}, headers=headers)
        client.post(f"{API}/tickets/{ticket_id}/notes", json={"text": "note"}, headers=headers)
        client.post(f"{API}/tickets/{ticket_id}/assign", json={"account_id": colleague}, headers=headers)
        client.post(f"{API}/tickets/{ticket_id}/close", headers=headers)
        client.put(f"{API}/presence", json={"status": "online"}, headers=headers)
        client.put(f"{API}/presence", json={"status": "online"}, headers=headers)
        created = client.post(
            f"{API}/canned", json={"language": "sw", "title": "T", "text": "Karibu"}, headers=headers
        )
        answer = created.json()["id"]
        client.patch(f"{API}/canned/{answer}", json={"title": "Salamu"}, headers=headers)
        client.delete(f"{API}/canned/{answer}", headers=headers)
        client.put(f"{API}/staff/{colleague}/teams", json={"teams": ["benefits"]}, headers=headers)
    boss = inbox_console.account("boss@pes.example.org")
    with inbox_console.session() as db:
        events = list(reversed(audit.search(db, actor_id=boss.id)))
    actions = [e.action for e in events if e.action != audit.LOGIN]
    assert actions == [
        "ticket.viewed",
        "ticket.claimed",
        "ticket.replied",
        "ticket.note_added",
        "ticket.assigned",
        "ticket.closed",
        "presence.changed",
        "canned.created",
        "canned.changed",
        "canned.deleted",
        "teams.changed",
    ]
    for event in events:
        if event.action.startswith("ticket."):
            assert (event.conversation_id, event.target_type, event.target_id) == (
                PHONE,
                "ticket",
                str(ticket_id),
            )
    replied = next(e for e in events if e.action == "ticket.replied")
    assert replied.detail["delivery"] == "sent"
    assigned = next(e for e in events if e.action == "ticket.assigned")
    assert assigned.detail == {"from": boss.id, "to": colleague}
    teams = next(e for e in events if e.action == "teams.changed")
    assert (teams.target_id, teams.detail) == (str(colleague), {"from": [], "to": ["benefits"]})


def test_without_the_back_end_and_rasa_actions_that_need_them_say_so(
    db_url: str, upstream: FakeUpstream
) -> None:
    console = make_console(db_url, Clock())
    try:
        with console.session() as db, db.begin():
            db.add(
                Ticket(
                    escalation_id=1,
                    conversation_id=PHONE,
                    channel="twilio",
                    language="en",
                    team="other",
                    reason="user_request",
                    status="waiting",
                    created_at=START,
                    imported_at=START,
                    tracker_offset=0,
                    callback_requested=False,
                )
            )
        with console.client() as client:
            headers = console.sign_in(client, Role.SUPERVISOR)
            (ticket,) = client.get(f"{API}/tickets", headers=headers).json()
            response = client.post(f"{API}/tickets/{ticket['id']}/claim", headers=headers)
            assert response.status_code == 503
            assert "PES_API_URL" in response.json()["detail"]
            assert client.get(f"{API}/tickets", params={"folder": "mine"}, headers=headers).json() == []
            assert client.post(f"{API}/tickets/{ticket['id']}/close", headers=headers).status_code == 503
    finally:
        console.app.state.engine.dispose()


def test_two_staff_claiming_at_once_get_one_winner(inbox_console: Console, upstream: FakeUpstream) -> None:
    ticket_id = open_ticket(inbox_console, upstream)
    clients = [inbox_console.client().__enter__() for _ in range(4)]
    try:
        headers = [inbox_console.sign_in(c, Role.STAFF) for c in clients]
        with ThreadPoolExecutor(4) as pool:
            statuses = list(
                pool.map(
                    lambda pair: (
                        pair[0].post(f"{API}/tickets/{ticket_id}/claim", headers=pair[1]).status_code
                    ),
                    zip(clients, headers, strict=True),
                )
            )
    finally:
        for c in clients:
            c.__exit__(None, None, None)
    assert sorted(statuses) == [200, 409, 409, 409]
