"""Free-text filters shared by the searches of every feature (vacancies, courses...)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, true
from sqlalchemy.orm import InstrumentedAttribute

# Words beyond this are ignored: each word adds a LIKE per column, and a query of
# thousands of words overflowed SQLite's expression depth (a 500, not an answer).
MAX_WORDS = 10

Column = ColumnElement[str] | InstrumentedAttribute[str] | InstrumentedAttribute[str | None]


def contains_ci(column: Column, text: str) -> ColumnElement[bool]:
    """Case-insensitive substring match that treats % and _ in user text literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def all_words_in(columns: tuple[Column, ...], text: str) -> ColumnElement[bool]:
    """Every word of the text appears in one of the columns: more words narrow, not widen."""
    words = text.split()[:MAX_WORDS]
    if not words:
        return true()
    return and_(*(or_(*(contains_ci(c, w) for c in columns)) for w in words))
