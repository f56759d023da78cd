"""Request and answer shapes of the applications API (docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["vacancy", "course"]


class ApplicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jobseeker_id: int
    kind: Kind
    target_id: int
    note: str | None = Field(default=None, max_length=2000)


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    jobseeker_id: int
    kind: Kind
    target_id: int
    status: str
    note: str | None
    created_at: datetime
