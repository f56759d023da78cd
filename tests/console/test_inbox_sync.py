"""The inbox's sync loop against an in-process back-end and Rasa: escalations become
tickets once, conversations come in without duplicates, ratings and callback requests
follow, and nothing the neighbours do wrong stops the loop."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from console import cli
from console.inbox import canned, service
from console.inbox.models import CannedAnswer, Ticket, TicketMessage
from console.inbox.tracker import HISTORY_MESSAGES, read_tracker
from console.settings import Settings, SettingsError
from console.staff.models import Role
from tests.console.conftest import (
    API_TOKEN,
    INBOX_SETTINGS,
    RASA_TOKEN,
    START,
    Clock,
    Console,
    FakeUpstream,
    make_console,
)

PHONE = "+254712345678"
JOBSEEKER = {
    "id": 7,
    "registration_number": "PES-2026-000007",
    "name": "Amina Wanjiru",
    "phone": PHONE,
    "town": "Mombasa",
    "status": "unemployed",
    "education_level": 3,
    "experience_years": 2,
    "occupations": [{"esco_uri": None, "isco_code": "8322", "label": "car driver"}],
    "languages": ["sw", "en"],
    "disability": None,
}


def tickets(console: Console) -> list[Ticket]:
    with console.session() as db:
        return list(db.scalars(select(Ticket).order_by(Ticket.id)))


def messages(console: Console, ticket_id: int) -> list[tuple[str, str]]:
    with console.session() as db:
        rows = db.scalars(
            select(TicketMessage).where(TicketMessage.ticket_id == ticket_id).order_by(TicketMessage.id)
        )
        return [(m.sender, m.text) for m in rows]


def test_open_escalations_become_tickets_once_with_the_jobseekers_profile(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.jobseekers[7] = JOBSEEKER
    upstream.add_escalation(11, PHONE, jobseeker_id=7, language="sw", topic="benefits")
    upstream.add_escalation(12, "web-abc", channel="socketio", created_at=START.isoformat())
    upstream.add_escalation(13, "already-done", status="closed")

    report = inbox_console.sync()
    assert report.created == 2
    again = inbox_console.sync()
    assert again.created == 0

    first, second = tickets(inbox_console)
    assert (first.escalation_id, first.conversation_id, first.channel) == (11, PHONE, "africastalking")
    assert (first.language, first.team, first.status) == ("sw", "benefits", "waiting")
    assert first.created_at == START - timedelta(minutes=10), "the time she asked, not the import time"
    assert first.name == "Amina Wanjiru"
    assert first.profile is not None
    assert first.profile["occupations"] == ["car driver"]
    assert first.profile["registration_number"] == "PES-2026-000007"
    assert (second.escalation_id, second.channel, second.name, second.profile) == (12, "socketio", None, None)
    profile_calls = [
        c for c in upstream.calls_to("backend.test") if c.raw_path.startswith("/api/v1/jobseekers")
    ]
    assert [c.raw_path for c in profile_calls] == ["/api/v1/jobseekers/7"], "a profile is fetched once"
    listing = upstream.calls_to("backend.test")[0]
    assert (listing.raw_path, listing.params) == ("/api/v1/escalations", {"status": "open"})


def test_a_jobseeker_erased_meanwhile_leaves_an_empty_profile_asked_for_once(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.add_escalation(1, PHONE, jobseeker_id=99)
    inbox_console.sync()
    inbox_console.sync()
    (ticket,) = tickets(inbox_console)
    assert ticket.profile == {} and ticket.name is None
    asked = [c for c in upstream.calls if c.raw_path == "/api/v1/jobseekers/99"]
    assert len(asked) == 1


def test_two_console_processes_never_create_a_ticket_or_message_twice(
    inbox_console: Console, upstream: FakeUpstream, db_url: str
) -> None:
    other = make_console(db_url, Clock(), transport=upstream.transport, **INBOX_SETTINGS)
    try:
        for n in range(1, 6):
            upstream.add_escalation(n, f"+25471000000{n}")
            upstream.say(f"+25471000000{n}", "user", f"I need help number {n}")

        async def both() -> None:
            assert inbox_console.inbox.sync is not None and other.inbox.sync is not None
            await asyncio.gather(inbox_console.inbox.sync.run_once(), other.inbox.sync.run_once())

        for round_ in range(3):
            asyncio.run(both())
            for n in range(1, 6):
                upstream.say(f"+25471000000{n}", "user", f"round {round_} from {n}")
        asyncio.run(both())
    finally:
        other.app.state.engine.dispose()
    found = tickets(inbox_console)
    assert sorted(t.escalation_id for t in found) == [1, 2, 3, 4, 5]
    for ticket in found:
        said = messages(inbox_console, ticket.id)
        assert len(said) == 4, said
        assert len(set(said)) == 4, f"no message stored twice: {said}"


def test_an_escalation_imported_by_another_process_meanwhile_is_skipped_without_error(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.add_escalation(1, PHONE)
    data = service.EscalationData.parse(upstream.escalations[1], now=START)
    with inbox_console.session() as db, db.begin():
        first = service.import_escalation(db, data=data, now=START)
    with inbox_console.session() as db, db.begin():
        # The other process checked before this one committed: it inserts all the same.
        assert service.import_escalation(db, data=data, now=START) is None
    assert first is not None
    assert [t.id for t in tickets(inbox_console)] == [first]


def test_the_conversation_comes_in_with_its_history_then_only_what_is_new(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.say(PHONE, "user", "Habari")
    upstream.say(
        PHONE, "bot", "Hello! How can I help?", data={"buttons": [{"title": "Jobs", "payload": "/jobs"}]}
    )
    upstream.trackers[PHONE].append({"event": "action", "name": "action_listen", "timestamp": upstream.clock})
    upstream.say(PHONE, "user", "I want to talk to a person")
    upstream.add_escalation(1, PHONE)
    inbox_console.sync()
    (ticket,) = tickets(inbox_console)
    assert messages(inbox_console, ticket.id) == [
        ("user", "Habari"),
        ("bot", "Hello! How can I help?\n[Jobs]"),
        ("user", "I want to talk to a person"),
    ]
    reads = [c for c in upstream.calls_to("rasa.test", "GET")]
    # The '+' of the E.164 id travels as is: Rasa's Sanic would not decode %2B.
    assert reads[0].raw_path == f"/conversations/{PHONE}/tracker"
    assert reads[0].params == {"token": RASA_TOKEN}

    upstream.say(PHONE, "user", "I lost my ID card")
    upstream.say(
        PHONE, "bot", "A counsellor answers", metadata={"staff_message_id": 5, "staff_name": "Wanjiru"}
    )
    upstream.trackers[PHONE].append({"event": "slot", "name": "language", "value": "sw", "timestamp": 1.0})
    upstream.say(PHONE, "user", "  ")
    report = inbox_console.sync()
    assert report.messages == 1
    assert messages(inbox_console, ticket.id)[-1] == ("user", "I lost my ID card")
    assert inbox_console.sync().messages == 0
    with inbox_console.session() as db:
        stored = db.get(Ticket, ticket.id)
        assert stored is not None
        assert stored.tracker_offset == len(upstream.trackers[PHONE])
        assert stored.last_message_at is not None
        assert stored.last_message_at.timestamp() == pytest.approx(upstream.clock - 2)


def test_a_long_conversation_brings_only_its_last_events_on_first_read(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    for n in range(HISTORY_MESSAGES + 50):
        upstream.say("long", "user", f"message {n}")
        upstream.trackers["long"].append(
            {"event": "action", "name": "action_listen", "timestamp": upstream.clock}
        )
    upstream.add_escalation(1, "long", channel="rest")
    inbox_console.sync()
    (ticket,) = tickets(inbox_console)
    said = messages(inbox_console, ticket.id)
    assert len(said) == HISTORY_MESSAGES
    assert said[0] == ("user", "message 50")
    upstream.say("long", "user", "and one more")
    inbox_console.sync()
    assert messages(inbox_console, ticket.id)[-1] == ("user", "and one more")
    assert len(messages(inbox_console, ticket.id)) == HISTORY_MESSAGES + 1


def test_a_restarted_tracker_is_read_again_from_the_start_without_duplicates(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.add_escalation(1, PHONE)
    for text in ("one", "two", "three", "four"):
        upstream.say(PHONE, "user", text)
    inbox_console.sync()
    (ticket,) = tickets(inbox_console)
    assert len(messages(inbox_console, ticket.id)) == 4
    # The user sent /restart: Rasa now lists only the events after it.
    kept = upstream.trackers[PHONE][-1]
    upstream.trackers[PHONE] = [kept]
    upstream.say(PHONE, "user", "five")
    inbox_console.sync()
    assert [t for _, t in messages(inbox_console, ticket.id)] == ["one", "two", "three", "four", "five"]
    upstream.say(PHONE, "user", "six")
    inbox_console.sync()
    assert [t for _, t in messages(inbox_console, ticket.id)][-2:] == ["five", "six"]


def test_tracker_reading_rules() -> None:
    now = START
    events: list[Any] = [
        {"event": "user", "text": "hi", "timestamp": 10.0},
        {"event": "bot", "text": "hello", "timestamp": 11.0},
        {"event": "bot", "text": "mine", "timestamp": 12.0, "metadata": {"staff_message_id": 1}},
        {"event": "action", "name": "x", "timestamp": 13.0},
        "not an event",
    ]
    first = read_tracker(events, offset=0, seen_at=None, now=now)
    assert [(line.sender.value, line.text) for line in first.lines] == [("user", "hi"), ("bot", "hello")]
    assert (first.offset, first.seen_at) == (4, 13.0)
    nothing = read_tracker(events, offset=4, seen_at=13.0, now=now)
    assert nothing.lines == [] and (nothing.offset, nothing.seen_at) == (4, 13.0)
    empty = read_tracker([], offset=0, seen_at=None, now=now)
    assert empty.lines == [] and empty.seen_at == 0.0, "an empty tracker counts as read"


def test_a_rating_given_after_closing_reaches_the_ticket(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.add_escalation(1, PHONE)
    upstream.add_escalation(2, "+254700000002")
    inbox_console.sync()
    first, second = tickets(inbox_console)
    with inbox_console.session() as db, db.begin():
        for ticket, closed in ((first, START), (second, START - timedelta(hours=25))):
            row = db.get(Ticket, ticket.id)
            assert row is not None
            row.status, row.closed_at = "closed", closed
    upstream.escalations[1].update(status="closed", rating="good")
    upstream.escalations[2].update(status="closed", rating="bad")
    report = inbox_console.sync()
    assert report.updated == 1
    first, second = tickets(inbox_console)
    assert first.rating == "good"
    assert second.rating is None, "tickets closed more than a day ago are not asked about any more"
    asked = [c.raw_path for c in upstream.calls_to("backend.test", "GET")]
    assert "/api/v1/escalations/2" not in asked


def test_a_callback_requested_after_the_import_reaches_the_ticket(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.add_escalation(1, PHONE)
    inbox_console.sync()
    upstream.escalations[1].update(callback_requested=True, callback_phone=PHONE)
    assert inbox_console.sync().updated == 1
    (ticket,) = tickets(inbox_console)
    assert (ticket.callback_requested, ticket.callback_phone) == (True, PHONE)


def test_the_loop_survives_a_back_end_or_rasa_that_is_down_and_logs_it_once(
    inbox_console: Console, upstream: FakeUpstream, caplog: pytest.LogCaptureFixture
) -> None:
    upstream.add_escalation(1, PHONE)
    inbox_console.sync()
    upstream.say(PHONE, "user", "still there?")
    upstream.backend_down = True
    with caplog.at_level(logging.WARNING, logger="console.inbox.sync"):
        first = inbox_console.sync()
        second = inbox_console.sync()
    assert first.failures >= 1 and second.failures >= 1
    assert first.messages == 1, "the conversation is still read while the back-end is down"
    down = [r for r in caplog.records if "importing escalations failed" in r.getMessage()]
    assert len(down) == 1, "one log line for a failure that lasts, not one per pass"
    assert API_TOKEN not in caplog.text and RASA_TOKEN not in caplog.text

    upstream.backend_down = False
    upstream.rasa_down = True
    upstream.add_escalation(2, "+254700000002")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="console.inbox.sync"):
        report = inbox_console.sync()
    assert report.created == 1 and report.failures >= 1
    assert "Rasa is unreachable" in caplog.text
    upstream.rasa_down = False
    upstream.say("+254700000002", "user", "hello?")
    assert inbox_console.sync().messages == 1


def test_an_escalation_the_console_cannot_read_does_not_stop_the_others(
    inbox_console: Console, upstream: FakeUpstream
) -> None:
    upstream.add_escalation(1, PHONE)
    upstream.escalations[2] = {"id": "two", "status": "open"}
    upstream.escalations[3] = {"id": 3, "status": "open", "conversation_id": ""}
    report = inbox_console.sync()
    assert report.created == 1
    assert [t.escalation_id for t in tickets(inbox_console)] == [1]


def test_the_app_runs_the_loop_while_it_is_up(db_url: str, upstream: FakeUpstream) -> None:
    upstream.add_escalation(1, PHONE)
    console = make_console(
        db_url,
        Clock(),
        transport=upstream.transport,
        run_inbox_sync=True,
        sync_seconds=0.05,
        **INBOX_SETTINGS,
    )
    try:
        with console.client():
            deadline = time.monotonic() + 10
            while not tickets(console) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(tickets(console)) == 1
            upstream.say(PHONE, "user", "are you there")
            while not messages(console, tickets(console)[0].id) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert messages(console, tickets(console)[0].id) == [("user", "are you there")]
        calls = len(upstream.calls)
        time.sleep(0.3)
        assert len(upstream.calls) == calls, "the loop stops with the app"
    finally:
        console.app.state.engine.dispose()


def test_without_the_back_end_and_rasa_the_loop_stays_off_and_says_why(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    console = make_console(db_url, Clock(), run_inbox_sync=True, rasa_url="http://rasa.test")
    try:
        with caplog.at_level(logging.WARNING, logger="console.inbox.runtime"), console.client() as client:
            headers = console.sign_in(client, Role.STAFF)
            assert client.get("/staff/inbox/api/tickets", headers=headers).json() == []
        lines = [r.getMessage() for r in caplog.records if "inbox sync is off" in r.getMessage()]
        missing = "PES_API_URL, PES_API_TOKEN, RASA_AUTH_TOKEN"
        assert lines == [f"inbox sync is off: {missing} not set (no escalations are imported)"]
    finally:
        console.app.state.engine.dispose()


def test_sync_settings_come_from_the_environment() -> None:
    env = {
        "PES_CONSOLE_SECRET_KEY": "k" * 40,
        "PES_API_URL": "http://127.0.0.1:8000/",
        "PES_API_TOKEN": "t" * 20,
        "RASA_URL": "http://127.0.0.1:5005",
        "RASA_AUTH_TOKEN": "r" * 20,
        "PES_CONSOLE_SYNC_SECONDS": "0.5",
    }
    settings = Settings.from_env(env)
    assert settings.pes_api_url == "http://127.0.0.1:8000"
    assert (settings.rasa_url, settings.sync_seconds, settings.inbox_missing()) == (
        "http://127.0.0.1:5005",
        0.5,
        [],
    )
    assert "t" * 20 not in repr(settings) and "r" * 20 not in repr(settings)
    assert Settings.from_env({}).sync_seconds == 2.0
    assert Settings.from_env({}).inbox_missing() == [
        "PES_API_URL",
        "PES_API_TOKEN",
        "RASA_URL",
        "RASA_AUTH_TOKEN",
    ]
    for bad in ("0", "-1", "soon", "inf"):
        with pytest.raises(SettingsError, match="PES_CONSOLE_SYNC_SECONDS"):
            Settings.from_env({**env, "PES_CONSOLE_SYNC_SECONDS": bad})
    with pytest.raises(SettingsError, match="RASA_URL"):
        Settings.from_env({**env, "RASA_URL": "rasa:5005"})


def test_migrate_writes_the_default_canned_answers_once_in_every_language(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSOLE_DATABASE_URL", db_url)
    assert cli.main(["migrate"]) == 0
    console = make_console(db_url, Clock())
    try:
        with console.session() as db:
            languages = dict(
                db.execute(select(CannedAnswer.language, func.count()).group_by(CannedAnswer.language)).all()
            )
            assert set(languages) == set(canned.LANGUAGES) == {"en", "fr", "es", "pt", "sw", "ar"}
            assert len(set(languages.values())) == 1, "every language has the same answers"
            total = sum(languages.values())
        with console.session() as db, db.begin():
            db.delete(db.scalars(select(CannedAnswer)).first())
        assert cli.main(["migrate"]) == 0
        with console.session() as db:
            assert db.scalar(select(func.count()).select_from(CannedAnswer)) == total - 1, (
                "a table with answers is left as the supervisors made it"
            )
    finally:
        console.app.state.engine.dispose()
