"""Tables of the inbox: tickets with their messages and notes, canned answers, teams, presence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from console.db import Base, utcnow

# The back-end's escalation topics; each is answered by the team of the same name.
TEAMS = ("registration", "benefits", "programmes", "other")
RATINGS = ("good", "ok", "bad")
PRESENCE = ("online", "away")


class TicketStatus(StrEnum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class Sender(StrEnum):
    USER = "user"
    BOT = "bot"
    STAFF = "staff"


class Delivery(StrEnum):
    SENT = "sent"
    FAILED = "failed"


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Ticket(Base):
    """One escalation as the staff see it; the back-end keeps the durable record."""

    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint(_in("status", tuple(TicketStatus)), name="status"),
        CheckConstraint(_in("team", TEAMS), name="team"),
        CheckConstraint(f"rating IS NULL OR {_in('rating', RATINGS)}", name="rating"),
        Index("ix_tickets_status_created_at", "status", "created_at"),
        Index("ix_tickets_assignee_id_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: two sync loops (two console processes) never import one escalation twice.
    escalation_id: Mapped[int] = mapped_column(Integer, unique=True)
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    team: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(20))
    jobseeker_id: Mapped[int | None]
    # The jobseeker's name, copied out of the profile so that search can find it.
    name: Mapped[str | None] = mapped_column(String(200))
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.WAITING.value)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id", ondelete="SET NULL"))
    # When the user asked for a person (the escalation's time), not when it was imported.
    created_at: Mapped[datetime]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime | None]
    # How many of the tracker's events were read, and the time of the newest one read:
    # after a restart the tracker is shorter and the time tells what is new.
    tracker_offset: Mapped[int] = mapped_column(Integer, default=0)
    tracker_seen_at: Mapped[float | None] = mapped_column(Float)
    rating: Mapped[str | None] = mapped_column(String(8))
    callback_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_phone: Mapped[str | None] = mapped_column(String(20))


class TicketMessage(Base):
    __tablename__ = "ticket_messages"
    __table_args__ = (
        CheckConstraint(_in("sender", tuple(Sender)), name="sender"),
        CheckConstraint(f"delivery IS NULL OR {_in('delivery', tuple(Delivery))}", name="delivery"),
        Index("ix_ticket_messages_ticket_id_at", "ticket_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id", ondelete="SET NULL"))
    # Staff replies only: None while Rasa is being asked, then sent or failed.
    delivery: Mapped[str | None] = mapped_column(String(8))


class TicketNote(Base):
    """Internal: seen by staff only, never sent to the user."""

    __tablename__ = "ticket_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CannedAnswer(Base):
    __tablename__ = "canned_answers"
    __table_args__ = (
        CheckConstraint(f"team IS NULL OR {_in('team', TEAMS)}", name="team"),
        Index("ix_canned_answers_language_team", "language", "team"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    # None: for every team.
    team: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)


class StaffTeam(Base):
    __tablename__ = "staff_teams"
    __table_args__ = (CheckConstraint(_in("team", TEAMS), name="team"),)

    account_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    team: Mapped[str] = mapped_column(String(20), primary_key=True)


class StaffPresence(Base):
    __tablename__ = "staff_presence"
    __table_args__ = (CheckConstraint(_in("status", PRESENCE), name="status"),)

    account_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
