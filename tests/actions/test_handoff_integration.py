"""Handoff and job alerts against the real reference back-end over HTTP.

The back-end runs on a free port with a fresh SQLite database (migrated and seeded).
Its clock is the real one, so the handoff test checks that the reply matches what the
back-end said (office open or closed), whichever it is when the test runs.
"""

from __future__ import annotations

import httpx
import pytest
from test_handoff_support import (  # type: ignore[import-not-found]
    TOKEN,
    bot_event,
    make_tracker,
    run_action,
    slot_values,
    texts,
    user_event,
)

from actions.alerts import ActionAlertList, ActionAlertSubscribe, ActionAlertUnsubscribe, ValidateAlertForm
from actions.handoff import ActionHandoffOpen
from actions.handoff_followup import ActionHandoffCallback, ActionHandoffRating

# Fixtures (fake_pes, unreachable_pes, backend_url, real_pes) live in the support module.
pytest_plugins = ["test_handoff_support"]


def api(url: str, method: str, path: str, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return httpx.request(method, f"{url}/api/v1{path}", headers=headers, timeout=10, **kwargs)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_handoff_opens_an_escalation_staff_can_read(real_pes: str) -> None:
    tracker = make_tracker(
        [
            user_event("am i eligible for the youth guarantee", "check_eligibility"),
            bot_event("Let me check."),
            user_event("talk to a person", "human_handoff"),
        ],
        sender_id="it-handoff-1",
    )
    dispatcher, events = await run_action(ActionHandoffOpen(), tracker)
    escalation_id = int(slot_values(events)["handoff_escalation_id"])
    stored = api(real_pes, "GET", f"/escalations/{escalation_id}").json()
    assert stored["topic"] == "programmes"
    assert stored["reason"] == "user_request"
    assert [line["text"] for line in stored["transcript"]][-1] == "talk to a person"

    said = " ".join(texts(dispatcher))
    assert f"reference {escalation_id}" in said
    if stored["open_now"]:
        assert "queue" in said
    else:
        assert "not at work right now" in said

    # Asking again while waiting keeps the place instead of queueing twice.
    later = make_tracker(
        [*tracker.events, user_event("hello?? a person pls", "human_handoff")], sender_id="it-handoff-1"
    )
    dispatcher, events = await run_action(ActionHandoffOpen(), later)
    assert int(slot_values(events)["handoff_escalation_id"]) == escalation_id
    assert (
        len([e for e in api(real_pes, "GET", "/escalations?status=open").json() if e["id"] == escalation_id])
        == 1
    )


@pytest.mark.asyncio
async def test_call_back_then_close_then_rating_reach_the_record(real_pes: str) -> None:
    phone = "+254712000999"
    asked = make_tracker(
        [
            user_event(
                "call me back pls", "request_callback", channel="africastalking", metadata={"phone": phone}
            )
        ],
        sender_id=phone,
    )
    dispatcher, events = await run_action(ActionHandoffCallback(), asked)
    escalation_id = int(slot_values(events)["handoff_escalation_id"])
    stored = api(real_pes, "GET", f"/escalations/{escalation_id}").json()
    assert (stored["callback_requested"], stored["callback_phone"]) == (True, phone)
    assert stored["channel"] == "africastalking"
    assert phone in " ".join(texts(dispatcher))
    assert any(e["event"] == "pause" for e in events) is stored["open_now"]

    # Rating before the counsellor closed: refused by the back-end, and she is told.
    rating = user_event(
        "/rate_handoff", "rate_handoff", entities=[{"entity": "handoff_rating", "value": "good"}]
    )
    early = make_tracker(
        [rating],
        slots={"handoff_escalation_id": float(escalation_id), "handoff_rating": "good"},
        sender_id=phone,
    )
    dispatcher, _ = await run_action(ActionHandoffRating(), early)
    assert "nothing was saved" in texts(dispatcher)[0]
    assert api(real_pes, "GET", f"/escalations/{escalation_id}").json()["rating"] is None

    assert (
        api(real_pes, "PATCH", f"/escalations/{escalation_id}", json={"status": "closed"}).status_code == 200
    )
    dispatcher, _ = await run_action(ActionHandoffRating(), early)
    assert texts(dispatcher)[0].startswith("Thank you for your answer")
    closed = api(real_pes, "GET", f"/escalations/{escalation_id}").json()
    assert (closed["status"], closed["rating"]) == ("closed", "good")
    assert closed["closed_at"] and closed["rated_at"]

    # A call back asked for later is not lost on the closed request: a new one is opened.
    again = make_tracker(
        [user_event("call me", "request_callback", channel="africastalking", metadata={"phone": phone})],
        slots={"handoff_escalation_id": float(escalation_id)},
        sender_id=phone,
    )
    _, events = await run_action(ActionHandoffCallback(), again)
    newer = int(slot_values(events)["handoff_escalation_id"])
    assert newer != escalation_id
    assert api(real_pes, "GET", f"/escalations/{newer}").json()["callback_requested"] is True


@pytest.mark.asyncio
async def test_alert_subscribe_duplicate_and_unsubscribe(real_pes: str) -> None:
    form = make_tracker(
        [
            user_event("cook", "inform"),
            {"event": "slot", "name": "alert_occupation", "value": "cook"},
            {"event": "slot", "name": "alert_town", "value": "mombasa"},
        ],
        slots={"alert_occupation": "cook", "alert_town": "mombasa", "requested_slot": "alert_occupation"},
        active_loop="alert_form",
        sender_id="it-alerts-1",
    )
    _, events = await run_action(ValidateAlertForm(), form)
    slots = slot_values(events)
    assert slots["alert_town"] == "Mombasa"
    assert slots.get("alert_occupation"), "the seed's occupations should resolve 'cook'"

    confirm = make_tracker([user_event("yes", "affirm")], slots=slots, sender_id="it-alerts-1")
    dispatcher, _ = await run_action(ActionAlertSubscribe(), confirm)
    assert "is set up" in texts(dispatcher)[0]
    stored = api(real_pes, "GET", "/alerts", params={"conversation_id": "it-alerts-1"}).json()
    items = stored["items"] if isinstance(stored, dict) else stored
    assert len(items) == 1 and items[0]["town"] == "Mombasa"

    dispatcher, _ = await run_action(ActionAlertSubscribe(), confirm)
    assert "already have this alert" in texts(dispatcher)[0]

    menu = make_tracker([user_event("stop job alerts", "unsubscribe_alerts")], sender_id="it-alerts-1")
    dispatcher, _ = await run_action(ActionAlertList(), menu)
    assert dispatcher.messages[0]["buttons"][0]["payload"] == f'/select{{"item_id":"{items[0]["id"]}"}}'

    pick = make_tracker(
        [user_event("pick", "select", entities=[{"entity": "item_id", "value": str(items[0]["id"])}])],
        sender_id="it-alerts-1",
    )
    dispatcher, _ = await run_action(ActionAlertUnsubscribe(), pick)
    assert texts(dispatcher)[0].startswith("Stopped:")
    left = api(real_pes, "GET", "/alerts", params={"conversation_id": "it-alerts-1"}).json()
    left_items = left["items"] if isinstance(left, dict) else left
    assert [a for a in left_items if a.get("active", True)] == []
