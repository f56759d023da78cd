"""FastAPI application factory of the PES back-end."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from backend.alerts.dispatcher import start_dispatcher
from backend.core.config import Settings, get_settings
from backend.core.db import make_engine, session_factory
from backend.core.deps import refuse_nul_characters, require_token
from backend.core.errors import install_handlers

# Each feature package exposes `routes.router`; listed here so the app wires them all.
FEATURES = [
    "backend.towns",
    "backend.jobseekers",
    "backend.occupations",
    "backend.vacancies",
    "backend.courses",
    "backend.programmes",
    "backend.applications",
    "backend.offices",
    "backend.escalations",
    "backend.alerts",
    "backend.drafts",
    "backend.messaging",
]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Read at start-up, not in create_app: tests swap the session factory in between.
    dispatcher = start_dispatcher(app.state.settings, app.state.session_factory)
    app.state.alert_dispatcher = dispatcher
    try:
        yield
    finally:
        if dispatcher is not None:
            await dispatcher.stop()
        app.state.alert_dispatcher = None


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="PES back-end",
        version="1.0.0",
        description="Reference Public Employment Service API used by the assistant.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    install_handlers(app)

    api = APIRouter(prefix="/api/v1", dependencies=[Depends(require_token), Depends(refuse_nul_characters)])
    for name in FEATURES:
        try:
            module = importlib.import_module(f"{name}.routes")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.routes" and exc.name != name:
                raise
            continue
        api.include_router(module.router)
    app.include_router(api)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
