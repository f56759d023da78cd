from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import Base, utcnow


class Jobseeker(Base):
    __tablename__ = "jobseekers"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(20), unique=True)
    # Consent is what makes holding the record lawful: which notice she agreed to, when.
    consent_notice_version: Mapped[str] = mapped_column(String(40))
    consent_given_at: Mapped[datetime]
    name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date]
    gender: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    town: Mapped[str] = mapped_column(String(100))
    education_level: Mapped[int]
    experience_years: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20))
    status_since: Mapped[date | None]
    disability: Mapped[bool | None]
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    identities: Mapped[list[JobseekerIdentity]] = relationship(
        back_populates="jobseeker",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="JobseekerIdentity.id",
    )
    occupations: Mapped[list[JobseekerOccupation]] = relationship(
        back_populates="jobseeker",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="JobseekerOccupation.position",
    )


class JobseekerIdentity(Base):
    """A channel identity (Telegram user id, web chat sender...) linked to a profile."""

    __tablename__ = "jobseeker_identities"
    __table_args__ = (
        UniqueConstraint("channel", "identity", name="uq_jobseeker_identities_channel_identity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    identity: Mapped[str] = mapped_column(String(200))

    jobseeker: Mapped[Jobseeker] = relationship(back_populates="identities")


class JobseekerOccupation(Base):
    """An occupation the jobseeker is looking for; copied, so it survives re-imports."""

    __tablename__ = "jobseeker_occupations"

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    esco_uri: Mapped[str | None] = mapped_column(String(200))
    isco_code: Mapped[str] = mapped_column(String(4))
    label: Mapped[str] = mapped_column(String(300))

    jobseeker: Mapped[Jobseeker] = relationship(back_populates="occupations")
