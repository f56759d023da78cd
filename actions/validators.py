"""Pure parsers for registration answers: no I/O, no dialogue, unit-tested.

Each parser takes what the user typed and returns a normalised value, or raises
`InvalidAnswer` whose `reason` names the response that explains the problem (the
text itself lives in the domain, so it can be translated).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import phonenumbers

DEFAULT_REGION = "KE"
MIN_AGE, MAX_AGE = 15, 80
MAX_EXPERIENCE_YEARS = 65


class InvalidAnswer(ValueError):
    """The answer cannot be used; `reason` is a response name suffix (utter_reg_invalid_<reason>)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def fold(text: str) -> str:
    """Lower case without accents or extra spaces, for comparing what people type."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().lower()


# --- Name -------------------------------------------------------------------------

_NAME_LEAD = re.compile(
    r"^(?:my name is|my names are|my name's|names?:?|i am called|am called|i'm called|"
    r"i am|i'm|im|call me|it's|its|this is|jina langu ni)\s+",
    re.IGNORECASE,
)
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$", re.UNICODE)


def parse_name(text: str) -> str:
    """ "my name is amina wanjiru" -> "Amina Wanjiru"."""
    name = _NAME_LEAD.sub("", text.strip()).strip(" .,!")
    name = re.sub(r"\s+", " ", name)
    if len(name) < 2 or len(name) > 80 or not _NAME_CHARS.match(name):
        raise InvalidAnswer("name")
    # Only re-case names typed all in one case; "McDonald" stays as written.
    if name.islower() or name.isupper():
        name = " ".join(part[:1].upper() + part[1:].lower() for part in name.split(" "))
    return name


# --- Dates ------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}){_ORD}\s*(?:of\s+)?({_MONTH_WORD})\.?,?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})\b")
_YEAR_MONTH_DAY = re.compile(rf"\b(\d{{4}})\s+(?:on\s+)?(\d{{1,2}}){_ORD}\s+({_MONTH_WORD})\b")


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidAnswer("date") from exc


def parse_date(text: str) -> date:
    """Dates as people type them; numeric dates are day first, as in East Africa."""
    t = fold(text)
    if m := _ISO.search(t):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.search(t):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        # Day first unless that cannot be a date (e.g. 05/25/2001 is month first).
        if second > 12 >= first:
            return _make_date(year, first, second)
        return _make_date(year, second, first)
    if m := _DAY_MONTH_YEAR.search(t):
        return _make_date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if m := _MONTH_DAY_YEAR.search(t):
        return _make_date(int(m[3]), _MONTHS[m[1]], int(m[2]))
    if m := _YEAR_MONTH_DAY.search(t):
        return _make_date(int(m[1]), _MONTHS[m[3]], int(m[2]))
    raise InvalidAnswer("date")


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def parse_birth_date(text: str, today: date) -> date:
    birth = parse_date(text)
    if birth > today:
        raise InvalidAnswer("date_future")
    age = age_on(birth, today)
    if age < MIN_AGE:
        raise InvalidAnswer("too_young")
    if age > MAX_AGE:
        raise InvalidAnswer("too_old")
    return birth


_MONTH_YEAR_WORDS = re.compile(rf"\b({_MONTH_WORD})\.?,?\s+(\d{{4}})\b")
_MONTH_YEAR_NUM = re.compile(r"\b(\d{1,2})[-/.](\d{4})\b")
_YEAR_MONTH_NUM = re.compile(r"\b(\d{4})[-/.](\d{1,2})\b")
_YEAR_ONLY = re.compile(r"\b(19\d{2}|20\d{2})\b")


_LAST_THIS_YEAR = re.compile(rf"\b({_MONTH_WORD})\.?,?\s+(last|this) year\b")
_MONTH_ALONE = re.compile(rf"^(?:since|from|in|around|about)?\s*({_MONTH_WORD})\.?$")
# Durations and relative dates ("8 months", "two years ago", "last year") are left to
# dateparser; only when a unit word is present, so a bare "8" is never a date.
_RELATIVE_UNIT = re.compile(r"\b(?:days?|weeks?|months?|years?|ago|yesterday)\b")
_RELATIVE_LEAD = re.compile(r"^(?:.*?\b(?:since|for|from))\s+|^(?:about|around|almost|nearly|like)\s+")
_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _relative_month(t: str, today: date) -> tuple[int, int] | None:
    """ "january last year", "since june", "8 months", "2 years ago" -> (year, month)."""
    if m := _LAST_THIS_YEAR.search(t):
        return today.year - (m[2] == "last"), _MONTHS[m[1]]
    if m := _MONTH_ALONE.match(t):
        month = _MONTHS[m[1]]  # the latest such month that is not in the future
        return (today.year if month <= today.month else today.year - 1), month
    if not _RELATIVE_UNIT.search(t):
        return None
    import dateparser  # imported on first use: it loads its language data at import

    phrase = _RELATIVE_LEAD.sub("", t).strip(" .!?")
    settings = {**_DATEPARSER_SETTINGS, "RELATIVE_BASE": datetime(today.year, today.month, today.day)}
    found = dateparser.parse(phrase, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return (found.year, found.month) if found else None


def parse_month_year(text: str, today: date) -> date:
    """ "March 2024", "03/2024", "2024-03", a bare year, or relative ("8 months",
    "since january last year", "two years ago") -> the first day of that month."""
    t = fold(text)
    if m := _MONTH_YEAR_WORDS.search(t):
        year, month = int(m[2]), _MONTHS[m[1]]
    elif m := _YEAR_MONTH_NUM.search(t):
        year, month = int(m[1]), int(m[2])
    elif m := _MONTH_YEAR_NUM.search(t):
        year, month = int(m[2]), int(m[1])
    elif m := _YEAR_ONLY.search(t):
        year, month = int(m[1]), 1
    elif found := _relative_month(t, today):
        year, month = found
    else:
        raise InvalidAnswer("month_year")
    if not 1 <= month <= 12:
        raise InvalidAnswer("month_year")
    since = date(year, month, 1)
    if since > today:
        raise InvalidAnswer("date_future")
    if year < today.year - MAX_AGE:
        raise InvalidAnswer("month_year")
    return since


# --- Phone ------------------------------------------------------------------------


def parse_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """A valid phone number in E.164 ("0712 345 678" -> "+254712345678")."""
    cleaned = re.sub(r"[^\d+]", "", text)
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    # "254712..." typed without the plus is an international number, not a local one.
    if not cleaned.startswith("+") and region == "KE" and cleaned.startswith("254") and len(cleaned) == 12:
        cleaned = "+" + cleaned
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidAnswer("phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidAnswer("phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- Towns ------------------------------------------------------------------------


@dataclass(frozen=True)
class TownMatch:
    name: str
    exact: bool


def match_town(text: str, towns: Iterable[str]) -> TownMatch | None:
    """The known town the user means: exact (case/accent-insensitive) or a close spelling."""
    by_key = {fold(t): t for t in towns}
    wanted = fold(text)
    wanted = re.sub(r"^(?:i live in|i stay in|i am in|im in|am in|in|from|near|around)\s+", "", wanted)
    wanted = re.sub(r"\s+(?:town|area|city|pls|please)$", "", wanted).strip(" .,!")
    if wanted in by_key:
        return TownMatch(by_key[wanted], exact=True)
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.8)
    if close:
        return TownMatch(by_key[close[0]], exact=False)
    return None


# --- Choices ----------------------------------------------------------------------

_EDUCATION_WORDS: Sequence[tuple[str, int]] = (
    (r"\b(?:phd|doctorate|doctoral)\b", 8),
    (r"\bmaster'?s?\b|\bmsc\b|\bmba\b", 7),
    (r"\b(?:degree|bachelor'?s?|university|bsc|ba)\b", 6),
    (r"\bdiploma\b|\bcollege\b", 5),
    (r"\b(?:certificate|artisan|vocational|polytechnic)\b", 4),
    (r"\b(?:form (?:four|4)|kcse|finished secondary|completed secondary|high school|secondary)\b", 3),
    (r"\b(?:form (?:one|two|three|1|2|3)|some secondary|lower secondary)\b", 2),
    (r"\b(?:primary|class (?:eight|8)|kcpe)\b", 1),
    (r"\b(?:no school|never went to school|none|no education|no schooling)\b", 0),
)


def parse_education(text: str | None, entity: str | None = None) -> int:
    """ISCED 2011 level 0-8 from a button payload, the `education` entity or words."""
    for candidate in (entity, text):
        if candidate is None:
            continue
        value = fold(str(candidate))
        if re.fullmatch(r"[0-8]", value):
            return int(value)
        # Lower secondary first: "some secondary" must not read as finished secondary.
        ordered = sorted(_EDUCATION_WORDS, key=lambda item: item[1] != 2)
        for pattern, level in ordered:
            if re.search(pattern, value):
                return level
    raise InvalidAnswer("education")


_NUMBER_WORDS = {
    "zero": 0, "none": 0, "no": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip


def parse_experience(text: str, entity: str | None = None) -> int:
    """Whole years of work experience; months round down ("6 months" -> 0)."""
    t = fold(text)
    months = re.search(r"(\d+)\s*(?:months?|mths?)\b", t)
    if months:
        return int(months[1]) // 12
    if entity is not None and re.fullmatch(r"\d+(?:\.\d+)?", str(entity)):
        years = int(float(entity))
    elif m := re.search(r"\d+(?:\.\d+)?", t):
        years = int(float(m[0]))
    elif re.search(r"\b(?:no|none|never|zero|nothing)\b", t):
        years = 0
    else:
        words = [w for w in re.findall(r"[a-z]+", t) if w in _NUMBER_WORDS]
        if not words:
            raise InvalidAnswer("experience")
        years = _NUMBER_WORDS[words[0]]
    if not 0 <= years <= MAX_EXPERIENCE_YEARS:
        raise InvalidAnswer("experience")
    return years


STATUSES = ("unemployed", "employed", "self_employed", "student", "inactive")
# "I don't have a job", "haven't got work", "no kazi": a negated job is unemployment.
_NO_JOB = (
    r"\b(?:don'?t|do not|doesn'?t|haven'?t|have not|never|hv no|not)\s+(?:have|got|had|hv|found|get)?\s*"
    r"(?:a |any |no )?(?:job|work|employment)\b"
)
# Checked in order: "not working, not looking" before "not working", negations before
# "working" and "employed"; one list serves registration, profile and eligibility.
_STATUS_WORDS: Sequence[tuple[str, str]] = (
    (r"\bnot (?:working|looking)\b.*\bnot (?:working|looking)\b|\binactive\b|\bnot looking\b", "inactive"),
    (
        r"\bunemploy|\bno (?:job|work)\b|\bjobless\b|\bnot (?:working|employed)\b"
        r"|\bwithout (?:a )?(?:job|work)\b|\bout of work\b|\blost my job\b"
        r"|\blooking for (?:a |some )?(?:job|work)\b|\bsina kazi\b|\bhakuna kazi\b|" + _NO_JOB,
        "unemployed",
    ),
    (
        r"\bself[- ]?employed\b|\bmy own business\b|\bown business\b|\bbusiness\b|\bbiashara\b|\bjua kali\b"
        r"|\bhustl",
        "self_employed",
    ),
    (r"\bstudent\b|\bin school\b|\bstudying\b|\bin college\b|\buniversity\b|\bmwanafunzi\b", "student"),
    (r"\bemployed\b|\bhave a job\b|\bi work\b|\bworking\b|\bnina kazi\b", "employed"),
)


def parse_status(text: str, item: str | None = None) -> str:
    if item and fold(item) in STATUSES:
        return fold(item)
    t = fold(text).replace("_", " ")
    if t.replace(" ", "_") in STATUSES:
        return t.replace(" ", "_")
    for pattern, status in _STATUS_WORDS:
        if re.search(pattern, t):
            return status
    raise InvalidAnswer("status")


SKIPPED = "skipped"  # the user chose not to answer an optional question
GENDERS = ("female", "male", "other")
_GENDER_WORDS = {
    "female": "female", "woman": "female", "f": "female", "girl": "female", "lady": "female",
    "male": "male", "man": "male", "m": "male", "boy": "male",
    "other": "other", "non-binary": "other", "nonbinary": "other",
}  # fmt: skip
_SKIP_WORDS = re.compile(r"\b(?:skip|prefer not|rather not|don'?t want to say|no answer|pass)\b")


def is_skip(text: str) -> bool:
    return bool(_SKIP_WORDS.search(fold(text)))


def parse_gender(text: str, item: str | None = None) -> str:
    """female / male / other, or SKIPPED."""
    for candidate in (item, text):
        if not candidate:
            continue
        if is_skip(candidate) or fold(candidate) == SKIPPED:
            return SKIPPED
        words = re.findall(r"[a-z\-]+", fold(candidate))
        for word in words:
            if word in _GENDER_WORDS:
                return _GENDER_WORDS[word]
    raise InvalidAnswer("gender")


def parse_disability(text: str, intent: str | None, item: str | None = None) -> bool | str:
    """True / False from yes/no (intent or words), or SKIPPED."""
    if (item and fold(item) == SKIPPED) or intent == "skip" or is_skip(text):
        return SKIPPED
    if item in ("yes", "no"):
        return item == "yes"
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    t = fold(text)
    if re.search(r"\b(?:no|none|nope|hapana)\b", t):
        return False
    if re.search(r"\b(?:yes|yeah|ndiyo|i have|i do)\b", t):
        return True
    raise InvalidAnswer("yes_no")


# --- Which field a correction is about --------------------------------------------

FIELD_KEYWORDS: Sequence[tuple[str, str]] = (
    ("reg_birth_date", r"\b(?:birth|born|dob|age|birthday)\b"),
    ("reg_status_since", r"\bsince\b"),
    ("reg_phone", r"\b(?:phone|number|mobile|simu)\b"),
    ("reg_town", r"\b(?:town|location|live|city|address|moved)\b"),
    ("reg_education", r"\b(?:education|school|degree|diploma|certificate)\b"),
    ("reg_occupation", r"\b(?:occupation|job|work i want|profession|trade)\b"),
    ("reg_experience", r"\b(?:experience|years)\b"),
    ("reg_status", r"\b(?:status|unemployed|employed|student)\b"),
    ("reg_gender", r"\b(?:gender|sex)\b"),
    ("reg_disability", r"\bdisab"),
    ("reg_name", r"\bname\b"),
)


def field_mentioned(text: str) -> str | None:
    """The registration field a message like "change my town" is about, if any."""
    t = fold(text)
    for slot, pattern in FIELD_KEYWORDS:
        if re.search(pattern, t):
            return slot
    return None
