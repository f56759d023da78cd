"""Typed records returned by the PES back-end client (see docs/CONTRACTS.md).

Each dataclass has a `from_api` constructor that reads the back-end's JSON. Unknown
keys are ignored so the back-end can grow without breaking the actions; a missing
required key raises `ValueError`, which the client reports as an unusable answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")

JSON = Mapping[str, Any]


def _req(data: JSON, key: str) -> Any:
    if key not in data:
        raise ValueError(f"back-end answer lacks field {key!r}")
    return data[key]


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    # Python 3.10's fromisoformat does not accept a trailing "Z".
    text = str(value).replace("Z", "+00:00")
    return datetime.fromisoformat(text)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _strs(value: Any) -> list[str]:
    return [str(v) for v in (value or [])]


# --- Towns and occupations --------------------------------------------------------


@dataclass(frozen=True)
class Town:
    name: str
    region: str | None
    country: str | None
    lat: float | None
    lon: float | None

    @classmethod
    def from_api(cls, data: JSON) -> Town:
        return cls(
            name=str(_req(data, "name")),
            region=data.get("region"),
            country=data.get("country"),
            lat=_float(data.get("lat")),
            lon=_float(data.get("lon")),
        )


@dataclass(frozen=True)
class Occupation:
    """One hit of the occupation search (an ESCO occupation)."""

    uri: str
    label: str
    isco_code: str
    isco_label: str | None = None
    matched: str | None = None
    score: float | None = None

    @classmethod
    def from_api(cls, data: JSON) -> Occupation:
        return cls(
            uri=str(_req(data, "uri")),
            label=str(_req(data, "label")),
            isco_code=str(_req(data, "isco_code")),
            isco_label=data.get("isco_label"),
            matched=data.get("matched"),
            score=_float(data.get("score")),
        )


# --- Jobseekers -------------------------------------------------------------------


@dataclass(frozen=True)
class Consent:
    notice_version: str
    given_at: datetime | None

    @classmethod
    def from_api(cls, data: JSON) -> Consent:
        return cls(
            notice_version=str(_req(data, "notice_version")),
            given_at=_datetime(data.get("given_at")),
        )


@dataclass(frozen=True)
class Identity:
    channel: str
    identity: str

    @classmethod
    def from_api(cls, data: JSON) -> Identity:
        return cls(channel=str(_req(data, "channel")), identity=str(_req(data, "identity")))


@dataclass(frozen=True)
class SoughtOccupation:
    """An occupation a jobseeker looks for, as stored on her record."""

    esco_uri: str | None
    isco_code: str
    label: str

    @classmethod
    def from_api(cls, data: JSON) -> SoughtOccupation:
        return cls(
            esco_uri=data.get("esco_uri"),
            isco_code=str(_req(data, "isco_code")),
            label=str(_req(data, "label")),
        )

    def to_api(self) -> dict[str, Any]:
        return {"esco_uri": self.esco_uri, "isco_code": self.isco_code, "label": self.label}


@dataclass(frozen=True)
class Jobseeker:
    id: int
    registration_number: str
    consent: Consent | None
    name: str
    date_of_birth: date | None
    gender: str | None
    phone: str | None
    identities: list[Identity]
    town: str | None
    education_level: int | None
    occupations: list[SoughtOccupation]
    experience_years: int | None
    status: str | None
    status_since: date | None
    disability: bool | None
    languages: list[str]
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, data: JSON) -> Jobseeker:
        consent = data.get("consent")
        return cls(
            id=int(_req(data, "id")),
            registration_number=str(_req(data, "registration_number")),
            consent=Consent.from_api(consent) if consent else None,
            name=str(_req(data, "name")),
            date_of_birth=_date(data.get("date_of_birth")),
            gender=data.get("gender"),
            phone=data.get("phone"),
            identities=[Identity.from_api(i) for i in data.get("identities") or []],
            town=data.get("town"),
            education_level=_int(data.get("education_level")),
            occupations=[SoughtOccupation.from_api(o) for o in data.get("occupations") or []],
            experience_years=_int(data.get("experience_years")),
            status=data.get("status"),
            status_since=_date(data.get("status_since")),
            disability=data.get("disability"),
            languages=_strs(data.get("languages")),
            created_at=_datetime(data.get("created_at")),
            updated_at=_datetime(data.get("updated_at")),
        )


# --- Paged lists ------------------------------------------------------------------


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int
    # Only vacancy searches fill it: the town and, with `nearby`, the towns around it.
    towns_searched: list[str] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total

    @classmethod
    def from_api(cls, data: JSON, item: Callable[[JSON], T]) -> Page[T]:
        items = [item(i) for i in _req(data, "items")]
        return cls(
            items=items,
            total=int(data.get("total", len(items))),
            offset=int(data.get("offset", 0)),
            limit=int(data.get("limit", len(items))),
            towns_searched=_strs(data.get("towns_searched")),
        )


# --- Vacancies and courses --------------------------------------------------------


@dataclass(frozen=True)
class Vacancy:
    id: int
    title: str
    description: str
    date_posted: date | None
    valid_through: date | None
    employment_type: str | None
    employer: str
    town: str
    region: str | None
    country: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_unit: str | None
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

    @classmethod
    def from_api(cls, data: JSON) -> Vacancy:
        return cls(
            id=int(_req(data, "id")),
            title=str(_req(data, "title")),
            description=str(data.get("description") or ""),
            date_posted=_date(data.get("date_posted")),
            valid_through=_date(data.get("valid_through")),
            employment_type=data.get("employment_type"),
            employer=str(data.get("employer") or ""),
            town=str(data.get("town") or ""),
            region=data.get("region"),
            country=data.get("country"),
            salary_min=_float(data.get("salary_min")),
            salary_max=_float(data.get("salary_max")),
            salary_currency=data.get("salary_currency"),
            salary_unit=data.get("salary_unit"),
            isco_code=data.get("isco_code"),
            occupation_uri=data.get("occupation_uri"),
            occupation_label=data.get("occupation_label"),
            education_requirements=data.get("education_requirements"),
            experience_months=_int(data.get("experience_months")),
            skills=_strs(data.get("skills")),
            openings=int(data.get("openings") or 1),
            apply_url=data.get("apply_url"),
            apply_email=data.get("apply_email"),
            apply_phone=data.get("apply_phone"),
        )


@dataclass(frozen=True)
class Course:
    id: int
    title: str
    provider: str
    field: str | None
    isco_codes: list[str]
    town: str | None
    mode: str
    start_date: date | None
    duration_weeks: int | None
    cost: float | None
    currency: str | None
    funded: bool
    description: str
    seats: int | None

    @classmethod
    def from_api(cls, data: JSON) -> Course:
        return cls(
            id=int(_req(data, "id")),
            title=str(_req(data, "title")),
            provider=str(data.get("provider") or ""),
            field=data.get("field"),
            isco_codes=_strs(data.get("isco_codes")),
            town=data.get("town"),
            mode=str(data.get("mode") or "in_person"),
            start_date=_date(data.get("start_date")),
            duration_weeks=_int(data.get("duration_weeks")),
            cost=_float(data.get("cost")),
            currency=data.get("currency"),
            funded=bool(data.get("funded")),
            description=str(data.get("description") or ""),
            seats=_int(data.get("seats")),
        )


# --- Programmes and eligibility ---------------------------------------------------


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    family: str
    summary: str
    version: int
    benefits: str
    next_step: str

    @classmethod
    def from_api(cls, data: JSON) -> Programme:
        return cls(
            code=str(_req(data, "code")),
            name=str(_req(data, "name")),
            family=str(data.get("family") or ""),
            summary=str(data.get("summary") or ""),
            version=int(data.get("version") or 1),
            benefits=str(data.get("benefits") or ""),
            next_step=str(data.get("next_step") or ""),
        )


@dataclass(frozen=True)
class RuleReason:
    rule: str
    passed: bool | None
    text: str

    @classmethod
    def from_api(cls, data: JSON) -> RuleReason:
        return cls(rule=str(_req(data, "rule")), passed=data.get("passed"), text=str(data.get("text") or ""))


@dataclass(frozen=True)
class EligibilityResult:
    programme: Programme
    outcome: str  # "eligible" | "not_eligible" | "need_facts"
    missing_facts: list[str]
    reasons: list[RuleReason]
    next_step: str

    @classmethod
    def from_api(cls, data: JSON) -> EligibilityResult:
        return cls(
            programme=Programme.from_api(_req(data, "programme")),
            outcome=str(_req(data, "outcome")),
            missing_facts=_strs(data.get("missing_facts")),
            reasons=[RuleReason.from_api(r) for r in data.get("reasons") or []],
            next_step=str(data.get("next_step") or ""),
        )


@dataclass(frozen=True)
class EligibilityAnswer:
    results: list[EligibilityResult]
    facts_used: dict[str, Any]

    @classmethod
    def from_api(cls, data: JSON) -> EligibilityAnswer:
        return cls(
            results=[EligibilityResult.from_api(r) for r in _req(data, "results")],
            facts_used=dict(data.get("facts_used") or {}),
        )


# --- Applications, offices, escalations, alerts -----------------------------------


@dataclass(frozen=True)
class Application:
    id: int
    jobseeker_id: int
    kind: str
    target_id: int
    status: str
    created_at: datetime | None

    @classmethod
    def from_api(cls, data: JSON) -> Application:
        return cls(
            id=int(_req(data, "id")),
            jobseeker_id=int(_req(data, "jobseeker_id")),
            kind=str(_req(data, "kind")),
            target_id=int(_req(data, "target_id")),
            status=str(data.get("status") or "submitted"),
            created_at=_datetime(data.get("created_at")),
        )


@dataclass(frozen=True)
class OpeningHours:
    weekday: int  # Monday = 0
    opens: str
    closes: str

    @classmethod
    def from_api(cls, data: JSON) -> OpeningHours:
        return cls(
            weekday=int(_req(data, "weekday")),
            opens=str(_req(data, "opens")),
            closes=str(_req(data, "closes")),
        )


@dataclass(frozen=True)
class Office:
    id: int
    name: str
    town: str
    address: str
    phone: str | None
    email: str | None
    hours: list[OpeningHours]
    timezone: str | None

    @classmethod
    def from_api(cls, data: JSON) -> Office:
        return cls(
            id=int(_req(data, "id")),
            name=str(_req(data, "name")),
            town=str(data.get("town") or ""),
            address=str(data.get("address") or ""),
            phone=data.get("phone"),
            email=data.get("email"),
            hours=[OpeningHours.from_api(h) for h in data.get("hours") or []],
            timezone=data.get("timezone"),
        )


@dataclass(frozen=True)
class OfficeStatus:
    office: Office
    open_now: bool
    next_opening: datetime | None

    @classmethod
    def from_api(cls, data: JSON) -> OfficeStatus:
        return cls(
            office=Office.from_api(_req(data, "office")),
            open_now=bool(data.get("open_now")),
            next_opening=_datetime(data.get("next_opening")),
        )


@dataclass(frozen=True)
class Escalation:
    id: int
    status: str
    queue_position: int | None
    expected_wait_minutes: int | None
    open_now: bool
    next_opening: datetime | None
    created_at: datetime | None
    callback_requested: bool = False
    callback_phone: str | None = None
    rating: str | None = None

    @classmethod
    def from_api(cls, data: JSON) -> Escalation:
        return cls(
            id=int(_req(data, "id")),
            status=str(data.get("status") or "open"),
            queue_position=_int(data.get("queue_position")),
            expected_wait_minutes=_int(data.get("expected_wait_minutes")),
            open_now=bool(data.get("open_now")),
            next_opening=_datetime(data.get("next_opening")),
            created_at=_datetime(data.get("created_at")),
            callback_requested=bool(data.get("callback_requested")),
            callback_phone=data.get("callback_phone"),
            rating=data.get("rating"),
        )


@dataclass(frozen=True)
class Alert:
    id: int
    conversation_id: str | None
    channel: str | None
    recipient: str | None
    jobseeker_id: int | None
    isco_code: str | None
    occupation_uri: str | None
    occupation_label: str | None
    town: str | None
    keyword: str | None
    language: str | None
    active: bool
    created_at: datetime | None

    @classmethod
    def from_api(cls, data: JSON) -> Alert:
        return cls(
            id=int(_req(data, "id")),
            conversation_id=data.get("conversation_id"),
            channel=data.get("channel"),
            recipient=data.get("recipient"),
            jobseeker_id=_int(data.get("jobseeker_id")),
            isco_code=data.get("isco_code"),
            occupation_uri=data.get("occupation_uri"),
            occupation_label=data.get("occupation_label"),
            town=data.get("town"),
            keyword=data.get("keyword"),
            language=data.get("language"),
            active=bool(data.get("active", True)),
            created_at=_datetime(data.get("created_at")),
        )


@dataclass(frozen=True)
class RegistrationDraft:
    """Answers given so far to the registration questions, kept under a verified phone."""

    phone: str
    answers: dict[str, Any]
    channel: str | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, data: JSON) -> RegistrationDraft:
        answers = data.get("answers")
        return cls(
            phone=str(_req(data, "phone")),
            answers=dict(answers) if isinstance(answers, Mapping) else {},
            channel=data.get("channel"),
            updated_at=_datetime(data.get("updated_at")),
        )
