"""Phone numbers as SMS gateways send them, normalised to E.164; a language hint from the country.

The hint only settles short ambiguous messages ("ok", "2") in the NLU pipeline, so it is
given only where one of the assistant's languages is what nearly everyone texting from
that country writes in. Countries where two of them are common (Kenya: English and
Kiswahili; Morocco, Algeria, Tunisia: Arabic and French; Cameroon, Canada) get none.
"""

from __future__ import annotations

import phonenumbers

_REGIONS_BY_LANGUAGE = {
    "fr": "FR SN CI ML BF NE GN BJ TG GA CG CD",
    "es": "ES MX AR CO PE CL VE EC GT CU BO DO HN PY SV NI CR PA UY GQ",
    "pt": "PT BR AO MZ CV GW ST",
    "sw": "TZ",
    "ar": "SA EG AE QA KW BH OM JO IQ YE LY SY PS SD",
    "en": "GB IE US AU NZ GH NG ZM ZW LR SL GM",
}
_LANGUAGE_BY_REGION = {
    region: language for language, regions in _REGIONS_BY_LANGUAGE.items() for region in regions.split()
}


def to_e164(raw: str | None) -> str | None:
    """The number in E.164, or None if it is not a valid phone number.

    Gateways send international numbers, usually with "+"; some drop it.
    """
    if not raw:
        return None
    candidate = raw.strip()
    if not candidate.startswith("+"):
        candidate = "+" + candidate.lstrip("0")
    try:
        number = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def language_hint(e164: str) -> str | None:
    """The language nearly everyone writes in from this number's country, if there is one."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    return _LANGUAGE_BY_REGION.get(phonenumbers.region_code_for_number(number) or "")
