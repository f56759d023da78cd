"""What the inbox needs while the app runs: its clients, its broadcaster and its sync loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from console.inbox.clients import BackendClient, RasaClient
from console.inbox.events import Broadcaster
from console.inbox.sync import SyncLoop
from console.settings import Settings

logger = logging.getLogger(__name__)


class NotConnected(RuntimeError):
    """The back-end or Rasa is not configured, so the action cannot reach the user."""


@dataclass
class Inbox:
    broadcaster: Broadcaster
    backend: BackendClient | None
    rasa: RasaClient | None
    sync: SyncLoop | None
    missing: list[str] = field(default_factory=list)

    def connected(self) -> tuple[BackendClient, RasaClient]:
        if self.backend is None or self.rasa is None:
            raise NotConnected(
                "the console is not connected to the back-end and Rasa: set " + ", ".join(self.missing)
            )
        return self.backend, self.rasa

    def start(self) -> None:
        """Starts the sync loop, or says in one log line why the inbox gets no tickets."""
        if self.sync is None:
            logger.warning(
                "inbox sync is off: %s not set (no escalations are imported)", ", ".join(self.missing)
            )
            return
        self.sync.start()
        logger.info(
            "inbox sync on: escalations from %s, conversations from %s, every %.1f s",
            self.sync.backend.base_url,
            self.sync.rasa.base_url,
            self.sync.interval,
        )

    async def stop(self) -> None:
        self.broadcaster.close_all()
        if self.sync is not None:
            await self.sync.stop()


def build_inbox(
    settings: Settings,
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    broadcaster: Broadcaster | None = None,
) -> Inbox:
    broadcaster = broadcaster or Broadcaster()
    missing = settings.inbox_missing()
    if missing:
        return Inbox(broadcaster=broadcaster, backend=None, rasa=None, sync=None, missing=missing)
    assert settings.pes_api_url and settings.pes_api_token and settings.rasa_url and settings.rasa_auth_token
    backend = BackendClient(settings.pes_api_url, settings.pes_api_token, transport=transport)
    rasa = RasaClient(settings.rasa_url, settings.rasa_auth_token, transport=transport)
    sync = SyncLoop(
        sessions=sessions,
        backend=backend,
        rasa=rasa,
        broadcaster=broadcaster,
        clock=clock,
        interval=settings.sync_seconds,
    )
    return Inbox(broadcaster=broadcaster, backend=backend, rasa=rasa, sync=sync)
