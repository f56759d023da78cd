"""The staff inbox page: one HTML document, its script and its stylesheet.

The document carries no tickets: the script reads them from the inbox API and follows
the event stream, so the page is never reloaded while staff work. Script and stylesheet
are addressed by a hash of their content: browsers keep them for a year and still fetch
a new version on the first load after an upgrade. The page allows no inline script and
talks to this console only (its Content-Security-Policy says so).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from console.assets import JAVASCRIPT, Asset, compact_css
from console.settings import Settings
from console.staff.models import Role
from console.staff.routes import NO_STORE, Db, require_role, wants_html

PAGE_PATH = "/staff/inbox"
STATIC_PREFIX = f"{PAGE_PATH}/static"
SIGN_IN = f"/staff/login?next={PAGE_PATH}"
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
TEMPLATE_PATH = Path(__file__).resolve().parents[1] / "templates" / "inbox.html"
CSS = "text/css; charset=utf-8"
# A hashed name never changes content; a plain name is revalidated (cheap, with the ETag).
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "no-cache"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    **NO_STORE,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True)
class StaticFile:
    """A file of the page under its plain name and under its content-hashed name."""

    plain_name: str
    hashed_name: str
    asset: Asset

    @property
    def url(self) -> str:
        return f"{STATIC_PREFIX}/{self.hashed_name}"


def load_static(name: str, media_type: str, *, compact: bool = False) -> StaticFile:
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    body = (compact_css(text) if compact else text).encode("utf-8")
    stem, suffix = name.rsplit(".", 1)
    digest = hashlib.sha256(body).hexdigest()[:12]
    return StaticFile(name, f"{stem}.{digest}.{suffix}", Asset(body, media_type, SHORT_CACHE))


def render(
    template: Template, *, name: str, role: str, account_id: int, csrf: str, files: dict[str, str]
) -> str:
    return template.substitute(
        display_name=escape(name),
        role=escape(role),
        account_id=account_id,
        csrf_token=escape(csrf),
        script_url=escape(files["script"]),
        style_url=escape(files["style"]),
    )


def inbox_page_router(settings: Settings) -> APIRouter:
    """GET /staff/inbox (the page) and /staff/inbox/static/* (its script and stylesheet).

    The page needs no setting of its own (it takes `settings` like the console's other
    routers): who is signed in comes from the session at request time.
    """
    template = Template(TEMPLATE_PATH.read_text(encoding="utf-8"))
    script = load_static("inbox.js", JAVASCRIPT)
    style = load_static("inbox.css", CSS, compact=True)
    by_name: dict[str, tuple[Asset, str]] = {}
    for file in (script, style):
        by_name[file.plain_name] = (file.asset, SHORT_CACHE)
        by_name[file.hashed_name] = (file.asset, LONG_CACHE)
    signed_in = require_role(Role.STAFF)
    router = APIRouter(tags=["staff inbox"])

    @router.get(PAGE_PATH, response_class=HTMLResponse, summary="The staff inbox (HTML; signed-in staff)")
    async def inbox_page(request: Request, db: Db) -> Response:
        try:
            ctx = await signed_in(request, db)
        except HTTPException as exc:
            # A browser without a session goes to sign in and comes back here afterwards.
            if exc.status_code == 303 or (exc.status_code == 401 and wants_html(request)):
                return RedirectResponse(SIGN_IN, status_code=303, headers=NO_STORE)
            raise
        html = render(
            template,
            name=ctx.account.display_name,
            role=ctx.account.role,
            account_id=ctx.account.id,
            csrf=ctx.csrf_token,
            files={"script": script.url, "style": style.url},
        )
        return HTMLResponse(html, headers=PAGE_HEADERS)

    @router.get(STATIC_PREFIX + "/{name}", include_in_schema=False)
    def inbox_static(name: str, request: Request) -> Response:
        found = by_name.get(name)
        if found is None:
            return JSONResponse({"detail": "no such file"}, status_code=404)
        asset, cache_control = found
        return asset.respond(request, cache_control)

    return router
