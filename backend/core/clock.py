"""Today's date where the PES operates, not where the server's clock happens to be."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today_in(timezone_name: str) -> date:
    return datetime.now(ZoneInfo(timezone_name)).date()
