"""Training courses a jobseeker can join, with the ISCO groups they prepare for."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import Base, utcnow


class Course(Base):
    __tablename__ = "courses"
    # Title + provider identify a course, so the seed can run twice without duplicates.
    __table_args__ = (UniqueConstraint("title", "provider", name="uq_courses_title_provider"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(80), index=True)
    town: Mapped[str] = mapped_column(String(100), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date | None]
    duration_weeks: Mapped[int]
    cost: Mapped[float]
    currency: Mapped[str] = mapped_column(String(3))
    funded: Mapped[bool]
    description: Mapped[str] = mapped_column(Text)
    seats: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    isco_links: Mapped[list[CourseIsco]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseIsco.isco_code"
    )

    @property
    def isco_codes(self) -> list[str]:
        return [link.isco_code for link in self.isco_links]


class CourseIsco(Base):
    """One ISCO-08 group a course prepares for; a table so prefix search stays in SQL."""

    __tablename__ = "course_isco_codes"
    __table_args__ = (Index("ix_course_isco_codes_code", "isco_code"),)

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    isco_code: Mapped[str] = mapped_column(String(4), primary_key=True)

    course: Mapped[Course] = relationship(back_populates="isco_links")
