"""The console web app: `uvicorn console.main:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

import httpx
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from console.db import make_engine, session_factory, utcnow
from console.demo import demo_router
from console.inbox.page import inbox_page_router
from console.inbox.routes import inbox_error_response, inbox_router
from console.inbox.runtime import Inbox, build_inbox
from console.inbox.service import InboxError
from console.settings import Settings
from console.staff.routes import staff_router
from console.widget_routes import widget_router


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    inbox: Inbox = app.state.inbox
    if app.state.run_inbox_sync:
        inbox.start()
    try:
        yield
    finally:
        await inbox.stop()


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] = utcnow,
    transport: httpx.AsyncBaseTransport | None = None,
    run_inbox_sync: bool = True,
) -> FastAPI:
    """The console app. `transport` carries the inbox's calls to the back-end and Rasa
    (tests pass in-process fakes); `run_inbox_sync=False` leaves passes to the caller."""
    settings = settings or Settings.from_env()
    settings.require_secret_key()
    app = FastAPI(title="PES console", docs_url="/docs", redoc_url=None, lifespan=lifespan)
    # The staff accounts' database; the engine connects lazily, on the first staff request.
    app.state.console_settings = settings
    app.state.engine = make_engine(settings.console_database_url)
    app.state.console_sessions = session_factory(app.state.engine)
    # Lock-out and session expiry read the time here, so tests can move it forward.
    app.state.clock = clock
    # The staff inbox: clients of the back-end and Rasa, live updates, the sync loop
    # (started with the app when the back-end and Rasa are configured).
    app.state.inbox = build_inbox(settings, app.state.console_sessions, clock, transport=transport)
    app.state.run_inbox_sync = run_inbox_sync
    app.add_exception_handler(InboxError, inbox_error_response)
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(widget_router(settings))
    app.include_router(demo_router(settings))
    app.include_router(staff_router(settings))
    app.include_router(inbox_page_router(settings))
    app.include_router(inbox_router(settings))
    return app
