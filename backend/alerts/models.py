"""Job alert subscriptions: tell this recipient when matching vacancies appear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    # Where alerts go on that channel (phone number, chat id...).
    recipient: Mapped[str] = mapped_column(String(200))
    jobseeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True
    )
    isco_code: Mapped[str | None] = mapped_column(String(4))
    occupation_uri: Mapped[str | None] = mapped_column(String(300))
    occupation_label: Mapped[str | None] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(100))
    keyword: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
