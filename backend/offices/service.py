"""Offices: listing (nearest first), and whether the right office is open now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backend.core.errors import NotFound
from backend.offices.hours import Interval, OpeningStatus, opening_status, parse_hhmm
from backend.offices.models import Office, OfficeHours
from backend.towns.service import find_town, haversine_km


@dataclass(frozen=True)
class OfficeWithStatus:
    office: Office
    status: OpeningStatus


def _all(session: Session) -> list[Office]:
    return list(session.scalars(select(Office).options(selectinload(Office.hours)).order_by(Office.id)))


def list_offices(*, session: Session, town: str | None = None) -> list[Office]:
    """All offices; with a town, nearest first (an unknown town is a 404, not a guess)."""
    offices = _all(session)
    if town is None or not town.strip():
        return sorted(offices, key=lambda o: (not o.is_main, o.name))
    place = find_town(session, town)
    if place is None:
        raise NotFound(f"unknown town {town!r}")
    return sorted(offices, key=lambda o: haversine_km(place.lat, place.lon, o.lat, o.lon))


def get_office(*, session: Session, office_id: int) -> Office:
    office = session.get(Office, office_id, options=[selectinload(Office.hours)])
    if office is None:
        raise NotFound(f"no office with id {office_id}")
    return office


def main_office(*, session: Session) -> Office:
    offices = list_offices(session=session)
    if not offices:
        raise NotFound("no offices are registered")
    return offices[0]


def status_of(office: Office, *, now: datetime) -> OpeningStatus:
    intervals = [Interval(h.weekday, parse_hhmm(h.opens), parse_hhmm(h.closes)) for h in office.hours]
    return opening_status(intervals, timezone=office.timezone, now=now)


def office_for(*, session: Session, town: str | None) -> Office:
    """The office nearest to a town, or the main office when no town is given."""
    if town is None or not town.strip():
        return main_office(session=session)
    offices = list_offices(session=session, town=town)
    if not offices:
        raise NotFound("no offices are registered")
    return offices[0]


def office_status(*, session: Session, town: str | None, now: datetime) -> OfficeWithStatus:
    office = office_for(session=session, town=town)
    return OfficeWithStatus(office=office, status=status_of(office, now=now))


def set_hours(*, session: Session, office_id: int, hours: list[dict[str, Any]]) -> Office:
    """Replaces the office's opening hours (an empty list: closed until hours are set)."""
    office = get_office(session=session, office_id=office_id)
    office.hours.clear()
    session.flush()
    for interval in hours:
        office.hours.append(
            OfficeHours(weekday=interval["weekday"], opens=interval["opens"], closes=interval["closes"])
        )
    session.flush()
    session.refresh(office)
    return office
