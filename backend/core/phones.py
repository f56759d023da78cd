"""Phone numbers in E.164, the one form the API stores and compares."""

from __future__ import annotations

import phonenumbers

# Numbers written without a country code ("0712 345 678") are read as Kenyan.
DEFAULT_PHONE_REGION = "KE"


def normalise_phone(raw: str) -> str:
    try:
        parsed = phonenumbers.parse(raw, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a valid phone number: {raw!r}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
