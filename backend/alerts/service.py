"""Job alert subscriptions: subscribe (once per criteria), list, unsubscribe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.alerts.models import Alert
from backend.core.errors import BadRequest, NotFound
from backend.jobseekers.models import Jobseeker
from backend.towns.service import find_town

# Two requests with the same values here are the same subscription.
IDENTITY_FIELDS = (
    "conversation_id",
    "channel",
    "recipient",
    "isco_code",
    "occupation_uri",
    "town",
    "keyword",
)


@dataclass(frozen=True)
class Subscribed:
    alert: Alert
    created: bool


def subscribe(*, session: Session, data: dict[str, Any]) -> Subscribed:
    jobseeker_id = data.get("jobseeker_id")
    if jobseeker_id is not None and session.get(Jobseeker, jobseeker_id) is None:
        raise NotFound(f"no jobseeker with id {jobseeker_id}")
    values = dict(data)
    if values.get("town"):
        # Store the canonical spelling so the alert matches vacancies' town names.
        town = find_town(session, values["town"])
        if town is None:
            raise BadRequest(f"unknown town {values['town']!r}")
        values["town"] = town.name
    stmt = select(Alert).where(Alert.active.is_(True))
    for name in IDENTITY_FIELDS:
        column = getattr(Alert, name)
        value = values.get(name)
        stmt = stmt.where(column.is_(None) if value is None else column == value)
    existing = session.scalars(stmt).first()
    if existing is not None:
        return Subscribed(existing, created=False)
    alert = Alert(**values, active=True)
    session.add(alert)
    session.flush()
    return Subscribed(alert, created=True)


def list_alerts(*, session: Session, conversation_id: str | None, jobseeker_id: int | None) -> list[Alert]:
    if conversation_id is None and jobseeker_id is None:
        raise BadRequest("give conversation_id or jobseeker_id")
    stmt = select(Alert).where(Alert.active.is_(True)).order_by(Alert.id)
    if conversation_id is not None:
        stmt = stmt.where(Alert.conversation_id == conversation_id)
    if jobseeker_id is not None:
        stmt = stmt.where(Alert.jobseeker_id == jobseeker_id)
    return list(session.scalars(stmt))


def unsubscribe(*, session: Session, alert_id: int) -> None:
    """Deletes the subscription: nothing about it (recipient included) is kept."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"no alert with id {alert_id}")
    session.delete(alert)
    session.flush()
