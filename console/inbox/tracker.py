"""What of a Rasa tracker becomes ticket messages: pure functions over its event list.

The ticket remembers how many events it has read (the offset) and the timestamp of the
newest one. Rasa's tracker endpoint lists the events since the last restart, so a
conversation restarted by the user, or a Rasa that lost its trackers, answers with fewer
events than the offset: reading starts over, and only events newer than the newest one
already read are taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from console.inbox.models import Sender

# On the first read a long conversation brings its recent past only: its last 200 messages.
HISTORY_MESSAGES = 200
STAFF_MESSAGE_KEY = "staff_message_id"


@dataclass(frozen=True)
class Line:
    sender: Sender
    text: str
    at: datetime


@dataclass(frozen=True)
class Reading:
    """The new lines of one tracker read, and where the next read starts."""

    lines: list[Line] = field(default_factory=list)
    offset: int = 0
    seen_at: float | None = None


def _timestamp(event: Mapping[str, Any]) -> float | None:
    value = event.get("timestamp")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _at(stamp: float | None, fallback: datetime) -> datetime:
    if stamp is None:
        return fallback
    try:
        return datetime.fromtimestamp(stamp, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return fallback


def _bot_text(event: Mapping[str, Any]) -> str:
    """The utterance, with the titles of its buttons (what the user saw to choose from)."""
    text = event.get("text") if isinstance(event.get("text"), str) else ""
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    buttons = data.get("buttons") if isinstance(data, dict) else None
    titles = [
        str(b["title"]) for b in buttons or [] if isinstance(b, dict) and isinstance(b.get("title"), str)
    ]
    if titles:
        text = f"{text}\n" + " | ".join(f"[{t}]" for t in titles) if text else " | ".join(titles)
    return str(text).strip()


def line_of(event: Mapping[str, Any], fallback_at: datetime) -> Line | None:
    """The message an event stands for, or None (other events, empty texts, our own replies)."""
    kind = event.get("event")
    at = _at(_timestamp(event), fallback_at)
    if kind == "user":
        text = event.get("text")
        return Line(Sender.USER, text.strip(), at) if isinstance(text, str) and text.strip() else None
    if kind == "bot":
        metadata = event.get("metadata")
        if isinstance(metadata, dict) and metadata.get(STAFF_MESSAGE_KEY) is not None:
            return None  # a staff reply the console stored when it was written
        text = _bot_text(event)
        return Line(Sender.BOT, text, at) if text else None
    return None


def read_tracker(events: Sequence[Any], *, offset: int, seen_at: float | None, now: datetime) -> Reading:
    """The lines past the ticket's position in `events`, and its next position.

    `seen_at` is None for a ticket whose tracker was never read: its history comes in,
    the last HISTORY_MESSAGES messages of it.
    """
    usable = [e for e in events if isinstance(e, Mapping)]
    first_read = seen_at is None
    restarted = not first_read and len(usable) < offset
    if first_read:
        fresh = usable
    elif restarted:
        fresh = [e for e in usable if (_timestamp(e) or 0.0) > (seen_at or 0.0)]
    else:
        fresh = usable[offset:]
    lines = [line for line in (line_of(e, now) for e in fresh) if line is not None]
    if first_read:
        lines = lines[-HISTORY_MESSAGES:]
    stamps = [s for s in (_timestamp(e) for e in usable) if s is not None]
    newest = max(stamps, default=None)
    if seen_at is not None and (newest is None or newest < seen_at):
        newest = seen_at
    if newest is None:
        # A tracker without timestamps (or without events) still counts as read.
        newest = 0.0
    return Reading(lines=lines, offset=len(usable), seen_at=newest)
