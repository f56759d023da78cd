"""Town lookup used by every feature that filters by place."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from backend.towns.models import Town

NEARBY_KM = 150.0
# A typo of one letter in a six-letter name still scores above this; two unrelated
# town names do not.
FUZZY_CUTOFF = 80.0
EARTH_RADIUS_KM = 6371.0


_APOSTROPHES = str.maketrans("", "", "'\u2019`")


def normalise(text: str) -> str:
    """Lower case, no accents or apostrophes, other punctuation as spaces.

    "  Mómbasa " -> "mombasa", "Murang'a" -> "muranga", "Taita-Taveta" -> "taita taveta".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = stripped.casefold().translate(_APOSTROPHES)
    return " ".join("".join(ch if ch.isalnum() else " " for ch in cleaned).split())


def haversine_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance between two points given in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distance_km(a: Town, b: Town) -> float:
    """Great-circle distance (haversine) between two towns."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def list_towns(*, session: Session) -> list[Town]:
    return list(session.scalars(select(Town).order_by(Town.name)))


def find_town(session: Session, text: str | None) -> Town | None:
    """The known town the user meant, or None when nothing is close enough."""
    if not text or not normalise(text):
        return None
    wanted = normalise(text)
    towns = list_towns(session=session)
    by_name = {normalise(t.name): t for t in towns}
    if wanted in by_name:
        return by_name[wanted]
    best = process.extractOne(wanted, list(by_name), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return by_name[best[0]] if best else None


def nearby_town_names(session: Session, name: str, radius_km: float = NEARBY_KM) -> list[str]:
    """The town itself first, then the towns within radius_km, nearest first.

    An unknown town gives an empty list: callers then search the text as given
    rather than pretend to know what is near it.
    """
    centre = find_town(session, name)
    if centre is None:
        return []
    others = [(distance_km(centre, t), t.name) for t in list_towns(session=session) if t.id != centre.id]
    return [centre.name] + [n for d, n in sorted(others) if d <= radius_km]


@dataclass(frozen=True)
class TownSearch:
    """The towns a search by place covers, nearest first, and how to filter on them."""

    names: list[str]
    known: bool

    def matches(self, column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        if self.known:
            # Records store known towns in their official spelling: a plain comparison
            # can use the column's index, lower() could not.
            return column.in_(self.names)
        # A place we do not know is stored as each writer typed it: compare ignoring case.
        return func.lower(column).in_([n.lower() for n in self.names])

    def nearest_first(self, column: InstrumentedAttribute[str]) -> ColumnElement[int]:
        return case(
            {n.lower(): rank for rank, n in enumerate(self.names)},
            value=func.lower(column),
            else_=len(self.names),
        )


def towns_to_search(session: Session, text: str, *, nearby: bool) -> TownSearch:
    """The town (official spelling), then, when `nearby`, its neighbours nearest first;
    an unknown town is searched as typed."""
    found = find_town(session, text)
    if found is None:
        return TownSearch([text.strip()], known=False)
    if not nearby:
        return TownSearch([found.name], known=True)
    return TownSearch(nearby_town_names(session, found.name), known=True)
