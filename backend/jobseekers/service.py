"""Jobseeker records: create, read, change, erase, and find by phone or channel identity."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.db import utcnow
from backend.core.errors import BadRequest, Conflict, NotFound
from backend.core.phones import normalise_phone
from backend.jobseekers.models import Jobseeker, JobseekerIdentity, JobseekerOccupation
from backend.jobseekers.schemas import (
    REQUIRED_FIELDS,
    ConsentOut,
    IdentityIn,
    IdentityOut,
    JobseekerIn,
    JobseekerOut,
    JobseekerPatch,
    OccupationSought,
)
from backend.towns.service import find_town


def create_jobseeker(*, session: Session, data: JobseekerIn) -> Jobseeker:
    if data.phone is not None:
        _ensure_phone_free(session=session, phone=data.phone, owner_id=None)
    for ident in data.identities:
        _ensure_identity_free(session=session, ident=ident, owner_id=None)
    now = utcnow()
    jobseeker = Jobseeker(
        registration_number=_new_registration_number(session=session, when=now),
        consent_notice_version=data.consent.notice_version,
        consent_given_at=data.consent.given_at or now,
        name=data.name,
        date_of_birth=data.date_of_birth,
        gender=data.gender,
        phone=data.phone,
        town=_canonical_town(session=session, text=data.town),
        education_level=data.education_level,
        experience_years=data.experience_years,
        status=data.status,
        status_since=data.status_since,
        disability=data.disability,
        languages=data.languages,
        identities=_unique_identities(data.identities),
        occupations=_occupations(data.occupations),
        created_at=now,
        updated_at=now,
    )
    session.add(jobseeker)
    session.flush()
    return jobseeker


def get_jobseeker(*, session: Session, jobseeker_id: int) -> Jobseeker:
    jobseeker = session.get(Jobseeker, jobseeker_id)
    if jobseeker is None:
        raise NotFound(f"no jobseeker with id {jobseeker_id}")
    return jobseeker


def update_jobseeker(*, session: Session, jobseeker_id: int, changes: JobseekerPatch) -> Jobseeker:
    jobseeker = get_jobseeker(session=session, jobseeker_id=jobseeker_id)
    fields = changes.model_dump(exclude_unset=True)
    nulled = sorted(k for k, v in fields.items() if v is None and k in REQUIRED_FIELDS)
    if nulled:
        raise BadRequest(f"these fields cannot be emptied: {', '.join(nulled)}")
    if "phone" in fields and changes.phone is not None:
        _ensure_phone_free(session=session, phone=changes.phone, owner_id=jobseeker.id)
    if "status" in fields and fields["status"] != jobseeker.status and "status_since" not in fields:
        # The old date belongs to the old status: kept, it would count a person who
        # just lost a job as unemployed since the day she was hired (eligibility).
        fields["status_since"] = None
    for key, value in fields.items():
        if key == "consent" and changes.consent is not None:
            jobseeker.consent_notice_version = changes.consent.notice_version
            jobseeker.consent_given_at = changes.consent.given_at or utcnow()
        elif key == "identities" and changes.identities is not None:
            for ident in changes.identities:
                _ensure_identity_free(session=session, ident=ident, owner_id=jobseeker.id)
            jobseeker.identities = _unique_identities(changes.identities)
            session.flush()  # the old rows must be gone before equal new ones are inserted
        elif key == "occupations" and changes.occupations is not None:
            jobseeker.occupations = _occupations(changes.occupations)
        elif key == "town" and changes.town is not None:
            jobseeker.town = _canonical_town(session=session, text=changes.town)
        else:
            setattr(jobseeker, key, value)
    jobseeker.updated_at = utcnow()
    session.flush()
    return jobseeker


def delete_jobseeker(*, session: Session, jobseeker_id: int) -> None:
    """Erase the record; the database cascades to identities, applications and alerts."""
    jobseeker = get_jobseeker(session=session, jobseeker_id=jobseeker_id)
    session.delete(jobseeker)
    session.flush()


def lookup_jobseeker(
    *, session: Session, phone: str | None = None, channel: str | None = None, identity: str | None = None
) -> Jobseeker:
    if phone:
        try:
            e164 = normalise_phone(phone)
        except ValueError as exc:
            raise BadRequest(str(exc)) from exc
        found = session.scalar(select(Jobseeker).where(Jobseeker.phone == e164))
        if found is None:
            raise NotFound(f"no jobseeker with phone {e164}")
        return found
    if channel and identity:
        found = session.scalar(
            select(Jobseeker)
            .join(JobseekerIdentity)
            .where(JobseekerIdentity.channel == channel, JobseekerIdentity.identity == identity)
        )
        if found is None:
            raise NotFound(f"no jobseeker linked to {channel} identity {identity!r}")
        return found
    raise BadRequest("give either phone, or both channel and identity")


def link_identity(*, session: Session, jobseeker_id: int, ident: IdentityIn) -> Jobseeker:
    """Link a channel identity to a profile; linking it again changes nothing."""
    jobseeker = get_jobseeker(session=session, jobseeker_id=jobseeker_id)
    _ensure_identity_free(session=session, ident=ident, owner_id=jobseeker.id)
    if not any(i.channel == ident.channel and i.identity == ident.identity for i in jobseeker.identities):
        jobseeker.identities.append(JobseekerIdentity(channel=ident.channel, identity=ident.identity))
        jobseeker.updated_at = utcnow()
        session.flush()
    return jobseeker


def to_out(jobseeker: Jobseeker) -> JobseekerOut:
    return JobseekerOut(
        id=jobseeker.id,
        registration_number=jobseeker.registration_number,
        consent=ConsentOut(
            notice_version=jobseeker.consent_notice_version, given_at=jobseeker.consent_given_at
        ),
        name=jobseeker.name,
        date_of_birth=jobseeker.date_of_birth,
        gender=jobseeker.gender,  # type: ignore[arg-type]  # validated on the way in
        phone=jobseeker.phone,
        identities=[IdentityOut.model_validate(i) for i in jobseeker.identities],
        town=jobseeker.town,
        education_level=jobseeker.education_level,
        occupations=[OccupationSought.model_validate(o) for o in jobseeker.occupations],
        experience_years=jobseeker.experience_years,
        status=jobseeker.status,  # type: ignore[arg-type]
        status_since=jobseeker.status_since,
        disability=jobseeker.disability,
        languages=list(jobseeker.languages or []),
        created_at=jobseeker.created_at,
        updated_at=jobseeker.updated_at,
    )


def _new_registration_number(*, session: Session, when: datetime) -> str:
    # Random rather than sequential: a registration number must not let anyone
    # guess how many people registered or walk through other people's numbers.
    for _ in range(20):
        candidate = f"PES-{when.year}-{secrets.randbelow(1_000_000):06d}"
        if session.scalar(select(Jobseeker.id).where(Jobseeker.registration_number == candidate)) is None:
            return candidate
    raise RuntimeError("could not find a free registration number")


def _canonical_town(*, session: Session, text: str) -> str:
    # A known town is stored under its official spelling so that searches find it;
    # a place we do not know is kept as the jobseeker wrote it.
    town = find_town(session, text)
    return town.name if town else text.strip()


def _ensure_phone_free(*, session: Session, phone: str, owner_id: int | None) -> None:
    holder = session.scalar(select(Jobseeker.id).where(Jobseeker.phone == phone))
    if holder is not None and holder != owner_id:
        raise Conflict(f"phone {phone} is already registered")


def _ensure_identity_free(*, session: Session, ident: IdentityIn, owner_id: int | None) -> None:
    holder = session.scalar(
        select(JobseekerIdentity.jobseeker_id).where(
            JobseekerIdentity.channel == ident.channel, JobseekerIdentity.identity == ident.identity
        )
    )
    if holder is not None and holder != owner_id:
        raise Conflict(f"{ident.channel} identity {ident.identity!r} is linked to another jobseeker")


def _unique_identities(idents: list[IdentityIn]) -> list[JobseekerIdentity]:
    pairs = dict.fromkeys((i.channel, i.identity) for i in idents)
    return [JobseekerIdentity(channel=c, identity=i) for c, i in pairs]


def _occupations(items: list[OccupationSought]) -> list[JobseekerOccupation]:
    return [
        JobseekerOccupation(position=n, esco_uri=o.esco_uri, isco_code=o.isco_code, label=o.label)
        for n, o in enumerate(items)
    ]
