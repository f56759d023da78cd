"""Answer shapes of the programmes and eligibility API (docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.programmes.facts import Facts
from backend.programmes.rules_schema import Family


class ProgrammeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    family: Family
    summary: str
    version: int
    benefits: str
    next_step: str


class ProgrammeVersionOut(ProgrammeOut):
    """One entry of a programme's history, with the rules that version applies."""

    active: bool
    created_at: datetime
    definition: dict[str, Any]


class EligibilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jobseeker_id: int | None = None
    facts: Facts = Field(default_factory=Facts)
    programmes: list[str] | None = None


class ReasonOut(BaseModel):
    rule: str
    passed: bool | None
    text: str


class EligibilityResultOut(BaseModel):
    programme: ProgrammeOut
    outcome: Literal["eligible", "not_eligible", "need_facts"]
    missing_facts: list[str]
    reasons: list[ReasonOut]
    next_step: str


class EligibilityOut(BaseModel):
    results: list[EligibilityResultOut]
    facts_used: dict[str, Any]
