"""In-memory label index behind the occupation search.

Building it reads every occupation, so it is built once per process and database
and rebuilt only when the table or the synonyms file changes (an ESCO import, a
seed). A query then costs one cheap "has anything changed?" SQL statement plus
two rapidfuzz passes: query words against the vocabulary of label words (short
strings, cheap), then the whole query against only the labels that contain a
word close to one of the query's words. Scoring all ~32,000 ESCO labels with
WRatio directly costs about 100 ms on a busy machine; this costs a few.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.occupations.models import IscoGroup, Occupation
from backend.towns.service import normalise as normalise_latin

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yml")

# Kinds of label; on equal scores a project synonym beats a preferred label, which
# beats an alternative one, because synonyms were written for exactly these words.
SYNONYM, PREFERRED, ALTERNATIVE, HIDDEN = 3, 2, 1, 0
MIN_SCORE = 70.0
RELATIVE_GAP = 25.0
# A query word matches a label word this close (one typo in a five-letter word).
WORD_SCORE = 75.0
# Words this short must match exactly or as a prefix: "it" is not a typo of "at".
SHORT_WORD = 3

# Arabic is typed with many optional marks and interchangeable letters. The shared
# normalisation already drops the short vowels and shadda and folds the hamza
# carriers (أ إ آ -> ا, ؤ -> و, ئ -> ي); on top of it the occupation names drop the
# tatweel and the invisible joiners and direction marks phones insert, fold ة -> ه,
# ى -> ي, ٱ -> ا and the Persian-keyboard ی ک, and drop the article "ال" of a word,
# so "الطبّاخة" and "طباخه" are the same name. Latin letters compare as before.
_INVISIBLE = str.maketrans("", "", "\u0640\u061c\u200c\u200d\u200e\u200f")
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0629": "\u0647",
        "\u0649": "\u064a",
        "\u0671": "\u0627",
        "\u06cc": "\u064a",
        "\u06a9": "\u0643",
        "\u0640": None,
    }
)
# Little linking words of the synonyms' languages ("chauffeur de taxi", "fundi wa
# magari", "عامل في البناء"). A label sharing only one of them with the query is no
# candidate: "técnico de redes" is not close to "auxiliar de contabilidad". English
# words are not listed, so English queries find the same candidates as before.
CONNECTORS = frozenset(
    {
        *("de", "du", "des", "la", "le", "les", "au", "aux", "en", "et", "pour"),  # French
        *("del", "el", "los", "las", "y", "para"),  # Spanish (and de, la, en)
        *("da", "do", "das", "dos", "e", "em", "no", "na", "o"),  # Portuguese
        *("wa", "ya", "za", "cha", "vya", "kwa"),  # Swahili (and na, la)
        *("\u0641\u064a", "\u0645\u0646", "\u0648"),  # Arabic: fi, min, wa
    }
)
_ARTICLE = "\u0627\u0644"
# The article is only dropped when a word of three or more letters remains.
_ARTICLE_MIN_LENGTH = len(_ARTICLE) + 3


def normalise(text: str) -> str:
    """The form in which occupation names and queries are compared.

    Lower case, no accents, punctuation as spaces (as for town names), plus the
    Arabic folding above: "Mécanicien" -> "mecanicien", "السوّاق" -> "سواق",
    "ممرضة" -> "ممرضه", "ميكانيكى" -> "ميكانيكي", "طبـــاخ" -> "طباخ".
    """
    folded = normalise_latin(text.translate(_INVISIBLE)).translate(_ARABIC_LETTERS)
    return " ".join(_drop_article(word) for word in folded.split())


def _drop_article(word: str) -> str:
    if word.startswith(_ARTICLE) and len(word) >= _ARTICLE_MIN_LENGTH:
        return word[len(_ARTICLE) :]
    return word


@dataclass(frozen=True)
class IndexedOccupation:
    uri: str
    label: str
    isco_code: str
    isco_label: str | None


@dataclass(frozen=True)
class Entry:
    occupation: int  # position in LabelIndex.occupations
    matched: str  # the label as written, shown to the user
    kind: int


@dataclass(frozen=True)
class Hit:
    occupation: IndexedOccupation
    matched: str
    score: float


@dataclass
class LabelIndex:
    signature: tuple[Any, ...]
    occupations: list[IndexedOccupation] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # distinct normalised labels
    entries: list[list[Entry]] = field(default_factory=list)  # parallel to labels
    words: list[str] = field(default_factory=list)  # distinct words of all labels
    word_labels: list[list[int]] = field(default_factory=list)  # parallel to words: label positions
    _word_position: dict[str, int] = field(default_factory=dict)
    _sorted_words: list[str] = field(default_factory=list)

    def _candidates(self, wanted: str) -> dict[int, str]:
        """Labels sharing at least one word (exactly, by prefix or with a typo) with the query."""
        found: set[int] = set()
        words = set(wanted.split())
        # Linking words only count when the query has nothing else.
        words = words - CONNECTORS or words
        for word in words:
            cutoff = 100 if len(word) <= SHORT_WORD else WORD_SCORE
            close = process.extract(word, self.words, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff)
            for position in self._prefixed(word) | {position for _w, _score, position in close}:
                found.update(self.word_labels[position])
        return {position: self.labels[position] for position in found}

    def _prefixed(self, word: str) -> set[int]:
        # "electr" should reach "electrician"; bisect over the sorted vocabulary.
        start = bisect.bisect_left(self._sorted_words, word)
        hits = set()
        for w in self._sorted_words[start:]:
            if not w.startswith(word):
                break
            hits.add(self._word_position[w])
        return hits

    def finish(self) -> None:
        """Derived lookups, built once after the labels are in."""
        positions: dict[str, int] = {}
        for label_position, label in enumerate(self.labels):
            for word in set(label.split()):
                if word not in positions:
                    positions[word] = len(self.words)
                    self.words.append(word)
                    self.word_labels.append([])
                self.word_labels[positions[word]].append(label_position)
        self._word_position = positions
        self._sorted_words = sorted(positions)

    def search(self, query: str, limit: int) -> list[Hit]:
        wanted = normalise(query)
        if not wanted or not self.labels:
            return []
        # Look at more labels than asked for: several labels may name one occupation.
        candidates = process.extract(
            wanted,
            self._candidates(wanted),
            scorer=fuzz.WRatio,
            limit=max(50, limit * 10),
            score_cutoff=MIN_SCORE,
        )
        best: dict[int, tuple[float, int, Entry]] = {}
        for label, score, position in candidates:
            if len(label) * 2 < len(wanted):
                # WRatio would find an abbreviation like "dr" inside "driverr" and
                # score it 90; a label less than half the query's length must match whole.
                score = fuzz.ratio(wanted, label)
                if score < MIN_SCORE:
                    continue
            for entry in self.entries[position]:
                key = (score, entry.kind)
                current = best.get(entry.occupation)
                if current is None or key > current[:2]:
                    best[entry.occupation] = (score, entry.kind, entry)
        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0], -item[1][1], len(self.occupations[item[0]].label)),
        )
        if not ranked:
            return []
        # After a near-perfect match, distant look-alikes ("boat rigger" for "boda
        # boda rider") are noise on a small screen; keep what is close to the best.
        floor = max(MIN_SCORE, ranked[0][1][0] - RELATIVE_GAP)
        return [
            Hit(occupation=self.occupations[occ], matched=entry.matched, score=round(score, 1))
            for occ, (score, _kind, entry) in ranked[:limit]
            if score >= floor
        ]


_cache: dict[str, LabelIndex] = {}
_lock = threading.Lock()
# One database per process in production; tests open many, so old ones are dropped.
MAX_CACHED = 8


def get_index(session: Session) -> LabelIndex:
    signature = _signature(session)
    key = str(session.get_bind().engine.url)
    index = _cache.get(key)
    if index is not None and index.signature == signature:
        return index
    with _lock:
        index = _cache.get(key)
        if index is None or index.signature != signature:
            index = _build(session, signature)
            _cache.pop(key, None)
            while len(_cache) >= MAX_CACHED:
                _cache.pop(next(iter(_cache)))
            _cache[key] = index
    return index


def invalidate() -> None:
    """Forget every index; the next search rebuilds from the database."""
    with _lock:
        _cache.clear()


def _signature(session: Session) -> tuple[Any, ...]:
    count, newest, top_id = session.execute(
        select(func.count(Occupation.id), func.max(Occupation.updated_at), func.max(Occupation.id))
    ).one()
    groups = session.scalar(select(func.count()).select_from(IscoGroup))
    return (count, str(newest), top_id, groups, SYNONYMS_FILE.stat().st_mtime_ns)


def _build(session: Session, signature: tuple[Any, ...]) -> LabelIndex:
    index = LabelIndex(signature=signature)
    isco_labels = {code: label for code, label in session.execute(select(IscoGroup.code, IscoGroup.label))}
    by_uri: dict[str, int] = {}
    by_isco: dict[str, list[int]] = {}
    positions: dict[str, int] = {}

    def add(label: str, occupation: int, kind: int) -> None:
        key = normalise(label)
        if not key:
            return
        if key not in positions:
            positions[key] = len(index.labels)
            index.labels.append(key)
            index.entries.append([])
        index.entries[positions[key]].append(Entry(occupation=occupation, matched=label.strip(), kind=kind))

    rows = session.execute(
        select(
            Occupation.uri,
            Occupation.label,
            Occupation.isco_code,
            Occupation.alt_labels,
            Occupation.hidden_labels,
        ).order_by(Occupation.id)
    ).tuples()
    for uri, label, isco_code, alt_labels, hidden_labels in rows:
        n = len(index.occupations)
        index.occupations.append(IndexedOccupation(uri, label, isco_code, isco_labels.get(isco_code)))
        by_uri[uri] = n
        by_isco.setdefault(isco_code, []).append(n)
        add(label, n, PREFERRED)
        for alt in alt_labels or []:
            add(alt, n, ALTERNATIVE)
        for hidden in hidden_labels or []:
            add(hidden, n, HIDDEN)

    for synonym in load_synonyms():
        # The named occupation when it is loaded, else its whole ISCO group.
        known = synonym.uri is not None and synonym.uri in by_uri
        targets = [by_uri[synonym.uri]] if known and synonym.uri else by_isco.get(synonym.isco or "", [])
        for name in synonym.names:
            for n in targets:
                add(name, n, SYNONYM)
    index.finish()
    return index


@dataclass(frozen=True)
class Synonym:
    names: tuple[str, ...]
    uri: str | None
    isco: str | None


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[Synonym]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    synonyms = []
    for n, item in enumerate(raw):
        names = item.get("names") or []
        uri, isco = item.get("uri"), item.get("isco")
        if not names or not (uri or isco):
            raise ValueError(f"{path.name} entry {n + 1}: needs names and a uri or an isco code")
        synonyms.append(
            Synonym(names=tuple(str(x) for x in names), uri=uri, isco=str(isco) if isco else None)
        )
    return synonyms
