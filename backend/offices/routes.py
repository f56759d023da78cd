"""HTTP routes of the offices feature; the work happens in service.py."""

from __future__ import annotations

from fastapi import APIRouter

from backend.core.deps import SessionDep
from backend.offices import service
from backend.offices.clock import ClockDep
from backend.offices.schemas import HoursUpdate, OfficeOut, OfficeStatusOut

router = APIRouter(prefix="/offices", tags=["offices"])


@router.get("", response_model=list[OfficeOut])
def list_offices(session: SessionDep, town: str | None = None) -> list[OfficeOut]:
    return [OfficeOut.model_validate(o) for o in service.list_offices(session=session, town=town)]


# Declared before /{office_id} so "status" is never read as an id.
@router.get("/status", response_model=OfficeStatusOut)
def office_status(session: SessionDep, clock: ClockDep, town: str | None = None) -> OfficeStatusOut:
    found = service.office_status(session=session, town=town, now=clock())
    return OfficeStatusOut(
        office=OfficeOut.model_validate(found.office),
        open_now=found.status.open_now,
        next_opening=found.status.next_opening,
    )


@router.get("/{office_id}", response_model=OfficeOut)
def get_office(office_id: int, session: SessionDep) -> OfficeOut:
    return OfficeOut.model_validate(service.get_office(session=session, office_id=office_id))


@router.put("/{office_id}/hours", response_model=OfficeOut)
def set_hours(office_id: int, body: HoursUpdate, session: SessionDep) -> OfficeOut:
    """Replaces the office's opening hours; the handoff queue and callbacks follow them."""
    hours = [h.model_dump() for h in body.hours]
    return OfficeOut.model_validate(service.set_hours(session=session, office_id=office_id, hours=hours))
