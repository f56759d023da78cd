"""Applying for a vacancy or a course: checks both ends exist; applying twice is a no-op."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.applications.models import Application
from backend.core.errors import Conflict, NotFound
from backend.courses.models import Course
from backend.jobseekers.models import Jobseeker
from backend.vacancies.models import Vacancy

TARGETS: dict[str, type[Course] | type[Vacancy]] = {"vacancy": Vacancy, "course": Course}


@dataclass(frozen=True)
class Applied:
    application: Application
    created: bool


def _existing(session: Session, *, jobseeker_id: int, kind: str, target_id: int) -> Application | None:
    return session.scalars(
        select(Application).where(
            Application.jobseeker_id == jobseeker_id,
            Application.kind == kind,
            Application.target_id == target_id,
        )
    ).first()


def apply(
    *, session: Session, jobseeker_id: int, kind: str, target_id: int, note: str | None, today: date
) -> Applied:
    if session.get(Jobseeker, jobseeker_id) is None:
        raise NotFound(f"no jobseeker with id {jobseeker_id}")
    target = session.get(TARGETS[kind], target_id)
    if target is None:
        raise NotFound(f"no {kind} with id {target_id}")
    found = _existing(session, jobseeker_id=jobseeker_id, kind=kind, target_id=target_id)
    if found is not None:
        return Applied(found, created=False)
    # Checked after the idempotency lookup: an application made in time stays visible.
    if isinstance(target, Vacancy) and target.valid_through is not None and target.valid_through < today:
        raise Conflict(f"vacancy {target_id} closed on {target.valid_through.isoformat()}")
    application = Application(
        jobseeker_id=jobseeker_id, kind=kind, target_id=target_id, note=note, status="submitted"
    )
    try:
        # A savepoint, so losing a race to an identical request leaves the session usable.
        with session.begin_nested():
            session.add(application)
            session.flush()
    except IntegrityError:
        winner = _existing(session, jobseeker_id=jobseeker_id, kind=kind, target_id=target_id)
        if winner is None:
            raise
        return Applied(winner, created=False)
    return Applied(application, created=True)


def list_applications(*, session: Session, jobseeker_id: int) -> list[Application]:
    if session.get(Jobseeker, jobseeker_id) is None:
        raise NotFound(f"no jobseeker with id {jobseeker_id}")
    return list(
        session.scalars(
            select(Application)
            .where(Application.jobseeker_id == jobseeker_id)
            .order_by(Application.created_at, Application.id)
        )
    )
