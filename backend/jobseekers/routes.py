from __future__ import annotations

from fastapi import APIRouter, Query, Response, status

from backend.core.deps import SessionDep
from backend.jobseekers import service
from backend.jobseekers.schemas import IdentityIn, JobseekerIn, JobseekerOut, JobseekerPatch

router = APIRouter(prefix="/jobseekers", tags=["jobseekers"])


@router.post("", response_model=JobseekerOut, status_code=status.HTTP_201_CREATED)
def create_jobseeker(body: JobseekerIn, session: SessionDep) -> JobseekerOut:
    return service.to_out(service.create_jobseeker(session=session, data=body))


# Declared before /{jobseeker_id} so that "lookup" is not read as an id.
@router.get("/lookup", response_model=JobseekerOut)
def lookup_jobseeker(
    session: SessionDep,
    phone: str | None = None,
    channel: str | None = Query(default=None, max_length=40),
    identity: str | None = Query(default=None, max_length=200),
) -> JobseekerOut:
    found = service.lookup_jobseeker(session=session, phone=phone, channel=channel, identity=identity)
    return service.to_out(found)


@router.get("/{jobseeker_id}", response_model=JobseekerOut)
def get_jobseeker(jobseeker_id: int, session: SessionDep) -> JobseekerOut:
    return service.to_out(service.get_jobseeker(session=session, jobseeker_id=jobseeker_id))


@router.patch("/{jobseeker_id}", response_model=JobseekerOut)
def update_jobseeker(jobseeker_id: int, body: JobseekerPatch, session: SessionDep) -> JobseekerOut:
    return service.to_out(service.update_jobseeker(session=session, jobseeker_id=jobseeker_id, changes=body))


@router.delete("/{jobseeker_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_jobseeker(jobseeker_id: int, session: SessionDep) -> Response:
    service.delete_jobseeker(session=session, jobseeker_id=jobseeker_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{jobseeker_id}/identities", response_model=JobseekerOut)
def link_identity(jobseeker_id: int, body: IdentityIn, session: SessionDep) -> JobseekerOut:
    return service.to_out(service.link_identity(session=session, jobseeker_id=jobseeker_id, ident=body))
