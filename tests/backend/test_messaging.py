"""The messaging API the SMS and Telegram channels rely on (docs/CONTRACTS.md):
an inbound message processed once, opt-outs, outbound messages and delivery reports."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from backend.core.db import Base, make_engine
from backend.messaging.models import DeliveryReport
from backend.models import load_all

API = "/api/v1/messaging"
PHONE = "+254712345678"
OUR_TABLES = {
    "messaging_inbound",
    "messaging_opt_outs",
    "messaging_outbound",
    "messaging_delivery_reports",
    "alert_deliveries",
}


def claim(client: TestClient, **changes: str) -> Any:
    body = {"channel": "africastalking", "provider_message_id": "ATXid_1", "sender": PHONE} | changes
    return client.post(f"{API}/inbound", json=body)


def outbound(client: TestClient, **changes: Any) -> Any:
    body: dict[str, Any] = {
        "channel": "africastalking",
        "provider": "africastalking",
        "recipient": PHONE,
        "conversation_id": PHONE,
        "provider_message_id": "ATXid_out_1",
        "text": "Karibu! Jibu 1, 2 au 3.",
        "encoding": "gsm7",
        "segments": 1,
        "status": "queued",
    }
    body.update(changes)
    return client.post(f"{API}/outbound", json=body)


def report(client: TestClient, **changes: Any) -> Any:
    body: dict[str, Any] = {
        "provider": "africastalking",
        "provider_message_id": "ATXid_out_1",
        "status": "delivered",
        "provider_status": "Success",
        "error": None,
    }
    body.update(changes)
    return client.post(f"{API}/delivery-reports", json=body)


# --- Inbound: a retried webhook is processed once -------------------------------------------


def test_first_delivery_of_a_message_is_first_and_a_retry_is_not(client: TestClient) -> None:
    first = claim(client)
    retry = claim(client)
    assert (first.status_code, first.json()) == (201, {"first": True})
    assert (retry.status_code, retry.json()) == (200, {"first": False})


def test_the_same_id_on_another_channel_is_another_message(client: TestClient) -> None:
    assert claim(client).json() == {"first": True}
    assert claim(client, channel="twilio").json() == {"first": True}
    assert claim(client, provider_message_id="ATXid_2").json() == {"first": True}


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "africastalking", "provider_message_id": "x"},
        {"channel": "", "provider_message_id": "x", "sender": PHONE},
        {"channel": "africastalking", "provider_message_id": "   ", "sender": PHONE},
        {"channel": "africastalking", "provider_message_id": "x" * 201, "sender": PHONE},
        {"channel": "africastalking", "provider_message_id": "x", "sender": PHONE, "extra": 1},
    ],
)
def test_unreadable_claim_is_refused(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post(f"{API}/inbound", json=body)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_messaging_needs_the_token(anon_client: TestClient) -> None:
    assert anon_client.post(f"{API}/inbound", json={}).status_code == 401
    assert anon_client.get(f"{API}/opt-outs/{PHONE}").status_code == 401


# --- Opt-outs -----------------------------------------------------------------------------


def test_opt_out_and_back_in(client: TestClient) -> None:
    before = client.get(f"{API}/opt-outs/{PHONE}", params={"family": "sms"})
    assert before.status_code == 200
    assert before.json() == {
        "address": PHONE,
        "family": "sms",
        "opted_out": False,
        "keyword": None,
        "since": None,
    }

    stop = client.put(
        f"{API}/opt-outs/{PHONE}", json={"family": "sms", "keyword": "ACHA", "channel": "africastalking"}
    )
    assert stop.status_code == 200
    stopped = stop.json()
    assert (stopped["opted_out"], stopped["keyword"]) == (True, "ACHA")
    assert stopped["since"]

    # A second STOP (another word, another gateway) changes nothing.
    again = client.put(f"{API}/opt-outs/{PHONE}", json={"keyword": "STOP", "channel": "twilio"})
    assert again.status_code == 200
    assert again.json() == stopped
    assert client.get(f"{API}/opt-outs/{PHONE}").json() == stopped

    assert client.delete(f"{API}/opt-outs/{PHONE}", params={"family": "sms"}).status_code == 204
    assert client.get(f"{API}/opt-outs/{PHONE}").json()["opted_out"] is False
    assert client.delete(f"{API}/opt-outs/{PHONE}").status_code == 204


def test_opt_out_finds_the_number_in_any_spelling(client: TestClient) -> None:
    client.put(f"{API}/opt-outs/{PHONE}", json={"keyword": "STOP", "channel": "twilio"})
    local = client.get(f"{API}/opt-outs/0712 345 678")
    encoded = client.get(f"{API}/opt-outs/%2B254712345678")
    assert local.json()["address"] == PHONE and local.json()["opted_out"] is True
    assert encoded.json()["opted_out"] is True


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/opt-outs/hello", {}),
        ("GET", "/opt-outs/12", {}),
        ("GET", f"/opt-outs/{PHONE}", {"params": {"family": "email"}}),
        ("PUT", f"/opt-outs/{PHONE}", {"json": {"keyword": "STOP"}}),
        ("PUT", f"/opt-outs/{PHONE}", {"json": {"family": "fax", "keyword": "STOP", "channel": "twilio"}}),
        ("PUT", "/opt-outs/not-a-phone", {"json": {"keyword": "STOP", "channel": "twilio"}}),
        ("DELETE", "/opt-outs/not-a-phone", {}),
    ],
)
def test_bad_opt_out_requests_are_refused_clearly(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = client.request(method, API + path, **kwargs)
    assert response.status_code == 422
    assert response.json()["detail"]


# --- Outbound messages and delivery reports ---------------------------------------------------


def test_delivery_report_updates_the_message(client: TestClient) -> None:
    created = outbound(client)
    assert created.status_code == 201
    message = created.json()
    assert (message["status"], message["encoding"], message["segments"]) == ("queued", "gsm7", 1)

    sent = report(client, status="sent", provider_status="Sent")
    assert (sent.status_code, sent.json()) == (202, {"matched": True})
    delivered = report(client, status="delivered", provider_status="Success")
    assert delivered.json() == {"matched": True}

    [stored] = client.get(f"{API}/outbound", params={"recipient": PHONE}).json()
    assert stored["id"] == message["id"]
    assert (stored["status"], stored["provider_status"]) == ("delivered", "Success")


def test_a_late_report_does_not_take_a_status_back(client: TestClient) -> None:
    outbound(client)
    report(client, status="delivered", provider_status="Success")
    late = report(client, status="sent", provider_status="Sent")
    assert late.json() == {"matched": True}
    [stored] = client.get(f"{API}/outbound", params={"conversation_id": PHONE}).json()
    assert stored["status"] == "delivered"


def test_failure_report_keeps_the_providers_reason(client: TestClient) -> None:
    outbound(client, provider="twilio", channel="twilio", provider_message_id="SM123")
    failed = report(
        client,
        provider="twilio",
        provider_message_id="SM123",
        status="failed",
        provider_status="undelivered",
        error="30003: Unreachable destination handset",
    )
    assert failed.json() == {"matched": True}
    [stored] = client.get(f"{API}/outbound", params={"channel": "twilio"}).json()
    assert (stored["status"], stored["error"]) == ("failed", "30003: Unreachable destination handset")


def test_every_report_is_stored_even_unmatched(client: TestClient, session: Session) -> None:
    unknown = report(client, provider_message_id="never-sent")
    assert (unknown.status_code, unknown.json()) == (202, {"matched": False})
    long_reason = report(client, provider_message_id="never-sent", status="failed", error="x" * 2000)
    assert long_reason.status_code == 202  # a long reason is cut, the report is kept
    stored = session.scalars(select(DeliveryReport).where(DeliveryReport.provider_message_id == "never-sent"))
    rows = list(stored)
    assert len(rows) == 2
    assert len(rows[1].error or "") == 500


def test_report_before_the_message_is_applied_when_it_is_recorded(client: TestClient) -> None:
    # The provider reported faster than the channel recorded what it had sent.
    assert report(client, provider_message_id="ATXid_fast", status="delivered").json() == {"matched": False}
    created = outbound(client, provider_message_id="ATXid_fast", status="sent")
    assert created.json()["status"] == "delivered"


def test_the_same_provider_message_recorded_twice_is_one_message(client: TestClient) -> None:
    first = outbound(client)
    second = outbound(client)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    # Without a provider id (the send failed before the gateway answered) each is its own.
    a = outbound(client, provider_message_id=None, status="failed")
    b = outbound(client, provider_message_id=None, status="failed")
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]


def test_outbound_list_filters_and_is_oldest_first(client: TestClient) -> None:
    outbound(client, provider_message_id="m1", text="one")
    outbound(client, provider_message_id="m2", text="two")
    outbound(
        client,
        provider_message_id="m3",
        text="three",
        recipient="+254722000111",
        conversation_id="+254722000111",
    )
    outbound(
        client,
        provider="telegram",
        channel="telegram",
        provider_message_id="t1",
        text="tg",
        recipient="99",
        conversation_id="99",
    )
    texts = [m["text"] for m in client.get(f"{API}/outbound", params={"recipient": PHONE}).json()]
    assert texts == ["one", "two"]
    assert [m["text"] for m in client.get(f"{API}/outbound", params={"channel": "telegram"}).json()] == ["tg"]
    newest = client.get(f"{API}/outbound", params={"channel": "africastalking", "limit": 2}).json()
    assert [m["text"] for m in newest] == ["two", "three"]
    assert client.get(f"{API}/outbound", params={"recipient": "+254700000000"}).json() == []


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "lost"},
        {"encoding": "utf8"},
        {"segments": 0},
        {"text": None},
        {"recipient": ""},
        {"provider": "x" * 41},
    ],
)
def test_bad_outbound_is_refused(client: TestClient, changes: dict[str, Any]) -> None:
    response = outbound(client, **changes)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "changes",
    [{"status": "DELIVRD"}, {"provider_message_id": ""}, {"provider_status": None}, {"provider": None}],
)
def test_bad_report_is_refused(client: TestClient, changes: dict[str, Any]) -> None:
    assert report(client, **changes).status_code == 422


def test_bad_list_limit_is_refused(client: TestClient) -> None:
    assert client.get(f"{API}/outbound", params={"limit": 0}).status_code == 422
    assert client.get(f"{API}/outbound", params={"limit": 10_000}).status_code == 422


# --- Schema -----------------------------------------------------------------------------------


def test_migration_matches_the_models(migrated_url: str) -> None:
    load_all()
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    ours = [change for change in diff if _table_of(change) in OUR_TABLES]
    assert ours == [], ours


def _table_of(change: Any) -> str | None:
    item = change[0] if isinstance(change, list) else change
    _operation, *args = item
    for arg in args:
        if isinstance(arg, Table):
            return str(arg.name)
        table = getattr(arg, "table", None)
        if isinstance(table, Table):
            return str(table.name)
    return args[1] if len(args) > 1 and isinstance(args[1], str) else None
