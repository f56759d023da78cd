"""Registration fields: order, display values and the back-end payload.

Display labels (education levels, statuses, "not given") are domain responses, looked
up in the language of the conversation, so no user-facing text lives in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from actions.validators import SKIPPED

NOTICE_VERSION = "2026-1"

# Order of the questions; reg_status_since is asked only for unemployed people.
FORM_SLOTS = [
    "reg_name",
    "reg_birth_date",
    "reg_phone",
    "reg_town",
    "reg_education",
    "reg_occupation",
    "reg_occupation_uri",
    "reg_experience",
    "reg_status",
    "reg_status_since",
    "reg_gender",
    "reg_disability",
]
# Fields a user can pick to correct (the occupation choice belongs to reg_occupation).
EDITABLE = [s for s in FORM_SLOTS if s != "reg_occupation_uri"]
# Emptying a field also empties what was derived from it.
DEPENDENT = {
    "reg_occupation": ["reg_occupation_uri", "reg_occupation_isco", "reg_occupation_candidates"],
    "reg_status": ["reg_status_since"],
}
# Every slot the registration journey holds, for "forget me" and after submission.
ALL_SLOTS = [
    *FORM_SLOTS,
    "reg_occupation_isco",
    "reg_occupation_candidates",
    "reg_confirm",
    "reg_picking",
    "reg_failures",
    "reg_consent_at",
    "reg_stage",
]


def response_text(domain: Mapping[str, Any], name: str, language: str | None) -> str:
    """The text of a domain response in `language`, else its unconditioned default."""
    variants = (domain.get("responses") or {}).get(name) or []
    default = ""
    for variant in variants:
        conditions = variant.get("condition") or []
        if not conditions:
            default = default or variant.get("text", "")
            continue
        if any(c.get("name") == "language" and c.get("value") == language for c in conditions):
            return str(variant.get("text", ""))
    return str(default) or name


def required_slots(slots: Mapping[str, Any]) -> list[str]:
    required = [s for s in FORM_SLOTS if s != "reg_status_since" or slots.get("reg_status") == "unemployed"]
    return [*required, "reg_confirm"]


def first_missing(slots: Mapping[str, Any]) -> str | None:
    for slot in required_slots(slots):
        if slots.get(slot) in (None, ""):
            return slot
    return None


def has_answers(slots: Mapping[str, Any]) -> bool:
    return any(slots.get(s) not in (None, "") for s in FORM_SLOTS)


def display_values(
    slots: Mapping[str, Any], domain: Mapping[str, Any], language: str | None
) -> dict[str, str]:
    """Values for the summary response's placeholders."""

    def label(name: str) -> str:
        return response_text(domain, name, language)

    def optional(value: Any, prefix: str) -> str:
        if value in (None, "", SKIPPED):
            return label("utter_reg_value_not_given")
        if isinstance(value, bool):
            return label("utter_reg_value_yes" if value else "utter_reg_value_no")
        return label(f"{prefix}{value}")

    education = slots.get("reg_education")
    since = slots.get("reg_status_since")
    return {
        "name": str(slots.get("reg_name") or ""),
        "birth_date": _day(slots.get("reg_birth_date")),
        "phone": str(slots.get("reg_phone") or ""),
        "town": str(slots.get("reg_town") or ""),
        "education": label(f"utter_reg_edu_{int(float(education))}") if education not in (None, "") else "",
        "occupation": str(slots.get("reg_occupation") or ""),
        "experience": str(int(float(slots.get("reg_experience") or 0))),
        "status": label(f"utter_reg_status_{slots.get('reg_status')}") if slots.get("reg_status") else "",
        "since": since[:7] if isinstance(since, str) and since else "-",
        "gender": optional(slots.get("reg_gender"), "utter_reg_gender_"),
        "disability": optional(slots.get("reg_disability"), ""),
    }


def _day(value: Any) -> str:
    if not value:
        return ""
    return date.fromisoformat(str(value)).strftime("%d/%m/%Y")


def jobseeker_payload(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The POST /jobseekers body from the registration slots."""
    gender = slots.get("reg_gender")
    disability = slots.get("reg_disability")
    status = slots.get("reg_status")
    return {
        "consent": {"notice_version": NOTICE_VERSION, "given_at": slots.get("reg_consent_at")},
        "name": slots.get("reg_name"),
        "date_of_birth": slots.get("reg_birth_date"),
        "gender": None if gender in (None, SKIPPED) else gender,
        "phone": slots.get("reg_phone"),
        "town": slots.get("reg_town"),
        "education_level": int(float(slots["reg_education"])),
        "occupations": [
            {
                "esco_uri": slots.get("reg_occupation_uri"),
                "isco_code": slots.get("reg_occupation_isco"),
                "label": slots.get("reg_occupation"),
            }
        ],
        "experience_years": int(float(slots.get("reg_experience") or 0)),
        "status": status,
        "status_since": slots.get("reg_status_since") if status == "unemployed" else None,
        "disability": None if disability in (None, SKIPPED) else bool(disability),
        "languages": [slots.get("language") or "en"],
    }
