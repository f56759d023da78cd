"""Job alerts delivered: which subscriptions a new vacancy matches, the short message each
subscriber gets, and the life of each delivery (claimed, sent, retried, given up).

The dispatcher (dispatcher.py) does the sending; everything here is plain database work
on a session the caller owns, so it is the same on SQLite and PostgreSQL and in tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import smsutil
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from backend.alerts.models import Alert, AlertDelivery
from backend.core.db import utcnow
from backend.core.search import MAX_WORDS
from backend.messaging.service import family_of, insert_ignoring_duplicates, is_opted_out
from backend.towns.service import nearby_town_names, normalise
from backend.vacancies.models import Vacancy

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
OPTED_OUT = "opted_out"
CANCELLED = "cancelled"

MAX_ATTEMPTS = 5
# An alert must fit two SMS segments: 306 GSM-7 characters, or 134 in UCS-2 (Arabic).
MAX_SEGMENTS = 2
ERROR_LENGTH = 500


# --- Matching a new vacancy to subscriptions ---------------------------------------


def posting_key(vacancy: Vacancy) -> str:
    """The same posting under any spelling of case and accents, whatever its row id."""
    parts = (normalise(vacancy.title), normalise(vacancy.employer), normalise(vacancy.town))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def matching_alerts(*, session: Session, vacancy: Vacancy) -> list[Alert]:
    """Active alerts whose search would list this vacancy (the same rules as GET /vacancies:
    occupation by ISCO group or ESCO URI, the town or a nearby one, every keyword word)."""
    occupation = [and_(Alert.isco_code.is_(None), Alert.occupation_uri.is_(None))]
    code = vacancy.isco_code or ""
    if code:
        # An alert for a group ("83") covers every unit group under it ("8322").
        occupation.append(Alert.isco_code.in_([code[:n] for n in range(1, len(code) + 1)]))
    if vacancy.occupation_uri:
        occupation.append(Alert.occupation_uri == vacancy.occupation_uri)
    # "Nearby" is a distance, so the towns whose searches include this vacancy are
    # exactly the towns near it. An unknown town only matches itself.
    towns = nearby_town_names(session, vacancy.town) or [vacancy.town]
    stmt = (
        select(Alert)
        .where(Alert.active.is_(True), or_(*occupation), or_(Alert.town.is_(None), Alert.town.in_(towns)))
        .order_by(Alert.id)
    )
    return [a for a in session.scalars(stmt) if _keyword_matches(a.keyword, vacancy)]


def _keyword_matches(keyword: str | None, vacancy: Vacancy) -> bool:
    if not keyword:
        return True
    haystack = [
        (text or "").lower()
        for text in (vacancy.title, vacancy.description, vacancy.employer, vacancy.occupation_label)
    ]
    return all(any(word.lower() in h for h in haystack) for word in keyword.split()[:MAX_WORDS])


def queue_deliveries(*, session: Session, vacancy: Vacancy, today: date) -> int:
    """One pending delivery per subscriber the vacancy matches; returns how many were added.

    A subscriber (one conversation on one channel) hears once about a posting, even when
    two of her alerts match it or the posting is imported again later.
    """
    if vacancy.valid_through is not None and vacancy.valid_through < today:
        return 0
    key = posting_key(vacancy)
    seen: set[tuple[str, str]] = set()
    added = 0
    for alert in matching_alerts(session=session, vacancy=vacancy):
        subscriber = (alert.channel, alert.conversation_id)
        if subscriber in seen or _already_told(session, subscriber, key):
            continue
        seen.add(subscriber)
        values = {
            "alert_id": alert.id,
            "vacancy_id": vacancy.id,
            "posting_key": key,
            "status": PENDING,
            "attempts": 0,
            "created_at": utcnow(),
        }
        added += insert_ignoring_duplicates(session, AlertDelivery, values, ("alert_id", "posting_key"))
    return added


def _already_told(session: Session, subscriber: tuple[str, str], key: str) -> bool:
    channel, conversation_id = subscriber
    found = session.scalar(
        select(AlertDelivery.id)
        .join(Alert, AlertDelivery.alert_id == Alert.id)
        .where(Alert.channel == channel, Alert.conversation_id == conversation_id)
        .where(AlertDelivery.posting_key == key)
        .limit(1)
    )
    return found is not None


# --- The message ---------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    intro: str
    closes: str  # with {date}
    more: str  # how to see more jobs: words the bot understands as a vacancy search
    comma: str = ","


# Written for a phone screen: what, who, where, until when, and what to write next.
# Only GSM-7 characters outside Arabic, so that these texts keep the 160-character segments.
WORDING = {
    "en": Wording("New job for you:", "Apply by {date}.", "Write 'vacancies' to see more."),
    "fr": Wording(
        "Nouvelle offre pour vous :", "Date limite : {date}.", "Écrivez 'offres d'emploi' pour en voir plus."
    ),
    "es": Wording("Nueva oferta de empleo:", "Plazo: {date}.", "Escriba 'vacantes' para ver otras ofertas."),
    "pt": Wording("Nova vaga de emprego:", "Prazo: {date}.", "Escreva 'vagas' para ver outras vagas."),
    "sw": Wording("Kazi mpya kwako:", "Mwisho wa maombi: {date}.", "Andika 'nafasi za kazi' kuona zaidi."),
    "ar": Wording("وظيفة جديدة لك:", "آخر موعد: {date}.", "اكتب 'وظائف شاغرة' لرؤية المزيد.", comma="،"),
}
DEFAULT_LANGUAGE = "en"

# From the fullest message to the barest: (title, employer, town) length caps (None = as
# is, 0 = left out), with the closing date?, with the hint?
_VARIANTS: tuple[tuple[int | None, int | None, int | None, bool, bool], ...] = (
    (None, None, None, True, True),
    (60, 40, 30, True, True),
    (60, 40, 30, True, False),
    (40, 25, 25, True, False),
    (40, 25, 25, False, False),
    (30, 0, 20, False, False),
)


def sms_segments(text: str) -> int:
    return len(smsutil.split(text).parts)


def compose_text(*, language: str, title: str, employer: str, town: str, valid_through: date | None) -> str:
    """The alert in the subscriber's language, within MAX_SEGMENTS SMS segments."""
    wording = WORDING.get((language or "")[:2].lower(), WORDING[DEFAULT_LANGUAGE])
    closing = valid_through.strftime("%d/%m/%Y") if valid_through else None
    text = ""
    for title_cap, employer_cap, town_cap, with_date, with_more in _VARIANTS:
        text = _render(
            wording,
            title=_cut(title, title_cap),
            employer=_cut(employer, employer_cap),
            town=_cut(town, town_cap),
            closing=closing if with_date else None,
            with_more=with_more,
        )
        if sms_segments(text) <= MAX_SEGMENTS:
            return text
    return _cut_to_segments(text)


def _render(
    wording: Wording, *, title: str, employer: str, town: str, closing: str | None, with_more: bool
) -> str:
    job = f"{title} - {employer}" if employer else title
    text = f"{wording.intro} {job}{wording.comma} {town}."
    if closing:
        text += " " + wording.closes.format(date=closing)
    if with_more:
        text += " " + wording.more
    return text


def _cut(value: str, cap: int | None) -> str:
    value = " ".join(value.split()).rstrip(".")
    if cap is None or len(value) <= cap:
        return value
    if cap == 0:
        return ""
    return value[: cap - 3].rstrip() + "..."


def _cut_to_segments(text: str) -> str:
    parts = smsutil.split(text).parts
    if len(parts) <= MAX_SEGMENTS:
        return text
    kept = "".join(p.content for p in parts[:MAX_SEGMENTS])
    # "..." costs no more than the three characters it replaces, in either encoding.
    return kept[:-3].rstrip() + "..."


# --- Sending: claim what is due, record what happened ------------------------------


@dataclass(frozen=True)
class Job:
    """A claimed delivery, ready to be sent through Rasa."""

    delivery_id: int
    conversation_id: str
    channel: str
    vacancy_id: int
    text: str


@dataclass
class Claimed:
    jobs: list[Job] = field(default_factory=list)
    opted_out: int = 0
    cancelled: int = 0
    deferred: int = 0


def day_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Start of today and of tomorrow where the PES operates (the daily cap's day)."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time.min, tzinfo=zone)
    tomorrow = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    return start, tomorrow


def claim_due(
    *,
    session: Session,
    now: datetime,
    timezone: str,
    max_per_day: int,
    limit: int,
    lease: timedelta,
) -> Claimed:
    """Settle what must not be sent (opted out, alert stopped, vacancy closed), hold back
    what exceeds a subscriber's daily cap until tomorrow, and claim the rest for sending.

    A claim is a lease (`not_before` moved ahead), taken with a conditional UPDATE, so two
    dispatchers never send the same delivery; a crashed one's claims come due again.
    """
    day_start, tomorrow = day_bounds(now, timezone)
    today = day_start.date()
    rows = session.execute(
        select(AlertDelivery, Alert, Vacancy)
        .join(Alert, AlertDelivery.alert_id == Alert.id)
        .join(Vacancy, AlertDelivery.vacancy_id == Vacancy.id)
        .where(AlertDelivery.status == PENDING)
        .where(or_(AlertDelivery.not_before.is_(None), AlertDelivery.not_before <= now))
        .order_by(AlertDelivery.id)
        .limit(limit)
    ).all()
    result = Claimed()
    sent_today: dict[tuple[str, str], int] = {}
    for delivery, alert, vacancy in rows:
        if not alert.active:
            _settle(session, delivery.id, CANCELLED, "the alert was stopped")
            result.cancelled += 1
            continue
        if vacancy.valid_through is not None and vacancy.valid_through < today:
            _settle(session, delivery.id, CANCELLED, "the vacancy closed before it could be sent")
            result.cancelled += 1
            continue
        if _opted_out(session, alert):
            _settle(session, delivery.id, OPTED_OUT, "the recipient opted out")
            result.opted_out += 1
            continue
        subscriber = (alert.channel, alert.conversation_id)
        if subscriber not in sent_today:
            sent_today[subscriber] = _sent_since(session, subscriber, day_start)
        if sent_today[subscriber] >= max_per_day:
            _hold(session, delivery.id, until=tomorrow)
            result.deferred += 1
            continue
        if not _lease(session, delivery.id, now=now, until=now + lease):
            continue  # another dispatcher took it
        sent_today[subscriber] += 1
        text = compose_text(
            language=alert.language,
            title=vacancy.title,
            employer=vacancy.employer,
            town=vacancy.town,
            valid_through=vacancy.valid_through,
        )
        result.jobs.append(Job(delivery.id, alert.conversation_id, alert.channel, vacancy.id, text))
    session.flush()
    return result


def _opted_out(session: Session, alert: Alert) -> bool:
    family = family_of(alert.channel)
    if family is None:
        return False
    addresses = {alert.recipient, alert.conversation_id}
    return any(is_opted_out(session=session, address=a, family=family) for a in addresses)


def _sent_since(session: Session, subscriber: tuple[str, str], since: datetime) -> int:
    channel, conversation_id = subscriber
    count = session.scalar(
        select(func.count(AlertDelivery.id))
        .join(Alert, AlertDelivery.alert_id == Alert.id)
        .where(Alert.channel == channel, Alert.conversation_id == conversation_id)
        .where(AlertDelivery.status == SENT, AlertDelivery.sent_at >= since)
    )
    return int(count or 0)


def _update(session: Session, delivery_id: int, **values: object) -> int:
    result = session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _settle(session: Session, delivery_id: int, status: str, reason: str) -> None:
    _update(session, delivery_id, status=status, last_error=reason, not_before=None)


def _hold(session: Session, delivery_id: int, *, until: datetime) -> None:
    _update(session, delivery_id, not_before=until)


def _lease(session: Session, delivery_id: int, *, now: datetime, until: datetime) -> bool:
    result = session.execute(
        update(AlertDelivery)
        .where(
            AlertDelivery.id == delivery_id,
            AlertDelivery.status == PENDING,
            or_(AlertDelivery.not_before.is_(None), AlertDelivery.not_before <= now),
        )
        .values(not_before=until)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def mark_sent(*, session: Session, delivery_id: int, text: str, now: datetime) -> None:
    _update(
        session,
        delivery_id,
        status=SENT,
        text=text,
        sent_at=now,
        not_before=None,
        last_error=None,
        attempts=AlertDelivery.attempts + 1,
    )


def mark_failed(*, session: Session, delivery_id: int, error: str) -> None:
    """A failure that repeating cannot fix (Rasa refused the request)."""
    _update(
        session,
        delivery_id,
        status=FAILED,
        last_error=error[:ERROR_LENGTH],
        not_before=None,
        attempts=AlertDelivery.attempts + 1,
    )


def mark_retry(*, session: Session, delivery_id: int, error: str, now: datetime, backoff: timedelta) -> bool:
    """Counts a failed attempt; retries after backoff, doubled each time, until
    MAX_ATTEMPTS, then gives up. True while it will be tried again."""
    attempts = session.scalar(select(AlertDelivery.attempts).where(AlertDelivery.id == delivery_id))
    if attempts is None:
        return False  # deleted meanwhile (unsubscribed)
    attempts += 1
    if attempts >= MAX_ATTEMPTS:
        _update(
            session,
            delivery_id,
            status=FAILED,
            attempts=attempts,
            not_before=None,
            last_error=error[:ERROR_LENGTH],
        )
        return False
    _update(
        session,
        delivery_id,
        attempts=attempts,
        not_before=now + backoff * (2 ** (attempts - 1)),
        last_error=error[:ERROR_LENGTH],
    )
    return True


def release(*, session: Session, delivery_ids: list[int], now: datetime) -> None:
    """Gives back claimed deliveries that were not tried (Rasa went away mid-pass)."""
    for delivery_id in delivery_ids:
        _update(session, delivery_id, not_before=now)
