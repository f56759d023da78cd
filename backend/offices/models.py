"""Employment offices and their weekly opening hours."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import Base


class Office(Base):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    town: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60))
    # The office's own position, so "nearest" does not depend on the town's centre.
    lat: Mapped[float]
    lon: Mapped[float]
    # Where people go when we do not know their town (and whose counsellors take chats).
    is_main: Mapped[bool] = mapped_column(default=False)

    hours: Mapped[list[OfficeHours]] = relationship(
        back_populates="office",
        cascade="all, delete-orphan",
        order_by="[OfficeHours.weekday, OfficeHours.opens]",
    )


class OfficeHours(Base):
    """One opening interval on a weekday (Mon=0); a lunch break is two intervals."""

    __tablename__ = "office_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    # "HH:MM" local time of the office, as the contract shows them.
    opens: Mapped[str] = mapped_column(String(5))
    closes: Mapped[str] = mapped_column(String(5))

    office: Mapped[Office] = relationship(back_populates="hours")
