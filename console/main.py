"""The console web app: `uvicorn console.main:create_app --factory`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from console.db import make_engine, session_factory, utcnow
from console.demo import demo_router
from console.settings import Settings
from console.staff.routes import staff_router
from console.widget_routes import widget_router


def create_app(settings: Settings | None = None, *, clock: Callable[[], datetime] = utcnow) -> FastAPI:
    settings = settings or Settings.from_env()
    settings.require_secret_key()
    app = FastAPI(title="PES console", docs_url="/docs", redoc_url=None)
    # The staff accounts' database; the engine connects lazily, on the first staff request.
    app.state.console_settings = settings
    app.state.engine = make_engine(settings.console_database_url)
    app.state.console_sessions = session_factory(app.state.engine)
    # Lock-out and session expiry read the time here, so tests can move it forward.
    app.state.clock = clock
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(widget_router(settings))
    app.include_router(demo_router(settings))
    app.include_router(staff_router(settings))
    return app
