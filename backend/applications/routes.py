"""HTTP routes of the applications feature; the work happens in service.py."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response, status

from backend.applications import service
from backend.applications.schemas import ApplicationIn, ApplicationOut
from backend.core.deps import SessionDep
from backend.offices.clock import ClockDep

router = APIRouter(prefix="/applications", tags=["applications"])


@router.post(
    "",
    response_model=ApplicationOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Already applied: the existing application"}},
)
def apply(
    body: ApplicationIn, session: SessionDep, clock: ClockDep, request: Request, response: Response
) -> ApplicationOut:
    # "Today" in the service's timezone decides whether a vacancy is still open.
    today = clock().astimezone(ZoneInfo(request.app.state.settings.timezone)).date()
    applied = service.apply(
        session=session,
        jobseeker_id=body.jobseeker_id,
        kind=body.kind,
        target_id=body.target_id,
        note=body.note,
        today=today,
    )
    if not applied.created:
        response.status_code = status.HTTP_200_OK
    return ApplicationOut.model_validate(applied.application)


@router.get("", response_model=list[ApplicationOut])
def list_applications(jobseeker_id: int, session: SessionDep) -> list[ApplicationOut]:
    rows = service.list_applications(session=session, jobseeker_id=jobseeker_id)
    return [ApplicationOut.model_validate(a) for a in rows]
