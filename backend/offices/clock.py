"""The time source of the back-end, injectable so opening hours and ages test the same
way on any day. Routes take `ClockDep`; tests override `get_clock`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Annotated

from fastapi import Depends

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always answers `moment` (must carry a timezone)."""
    if moment.tzinfo is None:
        raise ValueError("a fixed clock needs an aware datetime")
    return lambda: moment


def get_clock() -> Clock:
    return system_clock


ClockDep = Annotated[Clock, Depends(get_clock)]
