"""The audit log: who did what, when, to what, in which conversation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db import utcnow
from console.staff.models import AuditEvent, StaffAccount

# Actions recorded by the accounts feature; the inbox adds its own (e.g. "ticket.claimed").
LOGIN = "staff.login"
LOGIN_FAILED = "staff.login_failed"
LOCKED_OUT = "staff.locked_out"
LOGOUT = "staff.logout"
ACCOUNT_CREATED = "account.created"
ACCOUNT_CHANGED = "account.changed"
PASSWORD_RESET = "account.password_reset"  # noqa: S105 (an action name)


def record(
    session: Session,
    actor: StaffAccount | None,
    action: str,
    *,
    target_type: str | None = None,
    target_id: str | int | None = None,
    conversation_id: str | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event to the caller's transaction: it is stored if and only if the action is."""
    event = AuditEvent(
        at=at or utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        conversation_id=conversation_id,
        detail=detail or {},
        ip=ip,
    )
    session.add(event)
    session.flush()
    return event


def search(
    session: Session,
    *,
    actor_id: int | None = None,
    action: str | None = None,
    conversation_id: str | None = None,
    limit: int = 100,
    before_id: int | None = None,
) -> list[AuditEvent]:
    """Newest first; `before_id` pages further back."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if action:
        query = query.where(AuditEvent.action == action)
    if conversation_id:
        query = query.where(AuditEvent.conversation_id == conversation_id)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list(session.scalars(query))
