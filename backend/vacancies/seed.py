"""Seeds the demo vacancies, dated relative to today so that they never expire.

Idempotent: a posting is recognised by title, employer and town; seeding again
refreshes its dates and text instead of adding a copy.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.clock import pes_today
from backend.towns.models import Town
from backend.vacancies.models import Vacancy
from backend.vacancies.seed_data import ESCO, JOBS, POSTINGS, Posting


def seed(session: Session, today: date | None = None) -> None:
    today = today or pes_today()
    regions = {name: region for name, region in session.execute(select(Town.name, Town.region))}
    existing = {(v.title, v.employer, v.town): v for v in session.scalars(select(Vacancy))}
    for n, posting in enumerate(POSTINGS):
        values = _values(posting, n, today, regions.get(posting.town))
        vacancy = existing.get((posting.title, posting.employer, posting.town))
        if vacancy is None:
            session.add(Vacancy(**values))
        else:
            for key, value in values.items():
                setattr(vacancy, key, value)
    session.flush()


def _values(p: Posting, n: int, today: date, region: str | None) -> dict[str, object]:
    job = JOBS[p.job]
    slug = re.sub(r"[^a-z0-9]+", "-", p.employer.lower()).strip("-")
    return {
        "title": p.title,
        "description": f"{job.description} {p.extra}",
        # Spread over the last two weeks and the next one to two months, so lists
        # have a believable order and nothing runs out soon after seeding.
        "date_posted": today - timedelta(days=n % 14),
        "valid_through": today + timedelta(days=30 + (n * 7) % 31),
        "employment_type": p.employment_type,
        "employer": p.employer,
        "town": p.town,
        "region": region,
        "country": "KE",
        "salary_min": float(p.salary[0]) if p.salary else None,
        "salary_max": float(p.salary[1]) if p.salary else None,
        "salary_currency": "KES" if p.salary else None,
        "salary_unit": p.unit if p.salary else None,
        "isco_code": job.isco,
        "occupation_uri": ESCO + job.esco_id,
        "occupation_label": job.label,
        "education_requirements": job.education,
        "experience_months": job.experience_months,
        "skills": list(job.skills),
        "openings": p.openings,
        "apply_url": None,
        "apply_email": f"jobs@{slug}.example",
        "apply_phone": None,
    }
