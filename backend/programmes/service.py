"""Programme versions (publish, list, look up) and eligibility checks against them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.jobseekers.models import Jobseeker
from backend.programmes.definitions import RULES_DIR, checksum, load_directory
from backend.programmes.engine import Decision, evaluate
from backend.programmes.facts import Facts, profile_facts
from backend.programmes.models import ProgrammeVersion
from backend.programmes.rules_schema import ProgrammeDefinition
from backend.towns.service import find_town


@dataclass(frozen=True)
class Published:
    programme: ProgrammeVersion
    created: bool


@dataclass(frozen=True)
class EligibilityResult:
    programme: ProgrammeVersion
    decision: Decision


@dataclass(frozen=True)
class EligibilityAnswer:
    results: list[EligibilityResult]
    facts_used: dict[str, Any]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(plain.replace("-", " ").split())


def latest_version(*, session: Session, code: str) -> ProgrammeVersion | None:
    """The newest version of a code, active or not (the head of its history)."""
    return session.scalars(
        select(ProgrammeVersion)
        .where(ProgrammeVersion.code == code)
        .order_by(ProgrammeVersion.version.desc())
        .limit(1)
    ).first()


def publish(*, session: Session, definition: ProgrammeDefinition) -> Published:
    """Stores a definition as the next version, unless it equals the newest one."""
    digest = checksum(definition)
    head = latest_version(session=session, code=definition.code)
    if head is not None and head.checksum == digest:
        return Published(head, created=False)
    # Only the newest version stays active, so evaluation never mixes two versions.
    session.execute(
        update(ProgrammeVersion).where(ProgrammeVersion.code == definition.code).values(active=False)
    )
    row = ProgrammeVersion(
        code=definition.code,
        version=(head.version + 1) if head is not None else 1,
        name=definition.name,
        family=definition.family,
        summary=definition.summary,
        benefits=definition.benefits,
        next_step=definition.next_step,
        definition=definition.model_dump(mode="json"),
        checksum=digest,
        active=definition.active,
    )
    session.add(row)
    session.flush()
    return Published(row, created=True)


def sync_directory(*, session: Session, directory: Path = RULES_DIR) -> list[Published]:
    """Publishes every rule file; unchanged files add nothing (safe to run repeatedly)."""
    return [publish(session=session, definition=d) for d in load_directory(directory)]


def list_programmes(
    *, session: Session, q: str | None = None, family: str | None = None
) -> list[ProgrammeVersion]:
    stmt = select(ProgrammeVersion).where(ProgrammeVersion.active.is_(True))
    if family:
        stmt = stmt.where(ProgrammeVersion.family == family)
    rows = session.scalars(stmt.order_by(ProgrammeVersion.code, ProgrammeVersion.version.desc())).all()
    newest: dict[str, ProgrammeVersion] = {}
    for row in rows:
        newest.setdefault(row.code, row)
    found = list(newest.values())
    if q and q.strip():
        needle = _fold(q)
        found = [p for p in found if needle in _fold(p.name) or needle in _fold(p.code)]
    return found


def get_programme(*, session: Session, code: str) -> ProgrammeVersion:
    wanted = code.strip().lower()
    row = session.scalars(
        select(ProgrammeVersion)
        # Codes are lower case by their pattern, so the indexed column is compared as is.
        .where(ProgrammeVersion.code == wanted, ProgrammeVersion.active.is_(True))
        .order_by(ProgrammeVersion.version.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound(f"no programme with code {code!r}")
    return row


def history(*, session: Session, code: str) -> list[ProgrammeVersion]:
    rows = session.scalars(
        select(ProgrammeVersion)
        .where(ProgrammeVersion.code == code.strip().lower())
        .order_by(ProgrammeVersion.version)
    ).all()
    if not rows:
        raise NotFound(f"no programme with code {code!r}")
    return list(rows)


def gather_facts(*, session: Session, jobseeker_id: int | None, stated: Facts, today: date) -> dict[str, Any]:
    """Profile facts first, then what the caller stated on top (stated facts win)."""
    facts: dict[str, Any] = {}
    if jobseeker_id is not None:
        person = session.get(Jobseeker, jobseeker_id)
        if person is None:
            raise NotFound(f"no jobseeker with id {jobseeker_id}")
        facts.update(
            profile_facts(
                date_of_birth=person.date_of_birth,
                status=person.status,
                status_since=person.status_since,
                education_level=person.education_level,
                disability=person.disability,
                town=person.town,
                today=today,
            )
        )
    facts.update(stated.model_dump(exclude_none=True))
    if "town" in facts:
        town = find_town(session, str(facts["town"]))
        if town is not None:
            facts["town"] = town.name
            if town.region:
                facts["region"] = town.region
    return facts


def check_eligibility(
    *,
    session: Session,
    jobseeker_id: int | None,
    stated: Facts,
    codes: Sequence[str] | None,
    today: date,
) -> EligibilityAnswer:
    if codes:
        programmes = [get_programme(session=session, code=c) for c in codes]
    else:
        programmes = list_programmes(session=session)
    facts = gather_facts(session=session, jobseeker_id=jobseeker_id, stated=stated, today=today)
    results = [
        EligibilityResult(p, evaluate(ProgrammeDefinition.model_validate(p.definition), facts))
        for p in programmes
    ]
    return EligibilityAnswer(results=results, facts_used=facts)
