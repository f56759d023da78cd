"""A jobseeker's application (expression of interest) for a vacancy or a course."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class Application(Base):
    __tablename__ = "applications"
    # One application per person and target: asking twice must not apply twice.
    __table_args__ = (
        UniqueConstraint("jobseeker_id", "kind", "target_id", name="uq_applications_jobseeker_kind_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True)
    # "vacancy" or "course"; the target lives in that feature's table, so no FK here.
    kind: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
