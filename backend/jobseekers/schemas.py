"""Request and response shapes of /jobseekers, validated as the contract fixes them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from backend.core.clock import pes_today
from backend.core.phones import normalise_phone

MIN_AGE = 15
MAX_AGE = 80

Gender = Literal["female", "male", "other"]
Status = Literal["unemployed", "employed", "self_employed", "student", "inactive"]


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _check_birth_date(born: date) -> date:
    today = pes_today()
    if born > today:
        raise ValueError("date of birth is in the future")
    age = age_on(born, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValueError(f"age must be between {MIN_AGE} and {MAX_AGE} years; this date of birth gives {age}")
    return born


def _check_not_future(day: date) -> date:
    if day > pes_today():
        raise ValueError("date is in the future")
    return day


def _consent_time(moment: datetime) -> datetime:
    # A datetime without offset is taken as UTC rather than as the server's local time.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    # Consent cannot be given in the future; a few minutes allow for clock skew.
    if aware > datetime.now(timezone.utc) + timedelta(minutes=5):
        raise ValueError("consent cannot be given in the future")
    # Stored and answered in UTC, so that POST and later GETs show the same text.
    return aware.astimezone(timezone.utc)


def _languages(codes: list[str]) -> list[str]:
    seen: list[str] = []
    for code in codes:
        code = code.strip().lower()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"languages must be ISO 639-1 codes like 'en' or 'sw', not {code!r}")
        if code not in seen:
            seen.append(code)
    return seen


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
BirthDate = Annotated[date, AfterValidator(_check_birth_date)]
Phone = Annotated[str, AfterValidator(normalise_phone)]
PastDate = Annotated[date, AfterValidator(_check_not_future)]
Languages = Annotated[list[str], AfterValidator(_languages)]
IscoCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{1,4}$")]
EducationLevel = Annotated[int, Field(ge=0, le=8, description="ISCED 2011 level 0-8")]
ExperienceYears = Annotated[int, Field(ge=0, le=65)]


class Strict(BaseModel):
    # Unknown keys are refused so a misspelt field ("dob") is an error, not silently lost.
    model_config = ConfigDict(extra="forbid")


class ConsentIn(Strict):
    notice_version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    given_at: Annotated[datetime, AfterValidator(_consent_time)] | None = None


class ConsentOut(BaseModel):
    notice_version: str
    given_at: datetime


class IdentityIn(Strict):
    channel: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    identity: Text


class IdentityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    channel: str
    identity: str


class OccupationSought(Strict):
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    esco_uri: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    isco_code: IscoCode
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class JobseekerIn(Strict):
    consent: ConsentIn
    name: Text
    date_of_birth: BirthDate
    gender: Gender | None = None
    phone: Phone | None = None
    identities: list[IdentityIn] = []
    town: Text
    education_level: EducationLevel
    occupations: list[OccupationSought] = []
    experience_years: ExperienceYears = 0
    status: Status
    status_since: PastDate | None = None
    disability: bool | None = None
    languages: Languages = []


class JobseekerPatch(Strict):
    """Any subset of the record; a field left out stays as it is."""

    consent: ConsentIn | None = None
    name: Text | None = None
    date_of_birth: BirthDate | None = None
    gender: Gender | None = None
    phone: Phone | None = None
    identities: list[IdentityIn] | None = None
    town: Text | None = None
    education_level: EducationLevel | None = None
    occupations: list[OccupationSought] | None = None
    experience_years: ExperienceYears | None = None
    status: Status | None = None
    status_since: PastDate | None = None
    disability: bool | None = None
    languages: Languages | None = None


# Fields the record cannot hold as null; PATCH may not null them either.
REQUIRED_FIELDS = frozenset(
    {
        "consent",
        "name",
        "date_of_birth",
        "town",
        "education_level",
        "status",
        "experience_years",
        "languages",
        "identities",
        "occupations",
    }
)


class JobseekerOut(BaseModel):
    id: int
    registration_number: str
    consent: ConsentOut
    name: str
    date_of_birth: date
    gender: Gender | None
    phone: str | None
    identities: list[IdentityOut]
    town: str
    education_level: int
    occupations: list[OccupationSought]
    experience_years: int
    status: Status
    status_since: date | None
    disability: bool | None
    languages: list[str]
    created_at: datetime
    updated_at: datetime
