"""HTTP routes for programmes and eligibility; the work happens in service.py."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response, status

from backend.core.deps import SessionDep
from backend.core.errors import BadRequest
from backend.offices.clock import ClockDep
from backend.programmes import service
from backend.programmes.rules_schema import Family, ProgrammeDefinition
from backend.programmes.schemas import (
    EligibilityIn,
    EligibilityOut,
    EligibilityResultOut,
    ProgrammeOut,
    ProgrammeVersionOut,
    ReasonOut,
)

router = APIRouter(tags=["programmes"])


@router.get("/programmes", response_model=list[ProgrammeOut])
def list_programmes(
    session: SessionDep, q: str | None = None, family: Family | None = None
) -> list[ProgrammeOut]:
    rows = service.list_programmes(session=session, q=q, family=family)
    return [ProgrammeOut.model_validate(p) for p in rows]


@router.get("/programmes/{code}", response_model=ProgrammeOut)
def get_programme(code: str, session: SessionDep) -> ProgrammeOut:
    return ProgrammeOut.model_validate(service.get_programme(session=session, code=code))


@router.get("/programmes/{code}/versions", response_model=list[ProgrammeVersionOut])
def programme_history(code: str, session: SessionDep) -> list[ProgrammeVersionOut]:
    versions = service.history(session=session, code=code)
    return [ProgrammeVersionOut.model_validate(v) for v in versions]


@router.put("/programmes/{code}", response_model=ProgrammeVersionOut)
def publish_programme(
    code: str, definition: ProgrammeDefinition, session: SessionDep, response: Response
) -> ProgrammeVersionOut:
    """Publishes an edited programme as a new version (201), or 200 if nothing changed."""
    if definition.code != code:
        raise BadRequest(f"code in the body ({definition.code!r}) differs from the URL ({code!r})")
    published = service.publish(session=session, definition=definition)
    response.status_code = status.HTTP_201_CREATED if published.created else status.HTTP_200_OK
    return ProgrammeVersionOut.model_validate(published.programme)


@router.post("/eligibility", response_model=EligibilityOut)
def check_eligibility(
    body: EligibilityIn, session: SessionDep, clock: ClockDep, request: Request
) -> EligibilityOut:
    # Ages and months count in the service's own timezone, not the server's.
    today = clock().astimezone(ZoneInfo(request.app.state.settings.timezone)).date()
    answer = service.check_eligibility(
        session=session,
        jobseeker_id=body.jobseeker_id,
        stated=body.facts,
        codes=body.programmes,
        today=today,
    )
    return EligibilityOut(
        results=[
            EligibilityResultOut(
                programme=ProgrammeOut.model_validate(r.programme),
                outcome=r.decision.outcome,
                missing_facts=r.decision.missing_facts,
                reasons=[ReasonOut(rule=x.rule, passed=x.passed, text=x.text) for x in r.decision.reasons],
                next_step=r.decision.next_step,
            )
            for r in answer.results
        ],
        facts_used=answer.facts_used,
    )
