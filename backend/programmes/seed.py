"""Publishes the rule files in rules/; unchanged files add no version."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend.programmes.service import sync_directory


def seed(session: Session) -> int:
    """Returns how many new programme versions were published."""
    return sum(1 for p in sync_directory(session=session) if p.created)
