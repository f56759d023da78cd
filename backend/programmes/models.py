"""Programmes, stored as versions: editing a programme adds a version, never overwrites."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class ProgrammeVersion(Base):
    __tablename__ = "programme_versions"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_programme_versions_code_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    family: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text)
    benefits: Mapped[str] = mapped_column(Text)
    next_step: Mapped[str] = mapped_column(Text)
    # The whole definition as published (rules included), so any version can be re-run.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Fingerprint of the definition: re-publishing identical content adds no version.
    checksum: Mapped[str] = mapped_column(String(64))
    # Only the newest version of a code is active; a retired programme has none.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
