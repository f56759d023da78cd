from __future__ import annotations

from pydantic import BaseModel


class OccupationHit(BaseModel):
    uri: str
    label: str
    isco_code: str
    isco_label: str | None
    matched: str
    score: float


class OccupationOut(BaseModel):
    uri: str
    label: str
    isco_code: str
    isco_label: str | None
    alt_labels: list[str]
    description: str | None
