"""Opening handoff requests and telling people honestly how long they will wait."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from backend.core.errors import Conflict, NotFound
from backend.escalations.models import Escalation
from backend.jobseekers.models import Jobseeker
from backend.offices.hours import OpeningStatus
from backend.offices.models import Office
from backend.offices.service import main_office, office_for, status_of

# What one waiting conversation costs a counsellor on average; tune from real data.
MINUTES_PER_CASE = 10
# A conversation has at most one request in these states: asking again returns it.
ACTIVE = ("open", "in_progress")


@dataclass(frozen=True)
class EscalationView:
    escalation: Escalation
    queue_position: int
    expected_wait_minutes: int
    opening: OpeningStatus


def queue_position(session: Session, escalation: Escalation) -> int:
    """1 for the oldest open request; 0 once someone has picked it up or closed it."""
    if escalation.status != "open":
        return 0
    ahead_or_same = session.scalar(
        select(func.count())
        .select_from(Escalation)
        .where(Escalation.status == "open", Escalation.id <= escalation.id)
    )
    return int(ahead_or_same or 0)


def expected_wait(position: int, opening: OpeningStatus, now: datetime) -> int:
    """People ahead times the time per case, plus the closed hours until opening."""
    if position == 0:
        return 0
    minutes = (position - 1) * MINUTES_PER_CASE
    if not opening.open_now and opening.next_opening is not None:
        minutes += math.ceil((opening.next_opening - now).total_seconds() / 60)
    return minutes


def _office(session: Session, escalation: Escalation) -> Office | None:
    if escalation.office_id is None:
        return None
    return session.get(Office, escalation.office_id)


def view(session: Session, escalation: Escalation, *, now: datetime) -> EscalationView:
    return _view(escalation, _office(session, escalation), queue_position(session, escalation), now)


def views(session: Session, escalations: list[Escalation], *, now: datetime) -> list[EscalationView]:
    """Views of many requests with a fixed number of queries (a list must not cost
    one count and one office lookup per row)."""
    open_ids = session.scalars(
        select(Escalation.id).where(Escalation.status == "open").order_by(Escalation.id)
    ).all()
    place = {escalation_id: n for n, escalation_id in enumerate(open_ids, start=1)}
    office_ids = {e.office_id for e in escalations if e.office_id is not None}
    offices = {
        o.id: o
        for o in session.scalars(
            select(Office).where(Office.id.in_(office_ids)).options(selectinload(Office.hours))
        )
    }
    return [
        _view(e, offices.get(e.office_id) if e.office_id else None, place.get(e.id, 0), now)
        for e in escalations
    ]


def _view(escalation: Escalation, office: Office | None, position: int, now: datetime) -> EscalationView:
    opening = status_of(office, now=now) if office else OpeningStatus(open_now=False, next_opening=None)
    return EscalationView(escalation, position, expected_wait(position, opening, now), opening)


def _choose_office(session: Session, jobseeker: Jobseeker | None) -> Office | None:
    try:
        if jobseeker is not None:
            try:
                return office_for(session=session, town=jobseeker.town)
            except NotFound:
                pass  # a town we cannot place: the main office answers
        return main_office(session=session)
    except NotFound:
        return None


def _active_for(session: Session, conversation_id: str, channel: str) -> Escalation | None:
    return session.scalars(
        select(Escalation)
        .where(
            Escalation.conversation_id == conversation_id,
            Escalation.channel == channel,
            Escalation.status.in_(ACTIVE),
        )
        .order_by(Escalation.id)
    ).first()


def open_escalation(*, session: Session, data: dict[str, Any], now: datetime) -> tuple[EscalationView, bool]:
    """Queues a conversation. Asking again while it waits keeps its place, and asking
    while a counsellor already has it returns that one (False): never two at once."""
    jobseeker: Jobseeker | None = None
    if data.get("jobseeker_id") is not None:
        jobseeker = session.get(Jobseeker, data["jobseeker_id"])
        if jobseeker is None:
            raise NotFound(f"no jobseeker with id {data['jobseeker_id']}")
    waiting = _active_for(session, data["conversation_id"], data["channel"])
    if waiting is not None:
        if data.get("transcript"):
            waiting.transcript = data["transcript"]
        return view(session, waiting, now=now), False
    office = _choose_office(session, jobseeker)
    escalation = Escalation(
        conversation_id=data["conversation_id"],
        channel=data["channel"],
        jobseeker_id=data.get("jobseeker_id"),
        language=data["language"],
        topic=data["topic"],
        reason=data["reason"],
        transcript=data.get("transcript", []),
        status="open",
        office_id=office.id if office else None,
        created_at=now,
        updated_at=now,
    )
    session.add(escalation)
    session.flush()
    return view(session, escalation, now=now), True


def get_escalation(*, session: Session, escalation_id: int) -> Escalation:
    escalation = session.get(Escalation, escalation_id)
    if escalation is None:
        raise NotFound(f"no escalation with id {escalation_id}")
    return escalation


def list_escalations(*, session: Session, status: str | None) -> list[Escalation]:
    stmt = select(Escalation).order_by(Escalation.id)
    if status:
        stmt = stmt.where(Escalation.status == status)
    return list(session.scalars(stmt))


def update_escalation(
    *, session: Session, escalation_id: int, changes: dict[str, Any], now: datetime
) -> Escalation:
    """Applies a PATCH: status, rating, callback request and phone, in one step.

    Refused (409) and nothing changed: a rating of a conversation that is not closed
    (she rates it once the counsellor has finished), a callback for a closed request
    (nobody would see it), and reopening a request while the conversation has another
    one open or in progress.
    """
    escalation = get_escalation(session=session, escalation_id=escalation_id)
    status = changes.get("status", escalation.status)
    if changes.get("rating") is not None and status != "closed":
        raise Conflict(f"escalation {escalation_id} is {status}: only a closed conversation can be rated")
    if changes.get("callback_requested") and status == "closed":
        raise Conflict(f"escalation {escalation_id} is closed: a callback would never be made")
    if status != escalation.status:
        _change_status(session, escalation, status, now)
    if "callback_requested" in changes:
        escalation.callback_requested = bool(changes["callback_requested"])
    if "callback_phone" in changes:
        escalation.callback_phone = changes["callback_phone"]
    if "rating" in changes:
        escalation.rating = changes["rating"]
        escalation.rated_at = now if changes["rating"] is not None else None
    escalation.updated_at = now
    session.flush()
    return escalation


def _change_status(session: Session, escalation: Escalation, status: str, now: datetime) -> None:
    if escalation.status == "closed":
        other = _active_for(session, escalation.conversation_id, escalation.channel)
        if other is not None:
            raise Conflict(
                f"conversation {escalation.conversation_id} already has escalation {other.id} {other.status}"
            )
    escalation.status = status
    escalation.closed_at = now if status == "closed" else None
