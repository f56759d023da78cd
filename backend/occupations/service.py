"""Occupation search and lookup."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import BadRequest, NotFound
from backend.occupations.index import get_index, normalise
from backend.occupations.models import IscoGroup, Occupation
from backend.occupations.schemas import OccupationHit, OccupationOut


def search_occupations(*, session: Session, q: str, limit: int = 5) -> list[OccupationHit]:
    """Best matching occupations first; an empty list when nothing is close enough."""
    if not normalise(q):
        raise BadRequest("q must contain letters or digits")
    hits = get_index(session).search(q, limit)
    return [
        OccupationHit(
            uri=h.occupation.uri,
            label=h.occupation.label,
            isco_code=h.occupation.isco_code,
            isco_label=h.occupation.isco_label,
            matched=h.matched,
            score=h.score,
        )
        for h in hits
    ]


def get_occupation(*, session: Session, uri: str) -> OccupationOut:
    occupation = session.scalar(select(Occupation).where(Occupation.uri == uri.strip()))
    if occupation is None:
        raise NotFound(f"no occupation with uri {uri}")
    group = session.get(IscoGroup, occupation.isco_code)
    return OccupationOut(
        uri=occupation.uri,
        label=occupation.label,
        isco_code=occupation.isco_code,
        isco_label=group.label if group else None,
        alt_labels=list(occupation.alt_labels or []),
        description=occupation.description,
    )
