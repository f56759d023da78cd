"""Static files held in memory, answered with validators and cache headers.

The widget is built once at start-up: its stylesheet and the socket.io client's
version are written into widget.js, so a page loads one small script and, when the
chat is used, one versioned copy of the client that browsers may cache for a year.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, Response

JAVASCRIPT = "text/javascript; charset=utf-8"
CSS_PLACEHOLDER = '"__PES_WIDGET_CSS__"'
VERSION_PLACEHOLDER = "__PES_SOCKET_IO_VERSION__"
SOCKETIO_PACKAGE = Path("node_modules") / "socket.io-client"
SOCKETIO_SCRIPT = Path("dist") / "socket.io.min.js"


class WidgetBuildError(RuntimeError):
    """The widget's sources are not what the console expects (a broken checkout)."""


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    cache_control: str

    @property
    def etag(self) -> str:
        # Weak: the gzip middleware may send the same content in another encoding.
        return f'W/"{hashlib.sha256(self.body).hexdigest()[:32]}"'

    def respond(self, request: Request, cache_control: str | None = None) -> Response:
        headers = {
            "ETag": self.etag,
            "Cache-Control": cache_control or self.cache_control,
            "X-Content-Type-Options": "nosniff",
        }
        if _etag_matches(request.headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


@dataclass(frozen=True)
class SocketIOClient:
    version: str
    script: Asset
    source_map: Asset | None


def compact_css(css: str) -> str:
    """Comments and runs of whitespace removed: our stylesheet has no strings that need them."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};,>])\s*", r"\1", css).strip()


def load_socketio(widget_dir: Path, cache_control: str) -> SocketIOClient | None:
    """socket.io-client's browser build as npm installed it, or None when it is missing."""
    package = widget_dir / SOCKETIO_PACKAGE
    script = package / SOCKETIO_SCRIPT
    if not script.is_file():
        return None
    version = str(json.loads((package / "package.json").read_text(encoding="utf-8"))["version"])
    map_path = script.with_name(script.name + ".map")
    source_map = None
    if map_path.is_file():
        source_map = Asset(map_path.read_bytes(), "application/json", cache_control)
    return SocketIOClient(
        version=version, script=Asset(script.read_bytes(), JAVASCRIPT, cache_control), source_map=source_map
    )


def build_widget(widget_dir: Path, socketio_version: str, cache_control: str) -> Asset:
    js = (widget_dir / "src" / "widget.js").read_text(encoding="utf-8")
    css = (widget_dir / "src" / "widget.css").read_text(encoding="utf-8")
    for placeholder in (CSS_PLACEHOLDER, VERSION_PLACEHOLDER):
        if placeholder not in js:
            raise WidgetBuildError(f"widget.js lacks the placeholder {placeholder}")
    js = js.replace(CSS_PLACEHOLDER, json.dumps(compact_css(css)))
    js = js.replace(VERSION_PLACEHOLDER, socketio_version)
    return Asset(js.encode("utf-8"), JAVASCRIPT, cache_control)
