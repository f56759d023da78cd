from __future__ import annotations

from fastapi import APIRouter

from backend.core.deps import SessionDep
from backend.towns import service
from backend.towns.schemas import TownOut

router = APIRouter(prefix="/towns", tags=["towns"])


@router.get("", response_model=list[TownOut])
def list_towns(session: SessionDep) -> list[TownOut]:
    return [TownOut.model_validate(t) for t in service.list_towns(session=session)]
