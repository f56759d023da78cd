from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, status
from fastapi.responses import JSONResponse

from backend.core.clock import today_in
from backend.core.deps import SessionDep, SettingsDep
from backend.vacancies import jsonld, service
from backend.vacancies.schemas import EmploymentType, ImportResult, VacancyIn, VacancyOut, VacancyPage

router = APIRouter(prefix="/vacancies", tags=["vacancies"])
JSONLD = "application/ld+json"


@router.get("", response_model=VacancyPage)
def search_vacancies(
    session: SessionDep,
    settings: SettingsDep,
    occupation_uri: str | None = None,
    isco_code: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    town: Annotated[str | None, Query(max_length=100)] = None,
    nearby: bool = True,
    employment_type: EmploymentType | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = 3,
) -> VacancyPage:
    return service.search_vacancies(
        session=session,
        today=today_in(settings.timezone),
        occupation_uri=occupation_uri,
        isco_code=isco_code,
        q=q,
        town=town,
        nearby=nearby,
        employment_type=employment_type,
        offset=offset,
        limit=limit,
    )


@router.post("", response_model=VacancyOut, status_code=status.HTTP_201_CREATED)
def create_vacancy(body: VacancyIn, session: SessionDep) -> VacancyOut:
    return VacancyOut.model_validate(service.create_vacancy(session=session, data=body))


# Fixed paths come before /{vacancy_id}.
@router.get("/export.jsonld")
def export_jsonld(session: SessionDep, settings: SettingsDep) -> JSONResponse:
    vacancies = service.open_vacancies(session=session, today=today_in(settings.timezone))
    return JSONResponse(jsonld.to_item_list(vacancies), media_type=JSONLD)


@router.post("/import", response_model=ImportResult, status_code=status.HTTP_201_CREATED)
def import_jsonld(session: SessionDep, payload: Annotated[Any, Body()]) -> ImportResult:
    # Validate everything first: a feed with one bad posting is refused whole.
    postings = jsonld.parse_payload(payload)
    for posting in postings:
        service.create_vacancy(session=session, data=posting)
    return ImportResult(created=len(postings))


@router.get("/{vacancy_id}", response_model=VacancyOut)
def get_vacancy(vacancy_id: int, session: SessionDep) -> VacancyOut:
    return VacancyOut.model_validate(service.get_vacancy(session=session, vacancy_id=vacancy_id))


@router.get("/{vacancy_id}/jsonld")
def get_vacancy_jsonld(vacancy_id: int, session: SessionDep) -> JSONResponse:
    vacancy = service.get_vacancy(session=session, vacancy_id=vacancy_id)
    return JSONResponse(jsonld.to_jobposting(vacancy), media_type=JSONLD)
