"""Staff sign-in, sessions and account management under /staff.

Browsers get server-rendered pages and redirects; JSON clients get JSON. Every
state-changing request of a signed-in session passes the CSRF check in `require_role`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from string import Template
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy.orm import Session

from console.db import session_scope
from console.settings import Settings
from console.staff import audit, service
from console.staff.models import Role, StaffAccount, StaffSession
from console.staff.schemas import (
    AccountCreate,
    AccountOut,
    AccountUpdate,
    AuditEventOut,
    LoginIn,
    Me,
    PasswordReset,
    parse,
    read_body,
)
from console.staff.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    PasswordPolicyError,
    login_csrf_token,
    new_token,
    origin_of,
    same_origin,
    session_csrf_token,
    tokens_match,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
WRONG_CREDENTIALS = "email or password is wrong"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NO_STORE = {"Cache-Control": "no-store"}
# Where sign-in may send the browser back to: a page of this console, never another site.
RETURN_PATH = re.compile(r"/staff/[A-Za-z0-9_/-]*")


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text("utf-8"))


LAYOUT = _template("staff_layout.html")
LOGIN_PAGE = _template("staff_login.html")
HOME_PAGE = _template("staff_home.html")
ACCOUNTS_PAGE = _template("staff_accounts.html")


@dataclass(frozen=True)
class StaffContext:
    """The signed-in account of a request, with the CSRF token its pages must send back."""

    account: StaffAccount
    session_row: StaffSession
    csrf_token: str
    ip: str | None

    @property
    def role(self) -> Role:
        return self.account.role_enum


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def now_of(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def get_db(request: Request) -> Iterator[Session]:
    yield from session_scope(request.app.state.console_sessions)


Db = Annotated[Session, Depends(get_db)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.console_settings
    return settings


def _key(request: Request) -> str:
    return _settings(request).require_secret_key()


def expected_origin(request: Request) -> str:
    public = _settings(request).console_public_url
    origin = origin_of(public) if public else None
    return origin or f"{request.url.scheme}://{request.url.netloc}".lower()


def check_origin(request: Request) -> None:
    if not same_origin(
        expected_origin(request), request.headers.get("origin"), request.headers.get("referer")
    ):
        raise HTTPException(403, "cross-site request refused: the Origin is not this console")


async def _csrf_from_request(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        value = (await read_body(request)).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def return_path(request: Request) -> str | None:
    """The staff page named in ?next= (the page that sent the browser to sign in), if safe."""
    value = request.query_params.get("next", "")
    return value if RETURN_PATH.fullmatch(value) else None


def _unauthenticated(request: Request) -> HTTPException:
    if wants_html(request) and request.method in SAFE_METHODS:
        return HTTPException(303, "sign in first", headers={"Location": "/staff/login"})
    return HTTPException(401, "sign in first", headers={"WWW-Authenticate": 'Cookie realm="PES console"'})


def require_role(min_role: Role) -> Callable[..., Awaitable[StaffContext]]:
    """Dependency: a live session of at least `min_role`; CSRF-checked on state changes.

    401 (or, for a browser page, a redirect to the sign-in page) without a session,
    403 for a lower role, a foreign Origin or a missing or wrong CSRF token.
    """

    async def dependency(request: Request, db: Db) -> StaffContext:
        token = request.cookies.get(SESSION_COOKIE)
        key = _key(request)
        settings = _settings(request)
        found = (
            service.resolve_session(
                db,
                token=token,
                key=key,
                now=now_of(request),
                idle=timedelta(minutes=settings.session_idle_minutes),
            )
            if token
            else None
        )
        if found is None:
            # Commit now: the removal of an expired session must survive the error answer.
            db.commit()
            raise _unauthenticated(request)
        row, account = found
        csrf = session_csrf_token(key, token or "")
        if request.method not in SAFE_METHODS:
            check_origin(request)
            if not tokens_match(csrf, await _csrf_from_request(request)):
                raise HTTPException(403, "missing or wrong CSRF token")
        if not account.role_enum.at_least(min_role):
            raise HTTPException(403, f"this needs the {min_role.value} role or higher")
        return StaffContext(account=account, session_row=row, csrf_token=csrf, ip=client_ip(request))

    return dependency


Staff = Annotated[StaffContext, Depends(require_role(Role.STAFF))]
Supervisor = Annotated[StaffContext, Depends(require_role(Role.SUPERVISOR))]
Admin = Annotated[StaffContext, Depends(require_role(Role.ADMIN))]


def _page(title: str, body: str, *, ctx: StaffContext | None = None, status: int = 200) -> HTMLResponse:
    nav = ""
    if ctx is not None:
        nav = (
            f"<span>{escape(ctx.account.display_name)} · {escape(ctx.account.role)}</span>"
            '<form class="inline" method="post" action="/staff/logout">'
            f'<input type="hidden" name="csrf_token" value="{escape(ctx.csrf_token)}">'
            '<button type="submit">Sign out</button></form>'
        )
    html = LAYOUT.substitute(title=escape(title), nav=nav, body=body)
    return HTMLResponse(html, status_code=status, headers={**NO_STORE, "X-Frame-Options": "DENY"})


def _error(message: str | None) -> str:
    return f'<p class="error" role="alert">{escape(message)}</p>' if message else ""


def _account_row(account: StaffAccount) -> str:
    status = "active" if account.active else "inactive"
    if account.locked_until:
        status += " (locked)"
    last = account.last_login_at.isoformat(timespec="minutes") if account.last_login_at else "never"
    cells = (account.display_name, account.email, account.role, status, last)
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def _account_json(account: StaffAccount) -> dict[str, Any]:
    return AccountOut.model_validate(account).model_dump(mode="json")


def staff_router(settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/staff", tags=["staff"])
    policy = service.LockoutPolicy(attempts=settings.lockout_attempts, minutes=settings.lockout_minutes)
    max_age = timedelta(minutes=settings.session_max_age_minutes)

    def set_cookie(response: Response, name: str, value: str, max_age_s: int | None) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age_s,
            path="/",
            secure=settings.cookie_secure,
            httponly=True,
            samesite="strict",
        )

    def login_page(
        request: Request, *, error: str | None = None, email: str = "", status: int = 200
    ) -> Response:
        nonce = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
        token = login_csrf_token(_key(request), nonce)
        if wants_html(request):
            back = return_path(request)
            action = f"/staff/login?next={quote(back)}" if back else "/staff/login"
            body = LOGIN_PAGE.substitute(
                error=_error(error), csrf_token=escape(token), email=escape(email), action=escape(action)
            )
            response: Response = _page("Sign in", body, status=status)
        else:
            content = {"csrf_token": token} if error is None else {"detail": error, "csrf_token": token}
            response = JSONResponse(content, status_code=status, headers=NO_STORE)
        set_cookie(response, LOGIN_CSRF_COOKIE, nonce, 3600)
        return response

    @router.get("/login", summary="The sign-in page (JSON: the login CSRF token)")
    def get_login(request: Request) -> Response:
        return login_page(request)

    @router.post("/login", summary="Sign in with email, password and the sign-in page's CSRF token")
    async def post_login(request: Request, db: Db) -> Response:
        check_origin(request)
        data = await read_body(request)
        nonce = request.cookies.get(LOGIN_CSRF_COOKIE)
        given = request.headers.get(CSRF_HEADER) or data.get(CSRF_FIELD)
        if not nonce or not tokens_match(login_csrf_token(_key(request), nonce), given):
            raise HTTPException(403, "missing or wrong CSRF token: reload the sign-in page")
        form = parse(LoginIn, data)
        now = now_of(request)
        result = service.authenticate(
            db, email=form.email, password=form.password, now=now, policy=policy, ip=client_ip(request)
        )
        if result.locked_until is not None:
            minutes = max(1, -(-int((result.locked_until - now).total_seconds()) // 60))
            message = f"too many failed sign-ins: this account is locked for {minutes} more minute(s)"
            response = login_page(request, error=message, email=form.email, status=423)
            response.headers["Retry-After"] = str(int((result.locked_until - now).total_seconds()))
            return response
        if result.account is None:
            return login_page(request, error=WRONG_CREDENTIALS, email=form.email, status=401)
        token = service.start_session(
            db, account=result.account, key=_key(request), now=now, max_age=max_age, ip=client_ip(request)
        )
        if wants_html(request):
            response = RedirectResponse(return_path(request) or "/staff/", status_code=303, headers=NO_STORE)
        else:
            me = Me(
                account=AccountOut.model_validate(result.account),
                csrf_token=session_csrf_token(_key(request), token),
            )
            response = JSONResponse(me.model_dump(mode="json"), headers=NO_STORE)
        set_cookie(response, SESSION_COOKIE, token, int(max_age.total_seconds()))
        response.delete_cookie(
            LOGIN_CSRF_COOKIE, path="/", secure=settings.cookie_secure, httponly=True, samesite="strict"
        )
        return response

    @router.post("/logout", summary="Sign out: the session ends on the server")
    def logout(request: Request, ctx: Staff, db: Db) -> Response:
        audit.record(
            db,
            ctx.account,
            audit.LOGOUT,
            target_type="account",
            target_id=ctx.account.id,
            ip=ctx.ip,
            at=now_of(request),
        )
        service.end_session(db, row=ctx.session_row)
        response: Response = (
            RedirectResponse("/staff/login", status_code=303)
            if wants_html(request)
            else Response(status_code=204)
        )
        response.delete_cookie(
            SESSION_COOKIE, path="/", secure=settings.cookie_secure, httponly=True, samesite="strict"
        )
        return response

    @router.get("/me", response_model=Me, summary="The signed-in account and its CSRF token")
    def me(ctx: Staff) -> JSONResponse:
        body = Me(account=AccountOut.model_validate(ctx.account), csrf_token=ctx.csrf_token)
        return JSONResponse(body.model_dump(mode="json"), headers=NO_STORE)

    @router.get("/", summary="The signed-in home page")
    def home(request: Request, ctx: Staff) -> Response:
        if not wants_html(request):
            return me(ctx)
        links = '<p><a href="/staff/inbox">Open the inbox</a></p>'
        if ctx.role is Role.ADMIN:
            links += '<p><a href="/staff/accounts">Manage staff accounts</a></p>'
        body = HOME_PAGE.substitute(
            display_name=escape(ctx.account.display_name),
            email=escape(ctx.account.email),
            role=escape(ctx.account.role),
            links=links,
        )
        return _page("Signed in", body, ctx=ctx)

    def accounts_page(
        db: Session, ctx: StaffContext, *, error: str | None = None, status: int = 200
    ) -> Response:
        rows = "\n".join(_account_row(a) for a in service.list_accounts(db))
        body = ACCOUNTS_PAGE.substitute(rows=rows, error=_error(error), csrf_token=escape(ctx.csrf_token))
        return _page("Staff accounts", body, ctx=ctx, status=status)

    @router.get("/accounts", response_model=list[AccountOut], summary="All staff accounts (admins)")
    def list_accounts(request: Request, ctx: Admin, db: Db) -> Response:
        if wants_html(request):
            return accounts_page(db, ctx)
        return JSONResponse([_account_json(a) for a in service.list_accounts(db)], headers=NO_STORE)

    @router.post(
        "/accounts", status_code=201, response_model=AccountOut, summary="Create an account (admins)"
    )
    async def create_account(request: Request, ctx: Admin, db: Db) -> Response:
        data = await read_body(request)
        data.pop(CSRF_FIELD, None)
        html = wants_html(request)
        try:
            form = parse(AccountCreate, data)
            account = service.create_account(
                db,
                email=form.email,
                display_name=form.display_name,
                role=form.role,
                password=form.password,
                actor=ctx.account,
                now=now_of(request),
                ip=ctx.ip,
            )
        except HTTPException as exc:
            if html and exc.status_code == 422:
                return accounts_page(db, ctx, error="check the fields: every one is required", status=422)
            raise
        except (service.AccountError, PasswordPolicyError) as exc:
            status = 409 if isinstance(exc, service.AccountExists) else 422
            if html:
                return accounts_page(db, ctx, error=str(exc), status=status)
            raise HTTPException(status, str(exc)) from exc
        if html:
            return RedirectResponse("/staff/accounts", status_code=303)
        return JSONResponse(_account_json(account), status_code=201)

    @router.patch(
        "/accounts/{account_id}", response_model=AccountOut, summary="Change role, active, name (admins)"
    )
    async def update_account(account_id: int, request: Request, ctx: Admin, db: Db) -> Response:
        change = parse(AccountUpdate, await read_body(request))
        try:
            account = service.get_account(db, account_id=account_id)
            service.update_account(
                db,
                account=account,
                actor=ctx.account,
                now=now_of(request),
                role=change.role,
                active=change.active,
                display_name=change.display_name,
                ip=ctx.ip,
            )
        except service.AccountNotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        except service.AccountError as exc:
            raise HTTPException(409, str(exc)) from exc
        return JSONResponse(_account_json(account))

    @router.post("/accounts/{account_id}/password", status_code=204, summary="Set a new password (admins)")
    async def reset_password(account_id: int, request: Request, ctx: Admin, db: Db) -> Response:
        data = await read_body(request)
        data.pop(CSRF_FIELD, None)
        body = parse(PasswordReset, data)
        try:
            account = service.get_account(db, account_id=account_id)
            service.reset_password(
                db, account=account, password=body.password, actor=ctx.account, now=now_of(request), ip=ctx.ip
            )
        except service.AccountNotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        except PasswordPolicyError as exc:
            raise HTTPException(422, str(exc)) from exc
        return Response(status_code=204)

    @router.get("/audit", response_model=list[AuditEventOut], summary="The audit log (supervisors, admins)")
    def audit_log(
        ctx: Supervisor,
        db: Db,
        actor: Annotated[int | None, Query(description="account id of who acted")] = None,
        action: Annotated[str | None, Query(max_length=64)] = None,
        conversation: Annotated[str | None, Query(max_length=128)] = None,
        before: Annotated[int | None, Query(description="only events older than this id")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> JSONResponse:
        events = audit.search(
            db, actor_id=actor, action=action, conversation_id=conversation, limit=limit, before_id=before
        )
        payload = [AuditEventOut.model_validate(e).model_dump(mode="json") for e in events]
        return JSONResponse(payload, headers=NO_STORE)

    return router
