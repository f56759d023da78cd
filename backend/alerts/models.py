"""Job alert subscriptions: tell this recipient when matching vacancies appear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
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


class AlertDelivery(Base):
    """One vacancy to tell one subscription about, and what became of it.

    `posting_key` names the posting (title, employer, town), not the row: the same
    posting imported again becomes a new vacancy row but must not alert anyone twice.
    """

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "posting_key", name="uq_alert_deliveries_alert_posting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    posting_key: Mapped[str] = mapped_column(String(64))
    # pending | sent | failed | opted_out | cancelled
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # Not sent before this time: a retry's backoff, the next day under the daily cap,
    # or the lease of the dispatcher that is sending it now.
    not_before: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
