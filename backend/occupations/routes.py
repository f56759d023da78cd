from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.core.deps import SessionDep
from backend.occupations import service
from backend.occupations.schemas import OccupationHit, OccupationOut

router = APIRouter(prefix="/occupations", tags=["occupations"])


@router.get("/search", response_model=list[OccupationHit])
def search_occupations(
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[OccupationHit]:
    return service.search_occupations(session=session, q=q, limit=limit)


@router.get("/by-uri", response_model=OccupationOut)
def get_occupation(
    session: SessionDep, uri: Annotated[str, Query(min_length=1, max_length=200)]
) -> OccupationOut:
    return service.get_occupation(session=session, uri=uri)
