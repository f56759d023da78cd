"""Pure parsers for registration answers: no I/O, no dialogue, unit-tested.

Each parser takes what the user typed and returns a normalised value, or raises
`InvalidAnswer` whose `reason` names the response that explains the problem (the
text itself lives in the domain, so it can be translated).

Answers are understood in the assistant's six languages. English patterns are
written here; the everyday words of every language (and the English words of the
table-driven parts: months, numbers, durations) live in `actions.lexicon`. The
optional `lang` argument is the conversation's language: words that mean something
else in another language (`Lexicon.strict`) only count in their own language.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import phonenumbers

from actions.lexicon import LANGUAGES, LEXICONS, STATUS_ORDER, Lexicon

DEFAULT_REGION = "KE"
MIN_AGE, MAX_AGE = 15, 80
MAX_EXPERIENCE_YEARS = 65


class InvalidAnswer(ValueError):
    """The answer cannot be used; `reason` is a response name suffix (utter_reg_invalid_<reason>)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Arabic-Indic and Persian digits, Persian letters, Arabic punctuation and curly
# apostrophes become what the patterns expect; tatweel (kashida) is dropped.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")} | {
    ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")
}
_FOLD_TABLE = _DIGITS | {
    ord("\u0640"): None,  # tatweel
    ord("ى"): "ي",  # alef maqsura, typed for ya at the end of words
    ord("ة"): "ه",  # taa marbuta, often typed as ha
    ord("ی"): "ي",  # Persian keyboards
    ord("ک"): "ك",
    ord("ٱ"): "ا",  # alef wasla
    ord("،"): ",",
    ord("؛"): ";",
    ord("؟"): "?",
    ord("٫"): ".",
    ord("٬"): ",",
    ord("\u2019"): "'",
    ord("\u2018"): "'",
    ord("\u02bc"): "'",
    ord("`"): "'",
    ord("´"): "'",
}


def fold(text: str) -> str:
    """Lower case without accents or extra spaces, for comparing what people type.

    Also strips Arabic diacritics (tashkeel: they decompose to combining marks) and
    tatweel, evens out hamza forms, alef maqsura and taa marbuta, and turns
    Arabic-Indic digits into 0-9, so Arabic answers meet the same patterns.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD_TABLE)
    return re.sub(r"\s+", " ", plain).strip().lower()


# --- Vocabulary from the lexicon ----------------------------------------------------

# Arabic proclitics glued to the word that follows: "and", "the", "in the"... Not a
# bare ب or ل: "ببلاش" (for free) is not "بلاش" (skip it).
_CLITICS = "(?:وال|بال|فال|لل|ال|و)?"
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![\w-])"
_NEVER = r"(?:(?!x)x)"


def _code(lang: str | None) -> str:
    """The lexicon of the conversation's language; English when unknown."""
    code = (lang or "en")[:2].lower()
    return code if code in LEXICONS else "en"


def _lexicons(lang: str | None) -> tuple[Lexicon, ...]:
    """The conversation's language first, then English, then the others."""
    return tuple(LEXICONS[c] for c in dict.fromkeys((_code(lang), "en", *LANGUAGES)))


def _usable(lex: Lexicon, phrase: str, code: str) -> bool:
    return lex.code == code or fold(phrase) not in {fold(s) for s in lex.strict}


def _answer(text: str, lang: str | None) -> str:
    """A folded answer without the words its language uses ordinarily but another
    language reads as a keyword (Portuguese "no", "in the")."""
    t = fold(text)
    ordinary = LEXICONS[_code(lang)].ordinary
    if ordinary:
        t = re.sub(r"\s+", " ", re.sub(_BEFORE + _alternation(ordinary) + _AFTER, " ", t)).strip()
    return t


def _squash(text: str) -> str:
    """The key of a phrase in a table: folded, without spaces, apostrophes or hyphens."""
    return re.sub(r"[\s'\-]+", "", fold(text))


def _phrase_regex(phrase: str, clitics: bool = True) -> str:
    parts = []
    for word in fold(phrase).split(" "):
        stem = word.endswith("*")
        word = word.rstrip("*")
        body = (
            re.escape(word).replace("'", r"(?:'|\s)?").replace(r"\-", r"[-\s]?").replace(r"\+", r"\s*\+\s*")
        )
        if clitics and len(word) >= 3 and _ARABIC_LETTER.match(word):
            body = _CLITICS + body
        parts.append(body + (r"\w*" if stem else ""))
    return r"\s+".join(parts)


def _alternation(phrases: Iterable[str], clitics: bool = True) -> str:
    """One group matching any of the phrases, longest first; never matches if empty."""
    unique = sorted({fold(p) for p in phrases}, key=lambda p: (-len(p), p))
    if not unique:
        return _NEVER
    return "(?:" + "|".join(_phrase_regex(p, clitics) for p in unique) + ")"


def _phrases(field: str, lang: str | None) -> list[str]:
    """The phrases of one lexicon field in every language, usable in this conversation."""
    code = _code(lang)
    return [p for lex in _lexicons(lang) for p in getattr(lex, field) if _usable(lex, p, code)]


@lru_cache(maxsize=256)
def _vocabulary(field: str, code: str) -> re.Pattern[str]:
    return re.compile(_BEFORE + _alternation(_phrases(field, code)) + _AFTER)


def vocabulary(field: str, lang: str | None = None) -> re.Pattern[str]:
    """A pattern matching the words of a lexicon field (e.g. "anywhere") as whole words."""
    return _vocabulary(field, _code(lang))


@lru_cache(maxsize=256)
def _keyed(field: str, code: str) -> dict[str, Any]:
    """A lexicon table of every language, keyed by `_squash`; the first language wins."""
    merged: dict[str, Any] = {}
    for lex in reversed(_lexicons(code)):
        table: Mapping[str, Any] = getattr(lex, field)
        merged.update({_squash(p): v for p, v in table.items() if _usable(lex, p, code)})
    return merged


@lru_cache(maxsize=256)
def _grouped(field: str, key: str, code: str) -> re.Pattern[str]:
    """The phrases filed under `key` (a status, a field...) in every language."""
    phrases = [
        p for lex in _lexicons(code) for p in getattr(lex, field).get(key, ()) if _usable(lex, p, code)
    ]
    return re.compile(_BEFORE + _alternation(phrases) + _AFTER)


# --- Name -------------------------------------------------------------------------

_NAME_LEAD = re.compile(
    r"^(?:my name is|my names are|my name's|names?:?|i am called|am called|i'm called|"
    r"i am|i'm|im|call me|it's|its|this is|jina langu ni)\s+",
    re.IGNORECASE,
)
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$", re.UNICODE)
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_APOSTROPHES = {ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'"}


@lru_cache(maxsize=64)
def _lead(field: str, code: str) -> re.Pattern[str]:
    """Lead words (lexicon `field`) at the start of a folded answer, with their spaces."""
    return re.compile(r"^" + _alternation(_phrases(field, code)) + r"\s+")


def _drop_lead(text: str, lead: re.Pattern[str]) -> str:
    """`text` without the lead words found at the start of its folded form; the words
    that remain keep their accents and case."""
    found = lead.match(fold(text))
    if not found:
        return text
    return " ".join(text.split()[len(found[0].split()) :])


def parse_name(text: str, lang: str | None = None) -> str:
    """ "my name is amina wanjiru" -> "Amina Wanjiru"; "je m'appelle Aïcha" -> "Aïcha"."""
    # Arabic diacritics and tatweel are not part of a name's letters; curly apostrophes are.
    raw = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text.strip())).translate(_APOSTROPHES)
    name = _NAME_LEAD.sub("", raw)
    if name == raw:
        name = _drop_lead(raw, _lead("name_leads", _code(lang)))
    name = name.strip(" .,!")
    name = re.sub(r"\s+", " ", name)
    if len(name) < 2 or len(name) > 80 or not _NAME_CHARS.match(name):
        raise InvalidAnswer("name")
    # Only re-case names typed all in one case; "McDonald" stays as written.
    if name.islower() or name.isupper():
        name = " ".join(part[:1].upper() + part[1:].lower() for part in name.split(" "))
    return name


# --- Dates ------------------------------------------------------------------------


def _everywhere(field: str) -> list[str]:
    """A lexicon field in every language (for words no language reads otherwise)."""
    return [p for lex in LEXICONS.values() for p in getattr(lex, field)]


_MONTHS = {_squash(name): number for lex in LEXICONS.values() for name, number in lex.months.items()}
_NUMBER_ONLY_MONTHS = {fold(w) for w in _everywhere("number_only_months")}
# "mwezi wa 3", "شهر 3": a month by its number.
_MONTH_NUMBER = _alternation(_everywhere("month_number_leads"), clitics=False) + r"\s*\d{1,2}"
_MONTH_NAMES = _everywhere("months")
_MONTH_WORD = f"(?:{_alternation(_MONTH_NAMES, clitics=False)}|{_MONTH_NUMBER})"
# Month names that may stand alone ("since june"): not "ago", "out"... (see the lexicon).
_SAFE_MONTH_WORD = (
    f"(?:{_alternation([m for m in _MONTH_NAMES if fold(m) not in _NUMBER_ONLY_MONTHS], clitics=False)}"
    f"|{_MONTH_NUMBER})"
)
_CONNECT = _alternation(_everywhere("date_connectors"), clitics=False)
_ORD = r"(?:st|nd|rd|th|er|o|°)?"
_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}}){_ORD}\s*(?:{_CONNECT}\s+)?({_MONTH_WORD})\.?,?\s+(?:{_CONNECT}\s+)?(\d{{4}})\b"
)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}}){_ORD},?\s+(?:{_CONNECT}\s+)?(\d{{4}})\b")
_YEAR_MONTH_DAY = re.compile(rf"\b(\d{{4}})\s+(?:on\s+)?(\d{{1,2}}){_ORD}\s+({_MONTH_WORD})\b")
# "2001م": the Gregorian era letter glued to an Arabic year.
_ERA = re.compile(r"(?<=\d)\s?م(?!\w)")


def _month_of(word: str) -> int:
    """The month number of a matched month word: a name, or "mwezi wa 3" / "شهر 3"."""
    if number := re.search(r"\d{1,2}$", word):
        return int(number[0])
    return _MONTHS[_squash(word)]


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidAnswer("date") from exc


def parse_date(text: str) -> date:
    """Dates as people type them; numeric dates are day first, as in East Africa.

    Month names of all six languages, with their connectors ("5 de marzo de 2001",
    "tarehe 5 Machi 2001", "٥ مارس ٢٠٠١").
    """
    t = _ERA.sub("", fold(text))
    if m := _ISO.search(t):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.search(t):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        # Day first unless that cannot be a date (e.g. 05/25/2001 is month first).
        if second > 12 >= first:
            return _make_date(year, first, second)
        return _make_date(year, second, first)
    if m := _DAY_MONTH_YEAR.search(t):
        return _make_date(int(m[3]), _month_of(m[2]), int(m[1]))
    if m := _MONTH_DAY_YEAR.search(t):
        return _make_date(int(m[3]), _month_of(m[1]), int(m[2]))
    if m := _YEAR_MONTH_DAY.search(t):
        return _make_date(int(m[1]), _month_of(m[3]), int(m[2]))
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


_MONTH_YEAR_WORDS = re.compile(rf"\b({_MONTH_WORD})\.?,?\s+(?:{_CONNECT}\s+)?(\d{{4}})\b")
_MONTH_YEAR_NUM = re.compile(r"\b(\d{1,2})[-/.](\d{4})\b")
_YEAR_MONTH_NUM = re.compile(r"\b(\d{4})[-/.](\d{1,2})\b")
_YEAR_ONLY = re.compile(r"\b(19\d{2}|20\d{2})\b")

# "last year", "l'année dernière", "mwaka jana" -> ("year", -1); "last week"...
_PERIODS: dict[str, tuple[str, int]] = {
    _squash(p): v for lex in LEXICONS.values() for p, v in lex.periods.items()
}
_PERIOD = re.compile(_BEFORE + _alternation(_everywhere("periods"), clitics=False) + _AFTER)
_YEAR_PERIOD = _alternation(
    [p for lex in LEXICONS.values() for p, (unit, _) in lex.periods.items() if unit == "year"], clitics=False
)
_LAST_THIS_YEAR = re.compile(rf"\b({_SAFE_MONTH_WORD})\.?,?\s+(?:{_CONNECT}\s+)?({_YEAR_PERIOD}){_AFTER}")
_MONTH_ALONE = re.compile(
    rf"^(?:{_alternation(_everywhere('month_leads'), clitics=False)}\s*)*"
    rf"(?:{_alternation(_everywhere('month_fillers'), clitics=False)}\s*)?({_SAFE_MONTH_WORD})\.?"
    rf"(?:\s+{_alternation(_everywhere('past_month'), clitics=False)})?$"
)
# Durations and relative dates ("8 months", "two years ago", "last year") are read
# from the lexicon, and what is left goes to dateparser; only when a unit word is
# present, so a bare "8" is never a date.
_RELATIVE_UNIT = re.compile(r"\b(?:days?|weeks?|months?|years?|ago|yesterday)\b")
_RELATIVE_LEAD = re.compile(r"^(?:.*?\b(?:since|for|from))\s+|^(?:about|around|almost|nearly|like)\s+")
_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_UNIT_MONTHS = {"year": 12.0, "month": 1.0, "week": 0.0, "day": 0.0}
_UNIT_DAYS = {"year": 0.0, "month": 0.0, "week": 7.0, "day": 1.0}


@dataclass(frozen=True)
class _Span:
    """A stretch of time the user named: "2 ans et 6 mois", "miezi minane", "سنتين"."""

    months: float
    days: float
    future: bool  # "in 3 months", "dans 3 mois", "بعد شهرين"

    @property
    def total_months(self) -> float:
        return self.months + self.days / 30.44


@lru_cache(maxsize=64)
def _duration(code: str) -> re.Pattern[str]:
    numbers = _alternation(_phrases("numbers", code), clitics=False)
    units = _alternation(_phrases("units", code), clitics=False)
    first = _alternation(
        [p for lex in _lexicons(code) if lex.units_first for p in lex.units if _usable(lex, p, code)],
        clitics=False,
    )
    counted = _alternation(_phrases("unit_counts", code), clitics=False)
    future = _alternation(_phrases("future", code), clitics=False)
    return re.compile(
        rf"{_BEFORE}(?:(?P<future>{future})\s+)?"
        rf"(?:(?:(?P<digits>\d{{1,3}}(?:[.,]\d+)?)\s*|(?P<word>{numbers})\s+)(?P<unit>{units})"
        rf"|(?P<unit_first>{first})\s+(?:(?P<digits_after>\d{{1,2}})|(?P<word_after>{numbers}))"
        rf"|(?P<counted>{counted})){_AFTER}"
    )


def _span(t: str, lang: str | None) -> _Span | None:
    """Every duration in a folded answer, added up; None when there is none."""
    code = _code(lang)
    months = days = 0.0
    future = found = False
    for m in _duration(code).finditer(t):
        found = True
        if m["counted"]:
            unit, count = _keyed("unit_counts", code)[_squash(m["counted"])]
            amount = float(count)
        else:
            unit = _keyed("units", code)[_squash(m["unit"] or m["unit_first"])]
            digits = m["digits"] or m["digits_after"]
            word = m["word"] or m["word_after"]
            amount = (
                float(digits.replace(",", ".")) if digits else float(_keyed("numbers", code)[_squash(word)])
            )
        months += amount * _UNIT_MONTHS[unit]
        days += amount * _UNIT_DAYS[unit]
        future = future or bool(m["future"])
    return _Span(months, days, future) if found else None


def _shift(today: date, months: int, days: float = 0.0) -> tuple[int, int]:
    """(year, month) `months` and `days` away from today (negative: in the past)."""
    moved = today + timedelta(days=days)
    index = moved.year * 12 + moved.month - 1 + months
    return index // 12, index % 12 + 1


@lru_cache(maxsize=64)
def _relative_gate(code: str) -> re.Pattern[str]:
    """Words besides the English ones that make an answer a relative date dateparser may
    read ("hier", "jana", "أمس"). Not unit words alone: dateparser reads "an" as a year."""
    return re.compile(_BEFORE + _alternation(_phrases("relative", code), clitics=False) + _AFTER)


def _relative_month(t: str, today: date, lang: str | None = None) -> tuple[int, int] | None:
    """ "january last year", "since june", "8 months", "2 years ago" -> (year, month)."""
    if m := _LAST_THIS_YEAR.search(t):
        return today.year + _PERIODS[_squash(m[2])][1], _month_of(m[1])
    if m := _MONTH_ALONE.match(t):
        month = _month_of(m[1])  # the latest such month that is not in the future
        return (today.year if month <= today.month else today.year - 1), month
    if m := _PERIOD.search(t):
        unit, offset = _PERIODS[_squash(m[0])]
        if unit == "week":
            return _shift(today, 0, offset * 7.0)
        return _shift(today, offset * (12 if unit == "year" else 1))
    if span := _span(t, lang):
        sign = 1 if span.future else -1
        return _shift(today, sign * int(span.months), sign * span.days)
    if not (_RELATIVE_UNIT.search(t) or _relative_gate(_code(lang)).search(t)):
        return None
    import dateparser  # imported on first use: it loads its language data at import

    phrase = _RELATIVE_LEAD.sub("", t).strip(" .!?")
    if re.fullmatch(_MONTH_WORD, phrase):
        return None  # "ago" alone is not August ("agosto"), whatever dateparser thinks
    settings = {**_DATEPARSER_SETTINGS, "RELATIVE_BASE": datetime(today.year, today.month, today.day)}
    found = dateparser.parse(phrase, languages=list(LANGUAGES), settings=settings)  # type: ignore[arg-type]
    return (found.year, found.month) if found else None


def parse_month_year(text: str, today: date, lang: str | None = None) -> date:
    """ "March 2024", "03/2024", "2024-03", a bare year, or relative ("8 months",
    "since january last year", "two years ago", "depuis 8 mois", "tangu mwaka jana",
    "منذ سنتين") -> the first day of that month."""
    t = _ERA.sub("", fold(text))
    if m := _MONTH_YEAR_WORDS.search(t):
        year, month = int(m[2]), _month_of(m[1])
    elif m := _YEAR_MONTH_NUM.search(t):
        year, month = int(m[1]), int(m[2])
    elif m := _MONTH_YEAR_NUM.search(t):
        year, month = int(m[2]), int(m[1])
    elif m := _YEAR_ONLY.search(t):
        year, month = int(m[1]), 1
    elif found := _relative_month(t, today, lang):
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
    cleaned = re.sub(r"[^\d+]", "", text.translate(_DIGITS))
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


@lru_cache(maxsize=64)
def _tail(field: str, code: str) -> re.Pattern[str]:
    """Words (lexicon `field`) at the end of a folded answer, with their spaces."""
    return re.compile(r"\s+" + _alternation(_phrases(field, code)) + r"$")


def match_town(text: str, towns: Iterable[str], lang: str | None = None) -> TownMatch | None:
    """The known town the user means: exact (case/accent-insensitive) or a close spelling."""
    by_key = {fold(t): t for t in towns}
    wanted = fold(text)
    wanted = re.sub(r"^(?:i live in|i stay in|i am in|im in|am in|in|from|near|around)\s+", "", wanted)
    wanted = re.sub(r"\s+(?:town|area|city|pls|please)$", "", wanted).strip(" .,!")
    if wanted in by_key:
        return TownMatch(by_key[wanted], exact=True)
    # "j'habite à Nakuru", "naishi mjini Nakuru svp", "أسكن في نيروبي".
    code = _code(lang)
    for _ in range(2):
        wanted = _lead("town_leads", code).sub("", wanted)
    wanted = _tail("town_tails", code).sub("", wanted).strip(" .,!")
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


@lru_cache(maxsize=64)
def _education_rules(code: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Level patterns, language by language: the conversation's first, then English.

    Within English, lower secondary comes first: "some secondary" must not read as
    finished secondary; each lexicon lists its own words in the order to check them.
    """
    rules: list[tuple[re.Pattern[str], int]] = []
    for lex in _lexicons(code):
        if lex.code == "en":
            english = sorted(_EDUCATION_WORDS, key=lambda item: item[1] != 2)
            rules += [(re.compile(pattern), level) for pattern, level in english]
        for level, phrases in lex.education:
            usable = [p for p in phrases if _usable(lex, p, code)]
            rules.append((re.compile(_BEFORE + _alternation(usable) + _AFTER), level))
    return tuple(rules)


def parse_education(text: str | None, entity: str | None = None, lang: str | None = None) -> int:
    """ISCED 2011 level 0-8 from a button payload, the `education` entity or words."""
    for candidate in (entity, text):
        if candidate is None:
            continue
        value = fold(str(candidate))
        if re.fullmatch(r"[0-8]", value):
            return int(value)
        for pattern, level in _education_rules(_code(lang)):
            if pattern.search(value):
                return level
    raise InvalidAnswer("education")


# Numbers standing alone: "3" in "3 years", not in Arabizi "3andi" (ع) nor in "21st".
_NUMBER = re.compile(r"(?<![^\W_])\d+(?:\.\d+)?(?![^\W_])")
_NO_EXPERIENCE = re.compile(r"\b(?:no|none|never|zero|nothing)\b")


@lru_cache(maxsize=64)
def _number_words(code: str) -> re.Pattern[str]:
    # Hyphens split words here: "twenty-one" reads as twenty, as it always did.
    return re.compile(r"(?<!\w)" + _alternation(_phrases("numbers", code), clitics=False) + r"(?!\w)")


def parse_experience(text: str, entity: str | None = None, lang: str | None = None) -> int:
    """Whole years of work experience; months round down ("6 months" -> 0)."""
    t = _answer(text, lang)
    code = _code(lang)
    if span := _span(t, lang):
        years = int(span.total_months // 12)
    elif entity is not None and re.fullmatch(r"\d+(?:\.\d+)?", str(entity)):
        years = int(float(entity))
    elif m := _NUMBER.search(t):
        years = int(float(m[0]))
    elif _NO_EXPERIENCE.search(t) or vocabulary("no_experience", code).search(t):
        years = 0
    elif m := _number_words(code).search(t):
        years = int(_keyed("numbers", code)[_squash(m[0])])
    else:
        raise InvalidAnswer("experience")
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
# Each status's words in the other languages (lexicon `statuses`) follow its pattern.
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


@lru_cache(maxsize=64)
def _status_rules(code: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    english = dict((status, pattern) for pattern, status in _STATUS_WORDS)
    return tuple(
        (pattern, status)
        for status in STATUS_ORDER
        for pattern in (re.compile(english[status]), _grouped("statuses", status, code))
    )


def parse_status(text: str, item: str | None = None, lang: str | None = None) -> str:
    if item and fold(item) in STATUSES:
        return fold(item)
    t = fold(text).replace("_", " ")
    if t.replace(" ", "_") in STATUSES:
        return t.replace(" ", "_")
    for pattern, status in _status_rules(_code(lang)):
        if pattern.search(t):
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


def is_skip(text: str, lang: str | None = None) -> bool:
    t = fold(text)
    return bool(_SKIP_WORDS.search(t) or vocabulary("skip", lang).search(t))


@lru_cache(maxsize=64)
def _gender_rules(code: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """One pattern per gender and source. An apostrophe ends no word here: the "m" of
    "i'm a woman" is not "m" for male."""
    lexicon: dict[str, list[str]] = {}
    for lex in _lexicons(code):
        for phrase, gender in lex.genders.items():
            if _usable(lex, phrase, code):
                lexicon.setdefault(gender, []).append(phrase)
    rules = []
    for gender in GENDERS:
        english = [re.escape(w) for w, g in _GENDER_WORDS.items() if g == gender]
        rules.append((re.compile(r"(?<![a-z'-])(?:" + "|".join(english) + r")(?![a-z'-])"), gender))
        phrases = _alternation(lexicon.get(gender, []))
        rules.append((re.compile(r"(?<![\w'-])" + phrases + r"(?![\w'-])"), gender))
    return tuple(rules)


def parse_gender(text: str, item: str | None = None, lang: str | None = None) -> str:
    """female / male / other, or SKIPPED; the first gender word in the answer counts."""
    for candidate in (item, text):
        if not candidate:
            continue
        if is_skip(candidate, lang) or fold(candidate) == SKIPPED:
            return SKIPPED
        t = fold(candidate)
        found = [(m.start(), -len(m[0]), g) for p, g in _gender_rules(_code(lang)) if (m := p.search(t))]
        if found:
            return min(found)[2]
    raise InvalidAnswer("gender")


def parse_disability(
    text: str, intent: str | None, item: str | None = None, lang: str | None = None
) -> bool | str:
    """True / False from yes/no (intent or words), or SKIPPED."""
    if (item and fold(item) == SKIPPED) or intent == "skip" or is_skip(text, lang):
        return SKIPPED
    if item in ("yes", "no"):
        return item == "yes"
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    t = _answer(text, lang)
    if re.search(r"\b(?:no|none|nope|hapana)\b", t) or vocabulary("no", lang).search(t):
        return False
    if re.search(r"\b(?:yes|yeah|ndiyo|i have|i do)\b", t) or vocabulary("yes", lang).search(t):
        return True
    raise InvalidAnswer("yes_no")


# --- Which field a correction is about --------------------------------------------

# Each field's words in the other languages (lexicon `fields`) follow its pattern.
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


def field_mentioned(text: str, lang: str | None = None) -> str | None:
    """The registration field a message like "change my town" is about, if any."""
    t = fold(text)
    code = _code(lang)
    for slot, pattern in FIELD_KEYWORDS:
        if re.search(pattern, t) or _grouped("fields", slot, code).search(t):
            return slot
    return None
