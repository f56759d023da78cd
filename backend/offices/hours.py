"""Is an office open, and when does it open next? Pure functions over weekly hours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Interval:
    weekday: int  # Monday = 0
    opens: time
    closes: time


@dataclass(frozen=True)
class OpeningStatus:
    open_now: bool
    # None while open, and when the office has no opening hours at all.
    next_opening: datetime | None


def parse_hhmm(text: str) -> time:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"expected HH:MM, got {text!r}")
    return time(int(hours), int(minutes))


def opening_status(intervals: Sequence[Interval], *, timezone: str, now: datetime) -> OpeningStatus:
    """Evaluates the hours in the office's own timezone, whatever the caller's is."""
    if now.tzinfo is None:
        raise ValueError("now must carry a timezone")
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    for iv in intervals:
        if iv.weekday == local.weekday() and iv.opens <= local.time() < iv.closes:
            return OpeningStatus(open_now=True, next_opening=None)
    # A week ahead (plus today) covers every weekly pattern.
    for days_ahead in range(8):
        day = local.date() + timedelta(days=days_ahead)
        starts = sorted(iv.opens for iv in intervals if iv.weekday == day.weekday())
        for start in starts:
            candidate = datetime.combine(day, start, tzinfo=zone)
            if candidate > local:
                return OpeningStatus(open_now=False, next_opening=candidate)
    return OpeningStatus(open_now=False, next_opening=None)
