"""The console web app: `uvicorn console.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from console.demo import demo_router
from console.settings import Settings
from console.widget_routes import widget_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="PES console", docs_url="/docs", redoc_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(widget_router(settings))
    app.include_router(demo_router(settings))
    return app
