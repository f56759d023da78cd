"""The shapes a programme's rule file may take (backend/programmes/rules/*.yml).

Rules are data: each kind below is one condition the engine knows how to check. A
file that does not fit these shapes is rejected when it is loaded, naming the file.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Status = Literal["unemployed", "employed", "self_employed", "student", "inactive"]
Family = Literal["intermediation", "training", "entrepreneurship", "subsidy", "public_works"]
BoolFact = Literal["in_education_or_training", "receives_benefit", "has_business_plan", "disability"]
NumberFact = Literal["age", "months_unemployed", "education_level", "benefit_days_left"]


class _Rule(BaseModel):
    # allow_inf_nan: a bound of 1e400 (infinity) could be stored but never answered in JSON.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # Names the rule in answers; defaults to the kind when a file does not set it.
    id: str | None = None


class AgeRange(_Rule):
    kind: Literal["age_range"]
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bounds(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("age_range needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("age_range min is above max")
        return self


class StatusIn(_Rule):
    kind: Literal["status_in"]
    values: list[Status] = Field(min_length=1)


class MonthsUnemployedMin(_Rule):
    kind: Literal["months_unemployed_min"]
    months: int = Field(ge=0)


class EducationLevel(_Rule):
    """ISCED 2011 levels 0-8; `max` keeps a programme for people without a degree."""

    kind: Literal["education_level"]
    min: int | None = Field(default=None, ge=0, le=8)
    max: int | None = Field(default=None, ge=0, le=8)

    @model_validator(mode="after")
    def _bounds(self) -> EducationLevel:
        if self.min is None and self.max is None:
            raise ValueError("education_level needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("education_level min is above max")
        return self


class DisabilityRequired(_Rule):
    kind: Literal["disability_required"]


class LocationIn(_Rule):
    kind: Literal["location_in"]
    towns: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some_place(self) -> LocationIn:
        if not self.towns and not self.regions:
            raise ValueError("location_in needs towns, regions or both")
        return self


class FlagRequired(_Rule):
    """A yes/no fact that must have a given value (e.g. not in education or training)."""

    kind: Literal["flag"]
    fact: BoolFact
    equals: bool = True


class NumberAtLeast(_Rule):
    kind: Literal["number_min"]
    fact: NumberFact
    min: float


class AnyOf(_Rule):
    """Passes when one of its rules passes (e.g. 'long-term unemployed, or 55+')."""

    kind: Literal["any_of"]
    rules: list[Rule] = Field(min_length=2)


Rule = Annotated[
    Union[
        AgeRange,
        StatusIn,
        MonthsUnemployedMin,
        EducationLevel,
        DisabilityRequired,
        LocationIn,
        FlagRequired,
        NumberAtLeast,
        AnyOf,
    ],
    Field(discriminator="kind"),
]
AnyOf.model_rebuild()


class ProgrammeDefinition(BaseModel):
    """One programme as written in its rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)
    name: str = Field(min_length=3, max_length=200)
    family: Family
    summary: str = Field(min_length=10)
    benefits: str = Field(min_length=10)
    next_step: str = Field(min_length=10)
    # What we suggest when someone does not qualify; a general pointer when unset.
    not_eligible_step: str | None = None
    active: bool = True
    rules: list[Rule] = Field(min_length=1)

    @field_validator("name", "summary", "benefits", "next_step", "not_eligible_step")
    @classmethod
    def _one_line(cls, text: str | None) -> str | None:
        # YAML block text keeps line breaks and a trailing newline; answers need neither.
        return None if text is None else " ".join(text.split())
