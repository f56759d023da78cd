"""Parsing what people type into registration answers."""

from __future__ import annotations

from datetime import date

import pytest
import test_registration_support  # noqa: F401  (puts the repo root on sys.path)

from actions.validators import (
    SKIPPED,
    InvalidAnswer,
    field_mentioned,
    match_town,
    parse_birth_date,
    parse_date,
    parse_disability,
    parse_education,
    parse_experience,
    parse_gender,
    parse_month_year,
    parse_name,
    parse_phone,
    parse_status,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "text",
    [
        "12/05/2001",
        "12-5-2001",
        "12.05.2001",
        "12 May 2001",
        "12th may 2001",
        "May 12, 2001",
        "2001-05-12",
        "born on 12 of may 2001",
        "2001 on 12th may",
    ],
)
def test_many_date_formats_mean_the_same_day(text: str) -> None:
    assert parse_date(text) == date(2001, 5, 12)


def test_numeric_dates_are_day_first_unless_impossible() -> None:
    assert parse_date("03/04/2000") == date(2000, 4, 3)
    assert parse_date("05/25/2001") == date(2001, 5, 25)
    assert parse_date("5 March 2001") == date(2001, 3, 5)


@pytest.mark.parametrize("text", ["yesterday", "31/02/2001", "13/13/2001", "hello"])
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_date(text)


def test_age_limits() -> None:
    assert parse_birth_date("25/11/2011", TODAY) == date(2011, 11, 25)  # 15 today
    with pytest.raises(InvalidAnswer) as young:
        parse_birth_date("26/11/2011", TODAY)
    assert young.value.reason == "too_young"
    with pytest.raises(InvalidAnswer) as old:
        parse_birth_date("1/1/1940", TODAY)
    assert old.value.reason == "too_old"
    with pytest.raises(InvalidAnswer) as future:
        parse_birth_date("1/1/2030", TODAY)
    assert future.value.reason == "date_future"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0712345678", "+254712345678"),
        ("0712 345 678", "+254712345678"),
        ("+254 722 334455", "+254722334455"),
        ("254733111222", "+254733111222"),
        ("my number is 0798-765-432", "+254798765432"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_become_e164(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize("text", ["12345", "0712", "call me", "+2547123456789999"])
def test_invalid_phone_numbers(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_phone(text)


def test_names() -> None:
    assert parse_name("my name is amina wanjiru") == "Amina Wanjiru"
    assert parse_name("JOHN OTIENO") == "John Otieno"
    assert parse_name("Mary-Anne O'Neil") == "Mary-Anne O'Neil"
    for bad in ["", "1234", "a", "x" * 90]:
        with pytest.raises(InvalidAnswer):
            parse_name(bad)


def test_towns_match_case_accent_and_spelling() -> None:
    towns = ["Nakuru", "Mombasa", "Kisumu"]
    assert match_town("NAKURU", towns) == match_town("i live in nakuru", towns)
    assert match_town("mombassa", towns).name == "Mombasa"  # type: ignore[union-attr]
    assert match_town("mombassa", towns).exact is False  # type: ignore[union-attr]
    assert match_town("Kisumú", towns).exact is True  # type: ignore[union-attr]
    assert match_town("Paris", towns) is None


@pytest.mark.parametrize(
    ("text", "entity", "level"),
    [
        ("3", None, 3),
        ("i did kcse", None, 3),
        ("form two", None, 2),
        ("some secondary", None, 2),
        ("bachelors degree", None, 6),
        ("whatever", "5", 5),
        ("never went to school", None, 0),
        ("masters", None, 7),
    ],
)
def test_education_levels(text: str, entity: str | None, level: int) -> None:
    assert parse_education(text, entity) == level


def test_unknown_education_is_refused() -> None:
    with pytest.raises(InvalidAnswer):
        parse_education("blue")


@pytest.mark.parametrize(
    ("text", "years"),
    [("2", 2), ("i have 3 years", 3), ("two years", 2), ("6 months", 0), ("none", 0), ("18 months", 1)],
)
def test_experience(text: str, years: int) -> None:
    assert parse_experience(text) == years


def test_experience_out_of_range() -> None:
    for bad in ["200", "lots"]:
        with pytest.raises(InvalidAnswer):
            parse_experience(bad)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("unemployed", "unemployed"),
        ("i have no job", "unemployed"),
        ("i run my own business", "self_employed"),
        ("self-employed", "self_employed"),
        ("i am a student", "student"),
        ("i have a job", "employed"),
        ("not working and not looking", "inactive"),
    ],
)
def test_status_words(text: str, status: str) -> None:
    assert parse_status(text) == status


def test_status_from_button_item() -> None:
    assert parse_status("/select", "self_employed") == "self_employed"


def test_month_year() -> None:
    assert parse_month_year("March 2025", TODAY) == date(2025, 3, 1)
    assert parse_month_year("since 03/2024", TODAY) == date(2024, 3, 1)
    assert parse_month_year("2024-07", TODAY) == date(2024, 7, 1)
    with pytest.raises(InvalidAnswer):
        parse_month_year("December 2030", TODAY)
    with pytest.raises(InvalidAnswer):
        parse_month_year("a while ago", TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since january last year", date(2025, 1, 1)),
        ("june this year", date(2026, 6, 1)),
        ("since june", date(2026, 6, 1)),
        ("december", date(2025, 12, 1)),  # December 2026 has not come yet (TODAY is 25 Nov)
        ("8 months", date(2026, 3, 1)),
        ("for about 8 months", date(2026, 3, 1)),
        ("two years ago", date(2024, 11, 1)),
        ("i have been jobless since last year", date(2025, 11, 1)),
        ("3 weeks ago", date(2026, 11, 1)),
    ],
)
def test_month_year_from_relative_phrases(text: str, expected: date) -> None:
    assert parse_month_year(text, TODAY) == expected


@pytest.mark.parametrize("text", ["8", "yes", "male", "in 3 months", "next year"])
def test_month_year_refuses_what_is_not_a_past_month(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_month_year(text, TODAY)


def test_optional_questions_can_be_skipped() -> None:
    assert parse_gender("prefer not to say") == SKIPPED
    assert parse_gender("skip") == SKIPPED
    assert parse_gender("I am a woman") == "female"
    assert parse_disability("prefer not to say", "skip") == SKIPPED
    assert parse_disability("/deny", "deny") is False
    assert parse_disability("yes", "affirm") is True
    with pytest.raises(InvalidAnswer):
        parse_gender("banana")


def test_which_field_a_correction_names() -> None:
    assert field_mentioned("change my town to Nakuru") == "reg_town"
    assert field_mentioned("my date of birth is wrong") == "reg_birth_date"
    assert field_mentioned("wrong phone number") == "reg_phone"
    assert field_mentioned("looks good") is None
