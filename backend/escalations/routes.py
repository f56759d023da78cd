"""HTTP routes of the escalations feature; the work happens in service.py."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi import status as http_status

from backend.core.deps import SessionDep
from backend.escalations import service
from backend.escalations.schemas import EscalationIn, EscalationOut, EscalationPatch, Status
from backend.offices.clock import ClockDep

router = APIRouter(prefix="/escalations", tags=["escalations"])


def _out(view: service.EscalationView) -> EscalationOut:
    e = view.escalation
    return EscalationOut(
        id=e.id,
        status=e.status,  # type: ignore[arg-type]
        queue_position=view.queue_position,
        expected_wait_minutes=view.expected_wait_minutes,
        open_now=view.opening.open_now,
        next_opening=view.opening.next_opening,
        created_at=e.created_at,
        conversation_id=e.conversation_id,
        channel=e.channel,
        jobseeker_id=e.jobseeker_id,
        language=e.language,
        topic=e.topic,  # type: ignore[arg-type]
        reason=e.reason,  # type: ignore[arg-type]
        office_id=e.office_id,
        transcript=e.transcript,  # type: ignore[arg-type]
        callback_requested=e.callback_requested,
        callback_phone=e.callback_phone,
        rating=e.rating,  # type: ignore[arg-type]
        rated_at=e.rated_at,
        closed_at=e.closed_at,
    )


@router.post(
    "",
    response_model=EscalationOut,
    status_code=http_status.HTTP_201_CREATED,
    responses={200: {"description": "This conversation already waits: its current place"}},
)
def open_escalation(
    body: EscalationIn, session: SessionDep, clock: ClockDep, response: Response
) -> EscalationOut:
    view, created = service.open_escalation(session=session, data=body.model_dump(mode="json"), now=clock())
    if not created:
        response.status_code = http_status.HTTP_200_OK
    return _out(view)


@router.get("", response_model=list[EscalationOut])
def list_escalations(
    session: SessionDep, clock: ClockDep, status: Status | None = None
) -> list[EscalationOut]:
    rows = service.list_escalations(session=session, status=status)
    return [_out(v) for v in service.views(session, rows, now=clock())]


@router.get("/{escalation_id}", response_model=EscalationOut)
def get_escalation(escalation_id: int, session: SessionDep, clock: ClockDep) -> EscalationOut:
    escalation = service.get_escalation(session=session, escalation_id=escalation_id)
    return _out(service.view(session, escalation, now=clock()))


@router.patch(
    "/{escalation_id}",
    response_model=EscalationOut,
    responses={409: {"description": "A rating before the close, or a callback after it"}},
)
def update_escalation(
    escalation_id: int, body: EscalationPatch, session: SessionDep, clock: ClockDep
) -> EscalationOut:
    now = clock()
    escalation = service.update_escalation(
        session=session, escalation_id=escalation_id, changes=body.changes(), now=now
    )
    return _out(service.view(session, escalation, now=now))
