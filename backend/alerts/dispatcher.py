"""Sends pending job alerts through the Rasa server, which renders each one on the
subscriber's channel (SMS, Telegram, web chat) and records it in her conversation.

    POST {RASA_URL}/conversations/{id}/tracker/events
         ?output_channel={channel}&execute_side_effects=true&token={RASA_AUTH_TOKEN}
    {"event": "bot", "text": ..., "metadata": {"kind": "job_alert", "vacancy_id": N}}

One pass (`run_once`) claims what is due, sends it no faster than the global rate, and
records each outcome: 2xx sent; a transport error, 5xx or an auth failure retried with
backoff (failed after delivery.MAX_ATTEMPTS); any other 4xx failed at once. The app
runs passes every `alert_poll_seconds` while it is up (`start_dispatcher`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

import httpx
from sqlalchemy.orm import Session, sessionmaker

from backend.alerts import delivery
from backend.core.config import Settings
from backend.offices.clock import Clock, system_clock

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 10.0
# First retry after this; each later one waits twice as long (30 s, 1, 2, 4 min).
RETRY_BACKOFF = timedelta(seconds=30)
# Longer than a whole pass can take, so a live dispatcher never loses its claims.
LEASE = timedelta(minutes=10)


class RateLimiter:
    """At most `rate` acquisitions per second (a token bucket holding one second's worth)."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._last = clock()

    async def acquire(self) -> None:
        while True:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            # The tolerance absorbs float rounding: a bucket a hair short of one token
            # would otherwise ask for sleeps too short to move the clock.
            if self._tokens >= 1 - 1e-9:
                self._tokens = max(0.0, self._tokens - 1)
                return
            await self._sleep((1 - self._tokens) / self.rate)


@dataclass
class PassReport:
    """What one pass did, for the log and the tests."""

    sent: int = 0
    failed: int = 0
    retrying: int = 0
    opted_out: int = 0
    cancelled: int = 0
    deferred: int = 0
    released: int = 0

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    retry: bool = False
    # Rasa is unreachable or refuses our token: the rest of the pass would fail the same way.
    stop: bool = False
    error: str = ""


class AlertDispatcher:
    def __init__(
        self,
        *,
        session_factory: sessionmaker[Session],
        settings: Settings,
        clock: Clock = system_clock,
        limiter: RateLimiter | None = None,
        retry_backoff: timedelta = RETRY_BACKOFF,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not settings.rasa_url or not settings.rasa_auth_token:
            raise ValueError("the alert dispatcher needs RASA_URL and RASA_AUTH_TOKEN")
        self.session_factory = session_factory
        self.settings = settings
        self.clock = clock
        self.limiter = limiter or RateLimiter(settings.alert_rate_per_second)
        self.retry_backoff = retry_backoff
        self._rasa_url = settings.rasa_url.rstrip("/")
        self._token = settings.rasa_auth_token
        self._transport = transport
        # Ten seconds' worth of sends per pass keeps each pass short.
        self.batch = max(1, math.ceil(settings.alert_rate_per_second * 10))
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    # -- one pass ------------------------------------------------------------------------
    async def run_once(self) -> PassReport:
        claimed = await asyncio.to_thread(self._claim)
        report = PassReport(
            opted_out=claimed.opted_out, cancelled=claimed.cancelled, deferred=claimed.deferred
        )
        if not claimed.jobs:
            return report
        async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, transport=self._transport) as http:
            for n, job in enumerate(claimed.jobs):
                await self.limiter.acquire()
                outcome = await self._post(http, job)
                await asyncio.to_thread(self._record, job, outcome, report)
                if outcome.stop:
                    rest = [j.delivery_id for j in claimed.jobs[n + 1 :]]
                    await asyncio.to_thread(self._release, rest)
                    report.released += len(rest)
                    break
        return report

    def _claim(self) -> delivery.Claimed:
        with self.session_factory() as session, session.begin():
            return delivery.claim_due(
                session=session,
                now=self.clock(),
                timezone=self.settings.timezone,
                max_per_day=self.settings.alert_max_per_day,
                limit=self.batch,
                lease=LEASE,
            )

    def _record(self, job: delivery.Job, outcome: _Outcome, report: PassReport) -> None:
        with self.session_factory() as session, session.begin():
            if outcome.ok:
                delivery.mark_sent(
                    session=session, delivery_id=job.delivery_id, text=job.text, now=self.clock()
                )
                report.sent += 1
            elif outcome.retry and delivery.mark_retry(
                session=session,
                delivery_id=job.delivery_id,
                error=outcome.error,
                now=self.clock(),
                backoff=self.retry_backoff,
            ):
                report.retrying += 1
            elif outcome.retry:
                logger.warning("job alert %s failed for good: %s", job.delivery_id, outcome.error)
                report.failed += 1
            else:
                delivery.mark_failed(session=session, delivery_id=job.delivery_id, error=outcome.error)
                logger.warning("job alert %s refused by Rasa: %s", job.delivery_id, outcome.error)
                report.failed += 1

    def _release(self, delivery_ids: list[int]) -> None:
        with self.session_factory() as session, session.begin():
            delivery.release(session=session, delivery_ids=delivery_ids, now=self.clock())

    async def _post(self, http: httpx.AsyncClient, job: delivery.Job) -> _Outcome:
        url = f"{self._rasa_url}/conversations/{quote(job.conversation_id, safe='+')}/tracker/events"
        params = {"output_channel": job.channel, "execute_side_effects": "true", "token": self._token}
        body = {
            "event": "bot",
            "text": job.text,
            "metadata": {"kind": "job_alert", "vacancy_id": job.vacancy_id},
        }
        try:
            response = await http.post(url, params=params, json=body)
        except httpx.TransportError as exc:
            # No status line: Rasa is down or restarting. The URL (with the token) stays out of the log.
            return _Outcome(ok=False, retry=True, stop=True, error=f"Rasa unreachable: {type(exc).__name__}")
        status = response.status_code
        if 200 <= status < 300:
            return _Outcome(ok=True)
        error = f"Rasa answered {status}: {response.text[:200]}"
        if status in (401, 403):
            # Our token is wrong: a deployment mistake to fix, not a reason to drop every alert.
            logger.error("Rasa refused the alert dispatcher's token (%s): check RASA_AUTH_TOKEN", status)
            return _Outcome(ok=False, retry=True, stop=True, error=error)
        if status >= 500:
            return _Outcome(ok=False, retry=True, error=error)
        return _Outcome(ok=False, error=error)

    # -- the loop ------------------------------------------------------------------------
    async def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                report = await self.run_once()
                if report:
                    logger.info("job alerts: %s", report)
            except Exception:  # one bad pass must not stop alerts for good
                logger.exception("job alert pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.settings.alert_poll_seconds)

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self.run_forever(), name="job-alert-dispatcher")

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout=REQUEST_TIMEOUT + 5)
            except TimeoutError:
                self._task.cancel()
            self._task = None


def start_dispatcher(settings: Settings, session_factory: sessionmaker[Session]) -> AlertDispatcher | None:
    """The running dispatcher, or None (with a log line saying why) when Rasa is not configured."""
    if not settings.rasa_url or not settings.rasa_auth_token:
        missing = [
            n
            for n, v in (("RASA_URL", settings.rasa_url), ("RASA_AUTH_TOKEN", settings.rasa_auth_token))
            if not v
        ]
        logger.warning(
            "job alert delivery is off: %s not set (alerts wait until it is)", " and ".join(missing)
        )
        return None
    dispatcher = AlertDispatcher(session_factory=session_factory, settings=settings)
    dispatcher.start()
    logger.info(
        "job alert delivery on: via %s, every %.1f s, at most %.1f/s and %d per subscriber per day",
        settings.rasa_url,
        settings.alert_poll_seconds,
        settings.alert_rate_per_second,
        settings.alert_max_per_day,
    )
    return dispatcher
