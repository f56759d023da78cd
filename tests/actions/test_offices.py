"""Opening hours as the user reads them: days with the same hours grouped."""

from __future__ import annotations

from datetime import datetime

from actions.offices import describe_next_opening, format_hours
from actions.pes_models import OpeningHours


def week(days: range, *spans: tuple[str, str]) -> list[OpeningHours]:
    return [OpeningHours(weekday=d, opens=o, closes=c) for d in days for o, c in spans]


def test_same_hours_on_weekdays_are_one_group() -> None:
    assert format_hours(week(range(5), ("08:00", "16:30"))) == "Mon-Fri 08:00-16:30"


def test_lunch_break_and_a_shorter_friday() -> None:
    hours = week(range(4), ("14:00", "17:00"), ("08:00", "13:00")) + week(range(4, 5), ("08:00", "12:00"))
    assert format_hours(hours) == "Mon-Thu 08:00-13:00, 14:00-17:00; Fri 08:00-12:00"


def test_days_apart_are_not_joined() -> None:
    hours = week(range(1), ("09:00", "12:00")) + week(range(2, 3), ("09:00", "12:00"))
    assert format_hours(hours) == "Mon 09:00-12:00; Wed 09:00-12:00"


def test_next_opening_names_the_day() -> None:
    assert describe_next_opening(datetime(2026, 12, 3, 8, 0)) == "Thu 08:00"
    assert describe_next_opening(None) == ""


def test_hours_and_next_opening_use_the_conversation_language() -> None:
    hours = week(range(5), ("08:00", "16:30"))
    assert format_hours(hours, "sw") == "Jumatatu-Ijumaa 08:00-16:30"
    assert format_hours(hours, "fr") == "lun.-ven. 08:00-16:30"
    assert describe_next_opening(datetime(2026, 12, 3, 8, 0), "ar") == "الخميس 08:00"
    # An unknown language code falls back to English rather than failing.
    assert describe_next_opening(datetime(2026, 12, 3, 8, 0), "xx") == "Thu 08:00"
