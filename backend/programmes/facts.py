"""Facts for the rule engine, taken from a jobseeker's profile and the caller's answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backend.programmes.rules_schema import Status


class Facts(BaseModel):
    """The facts a caller may state (docs/CONTRACTS.md); unknown names are refused."""

    model_config = ConfigDict(extra="forbid")

    age: int | None = Field(default=None, ge=0, le=120)
    status: Status | None = None
    months_unemployed: int | None = Field(default=None, ge=0, le=1200)
    education_level: int | None = Field(default=None, ge=0, le=8)
    disability: bool | None = None
    town: str | None = Field(default=None, min_length=1, max_length=100)
    in_education_or_training: bool | None = None
    receives_benefit: bool | None = None
    benefit_days_left: int | None = Field(default=None, ge=0, le=3650)
    has_business_plan: bool | None = None


def age_on(born: date, today: date) -> int:
    before_birthday = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - int(before_birthday)


def whole_months_between(start: date, today: date) -> int:
    if start > today:
        return 0
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    return max(months, 0)


def profile_facts(
    *,
    date_of_birth: date | None,
    status: str | None,
    status_since: date | None,
    education_level: int | None,
    disability: bool | None,
    town: str | None,
    today: date,
) -> dict[str, Any]:
    """What a profile tells the engine; only known values, so nothing is guessed."""
    facts: dict[str, Any] = {}
    if date_of_birth is not None:
        facts["age"] = age_on(date_of_birth, today)
    if status is not None:
        facts["status"] = status
        if status == "unemployed" and status_since is not None:
            facts["months_unemployed"] = whole_months_between(status_since, today)
        elif status in ("employed", "self_employed"):
            facts["months_unemployed"] = 0
        if status == "student":
            # A student is in education; for other statuses we must ask.
            facts["in_education_or_training"] = True
    if education_level is not None:
        facts["education_level"] = education_level
    if disability is not None:
        facts["disability"] = disability
    if town:
        facts["town"] = town
    return facts
