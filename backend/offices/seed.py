"""Demo offices from seed_offices.yml; existing offices (by name) are left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.offices.hours import parse_hhmm
from backend.offices.models import Office, OfficeHours

SEED_FILE = Path(__file__).with_name("seed_offices.yml")
DEFAULT_TIMEZONE = "Africa/Nairobi"
SATURDAY = 5


def _hours(spec: dict[str, Any]) -> list[OfficeHours]:
    rows: list[OfficeHours] = []
    weekly = [(day, pair) for day in spec["weekdays"] for pair in spec["times"]]
    weekly += [(SATURDAY, pair) for pair in spec.get("saturday", [])]
    for day, (opens, closes) in weekly:
        if parse_hhmm(opens) >= parse_hhmm(closes):
            raise ValueError(f"opening {opens} is not before closing {closes}")
        rows.append(OfficeHours(weekday=day, opens=opens, closes=closes))
    return rows


def seed(session: Session) -> int:
    entries: list[dict[str, Any]] = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    added = 0
    for entry in entries:
        if session.scalar(select(Office.id).where(Office.name == entry["name"])) is not None:
            continue
        session.add(
            Office(
                name=entry["name"],
                town=entry["town"],
                address=entry["address"],
                phone=entry.get("phone"),
                email=entry.get("email"),
                timezone=entry.get("timezone", DEFAULT_TIMEZONE),
                lat=float(entry["lat"]),
                lon=float(entry["lon"]),
                is_main=bool(entry.get("main", False)),
                hours=_hours(entry["hours"]),
            )
        )
        added += 1
    session.flush()
    return added
