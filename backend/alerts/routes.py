"""HTTP routes of the job alerts feature; the work happens in service.py."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi import status as http_status

from backend.alerts import service
from backend.alerts.schemas import AlertIn, AlertOut
from backend.core.deps import SessionDep

router = APIRouter(prefix="/alerts", tags=["alerts"])


@router.post(
    "",
    response_model=AlertOut,
    status_code=http_status.HTTP_201_CREATED,
    responses={200: {"description": "The same subscription already exists"}},
)
def subscribe(body: AlertIn, session: SessionDep, response: Response) -> AlertOut:
    result = service.subscribe(session=session, data=body.model_dump())
    if not result.created:
        response.status_code = http_status.HTTP_200_OK
    return AlertOut.model_validate(result.alert)


@router.get("", response_model=list[AlertOut])
def list_alerts(
    session: SessionDep, conversation_id: str | None = None, jobseeker_id: int | None = None
) -> list[AlertOut]:
    rows = service.list_alerts(session=session, conversation_id=conversation_id, jobseeker_id=jobseeker_id)
    return [AlertOut.model_validate(a) for a in rows]


@router.delete("/{alert_id}", status_code=http_status.HTTP_204_NO_CONTENT)
def unsubscribe(alert_id: int, session: SessionDep) -> Response:
    service.unsubscribe(session=session, alert_id=alert_id)
    return Response(status_code=http_status.HTTP_204_NO_CONTENT)
