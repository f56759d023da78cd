"""The embeddable web chat: the widget script and the socket.io client it loads."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from console.assets import SocketIOClient, build_widget, load_socketio
from console.settings import Settings

logger = logging.getLogger(__name__)

# widget.js keeps one address on every page that embeds it: short caching, so a new
# version reaches visitors within minutes (revalidation is cheap with the ETag).
SHORT_CACHE = "public, max-age=300"
# The client is fetched as socket.io.min.js?v=<version>: that address never changes content.
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
MISSING_CLIENT = "the socket.io client is not installed: run scripts/bootstrap.sh (npm ci in console/widget)"


def widget_router(settings: Settings) -> APIRouter:
    client: SocketIOClient | None = load_socketio(settings.widget_dir, SHORT_CACHE)
    if client is None:
        logger.warning("web chat: %s", MISSING_CLIENT)
    widget = build_widget(settings.widget_dir, client.version if client else "", SHORT_CACHE)
    router = APIRouter(tags=["web chat"])

    @router.get("/widget.js", summary="The web chat widget (one script tag on any page)")
    def widget_js(request: Request) -> Response:
        return widget.respond(request)

    @router.get("/widget/socket.io.min.js", summary="The socket.io client the widget loads")
    def socketio_js(request: Request, v: str | None = None) -> Response:
        if client is None:
            return JSONResponse({"detail": MISSING_CLIENT}, status_code=503)
        return client.script.respond(request, IMMUTABLE_CACHE if v == client.version else SHORT_CACHE)

    @router.get("/widget/socket.io.min.js.map", include_in_schema=False)
    def socketio_map(request: Request) -> Response:
        if client is None or client.source_map is None:
            return JSONResponse({"detail": "no source map"}, status_code=404)
        return client.source_map.respond(request)

    return router
