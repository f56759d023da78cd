"""Answer shapes of the offices API (docs/CONTRACTS.md, Offices)."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.offices.hours import parse_hhmm


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


class HoursIn(BaseModel):
    """One opening interval in the office's own time zone; closes after it opens."""

    model_config = ConfigDict(extra="forbid")

    weekday: int = Field(ge=0, le=6, description="Monday = 0")
    opens: str = Field(examples=["08:00"])
    closes: str = Field(examples=["17:00"])

    @field_validator("opens", "closes")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        try:
            parse_hhmm(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a time of day as HH:MM (00:00 to 23:59)") from exc
        return f"{parse_hhmm(value):%H:%M}"

    @model_validator(mode="after")
    def _closes_after_opening(self) -> HoursIn:
        if parse_hhmm(self.closes) <= parse_hhmm(self.opens):
            raise ValueError(f"closes ({self.closes}) must be after opens ({self.opens})")
        return self


class HoursUpdate(BaseModel):
    """The whole week at once: the intervals given replace the office's hours."""

    model_config = ConfigDict(extra="forbid")

    hours: list[HoursIn] = Field(max_length=7 * 4)

    @model_validator(mode="after")
    def _no_overlap(self) -> HoursUpdate:
        by_day = sorted(self.hours, key=lambda h: (h.weekday, h.opens))
        for before, after in pairwise(by_day):
            if before.weekday == after.weekday and after.opens < before.closes:
                raise ValueError(
                    f"weekday {before.weekday}: {before.opens}-{before.closes} overlaps "
                    f"{after.opens}-{after.closes}"
                )
        return self
