"""What the inbox API accepts, and the JSON shapes of its answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from console.inbox.models import CannedAnswer, Ticket, TicketMessage, TicketNote, TicketStatus
from console.inbox.service import StaffMember, shorten
from console.staff.models import StaffAccount

Team = Literal["registration", "benefits", "programmes", "other"]
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: int


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=20_000)


class CannedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: str = Field(pattern=LANGUAGE_PATTERN, description="ISO 639-1 code, e.g. sw")
    team: Team | None = None
    title: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=4000)


class CannedPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: str | None = Field(default=None, pattern=LANGUAGE_PATTERN)
    team: Team | None = None
    title: str | None = Field(default=None, min_length=1, max_length=120)
    text: str | None = Field(default=None, min_length=1, max_length=4000)


class PresenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["online", "away"]


class TeamsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    teams: list[Team] = Field(max_length=4)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def person(account: StaffAccount | None) -> dict[str, Any] | None:
    return {"id": account.id, "display_name": account.display_name} if account is not None else None


def waiting_seconds(ticket: Ticket, now: datetime) -> int:
    """How long she waited for a person: until someone took the ticket, or until now."""
    end = ticket.claimed_at or ticket.closed_at or now
    if ticket.status == TicketStatus.WAITING.value:
        end = now
    return max(0, int((end - ticket.created_at).total_seconds()))


def ticket_summary(
    ticket: Ticket, *, accounts: dict[int, StaffAccount], preview: str | None, now: datetime
) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "escalation_id": ticket.escalation_id,
        "status": ticket.status,
        "team": ticket.team,
        "reason": ticket.reason,
        "language": ticket.language,
        "channel": ticket.channel,
        "conversation_id": ticket.conversation_id,
        "name": ticket.name,
        "assignee": person(accounts.get(ticket.assignee_id)) if ticket.assignee_id else None,
        "created_at": _time(ticket.created_at),
        "waiting_seconds": waiting_seconds(ticket, now),
        "last_message_at": _time(ticket.last_message_at),
        "preview": preview,
        "callback_requested": ticket.callback_requested,
    }


def message_out(message: TicketMessage, accounts: dict[int, StaffAccount]) -> dict[str, Any]:
    return {
        "id": message.id,
        "sender": message.sender,
        "text": message.text,
        "at": _time(message.at),
        "author": person(accounts.get(message.author_id)) if message.author_id else None,
        "delivery": message.delivery,
    }


def note_out(note: TicketNote, accounts: dict[int, StaffAccount]) -> dict[str, Any]:
    return {
        "id": note.id,
        "author": person(accounts.get(note.author_id)) if note.author_id else None,
        "text": note.text,
        "at": _time(note.at),
    }


def ticket_detail(
    ticket: Ticket,
    *,
    messages: list[TicketMessage],
    notes: list[TicketNote],
    accounts: dict[int, StaffAccount],
    now: datetime,
) -> dict[str, Any]:
    preview = shorten(messages[-1].text) if messages else None
    summary = ticket_summary(ticket, accounts=accounts, preview=preview, now=now)
    return {
        **summary,
        "profile": ticket.profile,
        "messages": [message_out(m, accounts) for m in messages],
        "notes": [note_out(n, accounts) for n in notes],
        "rating": ticket.rating,
        "callback_phone": ticket.callback_phone,
        "claimed_at": _time(ticket.claimed_at),
        "closed_at": _time(ticket.closed_at),
    }


def canned_out(answer: CannedAnswer) -> dict[str, Any]:
    return {
        "id": answer.id,
        "language": answer.language,
        "team": answer.team,
        "title": answer.title,
        "text": answer.text,
    }


def staff_out(member: StaffMember) -> dict[str, Any]:
    return {
        "id": member.account.id,
        "display_name": member.account.display_name,
        "role": member.account.role,
        "presence": member.presence,
        "presence_since": _time(member.presence_since),
        "teams": member.teams,
        "open_tickets": member.open_tickets,
    }
