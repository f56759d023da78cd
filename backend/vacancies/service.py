"""Vacancy search and creation."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from backend.alerts.delivery import queue_deliveries
from backend.core.clock import pes_today
from backend.core.errors import BadRequest, NotFound
from backend.core.search import all_words_in
from backend.occupations.models import Occupation
from backend.towns.service import find_town, towns_to_search
from backend.vacancies.models import Vacancy
from backend.vacancies.schemas import VacancyIn, VacancyOut, VacancyPage

MAX_LIMIT = 50
# `q` words must each appear in one of these (title, description, employer, occupation).
KEYWORD_COLUMNS = (Vacancy.title, Vacancy.description, Vacancy.employer, Vacancy.occupation_label)


def search_vacancies(
    *,
    session: Session,
    today: date,
    occupation_uri: str | None = None,
    isco_code: str | None = None,
    q: str | None = None,
    town: str | None = None,
    nearby: bool = True,
    employment_type: str | None = None,
    offset: int = 0,
    limit: int = 3,
) -> VacancyPage:
    """Open vacancies matching every given filter, in the town first, newest first."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise BadRequest(f"limit must be 1-{MAX_LIMIT} and offset 0 or more")
    query = select(Vacancy).where(or_(Vacancy.valid_through.is_(None), Vacancy.valid_through >= today))
    if occupation_uri:
        query = query.where(Vacancy.occupation_uri == occupation_uri.strip())
    if isco_code:
        code = isco_code.strip()
        if not code.isdigit() or len(code) > 4:
            raise BadRequest("isco_code must be 1 to 4 digits (a unit group or a group prefix)")
        query = query.where(Vacancy.isco_code.startswith(code, autoescape=True))
    if employment_type:
        query = query.where(Vacancy.employment_type == employment_type)
    if q and q.strip():
        query = query.where(all_words_in(KEYWORD_COLUMNS, q))

    towns_searched: list[str] = []
    order: list[ColumnElement[Any]] = []
    if town and town.strip():
        towns = towns_to_search(session, town, nearby=nearby)
        towns_searched = towns.names
        query = query.where(towns.matches(Vacancy.town))
        # Jobs in the town asked for come before jobs in the towns around it.
        order.append(towns.nearest_first(Vacancy.town))

    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = _ordered(query, order).offset(offset).limit(limit)
    items = [VacancyOut.model_validate(v) for v in session.scalars(page)]
    return VacancyPage(items=items, total=total, offset=offset, limit=limit, towns_searched=towns_searched)


def get_vacancy(*, session: Session, vacancy_id: int) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound(f"no vacancy with id {vacancy_id}")
    return vacancy


def open_vacancies(*, session: Session, today: date) -> list[Vacancy]:
    query = select(Vacancy).where(or_(Vacancy.valid_through.is_(None), Vacancy.valid_through >= today))
    return list(session.scalars(query.order_by(Vacancy.id)))


def create_vacancy(*, session: Session, data: VacancyIn) -> Vacancy:
    values = data.model_dump()
    known = find_town(session, data.town)
    if known is not None:
        # Stored under the official spelling so that town searches find it.
        values["town"] = known.name
        values["region"] = data.region or known.region
    if data.occupation_uri and (data.isco_code is None or data.occupation_label is None):
        occupation = session.scalar(select(Occupation).where(Occupation.uri == data.occupation_uri))
        if occupation is not None:
            values["isco_code"] = data.isco_code or occupation.isco_code
            values["occupation_label"] = data.occupation_label or occupation.label
    vacancy = Vacancy(**values)
    session.add(vacancy)
    session.flush()
    # Subscribers whose alert matches hear about it from the alert dispatcher. The demo
    # seed writes its vacancies directly, so seeding never alerts anyone.
    queue_deliveries(session=session, vacancy=vacancy, today=pes_today())
    return vacancy


def _ordered(query: Select[tuple[Vacancy]], first: list[ColumnElement[Any]]) -> Select[tuple[Vacancy]]:
    return query.order_by(*first, Vacancy.date_posted.desc(), Vacancy.id.desc())
