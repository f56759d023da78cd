"""HTTP routes of registration drafts; the work happens in service.py."""

from __future__ import annotations

from fastapi import APIRouter, Path, Response, status

from backend.core.deps import SessionDep
from backend.drafts import service
from backend.drafts.schemas import DraftIn, DraftOut

router = APIRouter(prefix="/registration-drafts", tags=["registration drafts"])

PhonePath = Path(min_length=3, max_length=40, description="the phone number, E.164 preferred")


@router.get("/{phone}", response_model=DraftOut)
def get_draft(session: SessionDep, phone: str = PhonePath) -> DraftOut:
    return DraftOut.model_validate(service.get_draft(session=session, phone=phone))


@router.put("/{phone}", response_model=DraftOut)
def save_draft(body: DraftIn, session: SessionDep, phone: str = PhonePath) -> DraftOut:
    draft = service.save_draft(session=session, phone=phone, answers=body.answers, channel=body.channel)
    return DraftOut.model_validate(draft)


@router.delete("/{phone}", status_code=status.HTTP_204_NO_CONTENT)
def delete_draft(session: SessionDep, phone: str = PhonePath) -> Response:
    service.delete_draft(session=session, phone=phone)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
