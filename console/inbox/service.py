"""Tickets, messages, notes, canned answers, teams and presence in the console's database.

Keyword-only functions over the caller's session, like the accounts' service. State
changes that two people (or two console processes) may attempt at once are conditional
updates: the database decides who wins and the loser gets a Conflict, never a silent
overwrite. Every staff action writes its audit record in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Update, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from console.inbox.models import (
    PRESENCE,
    RATINGS,
    TEAMS,
    CannedAnswer,
    Delivery,
    Sender,
    StaffPresence,
    StaffTeam,
    Ticket,
    TicketMessage,
    TicketNote,
    TicketStatus,
)
from console.inbox.tracker import Reading
from console.staff import audit
from console.staff.models import AuditEvent, Role, StaffAccount

logger = logging.getLogger(__name__)

# Audit actions of the inbox.
VIEWED = "ticket.viewed"
CLAIMED = "ticket.claimed"
ASSIGNED = "ticket.assigned"
REPLIED = "ticket.replied"
NOTE_ADDED = "ticket.note_added"
CLOSED = "ticket.closed"
PRESENCE_CHANGED = "presence.changed"
CANNED_CREATED = "canned.created"
CANNED_CHANGED = "canned.changed"
CANNED_DELETED = "canned.deleted"
TEAMS_CHANGED = "teams.changed"

FOLDERS = ("mine", "unassigned", "all", "closed")
MAX_TEXT = 4000
PREVIEW_CHARS = 120


class InboxError(Exception):
    """A request the inbox cannot carry out; `status` is the HTTP answer, the message says why."""

    status = 400


class NotFound(InboxError):
    status = 404


class Forbidden(InboxError):
    status = 403


class Conflict(InboxError):
    status = 409


class Invalid(InboxError):
    status = 422


def _rows_changed(session: Session, statement: Update) -> int:
    """How many rows a conditional update changed: 0 means another request won the race."""
    result = cast(CursorResult[Any], session.execute(statement.execution_options(synchronize_session=False)))
    return int(result.rowcount)


# --- Import from the back-end ---------------------------------------------------------


@dataclass(frozen=True)
class EscalationData:
    """The fields of a back-end escalation the ticket keeps."""

    escalation_id: int
    conversation_id: str
    channel: str
    language: str
    team: str
    reason: str
    jobseeker_id: int | None
    created_at: datetime
    callback_requested: bool
    callback_phone: str | None

    @classmethod
    def parse(cls, data: Mapping[str, Any], *, now: datetime) -> EscalationData:
        """Reads one escalation of the back-end's answer; ValueError when it is not one."""
        escalation_id = data.get("id")
        conversation_id = data.get("conversation_id")
        if not isinstance(escalation_id, int) or isinstance(escalation_id, bool):
            raise ValueError(f"an escalation without a numeric id: {str(data)[:120]}")
        if not isinstance(conversation_id, str) or not conversation_id:
            raise ValueError(f"escalation {escalation_id} has no conversation id")
        topic = data.get("topic")
        jobseeker_id = data.get("jobseeker_id")
        phone = data.get("callback_phone")
        return cls(
            escalation_id=escalation_id,
            conversation_id=conversation_id[:200],
            channel=str(data.get("channel") or "rest")[:40],
            language=str(data.get("language") or "en")[:8],
            team=topic if topic in TEAMS else "other",
            reason=str(data.get("reason") or "user_request")[:20],
            jobseeker_id=jobseeker_id if isinstance(jobseeker_id, int) else None,
            created_at=_parse_time(data.get("created_at")) or now,
            callback_requested=data.get("callback_requested") is True,
            callback_phone=phone[:20] if isinstance(phone, str) and phone else None,
        )


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def import_escalation(session: Session, *, data: EscalationData, now: datetime) -> int | None:
    """The new ticket's id, or None when this escalation has a ticket already.

    INSERT ... ON CONFLICT DO NOTHING on the unique escalation_id: a second console
    process importing the same escalation at the same moment inserts nothing.
    """
    values = {
        "escalation_id": data.escalation_id,
        "conversation_id": data.conversation_id,
        "channel": data.channel,
        "language": data.language,
        "team": data.team,
        "reason": data.reason,
        "jobseeker_id": data.jobseeker_id,
        "status": TicketStatus.WAITING.value,
        "created_at": data.created_at,
        "imported_at": now,
        "tracker_offset": 0,
        "callback_requested": data.callback_requested,
        "callback_phone": data.callback_phone,
    }
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(Ticket)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["escalation_id"])
            .returning(Ticket.id)
        )
        new_id = session.scalar(statement)
        return int(new_id) if new_id is not None else None
    if known_escalations(session, [data.escalation_id]):
        return None
    ticket = Ticket(**values)
    session.add(ticket)
    session.flush()
    return ticket.id


def known_escalations(session: Session, escalation_ids: Iterable[int]) -> dict[int, Ticket]:
    ids = list(escalation_ids)
    if not ids:
        return {}
    rows = session.scalars(select(Ticket).where(Ticket.escalation_id.in_(ids)))
    return {t.escalation_id: t for t in rows}


def refresh_callback(session: Session, *, ticket: Ticket, data: EscalationData) -> bool:
    """Takes a callback request made after the import; True when something changed."""
    if (ticket.callback_requested, ticket.callback_phone) == (data.callback_requested, data.callback_phone):
        return False
    ticket.callback_requested = data.callback_requested
    ticket.callback_phone = data.callback_phone
    return True


def profile_summary(jobseeker: Mapping[str, Any] | None) -> dict[str, Any]:
    """What a counsellor needs at a glance; the full record stays in the back-end."""
    if not jobseeker:
        return {}
    occupations = jobseeker.get("occupations") or []
    return {
        "name": jobseeker.get("name"),
        "registration_number": jobseeker.get("registration_number"),
        "phone": jobseeker.get("phone"),
        "town": jobseeker.get("town"),
        "status": jobseeker.get("status"),
        "education_level": jobseeker.get("education_level"),
        "experience_years": jobseeker.get("experience_years"),
        "occupations": [o.get("label") for o in occupations if isinstance(o, dict) and o.get("label")],
        "languages": jobseeker.get("languages") or [],
        "disability": jobseeker.get("disability"),
    }


def set_profile(session: Session, *, ticket_id: int, summary: dict[str, Any]) -> None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return
    ticket.profile = summary
    name = summary.get("name")
    ticket.name = name[:200] if isinstance(name, str) and name else None


def tickets_to_read(session: Session) -> list[Ticket]:
    return list(
        session.scalars(select(Ticket).where(Ticket.status != TicketStatus.CLOSED.value).order_by(Ticket.id))
    )


def profiles_missing(session: Session) -> list[Ticket]:
    """Open tickets whose profile could not be fetched yet (the back-end was unavailable)."""
    return list(
        session.scalars(
            select(Ticket).where(
                Ticket.status != TicketStatus.CLOSED.value,
                Ticket.jobseeker_id.is_not(None),
                Ticket.profile.is_(None),
            )
        )
    )


def store_reading(
    session: Session, *, ticket_id: int, offset: int, seen_at: float | None, reading: Reading
) -> list[int]:
    """Adds the lines read and moves the ticket's position; the new message ids.

    Compare-and-set on the position it was read from: when another process stored this
    reading first, nothing is stored twice (empty list).
    """
    moved = _rows_changed(
        session,
        update(Ticket)
        .where(
            Ticket.id == ticket_id,
            Ticket.tracker_offset == offset,
            Ticket.tracker_seen_at.is_(None) if seen_at is None else Ticket.tracker_seen_at == seen_at,
        )
        .values(tracker_offset=reading.offset, tracker_seen_at=reading.seen_at),
    )
    if moved != 1 or not reading.lines:
        return []
    messages = [
        TicketMessage(ticket_id=ticket_id, sender=line.sender.value, text=line.text, at=line.at)
        for line in reading.lines
    ]
    session.add_all(messages)
    newest = max(line.at for line in reading.lines)
    _rows_changed(
        session,
        update(Ticket)
        .where(Ticket.id == ticket_id, or_(Ticket.last_message_at.is_(None), Ticket.last_message_at < newest))
        .values(last_message_at=newest),
    )
    session.flush()
    return [m.id for m in messages]


def closed_without_rating(session: Session, *, since: datetime) -> list[Ticket]:
    return list(
        session.scalars(
            select(Ticket).where(
                Ticket.status == TicketStatus.CLOSED.value,
                Ticket.rating.is_(None),
                Ticket.closed_at >= since,
            )
        )
    )


def set_rating(session: Session, *, ticket_id: int, rating: Any) -> bool:
    if rating not in RATINGS:
        return False
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.rating == rating:
        return False
    ticket.rating = rating
    return True


# --- Reading tickets ------------------------------------------------------------------


def get_ticket(session: Session, *, ticket_id: int) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def _contains(column: Any, needle: str) -> ColumnElement[bool]:
    result: ColumnElement[bool] = func.lower(column).contains(needle.lower(), autoescape=True)
    return result


def list_tickets(
    session: Session,
    *,
    folder: str,
    account_id: int,
    team: str | None = None,
    q: str | None = None,
    limit: int = 200,
) -> list[Ticket]:
    """A folder's tickets: waiting ones oldest first (who waited longest comes first),
    closed ones most recently closed first."""
    if folder not in FOLDERS:
        raise Invalid(f"folder must be one of {', '.join(FOLDERS)}, not {folder!r}")
    query = select(Ticket)
    if folder == "mine":
        query = query.where(Ticket.assignee_id == account_id, Ticket.status != TicketStatus.CLOSED.value)
    elif folder == "unassigned":
        query = query.where(Ticket.status == TicketStatus.WAITING.value)
    elif folder == "all":
        query = query.where(Ticket.status != TicketStatus.CLOSED.value)
    else:
        query = query.where(Ticket.status == TicketStatus.CLOSED.value)
    if team:
        if team not in TEAMS:
            raise Invalid(f"team must be one of {', '.join(TEAMS)}, not {team!r}")
        query = query.where(Ticket.team == team)
    needle = (q or "").strip()
    if needle:
        said = exists().where(TicketMessage.ticket_id == Ticket.id, _contains(TicketMessage.text, needle))
        matches = [_contains(Ticket.conversation_id, needle), _contains(Ticket.name, needle), said]
        number = needle.removeprefix("#")
        if number.isdigit() and len(number) < 10:
            matches.append(Ticket.id == int(number))
        query = query.where(or_(*matches))
    if folder == "closed":
        query = query.order_by(Ticket.closed_at.desc(), Ticket.id.desc())
    else:
        query = query.order_by(Ticket.created_at, Ticket.id)
    return list(session.scalars(query.limit(limit)))


def previews(session: Session, ticket_ids: Sequence[int]) -> dict[int, str]:
    """The latest message of each ticket, shortened for a list."""
    if not ticket_ids:
        return {}
    latest = (
        select(func.max(TicketMessage.id))
        .where(TicketMessage.ticket_id.in_(ticket_ids))
        .group_by(TicketMessage.ticket_id)
    )
    rows = session.execute(
        select(TicketMessage.ticket_id, TicketMessage.text).where(TicketMessage.id.in_(latest))
    )
    return {ticket_id: shorten(text) for ticket_id, text in rows}


def shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1].rstrip() + "…"


def accounts_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, StaffAccount]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {a.id: a for a in session.scalars(select(StaffAccount).where(StaffAccount.id.in_(wanted)))}


def messages_of(session: Session, *, ticket_id: int) -> list[TicketMessage]:
    return list(
        session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.at, TicketMessage.id)
        )
    )


def notes_of(session: Session, *, ticket_id: int) -> list[TicketNote]:
    return list(
        session.scalars(
            select(TicketNote).where(TicketNote.ticket_id == ticket_id).order_by(TicketNote.at, TicketNote.id)
        )
    )


# The page refetches an open ticket on every live update: one view entry per account and
# ticket in this window says who read the conversation without a row per refresh.
VIEW_AUDIT_WINDOW = timedelta(minutes=10)


def record_view(
    session: Session, *, ticket: Ticket, actor: StaffAccount, now: datetime, ip: str | None
) -> None:
    recent = session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.actor_id == actor.id,
            AuditEvent.action == VIEWED,
            AuditEvent.target_type == "ticket",
            AuditEvent.target_id == str(ticket.id),
            AuditEvent.at > now - VIEW_AUDIT_WINDOW,
        )
        .limit(1)
    )
    if recent is None:
        _audit(session, actor, VIEWED, ticket, now=now, ip=ip)


def _audit(
    session: Session,
    actor: StaffAccount,
    action: str,
    ticket: Ticket,
    *,
    now: datetime,
    ip: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit.record(
        session,
        actor,
        action,
        target_type="ticket",
        target_id=ticket.id,
        conversation_id=ticket.conversation_id,
        detail=detail,
        ip=ip,
        at=now,
    )


# --- Staff actions on tickets ---------------------------------------------------------


def _is_supervisor(account: StaffAccount) -> bool:
    return account.role_enum.at_least(Role.SUPERVISOR)


def _open(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED.value:
        raise Conflict(f"ticket {ticket.id} is closed")


def claim(session: Session, *, ticket_id: int, actor: StaffAccount, now: datetime, ip: str | None) -> bool:
    """Takes a waiting ticket; True when it changed hands, False when it was hers already."""
    ticket = get_ticket(session, ticket_id=ticket_id)
    _open(ticket)
    if ticket.assignee_id == actor.id:
        return False
    if ticket.assignee_id is not None:
        raise Conflict(f"ticket {ticket.id} is already taken by {_name(session, ticket.assignee_id)}")
    taken = _rows_changed(
        session,
        update(Ticket)
        .where(
            Ticket.id == ticket.id, Ticket.status == TicketStatus.WAITING.value, Ticket.assignee_id.is_(None)
        )
        .values(assignee_id=actor.id, status=TicketStatus.ASSIGNED.value, claimed_at=now),
    )
    if taken != 1:
        raise Conflict(f"ticket {ticket.id} was taken by someone else a moment ago")
    session.refresh(ticket)
    _audit(session, actor, CLAIMED, ticket, now=now, ip=ip)
    return True


def _name(session: Session, account_id: int) -> str:
    account = session.get(StaffAccount, account_id)
    return account.display_name if account else f"account {account_id}"


def assign(
    session: Session, *, ticket_id: int, target_id: int, actor: StaffAccount, now: datetime, ip: str | None
) -> bool:
    """Gives a ticket to a colleague (its assignee or a supervisor may); True when it changed."""
    ticket = get_ticket(session, ticket_id=ticket_id)
    _open(ticket)
    if ticket.assignee_id != actor.id and not _is_supervisor(actor):
        raise Forbidden("only the ticket's assignee or a supervisor can assign it")
    target = session.get(StaffAccount, target_id)
    if target is None or not target.active:
        raise Invalid(f"account {target_id} is not an active staff account")
    previous = ticket.assignee_id
    if previous == target.id:
        return False
    moved = _rows_changed(
        session,
        update(Ticket)
        .where(
            Ticket.id == ticket.id,
            Ticket.status != TicketStatus.CLOSED.value,
            Ticket.assignee_id.is_(None) if previous is None else Ticket.assignee_id == previous,
        )
        .values(
            assignee_id=target.id,
            status=TicketStatus.ASSIGNED.value,
            claimed_at=ticket.claimed_at or now,
        ),
    )
    if moved != 1:
        raise Conflict(f"ticket {ticket.id} changed a moment ago: reload it")
    session.refresh(ticket)
    _audit(session, actor, ASSIGNED, ticket, now=now, ip=ip, detail={"from": previous, "to": target.id})
    return True


def clean_text(text: str, *, what: str, limit: int | None = MAX_TEXT) -> str:
    """The text without surrounding blanks; None as `limit` leaves the length to the caller
    (a reply's limit depends on the channel)."""
    value = text.strip()
    if not value:
        raise Invalid(f"the {what} is empty")
    if limit is not None and len(value) > limit:
        raise Invalid(f"the {what} is {len(value)} characters long; at most {limit}")
    return value


def check_reply(ticket: Ticket, actor: StaffAccount) -> None:
    _open(ticket)
    if ticket.assignee_id != actor.id:
        raise Forbidden("only the ticket's assignee can reply: claim it first")


def add_staff_message(
    session: Session, *, ticket: Ticket, actor: StaffAccount, text: str, now: datetime
) -> int:
    """Stores the reply before it is sent: its id goes with it, so the sync loop knows it."""
    message = TicketMessage(
        ticket_id=ticket.id, sender=Sender.STAFF.value, text=text, at=now, author_id=actor.id, delivery=None
    )
    session.add(message)
    session.flush()
    return message.id


def record_delivery(
    session: Session,
    *,
    message_id: int,
    delivered: bool,
    actor: StaffAccount,
    now: datetime,
    ip: str | None,
    error: str | None = None,
) -> TicketMessage:
    message = session.get(TicketMessage, message_id)
    if message is None:
        raise NotFound(f"no message {message_id}")
    ticket = get_ticket(session, ticket_id=message.ticket_id)
    message.delivery = (Delivery.SENT if delivered else Delivery.FAILED).value
    if ticket.last_message_at is None or ticket.last_message_at < message.at:
        ticket.last_message_at = message.at
    detail: dict[str, Any] = {"message_id": message.id, "delivery": message.delivery}
    if error:
        detail["error"] = error
    _audit(session, actor, REPLIED, ticket, now=now, ip=ip, detail=detail)
    return message


def add_note(
    session: Session, *, ticket_id: int, actor: StaffAccount, text: str, now: datetime, ip: str | None
) -> TicketNote:
    ticket = get_ticket(session, ticket_id=ticket_id)
    note = TicketNote(ticket_id=ticket.id, author_id=actor.id, text=clean_text(text, what="note"), at=now)
    session.add(note)
    session.flush()
    _audit(session, actor, NOTE_ADDED, ticket, now=now, ip=ip, detail={"note_id": note.id})
    return note


def check_close(ticket: Ticket, actor: StaffAccount) -> None:
    _open(ticket)
    if ticket.assignee_id != actor.id and not _is_supervisor(actor):
        raise Forbidden("only the ticket's assignee or a supervisor can close it")


def close(session: Session, *, ticket_id: int, actor: StaffAccount, now: datetime, ip: str | None) -> None:
    ticket = get_ticket(session, ticket_id=ticket_id)
    check_close(ticket, actor)
    done = _rows_changed(
        session,
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.status != TicketStatus.CLOSED.value)
        .values(status=TicketStatus.CLOSED.value, closed_at=now),
    )
    if done != 1:
        raise Conflict(f"ticket {ticket.id} was closed a moment ago")
    session.refresh(ticket)
    _audit(session, actor, CLOSED, ticket, now=now, ip=ip, detail={"assignee_id": ticket.assignee_id})


# --- Canned answers -------------------------------------------------------------------


def list_canned(session: Session, *, language: str | None = None) -> list[CannedAnswer]:
    query = select(CannedAnswer).order_by(CannedAnswer.language, CannedAnswer.team, CannedAnswer.title)
    if language:
        query = query.where(CannedAnswer.language == language)
    return list(session.scalars(query))


def _check_team(team: str | None) -> str | None:
    if team is not None and team not in TEAMS:
        raise Invalid(f"team must be one of {', '.join(TEAMS)} or null, not {team!r}")
    return team


def create_canned(
    session: Session,
    *,
    language: str,
    team: str | None,
    title: str,
    text: str,
    actor: StaffAccount,
    now: datetime,
    ip: str | None,
) -> CannedAnswer:
    answer = CannedAnswer(
        language=language,
        team=_check_team(team),
        title=clean_text(title, what="title")[:120],
        text=clean_text(text, what="text"),
    )
    session.add(answer)
    session.flush()
    audit.record(
        session,
        actor,
        CANNED_CREATED,
        target_type="canned",
        target_id=answer.id,
        detail={"language": language, "team": team, "title": answer.title},
        ip=ip,
        at=now,
    )
    return answer


def update_canned(
    session: Session,
    *,
    answer_id: int,
    changes: Mapping[str, Any],
    actor: StaffAccount,
    now: datetime,
    ip: str | None,
) -> CannedAnswer:
    answer = session.get(CannedAnswer, answer_id)
    if answer is None:
        raise NotFound(f"no canned answer {answer_id}")
    changed: dict[str, list[Any]] = {}
    for name, value in changes.items():
        if name == "team":
            value = _check_team(value)
        elif name in ("title", "text"):
            value = clean_text(value, what=name)
        if getattr(answer, name) != value:
            changed[name] = [getattr(answer, name), value]
            setattr(answer, name, value)
    if changed:
        audit.record(
            session,
            actor,
            CANNED_CHANGED,
            target_type="canned",
            target_id=answer.id,
            detail={k: v for k, v in changed.items() if k != "text"}
            | ({"text": True} if "text" in changed else {}),
            ip=ip,
            at=now,
        )
    return answer


def delete_canned(
    session: Session, *, answer_id: int, actor: StaffAccount, now: datetime, ip: str | None
) -> None:
    answer = session.get(CannedAnswer, answer_id)
    if answer is None:
        raise NotFound(f"no canned answer {answer_id}")
    detail = {"language": answer.language, "team": answer.team, "title": answer.title}
    session.delete(answer)
    session.flush()
    audit.record(
        session,
        actor,
        CANNED_DELETED,
        target_type="canned",
        target_id=answer_id,
        detail=detail,
        ip=ip,
        at=now,
    )


# --- Staff: teams and presence --------------------------------------------------------


@dataclass(frozen=True)
class StaffMember:
    account: StaffAccount
    presence: str
    presence_since: datetime | None
    teams: list[str]
    open_tickets: int


def staff_list(session: Session) -> list[StaffMember]:
    accounts = list(
        session.scalars(
            select(StaffAccount)
            .where(StaffAccount.active.is_(True))
            .order_by(func.lower(StaffAccount.display_name))
        )
    )
    presence = {p.account_id: p for p in session.scalars(select(StaffPresence))}
    teams: dict[int, list[str]] = {}
    for row in session.scalars(select(StaffTeam).order_by(StaffTeam.team)):
        teams.setdefault(row.account_id, []).append(row.team)
    load: dict[int, int] = {
        account_id: count
        for account_id, count in session.execute(
            select(Ticket.assignee_id, func.count())
            .where(Ticket.status == TicketStatus.ASSIGNED.value, Ticket.assignee_id.is_not(None))
            .group_by(Ticket.assignee_id)
        )
        if account_id is not None
    }
    return [
        StaffMember(
            account=a,
            presence=presence[a.id].status if a.id in presence else "away",
            presence_since=presence[a.id].updated_at if a.id in presence else None,
            teams=teams.get(a.id, []),
            open_tickets=load.get(a.id, 0),
        )
        for a in accounts
    ]


def set_teams(
    session: Session,
    *,
    account_id: int,
    teams: Sequence[str],
    actor: StaffAccount,
    now: datetime,
    ip: str | None,
) -> list[str]:
    if session.get(StaffAccount, account_id) is None:
        raise NotFound(f"no staff account {account_id}")
    unknown = [t for t in teams if t not in TEAMS]
    if unknown:
        raise Invalid(f"unknown team(s) {', '.join(map(repr, unknown))}: the teams are {', '.join(TEAMS)}")
    wanted = sorted(set(teams))
    before = sorted(session.scalars(select(StaffTeam.team).where(StaffTeam.account_id == account_id)))
    if before == wanted:
        return wanted
    session.execute(delete(StaffTeam).where(StaffTeam.account_id == account_id))
    session.add_all(StaffTeam(account_id=account_id, team=t) for t in wanted)
    session.flush()
    audit.record(
        session,
        actor,
        TEAMS_CHANGED,
        target_type="account",
        target_id=account_id,
        detail={"from": before, "to": wanted},
        ip=ip,
        at=now,
    )
    return wanted


def set_presence(
    session: Session, *, actor: StaffAccount, status: str, now: datetime, ip: str | None
) -> StaffPresence:
    if status not in PRESENCE:
        raise Invalid(f"presence must be one of {', '.join(PRESENCE)}, not {status!r}")
    row = session.get(StaffPresence, actor.id)
    before = row.status if row else None
    if row is None:
        row = StaffPresence(account_id=actor.id, status=status, updated_at=now)
        session.add(row)
    else:
        row.status, row.updated_at = status, now
    session.flush()
    if before != status:
        audit.record(
            session,
            actor,
            PRESENCE_CHANGED,
            target_type="account",
            target_id=actor.id,
            detail={"from": before, "to": status},
            ip=ip,
            at=now,
        )
    return row
