"""Keep, read and forget registration drafts; a draft left alone expires."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.core.db import utcnow
from backend.core.errors import BadRequest, NotFound
from backend.core.phones import normalise_phone
from backend.drafts.models import RegistrationDraft

# Unfinished answers are personal data held without a registration: not for long.
RETENTION = timedelta(days=30)


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def purge_expired(*, session: Session, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - RETENTION
    result = session.execute(delete(RegistrationDraft).where(RegistrationDraft.updated_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def get_draft(*, session: Session, phone: str) -> RegistrationDraft:
    number = _phone(phone)
    draft = session.scalar(select(RegistrationDraft).where(RegistrationDraft.phone == number))
    if draft is None or _aware(draft.updated_at) < utcnow() - RETENTION:
        raise NotFound(f"no registration draft for {number}")
    return draft


def save_draft(
    *, session: Session, phone: str, answers: dict[str, Any], channel: str | None
) -> RegistrationDraft:
    number = _phone(phone)
    purge_expired(session=session)
    draft = session.scalar(select(RegistrationDraft).where(RegistrationDraft.phone == number))
    if draft is None:
        draft = RegistrationDraft(phone=number, answers=answers, channel=channel)
        session.add(draft)
    else:
        draft.answers = dict(answers)
        draft.channel = channel
        draft.updated_at = utcnow()
    session.flush()
    return draft


def delete_draft(*, session: Session, phone: str) -> None:
    number = _phone(phone)
    result = session.execute(delete(RegistrationDraft).where(RegistrationDraft.phone == number))
    if not getattr(result, "rowcount", 0):
        raise NotFound(f"no registration draft for {number}")
