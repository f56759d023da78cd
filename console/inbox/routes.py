"""The inbox API under /staff/inbox/api: tickets, replies, notes, canned answers, staff,
presence, teams and the live event stream.

Signed-in staff or higher throughout; state changes pass the same CSRF and Origin checks
as the accounts' routes (`require_role`). Routes that only touch the database are plain
functions (FastAPI runs them in its thread pool); those that also call the back-end or
Rasa are coroutines that do their database work in the thread pool and commit before
each outside call, so no transaction stays open while the network is slow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from console.inbox import service
from console.inbox.clients import UpstreamError
from console.inbox.events import Kind
from console.inbox.limits import ReplyTooLong, check_reply_length
from console.inbox.models import Ticket
from console.inbox.runtime import Inbox, NotConnected
from console.inbox.schemas import (
    AssignIn,
    CannedIn,
    CannedPatch,
    PresenceIn,
    TeamsIn,
    TextIn,
    canned_out,
    message_out,
    note_out,
    staff_out,
    ticket_detail,
    ticket_summary,
)
from console.settings import Settings
from console.staff.models import StaffAccount, StaffSession
from console.staff.routes import NO_STORE, Db, Staff, Supervisor, now_of
from console.staff.security import SESSION_COOKIE, session_token_hash

API = "/staff/inbox/api"
T = TypeVar("T")
# Escalation status the back-end gets when a person takes the conversation.
IN_PROGRESS = {"status": "in_progress"}
CLOSED = {"status": "closed"}
CLOSING_INTENT = "handoff_closed"


def inbox_error_response(_request: Request, exc: Exception) -> Response:
    """The answer to an InboxError raised anywhere in the inbox: its status, its message."""
    status = exc.status if isinstance(exc, service.InboxError) else 500
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=NO_STORE)


def _json(payload: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(payload, status_code=status, headers=NO_STORE)


def _inbox(request: Request) -> Inbox:
    inbox: Inbox = request.app.state.inbox
    return inbox


async def _in_thread(work: Callable[[], T]) -> T:
    return await run_in_threadpool(work)


def _detail(db: Session, ticket_id: int, now: datetime) -> dict[str, Any]:
    ticket = service.get_ticket(db, ticket_id=ticket_id)
    messages = service.messages_of(db, ticket_id=ticket.id)
    notes = service.notes_of(db, ticket_id=ticket.id)
    people = [ticket.assignee_id, *(m.author_id for m in messages), *(n.author_id for n in notes)]
    accounts = service.accounts_by_id(db, people)
    return ticket_detail(ticket, messages=messages, notes=notes, accounts=accounts, now=now)


def _commit_and_publish(db: Session, inbox: Inbox, ticket_id: int, kind: Kind) -> None:
    """Live pages hear of a change only once it is committed, so what they fetch has it."""
    db.commit()
    inbox.broadcaster.publish(ticket_id, kind)


def _upstream_failure(message: str, exc: UpstreamError, body: dict[str, Any] | None = None) -> JSONResponse:
    return _json({"detail": f"{message}: {exc}", **(body or {})}, status=502)


def _not_connected(exc: NotConnected) -> JSONResponse:
    return _json({"detail": str(exc)}, status=503)


def _session_alive(request: Request) -> Callable[[], bool]:
    """Checks, without extending it, that the stream's session still holds."""
    settings: Settings = request.app.state.console_settings
    token = request.cookies.get(SESSION_COOKIE, "")
    token_hash = session_token_hash(settings.require_secret_key(), token)
    idle = timedelta(minutes=settings.session_idle_minutes)
    sessions = request.app.state.console_sessions
    clock: Callable[[], datetime] = request.app.state.clock

    def check() -> bool:
        with sessions() as db:
            row = db.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash))
            if row is None:
                return False
            account = db.get(StaffAccount, row.account_id)
            now = clock()
            return bool(account and account.active and row.expires_at > now and row.last_seen_at + idle > now)

    return check


async def _take_over(inbox: Inbox, ticket: Ticket) -> None:
    """The back-end marks the escalation in progress; Rasa stops the bot (again: idempotent)."""
    backend, rasa = inbox.connected()
    async with backend.open() as api:
        await backend.update_escalation(api, ticket.escalation_id, IN_PROGRESS)
    async with rasa.open() as http:
        await rasa.pause(http, ticket.conversation_id)


def inbox_router(settings: Settings) -> APIRouter:
    router = APIRouter(prefix=API, tags=["staff inbox"])

    # -- tickets -------------------------------------------------------------------------
    @router.get("/tickets", summary="A folder of tickets, searchable")
    def list_tickets(
        request: Request,
        ctx: Staff,
        db: Db,
        folder: Annotated[str, Query(description="mine | unassigned | all | closed")] = "all",
        team: Annotated[str | None, Query(description="registration | benefits | programmes | other")] = None,
        q: Annotated[
            str | None, Query(max_length=200, description="ticket id, conversation, name or text")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 200,
    ) -> JSONResponse:
        tickets = service.list_tickets(
            db, folder=folder, account_id=ctx.account.id, team=team or None, q=q, limit=limit
        )
        previews = service.previews(db, [t.id for t in tickets])
        accounts = service.accounts_by_id(db, (t.assignee_id for t in tickets))
        now = now_of(request)
        return _json(
            [ticket_summary(t, accounts=accounts, preview=previews.get(t.id), now=now) for t in tickets]
        )

    @router.get("/tickets/{ticket_id}", summary="One ticket with its conversation and notes")
    def get_ticket(request: Request, ticket_id: int, ctx: Staff, db: Db) -> JSONResponse:
        now = now_of(request)
        detail = _detail(db, ticket_id, now)
        ticket = service.get_ticket(db, ticket_id=ticket_id)
        service.record_view(db, ticket=ticket, actor=ctx.account, now=now, ip=ctx.ip)
        return _json(detail)

    @router.post("/tickets/{ticket_id}/claim", summary="Take a waiting ticket")
    async def claim(request: Request, ticket_id: int, ctx: Staff, db: Db) -> JSONResponse:
        inbox = _inbox(request)
        now = now_of(request)
        try:
            inbox.connected()
        except NotConnected as exc:
            return _not_connected(exc)
        changed = await _in_thread(
            lambda: service.claim(db, ticket_id=ticket_id, actor=ctx.account, now=now, ip=ctx.ip)
        )
        await _in_thread(
            lambda: _commit_and_publish(db, inbox, ticket_id, "updated") if changed else db.commit()
        )
        ticket = await _in_thread(lambda: service.get_ticket(db, ticket_id=ticket_id))
        try:
            await _take_over(inbox, ticket)
        except UpstreamError as exc:
            return _upstream_failure(
                f"ticket {ticket_id} is yours, but the conversation could not be taken over "
                "(claim it again to retry)",
                exc,
            )
        return _json(await _in_thread(lambda: _detail(db, ticket_id, now)))

    @router.post("/tickets/{ticket_id}/assign", summary="Give a ticket to a colleague")
    async def assign(request: Request, ticket_id: int, body: AssignIn, ctx: Staff, db: Db) -> JSONResponse:
        inbox = _inbox(request)
        now = now_of(request)
        try:
            inbox.connected()
        except NotConnected as exc:
            return _not_connected(exc)
        changed = await _in_thread(
            lambda: service.assign(
                db, ticket_id=ticket_id, target_id=body.account_id, actor=ctx.account, now=now, ip=ctx.ip
            )
        )
        await _in_thread(
            lambda: _commit_and_publish(db, inbox, ticket_id, "updated") if changed else db.commit()
        )
        ticket = await _in_thread(lambda: service.get_ticket(db, ticket_id=ticket_id))
        try:
            await _take_over(inbox, ticket)
        except UpstreamError as exc:
            return _upstream_failure(
                f"ticket {ticket_id} is assigned, but the conversation could not be taken over "
                "(assign it again to retry)",
                exc,
            )
        return _json(await _in_thread(lambda: _detail(db, ticket_id, now)))

    @router.post("/tickets/{ticket_id}/messages", status_code=201, summary="Reply to the user (assignee)")
    async def reply(request: Request, ticket_id: int, body: TextIn, ctx: Staff, db: Db) -> JSONResponse:
        inbox = _inbox(request)
        now = now_of(request)

        def prepare() -> tuple[Ticket, str]:
            ticket = service.get_ticket(db, ticket_id=ticket_id)
            service.check_reply(ticket, ctx.account)
            text = service.clean_text(body.text, what="reply", limit=None)
            try:
                check_reply_length(ticket.channel, text)
            except ReplyTooLong as exc:
                raise service.Invalid(str(exc)) from exc
            return ticket, text

        ticket, text = await _in_thread(prepare)
        try:
            _backend, rasa = inbox.connected()
        except NotConnected as exc:
            return _not_connected(exc)

        def store() -> int:
            message_id = service.add_staff_message(db, ticket=ticket, actor=ctx.account, text=text, now=now)
            db.commit()
            return message_id

        message_id = await _in_thread(store)
        failure: UpstreamError | None = None
        try:
            async with rasa.open() as http:
                await rasa.deliver(
                    http,
                    ticket.conversation_id,
                    channel=ticket.channel,
                    text=text,
                    staff_message_id=message_id,
                    staff_name=ctx.account.display_name,
                )
        except UpstreamError as exc:
            failure = exc

        def record() -> dict[str, Any]:
            message = service.record_delivery(
                db,
                message_id=message_id,
                delivered=failure is None,
                actor=ctx.account,
                now=now,
                ip=ctx.ip,
                error=str(failure) if failure else None,
            )
            out = message_out(message, {ctx.account.id: ctx.account})
            _commit_and_publish(db, inbox, ticket_id, "message")
            return out

        out = await _in_thread(record)
        if failure is not None:
            return _upstream_failure("the reply was not delivered", failure, {"message": out})
        return _json(out, status=201)

    @router.post("/tickets/{ticket_id}/notes", status_code=201, summary="An internal note on a ticket")
    def add_note(request: Request, ticket_id: int, body: TextIn, ctx: Staff, db: Db) -> JSONResponse:
        note = service.add_note(
            db, ticket_id=ticket_id, actor=ctx.account, text=body.text, now=now_of(request), ip=ctx.ip
        )
        out = note_out(note, {ctx.account.id: ctx.account})
        _commit_and_publish(db, _inbox(request), ticket_id, "note")
        return _json(out, status=201)

    @router.post("/tickets/{ticket_id}/close", summary="Close a ticket and hand the user back to the bot")
    async def close(request: Request, ticket_id: int, ctx: Staff, db: Db) -> JSONResponse:
        inbox = _inbox(request)
        now = now_of(request)

        def check() -> Ticket:
            ticket = service.get_ticket(db, ticket_id=ticket_id)
            service.check_close(ticket, ctx.account)
            db.commit()
            return ticket

        ticket = await _in_thread(check)
        try:
            backend, rasa = inbox.connected()
        except NotConnected as exc:
            return _not_connected(exc)
        # The user hears the bot again only once everything agrees the handoff is over;
        # until then the ticket stays open, and closing it again repeats what is missing.
        try:
            async with backend.open() as api:
                await backend.update_escalation(api, ticket.escalation_id, CLOSED)
            async with rasa.open() as http:
                await rasa.resume(http, ticket.conversation_id)
                await rasa.trigger_intent(
                    http, ticket.conversation_id, name=CLOSING_INTENT, channel=ticket.channel
                )
        except UpstreamError as exc:
            return _upstream_failure(f"ticket {ticket_id} stays open", exc)

        def finish() -> dict[str, Any]:
            service.close(db, ticket_id=ticket_id, actor=ctx.account, now=now, ip=ctx.ip)
            _commit_and_publish(db, inbox, ticket_id, "closed")
            return _detail(db, ticket_id, now)

        return _json(await _in_thread(finish))

    # -- canned answers ------------------------------------------------------------------
    @router.get("/canned", summary="Canned answers, of one language if given")
    def list_canned(
        ctx: Staff, db: Db, language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None
    ) -> JSONResponse:
        return _json([canned_out(a) for a in service.list_canned(db, language=language)])

    @router.post("/canned", status_code=201, summary="Add a canned answer (supervisors)")
    def create_canned(request: Request, body: CannedIn, ctx: Supervisor, db: Db) -> JSONResponse:
        answer = service.create_canned(
            db,
            language=body.language,
            team=body.team,
            title=body.title,
            text=body.text,
            actor=ctx.account,
            now=now_of(request),
            ip=ctx.ip,
        )
        return _json(canned_out(answer), status=201)

    @router.patch("/canned/{answer_id}", summary="Change a canned answer (supervisors)")
    def change_canned(
        request: Request, answer_id: int, body: CannedPatch, ctx: Supervisor, db: Db
    ) -> JSONResponse:
        changes = body.model_dump(exclude_unset=True)
        for name in ("language", "title", "text"):
            if name in changes and changes[name] is None:
                raise service.Invalid(f"{name} cannot be null")
        answer = service.update_canned(
            db, answer_id=answer_id, changes=changes, actor=ctx.account, now=now_of(request), ip=ctx.ip
        )
        return _json(canned_out(answer))

    @router.delete("/canned/{answer_id}", status_code=204, summary="Delete a canned answer (supervisors)")
    def delete_canned(request: Request, answer_id: int, ctx: Supervisor, db: Db) -> Response:
        service.delete_canned(db, answer_id=answer_id, actor=ctx.account, now=now_of(request), ip=ctx.ip)
        return Response(status_code=204)

    # -- staff, presence, teams ----------------------------------------------------------
    @router.get("/staff", summary="Active colleagues: presence, teams, open tickets")
    def list_staff(ctx: Staff, db: Db) -> JSONResponse:
        return _json([staff_out(m) for m in service.staff_list(db)])

    @router.put("/presence", summary="Say whether you are online or away")
    def set_presence(request: Request, body: PresenceIn, ctx: Staff, db: Db) -> JSONResponse:
        row = service.set_presence(db, actor=ctx.account, status=body.status, now=now_of(request), ip=ctx.ip)
        return _json({"status": row.status, "updated_at": row.updated_at.isoformat()})

    @router.put("/staff/{account_id}/teams", summary="Set a colleague's teams (supervisors)")
    def set_teams(request: Request, account_id: int, body: TeamsIn, ctx: Supervisor, db: Db) -> JSONResponse:
        teams = service.set_teams(
            db, account_id=account_id, teams=body.teams, actor=ctx.account, now=now_of(request), ip=ctx.ip
        )
        return _json({"account_id": account_id, "teams": teams})

    # -- live updates --------------------------------------------------------------------
    @router.get("/events", summary="Server-sent events: which ticket changed and how")
    async def events(request: Request, ctx: Staff) -> StreamingResponse:
        alive = _session_alive(request)

        async def still_allowed() -> bool:
            return await run_in_threadpool(alive)

        return StreamingResponse(
            _inbox(request).broadcaster.stream(still_allowed),
            media_type="text/event-stream",
            # Proxies (nginx) must pass each event on at once instead of buffering the stream.
            headers={**NO_STORE, "X-Accel-Buffering": "no"},
        )

    return router
