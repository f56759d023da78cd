"""HTTP routes of the courses feature; the work happens in service.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.core.deps import SessionDep
from backend.courses import service
from backend.courses.schemas import CourseOut, CoursePage, Mode

router = APIRouter(prefix="/courses", tags=["courses"])


@router.get("", response_model=CoursePage)
def list_courses(
    session: SessionDep,
    field: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    isco_code: Annotated[str | None, Query(pattern=r"^\d{1,4}$")] = None,
    town: Annotated[str | None, Query(max_length=100)] = None,
    nearby: bool = True,
    mode: Mode | None = None,
    funded: bool | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=50)] = 3,
) -> CoursePage:
    query = service.CourseQuery(
        field=field, q=q, isco_code=isco_code, town=town, nearby=nearby, mode=mode, funded=funded
    )
    found = service.search_courses(session=session, query=query, offset=offset, limit=limit)
    return CoursePage(
        items=[CourseOut.model_validate(c) for c in found.items],
        total=found.total,
        offset=offset,
        limit=limit,
        towns_searched=found.towns_searched,
    )


@router.get("/{course_id}", response_model=CourseOut)
def get_course(course_id: int, session: SessionDep) -> CourseOut:
    return CourseOut.model_validate(service.get_course(session=session, course_id=course_id))
