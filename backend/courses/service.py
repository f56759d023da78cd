"""Course search: free text, ISCO group prefix, town (with its neighbours), mode, funding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from backend.core.errors import NotFound
from backend.core.search import all_words_in
from backend.courses.models import Course, CourseIsco
from backend.towns.service import towns_to_search


@dataclass(frozen=True)
class CourseQuery:
    field: str | None = None
    q: str | None = None
    isco_code: str | None = None
    town: str | None = None
    nearby: bool = True
    mode: str | None = None
    funded: bool | None = None


# `field` and `q` are both matched against these (the contract says so).
TEXT_COLUMNS = (Course.title, Course.field, Course.description)


@dataclass(frozen=True)
class CourseResults:
    items: list[Course]
    total: int
    towns_searched: list[str]


def search_courses(*, session: Session, query: CourseQuery, offset: int = 0, limit: int = 3) -> CourseResults:
    stmt: Select[tuple[Course]] = select(Course)
    if query.field:
        stmt = stmt.where(all_words_in(TEXT_COLUMNS, query.field))
    if query.q:
        stmt = stmt.where(all_words_in(TEXT_COLUMNS, query.q))
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
        search = towns_to_search(session, query.town, nearby=query.nearby)
        towns = search.names
        held_here = and_(search.matches(Course.town), Course.mode == "in_person")
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
