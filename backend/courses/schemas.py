"""Request and answer shapes of the courses API (docs/CONTRACTS.md, Training courses)."""

from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

Mode = Literal["in_person", "online"]
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


class CourseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    provider: str
    field: str
    isco_codes: list[str]
    town: str
    mode: Mode
    start_date: date | None
    duration_weeks: int
    cost: float
    currency: str
    funded: bool
    description: str
    seats: int | None


class CoursePage(Page[CourseOut]):
    # Same meaning as on vacancies: the town asked for plus, with nearby, its neighbours.
    towns_searched: list[str]
