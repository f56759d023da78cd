"""The sync loop: brings escalations, conversations and ratings into the console's tickets.

One pass (`run_once`):
1. imports the back-end's open escalations it has no ticket for (and a callback request
   made since the import), then the profile summary of each new ticket's jobseeker;
2. reads the Rasa tracker of every ticket not closed and stores what the user and the
   bot said since the last read (the console's own replies are already stored);
3. asks the back-end for the rating of tickets closed in the last 24 hours without one.

Every change is published to the open inbox pages. A failing step is logged (once per
distinct error, and again when it recovers) and the next step and pass go on: the loop
never stops on an error. Two console processes may run it at once: tickets are unique
per escalation and a tracker read is stored only by whoever moves the position first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

import httpx
from sqlalchemy.orm import Session, sessionmaker

from console.db import utcnow
from console.inbox import service
from console.inbox.clients import BackendClient, RasaClient, UpstreamError
from console.inbox.events import Broadcaster
from console.inbox.tracker import Reading, read_tracker

logger = logging.getLogger(__name__)

RATING_WINDOW = timedelta(hours=24)
# Trackers read at the same time: enough for a busy office, gentle on the Rasa server.
TRACKER_CONCURRENCY = 8
STOP_TIMEOUT = 15.0
T = TypeVar("T")


@dataclass
class SyncReport:
    """What one pass changed, for the log and the tests."""

    created: int = 0
    updated: int = 0
    messages: int = 0
    failures: int = 0

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass(frozen=True)
class _Position:
    ticket_id: int
    conversation_id: str
    offset: int
    seen_at: float | None


class _Complaints:
    """Logs a failure when it starts or changes, not on every pass, and says when it ends."""

    def __init__(self) -> None:
        self._current: dict[str, str] = {}

    def failed(self, key: str, message: str, *, unexpected: bool = False) -> None:
        if self._current.get(key) == message:
            return
        self._current[key] = message
        if unexpected:
            logger.exception("inbox sync: %s failed: %s", key, message)
        else:
            logger.warning("inbox sync: %s failed: %s", key, message)

    def recovered(self, key: str) -> None:
        if self._current.pop(key, None) is not None:
            logger.info("inbox sync: %s works again", key)


class SyncLoop:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        backend: BackendClient,
        rasa: RasaClient,
        broadcaster: Broadcaster,
        clock: Callable[[], datetime] = utcnow,
        interval: float = 2.0,
    ) -> None:
        self.sessions = sessions
        self.backend = backend
        self.rasa = rasa
        self.broadcaster = broadcaster
        self.clock = clock
        self.interval = interval
        self._complaints = _Complaints()
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    # -- one pass ------------------------------------------------------------------------
    async def run_once(self) -> SyncReport:
        report = SyncReport()
        async with self.backend.open() as api, self.rasa.open() as rasa:
            await self._step("importing escalations", self._import_escalations(api, report), report)
            await self._step("fetching profiles", self._fetch_profiles(api, report), report)
            await self._step("reading conversations", self._read_trackers(rasa, report), report)
            await self._step("picking up ratings", self._pick_up_ratings(api, report), report)
        return report

    async def _step(self, name: str, work: Awaitable[None], report: SyncReport) -> None:
        try:
            await work
        except UpstreamError as exc:
            report.failures += 1
            self._complaints.failed(name, str(exc))
        except Exception as exc:  # a bug or a database error must not end the loop
            report.failures += 1
            self._complaints.failed(name, f"{type(exc).__name__}: {exc}", unexpected=True)
        else:
            self._complaints.recovered(name)

    def _in_session(self, work: Callable[[Session], T]) -> T:
        with self.sessions() as session, session.begin():
            return work(session)

    async def _db(self, work: Callable[[Session], T]) -> T:
        """Database work in a thread of its own, one transaction: the loop keeps serving."""
        return await asyncio.to_thread(self._in_session, work)

    # -- 1. escalations and profiles -----------------------------------------------------
    async def _import_escalations(self, api: httpx.AsyncClient, report: SyncReport) -> None:
        now = self.clock()
        found: list[service.EscalationData] = []
        for raw in await self.backend.open_escalations(api):
            try:
                found.append(service.EscalationData.parse(raw, now=now))
            except ValueError as exc:
                self._complaints.failed(f"reading escalation {raw.get('id')}", str(exc))

        def store(session: Session) -> tuple[list[int], list[int]]:
            known = service.known_escalations(session, [e.escalation_id for e in found])
            created, changed = [], []
            for data in found:
                ticket = known.get(data.escalation_id)
                if ticket is None:
                    new_id = service.import_escalation(session, data=data, now=now)
                    if new_id is not None:
                        created.append(new_id)
                elif ticket.status != "closed" and service.refresh_callback(
                    session, ticket=ticket, data=data
                ):
                    changed.append(ticket.id)
            return created, changed

        created, changed = await self._db(store)
        for ticket_id in created:
            self.broadcaster.publish(ticket_id, "created")
        for ticket_id in changed:
            self.broadcaster.publish(ticket_id, "updated")
        report.created += len(created)
        report.updated += len(changed)

    async def _fetch_profiles(self, api: httpx.AsyncClient, report: SyncReport) -> None:
        wanted = await self._db(
            lambda s: [
                (t.id, t.jobseeker_id) for t in service.profiles_missing(s) if t.jobseeker_id is not None
            ]
        )
        for ticket_id, jobseeker_id in wanted:
            # An erased jobseeker (404) gets an empty summary: asked once, not on every pass.
            summary = service.profile_summary(await self.backend.jobseeker(api, jobseeker_id))
            await self._db(partial(service.set_profile, ticket_id=ticket_id, summary=summary))
            self.broadcaster.publish(ticket_id, "updated")
            report.updated += 1

    # -- 2. conversations ----------------------------------------------------------------
    async def _read_trackers(self, rasa: httpx.AsyncClient, report: SyncReport) -> None:
        positions = await self._db(
            lambda s: [
                _Position(t.id, t.conversation_id, t.tracker_offset, t.tracker_seen_at)
                for t in service.tickets_to_read(s)
            ]
        )
        limit = asyncio.Semaphore(TRACKER_CONCURRENCY)

        async def read(position: _Position) -> None:
            async with limit:
                await self._read_one(rasa, position, report)

        await asyncio.gather(*(read(p) for p in positions))

    async def _read_one(self, rasa: httpx.AsyncClient, position: _Position, report: SyncReport) -> None:
        # Rasa down is one complaint for the whole pass; a single conversation's error is its own.
        key = f"reading the conversation of ticket {position.ticket_id}"
        try:
            tracker = await self.rasa.tracker(rasa, position.conversation_id)
        except UpstreamError as exc:
            report.failures += 1
            self._complaints.failed("Rasa" if exc.status is None else key, str(exc))
            return
        self._complaints.recovered("Rasa")
        events = tracker.get("events")
        reading = read_tracker(
            events if isinstance(events, list) else [],
            offset=position.offset,
            seen_at=position.seen_at,
            now=self.clock(),
        )
        if not reading.lines and (reading.offset, reading.seen_at) == (position.offset, position.seen_at):
            self._complaints.recovered(key)
            return
        try:
            stored = await self._db(lambda s: self._store(s, position, reading))
        except Exception as exc:
            report.failures += 1
            self._complaints.failed(key, f"{type(exc).__name__}: {exc}", unexpected=True)
            return
        self._complaints.recovered(key)
        if stored:
            report.messages += len(stored)
            self.broadcaster.publish(position.ticket_id, "message")

    @staticmethod
    def _store(session: Session, position: _Position, reading: Reading) -> list[int]:
        return service.store_reading(
            session,
            ticket_id=position.ticket_id,
            offset=position.offset,
            seen_at=position.seen_at,
            reading=reading,
        )

    # -- 3. ratings ----------------------------------------------------------------------
    async def _pick_up_ratings(self, api: httpx.AsyncClient, report: SyncReport) -> None:
        since = self.clock() - RATING_WINDOW
        waiting = await self._db(
            lambda s: [(t.id, t.escalation_id) for t in service.closed_without_rating(s, since=since)]
        )
        for ticket_id, escalation_id in waiting:
            escalation = await self.backend.escalation(api, escalation_id)
            rating = escalation.get("rating")
            if rating is None:
                continue
            changed = await self._db(partial(service.set_rating, ticket_id=ticket_id, rating=rating))
            if changed:
                self.broadcaster.publish(ticket_id, "updated")
                report.updated += 1

    # -- the loop ------------------------------------------------------------------------
    async def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                report = await self.run_once()
                if report:
                    logger.debug("inbox sync: %s", report)
            except Exception:  # e.g. the database is unreachable: try again next pass
                logger.exception("inbox sync pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)

    def start(self) -> None:
        # A fresh event: an asyncio.Event belongs to the loop that first waits on it.
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self.run_forever(), name="inbox-sync")

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._task, timeout=STOP_TIMEOUT)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
