from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class IscoGroup(Base):
    """One group of the ISCO-08 tree (major 1 digit ... unit group 4 digits)."""

    __tablename__ = "isco_groups"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    uri: Mapped[str | None] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300))


class Occupation(Base):
    __tablename__ = "occupations"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(200), unique=True)
    label: Mapped[str] = mapped_column(String(300))
    # No foreign key: the demo seed holds occupations whose ISCO group rows may
    # arrive only with the full ESCO import.
    isco_code: Mapped[str] = mapped_column(String(4), index=True)
    alt_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    hidden_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    # "seed" (the project's own demo rows) or "esco" (loaded by import-esco).
    source: Mapped[str] = mapped_column(String(10), default="esco")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
