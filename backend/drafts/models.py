"""A registration in progress, kept under the phone number a channel verified."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class RegistrationDraft(Base):
    __tablename__ = "registration_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # E.164; one draft per number: the latest answers win, from whichever channel.
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    channel: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
