"""Pure helpers shared by the vacancy, training and eligibility journeys.

No I/O here: parsing what the user said, choosing an occupation from search hits,
numbering result lists and reading short phrases (button titles, units) out of the
domain so that every word the user sees stays translatable in the domain files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from actions.pes_models import Occupation
from actions.validators import fold, vocabulary

# The town slot holds this marker when the user wants results from every town.
ANYWHERE = "anywhere"

# Words meaning "any town"; they are matched, never shown. The lexicon adds every
# language's everyday words (`said_anywhere`).
_ANYWHERE_WORDS = frozenset(
    {
        "anywhere",
        "any where",
        "any town",
        "any place",
        "anyplace",
        "everywhere",
        "all towns",
        "any",
        "all",
        "whole country",
        "all over",
        "all kenya",
        "kenya",
        "popote",
        "kokote",
        "mahali popote",
        "partout",
        "n'importe où",
        "cualquier lugar",
        "qualquer lugar",
    }
)

# Below this score an occupation hit is a guess, not a match.
MIN_OCCUPATION_SCORE = 60.0
# A hit this good that also leads the runner-up clearly is taken without asking.
CLEAR_OCCUPATION_SCORE = 88.0
CLEAR_OCCUPATION_GAP = 6.0


def normalise(text: str | None) -> str:
    """Lower-case, trimmed, single-spaced, without trailing punctuation."""
    if not text:
        return ""
    cleaned = re.sub(r"\s+", " ", text).strip().casefold()
    return cleaned.strip(" .,!?;:")


def said_anywhere(text: str | None, lang: str | None = None) -> bool:
    """The answer starts with words of any language meaning "any town" ("partout",
    "donde sea", "qualquer lugar", "kokote", "أي مكان")."""
    return bool(text and vocabulary("anywhere", lang).match(fold(text).strip(" .,!?;:")))


def is_anywhere(text: str | None, lang: str | None = None) -> bool:
    value = normalise(text)
    if not value:
        return False
    if value in _ANYWHERE_WORDS:
        return True
    # "anywhere in kenya", "any town is ok"
    if any(value.startswith(word + " ") for word in ("anywhere", "any town", "everywhere", "popote")):
        return True
    return said_anywhere(text, lang)


@dataclass(frozen=True)
class OccupationChoice:
    """What the occupation search allows: a clear pick, options to offer, or nothing."""

    best: Occupation | None
    options: list[Occupation]

    @property
    def is_clear(self) -> bool:
        return self.best is not None


def choose_occupation(query: str, hits: Sequence[Occupation], max_options: int = 3) -> OccupationChoice:
    """Decide whether the search hits name the user's occupation without doubt.

    The back-end ranks hits best first with a 0-100 score. An exact label (a button the
    user tapped) or a strong hit well ahead of the next one with a different ISCO group
    is clear; otherwise the plausible hits are offered, de-duplicated by label.
    """
    wanted = normalise(query)
    plausible = [h for h in hits if (h.score if h.score is not None else 0.0) >= MIN_OCCUPATION_SCORE]
    for hit in plausible:
        if normalise(hit.label) == wanted:
            return OccupationChoice(best=hit, options=[hit])
    if not plausible:
        return OccupationChoice(best=None, options=[])
    top = plausible[0]
    top_score = top.score or 0.0
    rivals = [h for h in plausible[1:] if h.isco_code != top.isco_code]
    gap = top_score - (rivals[0].score or 0.0) if rivals else 100.0
    if top_score >= CLEAR_OCCUPATION_SCORE and gap >= CLEAR_OCCUPATION_GAP:
        return OccupationChoice(best=top, options=[top])
    options: list[Occupation] = []
    seen: set[str] = set()
    for hit in plausible:
        key = normalise(hit.label)
        if key not in seen:
            seen.add(key)
            options.append(hit)
        if len(options) == max_options:
            break
    return OccupationChoice(best=None, options=options)


def minor_group(isco_code: str | None) -> str | None:
    """The ISCO-08 minor group (3 digits) of a unit group or occupation code."""
    if not isco_code:
        return None
    digits = re.sub(r"\D", "", isco_code)
    return digits[:3] if len(digits) >= 3 else None


def parse_int(text: Any) -> int | None:
    """The first whole number in a reply ("24", "i am 24 yrs", "6 months"), else None."""
    if text is None:
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return int(text)
    match = re.search(r"-?\d+", str(text))
    return int(match.group()) if match else None


def _means_last(text: str) -> bool:
    """ "last", "le dernier", "el último", "wa mwisho", "الأخير"."""
    return normalise(text) in {"last", "the last", "last one"} or bool(
        vocabulary("last_item").fullmatch(fold(text).strip(" .,!?"))
    )


def pick_item(shown: Sequence[str] | None, number: Any = None, item_id: Any = None) -> str | None:
    """The id of the item the user picked from a numbered list.

    `item_id` comes from a button and must be one of the shown ids; `number` is the
    list number the user typed ("2", "last"). Anything else is None, so the caller
    can say honestly that there is no such item.
    """
    ids = [str(i) for i in (shown or [])]
    if item_id is not None and str(item_id) in ids:
        return str(item_id)
    if number is None:
        return None
    if _means_last(str(number)):
        return ids[-1] if ids else None
    position = parse_int(number)
    if position is None or position < 1 or position > len(ids):
        return None
    return ids[position - 1]


def entity_values(latest_message: Mapping[str, Any] | None, entity: str) -> list[str]:
    """All values of one entity in the latest parsed user message, in order."""
    entities = (latest_message or {}).get("entities") or []
    return [str(e.get("value")) for e in entities if e.get("entity") == entity and e.get("value") is not None]


def first_entity(latest_message: Mapping[str, Any] | None, entity: str) -> str | None:
    values = entity_values(latest_message, entity)
    return values[0] if values else None


def format_amount(amount: float) -> str:
    """25000.0 -> "25,000"; keeps cents only when there are some."""
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def money_range(low: float | None, high: float | None, currency: str | None) -> str | None:
    """ "KES 20,000-30,000", "KES 20,000", or None when nothing is known."""
    if low is None and high is None:
        return None
    prefix = f"{currency} " if currency else ""
    if low is not None and high is not None and low != high:
        return f"{prefix}{format_amount(low)}-{format_amount(high)}"
    return f"{prefix}{format_amount(low if low is not None else high)}"  # type: ignore[arg-type]


def button_payload(intent: str, **entities: str) -> str:
    """A Rasa button payload like /select{"item_id":"12"} with values JSON-escaped."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def shorten(text: str, limit: int = 40) -> str:
    """Button titles must stay short on phones; cut at a word boundary."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def phrase(domain: Mapping[str, Any], name: str, language: str | None = None, **values: Any) -> str:
    """The text of a response for the conversation's language, filled with values.

    Used for short phrases an action composes into a message or a button title
    (units, labels): the words stay in the domain, where the translations live.
    A variant whose language condition matches wins; the unconditioned one is the
    fallback. An unknown response name is a programming error, so it raises.
    """
    variants = (domain.get("responses") or {}).get(name)
    if not variants:
        raise KeyError(f"response {name!r} is not in the domain")
    chosen: Mapping[str, Any] | None = None
    for variant in variants:
        conditions = variant.get("condition") or []
        if not conditions:
            if chosen is None:
                chosen = variant
            continue
        if language and all(
            c.get("name") == "language" and str(c.get("value")) == language for c in conditions
        ):
            chosen = variant
            break
    text = str((chosen or variants[0]).get("text") or "")
    return text.format(**values) if values else text


def match_town(text: str | None, known: Sequence[str]) -> str | None:
    """The known town the user named, exactly or inside a short sentence; else None.

    Typos are left to the back-end's own matching: here only what is certain counts.
    """
    wanted = normalise(text)
    if not wanted:
        return None
    folded = {normalise(name): name for name in known}
    if wanted in folded:
        return folded[wanted]
    inside = [name for key, name in folded.items() if f" {key} " in f" {wanted} "]
    return inside[0] if len(inside) == 1 else None


def join_lines(lines: Iterable[str]) -> str:
    return "\n".join(line for line in lines if line)
