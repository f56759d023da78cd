"""Course search: free text, ISCO group prefix, town (with its neighbours), mode, funding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from backend.core.errors import NotFound
from backend.courses.models import Course, CourseIsco
from backend.towns.service import find_town, nearby_town_names


@dataclass(frozen=True)
class CourseQuery:
    field: str | None = None
    q: str | None = None
    isco_code: str | None = None
    town: str | None = None
    nearby: bool = True
    mode: str | None = None
    funded: bool | None = None


@dataclass(frozen=True)
class CourseResults:
    items: list[Course]
    total: int
    towns_searched: list[str]


def contains_ci(column: ColumnElement[str] | InstrumentedAttribute[str], text: str) -> ColumnElement[bool]:
    """Case-insensitive substring match that treats % and _ in user text literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _text_filter(text: str) -> ColumnElement[bool]:
    # Every word must appear somewhere, so "tailoring nakuru" style queries still narrow.
    words = [w for w in text.split() if w]
    if not words:
        return true()
    clauses = [
        or_(
            contains_ci(Course.title, w),
            contains_ci(Course.field, w),
            contains_ci(Course.description, w),
        )
        for w in words
    ]
    return and_(*clauses)


def resolve_towns(*, session: Session, town: str, nearby: bool) -> list[str]:
    """The canonical town name (and neighbours); an unknown town is searched as typed."""
    found = find_town(session, town)
    if found is None:
        return [town.strip()]
    if not nearby:
        return [found.name]
    return nearby_town_names(session, found.name)


def search_courses(*, session: Session, query: CourseQuery, offset: int = 0, limit: int = 3) -> CourseResults:
    stmt: Select[tuple[Course]] = select(Course)
    if query.field:
        stmt = stmt.where(_text_filter(query.field))
    if query.q:
        stmt = stmt.where(_text_filter(query.q))
    if query.isco_code:
        code = query.isco_code.strip()
        stmt = stmt.where(
            exists().where(CourseIsco.course_id == Course.id, CourseIsco.isco_code.startswith(code))
        )
    if query.mode:
        stmt = stmt.where(Course.mode == query.mode)
    if query.funded is not None:
        stmt = stmt.where(Course.funded.is_(query.funded))
    towns: list[str] = []
    order: list[ColumnElement[Any]] = []
    if query.town and query.town.strip():
        towns = resolve_towns(session=session, town=query.town, nearby=query.nearby)
        lowered = [t.lower() for t in towns]
        held_here = and_(func.lower(Course.town).in_(lowered), Course.mode == "in_person")
        # Online courses can be followed from any town, so a town never hides them.
        stmt = stmt.where(or_(held_here, Course.mode == "online"))
        # Courses held in the town (or nearby) come before online ones.
        order.append(case((held_here, 0), else_=1))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.options(selectinload(Course.isco_links))
        .order_by(*order, Course.start_date.is_(None), Course.start_date, Course.title, Course.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return CourseResults(items=list(rows), total=total, towns_searched=towns)


def get_course(*, session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id, options=[selectinload(Course.isco_links)])
    if course is None:
        raise NotFound(f"no course with id {course_id}")
    return course
