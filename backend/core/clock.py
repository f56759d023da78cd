"""Today's date where the PES operates, not where the server's clock happens to be."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Africa/Nairobi"


def today_in(timezone_name: str) -> date:
    return datetime.now(ZoneInfo(timezone_name)).date()


def pes_today() -> date:
    """Today for code that has no Settings at hand (validators); same variable as Settings."""
    return today_in(os.environ.get("PES_TIMEZONE") or DEFAULT_TIMEZONE)
