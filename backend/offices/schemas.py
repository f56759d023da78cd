"""Answer shapes of the offices API (docs/CONTRACTS.md, Offices)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class HoursOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    weekday: int = Field(ge=0, le=6)
    opens: str
    closes: str


class OfficeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    town: str
    address: str
    phone: str | None
    email: str | None
    hours: list[HoursOut]
    timezone: str


class OfficeStatusOut(BaseModel):
    office: OfficeOut
    open_now: bool
    next_opening: datetime | None
