"""Messaging records: inbound ids seen once, opt-outs, outbound messages, delivery reports.

Claims and opt-outs are written with INSERT ... ON CONFLICT DO NOTHING, so two webhook
deliveries of the same message racing each other still give exactly one "first".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.core.db import utcnow
from backend.core.errors import Invalid
from backend.core.phones import normalise_phone
from backend.messaging.models import DeliveryReport, InboundMessage, OptOut, OutboundMessage

FAMILIES = ("sms",)
# Channel names (as Rasa knows them) of each family; an SMS alert is checked against
# the SMS opt-outs of its phone number.
CHANNEL_FAMILIES = {"africastalking": "sms", "twilio": "sms", "sms": "sms"}
# A report may arrive late or twice; a status only moves forward. Final states are
# equal: the provider's latest word about a final state wins.
STATUS_RANK = {"unknown": 0, "queued": 1, "sent": 2, "delivered": 3, "failed": 3, "rejected": 3}
MAX_LIST = 500


def family_of(channel: str) -> str | None:
    return CHANNEL_FAMILIES.get(channel)


def normalise_address(address: str, family: str) -> str:
    """The address in the one form opt-outs are stored under (E.164 for SMS)."""
    if family not in FAMILIES:
        raise Invalid(f"unknown family {family!r}: expected one of {', '.join(FAMILIES)}")
    try:
        return normalise_phone(address)
    except ValueError as exc:
        raise Invalid(f"address must be a phone number in E.164 form (+2547...): {exc}") from exc


def insert_ignoring_duplicates(
    session: Session, model: Any, values: dict[str, Any], keys: Sequence[str]
) -> bool:
    """Insert one row unless one with the same `keys` exists; True if it was inserted."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = (
            postgresql.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
        )
    elif dialect == "sqlite":
        stmt = sqlite.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    else:  # pragma: no cover (only the two supported databases)
        raise RuntimeError(f"unsupported database {dialect}")
    # RETURNING, not rowcount: the ORM does not pass psycopg's rowcount through for
    # this statement. A skipped row returns nothing.
    return session.execute(stmt.returning(model.id)).first() is not None


# --- Inbound -------------------------------------------------------------------------


def claim_inbound(*, session: Session, channel: str, provider_message_id: str, sender: str) -> bool:
    """True the first time this provider message id arrives on this channel."""
    values = {
        "channel": channel,
        "provider_message_id": provider_message_id,
        "sender": sender,
        "received_at": utcnow(),
    }
    return insert_ignoring_duplicates(session, InboundMessage, values, ("channel", "provider_message_id"))


# --- Opt-outs ------------------------------------------------------------------------


@dataclass(frozen=True)
class OptOutState:
    address: str
    family: str
    opted_out: bool
    keyword: str | None = None
    since: Any = None


def opt_out_state(*, session: Session, address: str, family: str) -> OptOutState:
    address = normalise_address(address, family)
    row = session.scalar(select(OptOut).where(OptOut.family == family, OptOut.address == address))
    if row is None:
        return OptOutState(address=address, family=family, opted_out=False)
    return OptOutState(address=address, family=family, opted_out=True, keyword=row.keyword, since=row.since)


def is_opted_out(*, session: Session, address: str, family: str) -> bool:
    try:
        address = normalise_address(address, family)
    except Invalid:
        # Not a phone number: it cannot have sent STOP over SMS.
        return False
    found = session.scalar(select(OptOut.id).where(OptOut.family == family, OptOut.address == address))
    return found is not None


def opt_out(*, session: Session, address: str, family: str, keyword: str, channel: str) -> OptOutState:
    """Records the opt-out; a repeated STOP keeps the first one's keyword and time."""
    address = normalise_address(address, family)
    values = {"family": family, "address": address, "keyword": keyword, "channel": channel, "since": utcnow()}
    insert_ignoring_duplicates(session, OptOut, values, ("family", "address"))
    return opt_out_state(session=session, address=address, family=family)


def opt_in(*, session: Session, address: str, family: str) -> None:
    address = normalise_address(address, family)
    session.execute(delete(OptOut).where(OptOut.family == family, OptOut.address == address))


# --- Outbound and delivery reports ---------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    message: OutboundMessage
    created: bool


def record_outbound(*, session: Session, data: dict[str, Any]) -> Recorded:
    """Stores a sent message; the same provider id again answers the stored one."""
    provider_id = data.get("provider_message_id")
    if provider_id is not None:
        existing = _outbound_by_provider_id(session, data["provider"], provider_id)
        if existing is not None:
            return Recorded(existing, created=False)
    now = utcnow()
    message = OutboundMessage(**data, created_at=now, updated_at=now)
    session.add(message)
    session.flush()
    if provider_id is not None:
        # A fast provider can report before the channel has recorded what it sent.
        early = session.scalars(
            select(DeliveryReport)
            .where(
                DeliveryReport.provider == message.provider,
                DeliveryReport.provider_message_id == provider_id,
                DeliveryReport.outbound_id.is_(None),
            )
            .order_by(DeliveryReport.id)
        )
        for report in early:
            report.outbound_id = message.id
            _apply(message, report)
        session.flush()
    return Recorded(message, created=True)


def record_delivery(*, session: Session, data: dict[str, Any]) -> bool:
    """Stores the report; updates the matching outbound message. True if one matched."""
    report = DeliveryReport(**data, received_at=utcnow())
    message = _outbound_by_provider_id(session, report.provider, report.provider_message_id)
    if message is not None:
        report.outbound_id = message.id
        _apply(message, report)
    session.add(report)
    session.flush()
    return message is not None


def list_outbound(
    *,
    session: Session,
    recipient: str | None = None,
    conversation_id: str | None = None,
    channel: str | None = None,
    limit: int = 100,
) -> list[OutboundMessage]:
    """The newest `limit` messages matching the filters, oldest of them first."""
    stmt = select(OutboundMessage)
    if recipient is not None:
        stmt = stmt.where(OutboundMessage.recipient == recipient)
    if conversation_id is not None:
        stmt = stmt.where(OutboundMessage.conversation_id == conversation_id)
    if channel is not None:
        stmt = stmt.where(OutboundMessage.channel == channel)
    newest = list(session.scalars(stmt.order_by(OutboundMessage.id.desc()).limit(limit)))
    return newest[::-1]


def _outbound_by_provider_id(
    session: Session, provider: str, provider_message_id: str
) -> OutboundMessage | None:
    return session.scalar(
        select(OutboundMessage).where(
            OutboundMessage.provider == provider, OutboundMessage.provider_message_id == provider_message_id
        )
    )


def _apply(message: OutboundMessage, report: DeliveryReport) -> None:
    if STATUS_RANK[report.status] < STATUS_RANK.get(message.status, 0):
        return
    message.status = report.status
    message.provider_status = report.provider_status
    message.error = report.error
    message.updated_at = utcnow()
