"""Demo courses from seed_courses.yml; running it twice adds nothing new."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.clock import pes_today
from backend.courses.models import Course, CourseIsco

SEED_FILE = Path(__file__).with_name("seed_courses.yml")


def seed(session: Session, *, today: date | None = None) -> int:
    """Insert the demo courses that are not there yet; returns how many were added."""
    today = today or pes_today()
    entries: list[dict[str, Any]] = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    added = 0
    for entry in entries:
        exists = session.scalar(
            select(Course.id).where(Course.title == entry["title"], Course.provider == entry["provider"])
        )
        if exists is not None:
            continue
        days = entry.get("starts_in_days")
        course = Course(
            title=entry["title"],
            provider=entry["provider"],
            field=entry["field"],
            town=entry["town"],
            mode=entry["mode"],
            start_date=today + timedelta(days=days) if days is not None else None,
            duration_weeks=entry["duration_weeks"],
            cost=float(entry["cost"]),
            currency=entry.get("currency", "KES"),
            funded=bool(entry["funded"]),
            description=" ".join(entry["description"].split()),
            seats=entry.get("seats"),
            isco_links=[CourseIsco(isco_code=str(c)) for c in entry["isco_codes"]],
        )
        session.add(course)
        added += 1
    session.flush()
    return added
