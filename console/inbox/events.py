"""Live updates for open inbox pages: an in-process broadcaster behind the SSE stream.

Each page holds one subscription with a bounded queue. Publishing never waits: a page
that stops reading and falls `queue_size` events behind is disconnected, and the
browser's EventSource reconnects and reloads what it shows. Publishing works from any
thread (sync routes run in a thread pool), handing each event to the subscriber's loop.

Events say which ticket changed and how, nothing more: the page asks the API for the
ticket, so a stream never carries more than its reader may see.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

logger = logging.getLogger(__name__)

Kind = Literal["created", "updated", "message", "note", "closed"]
HEARTBEAT_SECONDS = 15.0
QUEUE_SIZE = 100
# How long the browser waits before it reconnects a dropped stream (milliseconds).
RETRY_MS = 3000


@dataclass(frozen=True)
class TicketEvent:
    ticket_id: int
    kind: Kind

    def to_sse(self) -> str:
        data = json.dumps({"id": self.ticket_id, "kind": self.kind})
        return f"event: ticket\ndata: {data}\n\n"


class _End:
    """Put in a queue to end its stream (overflow or shutdown)."""


END = _End()


class Subscription:
    def __init__(self, loop: asyncio.AbstractEventLoop, queue_size: int) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[TicketEvent | _End] = asyncio.Queue(maxsize=queue_size)
        self.ended = False

    def offer(self, item: TicketEvent | _End) -> None:
        """Runs on the subscriber's loop."""
        if self.ended:
            return
        if isinstance(item, _End):
            self._end()
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            logger.info("an inbox page fell %d events behind: its stream is closed", self.queue.maxsize)
            self._end()

    def _end(self) -> None:
        self.ended = True
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(END)


class Broadcaster:
    def __init__(self, *, queue_size: int = QUEUE_SIZE, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
        if queue_size < 1 or heartbeat_seconds <= 0:
            raise ValueError("queue_size and heartbeat_seconds must be positive")
        self.queue_size = queue_size
        self.heartbeat_seconds = heartbeat_seconds
        self._subscriptions: set[Subscription] = set()
        self._lock = threading.Lock()

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subscriptions)

    def subscribe(self) -> Subscription:
        """Call from the coroutine that will read the subscription."""
        subscription = Subscription(asyncio.get_running_loop(), self.queue_size)
        with self._lock:
            self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(subscription)

    def publish(self, ticket_id: int, kind: Kind) -> None:
        self._send(TicketEvent(ticket_id, kind))

    def close_all(self) -> None:
        """Ends every stream (the app is stopping: open streams would hold the server up)."""
        self._send(END)

    def _send(self, item: TicketEvent | _End) -> None:
        with self._lock:
            targets = list(self._subscriptions)
        for subscription in targets:
            try:
                subscription.loop.call_soon_threadsafe(subscription.offer, item)
            except RuntimeError:  # that loop is closed: its reader is gone
                self.unsubscribe(subscription)

    async def stream(self, still_allowed: Callable[[], Awaitable[bool]]) -> AsyncIterator[str]:
        """The text/event-stream body of one page: events, and a comment line at every
        quiet heartbeat; it ends when the reader's session no longer holds."""
        subscription = self.subscribe()
        try:
            yield f"retry: {RETRY_MS}\n: connected\n\n"
            while True:
                try:
                    item = await asyncio.wait_for(subscription.queue.get(), timeout=self.heartbeat_seconds)
                except TimeoutError:
                    if not await still_allowed():
                        return
                    yield ": keep-alive\n\n"
                    continue
                if isinstance(item, _End):
                    return
                yield item.to_sse()
        finally:
            self.unsubscribe(subscription)
