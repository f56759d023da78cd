"""Request dependencies: the database session and the API token check."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.core.db import session_scope

_bearer = HTTPBearer(auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.session_factory)


def require_token(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    expected: str = request.app.state.settings.api_token
    if creds is None or not hmac.compare_digest(creds.credentials.encode(), expected.encode()):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="missing or invalid API token",
            headers={"WWW-Authenticate": "Bearer"},
        )


def refuse_nul_characters(request: Request) -> None:
    """A NUL in a query or path value is refused on every database alike: PostgreSQL
    cannot compare it at all, and SQLite cut the text at it (so `q=%00` matched all)."""
    values = [*request.path_params.values(), *(x for kv in request.query_params.multi_items() for x in kv)]
    if any("\x00" in str(v) for v in values):
        raise HTTPException(status_code=422, detail="NUL characters are not allowed in the URL")


SessionDep = Annotated[Session, Depends(get_session)]


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
