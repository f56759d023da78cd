"""Handoff requests: a conversation waiting for a human counsellor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class Escalation(Base):
    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    # Erasing a jobseeker erases her escalations too: the transcript is personal data.
    jobseeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    topic: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(20))
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # The office whose counsellors answer, chosen from the jobseeker's town.
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id", ondelete="SET NULL"))
    # Outside office hours she may ask to be phoned; the number is E.164 when one is known.
    callback_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    callback_phone: Mapped[str | None] = mapped_column(String(20))
    # Her answer to "how was it?" once the counsellor closed the conversation.
    rating: Mapped[str | None] = mapped_column(String(8))
    rated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
