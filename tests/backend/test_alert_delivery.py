"""Job alerts delivered: a new vacancy reaches each matching subscriber once, through Rasa.

The back-end runs on real SQLite and PostgreSQL (conftest fixtures). Rasa is a fake HTTP
server on 127.0.0.1 that records each tracker event posted to it and answers with the
statuses a test queues. Passes of the dispatcher are run one at a time, with a clock the
test moves, so nothing sleeps.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import smsutil
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.alerts import delivery
from backend.alerts.dispatcher import AlertDispatcher, RateLimiter, start_dispatcher
from backend.alerts.models import Alert, AlertDelivery
from backend.core.config import Settings, SettingsError

RASA_TOKEN = "rasa-test-token-0123456789"
SMS_PHONE = "+254712345678"
TELEGRAM_CHAT = "5551234"
NAIROBI = ZoneInfo("Africa/Nairobi")


# --- The fake Rasa server -------------------------------------------------------------


@dataclass
class Post:
    conversation_id: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeRasa:
    url: str = ""
    posts: list[Post] = field(default_factory=list)
    # Statuses to answer, in order; 200 once they run out.
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    received: threading.Event = field(default_factory=threading.Event)


def _handler(rasa: FakeRasa) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            segments = parts.path.split("/")
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            ok_path = (
                len(segments) == 5
                and segments[1] == "conversations"
                and segments[3:] == ["tracker", "events"]
            )
            with rasa.lock:
                status = rasa.statuses.pop(0) if rasa.statuses else 200
                if ok_path:
                    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    rasa.posts.append(Post(unquote(segments[2]), query, body))
                    rasa.received.set()
            if not ok_path:
                status = 404
            payload = json.dumps({"events": []} if status < 300 else {"status": "failure"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


# --- The dispatcher under test ----------------------------------------------------------


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    # Late morning in Nairobi today, so that "today" is the same day for the vacancies'
    # closing dates and for the daily cap.
    today = datetime.now(NAIROBI).date()
    return Clock(datetime.combine(today, datetime.min.time(), tzinfo=NAIROBI) + timedelta(hours=10))


def dispatcher_for(app: FastAPI, rasa_url: str, clock: Clock, **settings: Any) -> AlertDispatcher:
    base: Settings = app.state.settings
    configured = dataclasses.replace(base, rasa_url=rasa_url, rasa_auth_token=RASA_TOKEN, **settings)
    return AlertDispatcher(
        session_factory=app.state.session_factory,
        settings=configured,
        clock=clock,
        limiter=RateLimiter(1000),
        retry_backoff=timedelta(seconds=30),
    )


@pytest.fixture
def dispatcher(app: FastAPI, rasa: FakeRasa, clock: Clock) -> AlertDispatcher:
    return dispatcher_for(app, rasa.url, clock)


# --- Helpers ------------------------------------------------------------------------------


def subscribe(client: TestClient, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "conversation_id": SMS_PHONE,
        "channel": "africastalking",
        "recipient": SMS_PHONE,
        "jobseeker_id": None,
        "isco_code": "8322",
        "occupation_uri": None,
        "occupation_label": "car driver",
        "town": "Nakuru",
        "keyword": None,
        "language": "sw",
    }
    body.update(changes)
    response = client.post("/api/v1/alerts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def post_vacancy(client: TestClient, **changes: Any) -> dict[str, Any]:
    today = datetime.now(NAIROBI).date()
    body: dict[str, Any] = {
        "title": "Delivery van driver",
        "description": "Deliver goods to shops around town. Clean driving licence needed.",
        "date_posted": today.isoformat(),
        "valid_through": (today + timedelta(days=30)).isoformat(),
        "employer": "Rift Valley Dairies",
        "town": "Nakuru",
        "isco_code": "8322",
    }
    body.update(changes)
    response = client.post("/api/v1/vacancies", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def deliveries(session: Session) -> list[AlertDelivery]:
    session.expire_all()
    return list(session.scalars(select(AlertDelivery).order_by(AlertDelivery.id)))


# --- Delivery -----------------------------------------------------------------------------


async def test_matching_vacancy_reaches_each_subscriber_once_on_their_channel(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, session: Session
) -> None:
    subscribe(client)
    subscribe(
        client,
        conversation_id=TELEGRAM_CHAT,
        channel="telegram",
        recipient=TELEGRAM_CHAT,
        language="fr",
        isco_code="83",  # a group: every driver's unit group is under it
        town=None,
    )
    subscribe(
        client, conversation_id="web-1", channel="socketio", recipient="web-1", isco_code="5120"
    )  # cooks
    vacancy = post_vacancy(client)

    report = await dispatcher.run_once()

    assert report.sent == 2
    by_conversation = {p.conversation_id: p for p in rasa.posts}
    assert sorted(by_conversation) == sorted([SMS_PHONE, TELEGRAM_CHAT])
    assert len(rasa.posts) == 2
    sms, telegram = by_conversation[SMS_PHONE], by_conversation[TELEGRAM_CHAT]
    assert sms.query["output_channel"] == "africastalking"
    assert telegram.query["output_channel"] == "telegram"
    for post in (sms, telegram):
        assert post.query["token"] == RASA_TOKEN
        assert post.query["execute_side_effects"] == "true"
        assert post.body["event"] == "bot"
        assert post.body["metadata"] == {"kind": "job_alert", "vacancy_id": vacancy["id"]}
        assert "Delivery van driver" in post.body["text"] and "Nakuru" in post.body["text"]
    assert sms.body["text"].startswith("Kazi mpya")  # the alert's language, Kiswahili
    assert telegram.body["text"].startswith("Nouvelle offre")
    assert delivery.sms_segments(sms.body["text"]) <= 2
    assert [d.status for d in deliveries(session)] == ["sent", "sent"]

    again = await dispatcher.run_once()
    assert not again and len(rasa.posts) == 2


async def test_nearby_town_and_keyword_alerts_match_like_a_search(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa
) -> None:
    subscribe(client, conversation_id="near", recipient="near", channel="telegram", town="Naivasha")
    subscribe(client, conversation_id="far", recipient="far", channel="telegram", town="Mombasa")
    subscribe(
        client,
        conversation_id="kw",
        recipient="kw",
        channel="telegram",
        isco_code=None,
        town=None,
        keyword="dairies van",
    )
    subscribe(
        client,
        conversation_id="kw-miss",
        recipient="kw-miss",
        channel="telegram",
        isco_code=None,
        town=None,
        keyword="bakery",
    )
    post_vacancy(client)  # in Nakuru, about 60 km from Naivasha

    await dispatcher.run_once()

    assert sorted(p.conversation_id for p in rasa.posts) == ["kw", "near"]


async def test_vacancy_matching_nobody_sends_nothing(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, session: Session
) -> None:
    subscribe(client)
    post_vacancy(client, isco_code="5120", title="Cook")  # another occupation
    post_vacancy(client, town="Mombasa")  # too far
    expired_day = datetime.now(NAIROBI).date() - timedelta(days=2)
    post_vacancy(
        client,
        date_posted=(expired_day - timedelta(days=5)).isoformat(),
        valid_through=expired_day.isoformat(),
    )

    report = await dispatcher.run_once()

    assert not report
    assert rasa.posts == []
    assert deliveries(session) == []


async def test_opted_out_number_gets_nothing(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, session: Session
) -> None:
    subscribe(client)
    post_vacancy(client)
    stop = client.put(
        f"/api/v1/messaging/opt-outs/{SMS_PHONE}", json={"keyword": "ACHA", "channel": "africastalking"}
    )
    assert stop.status_code == 200

    report = await dispatcher.run_once()

    assert report.opted_out == 1
    assert rasa.posts == []
    assert [d.status for d in deliveries(session)] == ["opted_out"]


async def test_sms_opt_out_does_not_silence_telegram(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa
) -> None:
    # She shared her phone on Telegram, so the alert's recipient is that number.
    subscribe(client, conversation_id=TELEGRAM_CHAT, channel="telegram", recipient=SMS_PHONE)
    client.put(f"/api/v1/messaging/opt-outs/{SMS_PHONE}", json={"keyword": "STOP", "channel": "twilio"})
    post_vacancy(client)

    await dispatcher.run_once()

    assert [p.conversation_id for p in rasa.posts] == [TELEGRAM_CHAT]


async def test_reimported_posting_is_not_sent_twice(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, session: Session
) -> None:
    subscribe(client)
    vacancy = post_vacancy(client)
    await dispatcher.run_once()
    assert len(rasa.posts) == 1

    posting = client.get(f"/api/v1/vacancies/{vacancy['id']}/jsonld").json()
    posting["title"] = posting["title"].upper()  # the feed writes it in capitals now
    posting["description"] += " Updated: two openings."
    imported = client.post("/api/v1/vacancies/import", json=[posting])
    assert imported.status_code == 201
    await dispatcher.run_once()

    assert len(rasa.posts) == 1
    assert len(deliveries(session)) == 1


async def test_two_alerts_of_one_subscriber_give_one_message(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa
) -> None:
    subscribe(client)
    subscribe(client, town=None)  # the same person, drivers anywhere
    post_vacancy(client)

    await dispatcher.run_once()

    assert len(rasa.posts) == 1


async def test_daily_cap_holds_the_rest_until_the_next_day(
    app: FastAPI, client: TestClient, rasa: FakeRasa, clock: Clock, session: Session
) -> None:
    dispatcher = dispatcher_for(app, rasa.url, clock, alert_max_per_day=2)
    subscribe(client)
    subscribe(client, conversation_id=TELEGRAM_CHAT, channel="telegram", recipient=TELEGRAM_CHAT)
    for n in range(3):
        post_vacancy(client, title=f"Driver {n + 1}")

    report = await dispatcher.run_once()

    assert report.sent == 4 and report.deferred == 2
    per_person = {c: sum(p.conversation_id == c for p in rasa.posts) for c in (SMS_PHONE, TELEGRAM_CHAT)}
    assert per_person == {SMS_PHONE: 2, TELEGRAM_CHAT: 2}
    waiting = [d for d in deliveries(session) if d.status == "pending"]
    tomorrow = datetime.combine(clock.now.date() + timedelta(days=1), datetime.min.time(), tzinfo=NAIROBI)
    assert len(waiting) == 2
    assert all(d.not_before == tomorrow for d in waiting)

    clock.advance(hours=6)  # still the same day in Nairobi
    assert not await dispatcher.run_once()
    assert len(rasa.posts) == 4

    clock.now = tomorrow + timedelta(minutes=1)
    report = await dispatcher.run_once()
    assert report.sent == 2
    assert sorted(p.conversation_id for p in rasa.posts[4:]) == sorted([SMS_PHONE, TELEGRAM_CHAT])
    assert all("Driver 3" in p.body["text"] for p in rasa.posts[4:])


async def test_rasa_error_is_retried_with_backoff(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, clock: Clock, session: Session
) -> None:
    subscribe(client)
    post_vacancy(client)
    rasa.statuses = [500]

    first = await dispatcher.run_once()
    assert first.retrying == 1
    [waiting] = deliveries(session)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert "500" in (waiting.last_error or "")

    assert not await dispatcher.run_once()  # not yet: backing off
    assert len(rasa.posts) == 1

    clock.advance(seconds=31)
    second = await dispatcher.run_once()
    assert second.sent == 1
    assert len(rasa.posts) == 2
    [done] = deliveries(session)
    assert (done.status, done.attempts) == ("sent", 2)
    assert rasa.posts[0].body == rasa.posts[1].body


async def test_gives_up_after_five_attempts(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, clock: Clock, session: Session
) -> None:
    subscribe(client)
    post_vacancy(client)
    rasa.statuses = [502] * 10

    for _ in range(delivery.MAX_ATTEMPTS):
        await dispatcher.run_once()
        clock.advance(hours=1)
    assert len(rasa.posts) == delivery.MAX_ATTEMPTS
    [gave_up] = deliveries(session)
    assert (gave_up.status, gave_up.attempts) == ("failed", delivery.MAX_ATTEMPTS)

    await dispatcher.run_once()
    assert len(rasa.posts) == delivery.MAX_ATTEMPTS


async def test_refused_request_fails_at_once(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, session: Session
) -> None:
    subscribe(client)
    post_vacancy(client)
    rasa.statuses = [400]

    report = await dispatcher.run_once()

    assert report.failed == 1
    [failed] = deliveries(session)
    assert (failed.status, failed.attempts) == ("failed", 1)


async def test_rasa_down_stops_the_pass_and_keeps_the_rest(
    app: FastAPI, client: TestClient, clock: Clock, session: Session
) -> None:
    # A port nothing listens on: bind one, then close it.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    dispatcher = dispatcher_for(app, f"http://127.0.0.1:{closed_port}", clock)
    subscribe(client)
    subscribe(client, conversation_id=TELEGRAM_CHAT, channel="telegram", recipient=TELEGRAM_CHAT)
    post_vacancy(client)

    report = await dispatcher.run_once()

    assert (report.retrying, report.released) == (1, 1)
    rows = deliveries(session)
    assert [d.status for d in rows] == ["pending", "pending"]
    assert sorted(d.attempts for d in rows) == [0, 1]  # the untried one lost nothing


async def test_stopped_alert_is_cancelled_and_deleted_alert_forgotten(
    client: TestClient, dispatcher: AlertDispatcher, rasa: FakeRasa, session: Session
) -> None:
    stopped = subscribe(client)
    deleted = subscribe(client, conversation_id=TELEGRAM_CHAT, channel="telegram", recipient=TELEGRAM_CHAT)
    post_vacancy(client)
    alert = session.get(Alert, stopped["id"])
    assert alert is not None
    alert.active = False
    session.commit()
    assert client.delete(f"/api/v1/alerts/{deleted['id']}").status_code == 204

    report = await dispatcher.run_once()

    assert report.cancelled == 1 and report.sent == 0
    assert rasa.posts == []
    assert [d.status for d in deliveries(session)] == ["cancelled"]


# --- The message --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es", "pt", "sw", "ar"])
@pytest.mark.parametrize(
    ("title", "employer", "town"),
    [
        ("Cook", "Hotel Baraka", "Kisumu"),
        (
            "Senior heavy goods vehicle driver for long-distance cross-border routes (Mombasa–Kampala)",
            "East African Logistics and Freight Forwarding Company Limited",
            "Nairobi",
        ),
        (
            "مساعد طباخ في مطعم كبير على الشاطئ مع خبرة سنتين على الأقل",
            "مطعم النخيل للمأكولات البحرية",
            "Mombasa",
        ),
    ],
)
def test_message_fits_two_sms_segments_in_every_language(
    language: str, title: str, employer: str, town: str
) -> None:
    text = delivery.compose_text(
        language=language, title=title, employer=employer, town=town, valid_through=date(2027, 3, 31)
    )
    assert delivery.sms_segments(text) <= 2
    assert town in text
    assert text.startswith(delivery.WORDING[language].intro)


def test_short_message_keeps_everything() -> None:
    text = delivery.compose_text(
        language="en", title="Cook", employer="Hotel Baraka", town="Kisumu", valid_through=date(2027, 3, 31)
    )
    assert (
        text
        == "New job for you: Cook - Hotel Baraka, Kisumu. Apply by 31/03/2027. Write 'vacancies' to see more."
    )
    plain = delivery.compose_text(
        language="xx", title="Cook", employer="Hotel Baraka", town="Kisumu", valid_through=None
    )
    assert plain.startswith("New job for you:") and "Apply by" not in plain


def test_latin_wording_stays_in_gsm7() -> None:
    # One character outside GSM-7 would halve every segment (UCS-2): keep them out.
    for language, wording in delivery.WORDING.items():
        if language != "ar":
            text = " ".join((wording.intro, wording.closes, wording.more))
            assert smsutil.split(text).encoding == "gsm0338", language


# --- Rate limit, settings, start-up ---------------------------------------------------------


async def test_rate_limiter_spaces_sends() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(5, clock=lambda: now[0], sleep=sleep)
    for _ in range(15):
        await limiter.acquire()
    # A burst of one second's worth, then one every 0.2 s: 15 sends take 2 s.
    assert now[0] == pytest.approx(2.0)
    assert all(s == pytest.approx(0.2) for s in slept)


def test_alert_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PES_API_TOKEN", "x" * 32)
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:5005/")
    monkeypatch.setenv("RASA_AUTH_TOKEN", RASA_TOKEN)
    monkeypatch.setenv("PES_ALERT_MAX_PER_DAY", "5")
    monkeypatch.delenv("PES_ALERT_RATE_PER_SECOND", raising=False)
    settings = Settings.from_env()
    assert (settings.rasa_url, settings.rasa_auth_token) == ("http://127.0.0.1:5005", RASA_TOKEN)
    assert (settings.alert_max_per_day, settings.alert_rate_per_second, settings.alert_poll_seconds) == (
        5,
        5.0,
        2.0,
    )
    monkeypatch.setenv("RASA_URL", "127.0.0.1:5005")
    with pytest.raises(SettingsError, match="RASA_URL"):
        Settings.from_env()
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:5005")
    for bad in ("0", "-1", "many", "inf"):
        monkeypatch.setenv("PES_ALERT_RATE_PER_SECOND", bad)
        with pytest.raises(SettingsError, match="PES_ALERT_RATE_PER_SECOND"):
            Settings.from_env()


async def test_dispatcher_is_off_without_rasa_settings(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(database_url="sqlite://", api_token="t" * 32, timezone="Africa/Nairobi")
    with caplog.at_level("WARNING"):
        assert start_dispatcher(settings, session_factory=None) is None  # type: ignore[arg-type]
    assert "RASA_URL and RASA_AUTH_TOKEN" in caplog.text


def test_app_runs_the_dispatcher_while_it_is_up(app: FastAPI, rasa: FakeRasa) -> None:
    auth = {"Authorization": f"Bearer {app.state.settings.api_token}"}
    with TestClient(app, headers=auth) as client:
        assert app.state.alert_dispatcher is None  # no Rasa configured: alerts wait
        subscribe(client)
        post_vacancy(client)
    app.state.settings = dataclasses.replace(
        app.state.settings, rasa_url=rasa.url, rasa_auth_token=RASA_TOKEN, alert_poll_seconds=0.05
    )
    with TestClient(app):
        running = app.state.alert_dispatcher
        assert running is not None
        assert rasa.received.wait(timeout=15), "the running app sent no alert"
    assert app.state.alert_dispatcher is None
    assert [p.conversation_id for p in rasa.posts] == [SMS_PHONE]
