from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class Vacancy(Base):
    __tablename__ = "vacancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    date_posted: Mapped[date]
    valid_through: Mapped[date | None] = mapped_column(index=True)
    employment_type: Mapped[str] = mapped_column(String(20))
    employer: Mapped[str] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(100), index=True)
    region: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    salary_min: Mapped[float | None]
    salary_max: Mapped[float | None]
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_unit: Mapped[str | None] = mapped_column(String(5))
    isco_code: Mapped[str | None] = mapped_column(String(4), index=True)
    occupation_uri: Mapped[str | None] = mapped_column(String(200), index=True)
    occupation_label: Mapped[str | None] = mapped_column(String(300))
    education_requirements: Mapped[str | None] = mapped_column(Text)
    experience_months: Mapped[int | None]
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    openings: Mapped[int] = mapped_column(default=1)
    apply_url: Mapped[str | None] = mapped_column(String(500))
    apply_email: Mapped[str | None] = mapped_column(String(200))
    apply_phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
