"""HTTP routes of the messaging feature; the work happens in service.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi import status as http_status

from backend.core.deps import SessionDep
from backend.messaging import service
from backend.messaging.schemas import (
    DeliveryReportIn,
    DeliveryReportOut,
    Family,
    InboundIn,
    InboundOut,
    OptOutIn,
    OptOutOut,
    OutboundIn,
    OutboundOut,
)

router = APIRouter(prefix="/messaging", tags=["messaging"])


def _state(state: service.OptOutState) -> OptOutOut:
    return OptOutOut(
        address=state.address,
        family=state.family,  # type: ignore[arg-type]
        opted_out=state.opted_out,
        keyword=state.keyword,
        since=state.since,
    )


@router.post(
    "/inbound",
    response_model=InboundOut,
    status_code=http_status.HTTP_201_CREATED,
    responses={200: {"description": "Seen before: a provider retry, not to be processed again"}},
)
def claim_inbound(body: InboundIn, session: SessionDep, response: Response) -> InboundOut:
    first = service.claim_inbound(
        session=session,
        channel=body.channel,
        provider_message_id=body.provider_message_id,
        sender=body.sender,
    )
    if not first:
        response.status_code = http_status.HTTP_200_OK
    return InboundOut(first=first)


@router.get("/opt-outs/{address}", response_model=OptOutOut)
def get_opt_out(address: str, session: SessionDep, family: Family = "sms") -> OptOutOut:
    return _state(service.opt_out_state(session=session, address=address, family=family))


@router.put("/opt-outs/{address}", response_model=OptOutOut)
def put_opt_out(address: str, body: OptOutIn, session: SessionDep) -> OptOutOut:
    state = service.opt_out(
        session=session, address=address, family=body.family, keyword=body.keyword, channel=body.channel
    )
    return _state(state)


@router.delete("/opt-outs/{address}", status_code=http_status.HTTP_204_NO_CONTENT)
def delete_opt_out(address: str, session: SessionDep, family: Family = "sms") -> Response:
    service.opt_in(session=session, address=address, family=family)
    return Response(status_code=http_status.HTTP_204_NO_CONTENT)


@router.post(
    "/outbound",
    response_model=OutboundOut,
    status_code=http_status.HTTP_201_CREATED,
    responses={200: {"description": "This provider message id was recorded before: the stored message"}},
)
def record_outbound(body: OutboundIn, session: SessionDep, response: Response) -> OutboundOut:
    recorded = service.record_outbound(session=session, data=body.model_dump())
    if not recorded.created:
        response.status_code = http_status.HTTP_200_OK
    return OutboundOut.model_validate(recorded.message)


@router.get("/outbound", response_model=list[OutboundOut])
def list_outbound(
    session: SessionDep,
    recipient: Annotated[str | None, Query(max_length=200)] = None,
    conversation_id: Annotated[str | None, Query(max_length=200)] = None,
    channel: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIST)] = 100,
) -> list[OutboundOut]:
    rows = service.list_outbound(
        session=session, recipient=recipient, conversation_id=conversation_id, channel=channel, limit=limit
    )
    return [OutboundOut.model_validate(m) for m in rows]


@router.post("/delivery-reports", response_model=DeliveryReportOut, status_code=http_status.HTTP_202_ACCEPTED)
def delivery_report(body: DeliveryReportIn, session: SessionDep) -> DeliveryReportOut:
    return DeliveryReportOut(matched=service.record_delivery(session=session, data=body.model_dump()))
