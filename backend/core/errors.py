"""Domain errors that services raise and the app turns into the contract's statuses.

Services stay free of HTTP; routes stay free of try/except.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError


class DomainError(Exception):
    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    status_code = 400


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class Invalid(DomainError):
    """Well-formed input that breaks a rule only the service can check."""

    status_code = 422


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail})

    @app.exception_handler(IntegrityError)
    async def _integrity_error(_request: Request, _exc: IntegrityError) -> JSONResponse:
        # Services check uniqueness first; this only catches two requests racing.
        return JSONResponse(status_code=409, content={"detail": "conflicts with existing data"})

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own handler echoes each bad input; a JSON number like 1e400 arrives
        # as infinity, which JSON cannot carry, and the error answer itself became a 500.
        return JSONResponse(status_code=422, content={"detail": _json_safe(jsonable_encoder(exc.errors()))})

    @app.exception_handler(OverflowError)
    async def _overflow(_request: Request, _exc: OverflowError) -> JSONResponse:
        # SQLite refuses Python ints beyond 64 bits before the query runs.
        return JSONResponse(status_code=422, content={"detail": OUT_OF_RANGE})

    @app.exception_handler(DataError)
    async def _data_error(_request: Request, _exc: DataError) -> JSONResponse:
        # PostgreSQL refuses a value its column type cannot hold (an id beyond int4, a NUL byte).
        return JSONResponse(status_code=422, content={"detail": OUT_OF_RANGE})


OUT_OF_RANGE = (
    "a value in the request cannot be stored or searched: a number out of range "
    "(ids and offsets must fit the database) or text with a NUL character"
)


def _json_safe(value: Any) -> Any:
    """The same structure with infinities and NaN written as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value
