from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from backend.core.phones import normalise_phone

EmploymentType = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
]
SalaryUnit = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
IscoCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{1,4}$")]
Currency = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")]
# A plain shape check: deliverability is the employer's business, not ours.
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)
]
Country = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]


class VacancyIn(BaseModel):
    # No infinities: JSON reads 1e400 as one, and a stored one broke every later answer.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    title: Text
    description: LongText
    date_posted: date
    valid_through: date | None = None
    employment_type: EmploymentType = "FULL_TIME"
    employer: Text
    town: Text
    region: Text | None = None
    country: Country = "KE"
    salary_min: Annotated[float, Field(ge=0)] | None = None
    salary_max: Annotated[float, Field(ge=0)] | None = None
    salary_currency: Currency | None = None
    salary_unit: SalaryUnit | None = None
    isco_code: IscoCode | None = None
    occupation_uri: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    occupation_label: Text | None = None
    education_requirements: LongText | None = None
    experience_months: Annotated[int, Field(ge=0, le=600)] | None = None
    skills: list[Text] = []
    openings: Annotated[int, Field(ge=1, le=10000)] = 1
    apply_url: (
        Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$", max_length=500)]
        | None
    ) = None
    apply_email: Email | None = None
    apply_phone: Annotated[str, AfterValidator(normalise_phone)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> VacancyIn:
        if self.valid_through is not None and self.valid_through < self.date_posted:
            raise ValueError("valid_through is before date_posted")
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            raise ValueError("salary_min is greater than salary_max")
        if (self.salary_min is not None or self.salary_max is not None) and not self.salary_currency:
            raise ValueError("a salary needs salary_currency (e.g. KES)")
        return self


class VacancyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str
    date_posted: date
    valid_through: date | None
    employment_type: EmploymentType
    employer: str
    town: str
    region: str | None
    country: str
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_unit: SalaryUnit | None
    isco_code: str | None
    occupation_uri: str | None
    occupation_label: str | None
    education_requirements: str | None
    experience_months: int | None
    skills: list[str]
    openings: int
    apply_url: str | None
    apply_email: str | None
    apply_phone: str | None


class VacancyPage(BaseModel):
    items: list[VacancyOut]
    total: int
    offset: int
    limit: int
    towns_searched: list[str]


class ImportResult(BaseModel):
    created: int
