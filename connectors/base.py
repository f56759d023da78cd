"""What every channel of ours shares: routes, sender verification, parsing, error handling.

A channel fills in three steps and the base class owns the rest:

- `verify(request)`: is this request really from the provider? Raise `Forbidden`.
- `parse(request)`: decode the provider's payload into typed `Inbound` records, or
  raise `BadPayload` (400) for a request that cannot be read.
- `get_output_channel()`: an `OutputChannel` that renders and sends within the
  channel's limits. It must work without a request, because staff replies and job
  alerts are sent through Rasa's `/conversations/{id}/tracker/events?output_channel=`.

Optional hooks: `before_dispatch(inbound)` (keywords such as STOP handled by the
channel itself, duplicate provider ids), `extra_routes(blueprint)` (delivery reports)
and `acknowledge(request, results)` (the HTTP answer the provider expects).

The webhook answers 403 for a request that fails verification and 400 for one that
cannot be parsed, and processes nothing in either case. An error while handling a
verified message is logged and answered with 200, so that the provider does not
retry a message that would fail again; the user gets the channel's apology.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class ChannelError(Exception):
    """A request the channel refuses; `status` is the HTTP answer."""

    status = 400

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Forbidden(ChannelError):
    """The request does not come from the provider (missing or forged signature/secret)."""

    status = 403


class BadPayload(ChannelError):
    """The request comes from the provider but cannot be read (missing field, bad encoding)."""

    status = 400


@dataclass(frozen=True)
class Inbound:
    """One message from a user, decoded from the provider's payload."""

    # The conversation id on this channel (E.164 phone for SMS, chat id for Telegram).
    sender_id: str
    # What the user wrote, or a button payload; None for content the bot cannot use.
    text: str | None
    # The provider's id of the message, used to process a retried delivery once.
    message_id: str | None = None
    # Passed to Rasa as message metadata; "channel" is added by the base class.
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """What became of one inbound message (for the acknowledgement and the logs)."""

    inbound: Inbound
    processed: bool
    note: str = ""


class ChannelInput(InputChannel, abc.ABC):
    """A webhook channel: verify, parse, hand each message to Rasa, acknowledge."""

    webhook_path = "/webhook"

    # -- to fill in per channel ---------------------------------------------------------
    @abc.abstractmethod
    async def verify(self, request: Request) -> None:
        """Raise `Forbidden` unless the request comes from the provider."""

    @abc.abstractmethod
    async def parse(self, request: Request) -> list[Inbound]:
        """Decode the payload; raise `BadPayload` when it cannot be read."""

    @abc.abstractmethod
    def get_output_channel(self) -> OutputChannel:
        """The channel's renderer and sender; must work without a request."""

    # -- hooks with defaults ------------------------------------------------------------
    async def before_dispatch(self, request: Request, inbound: Inbound) -> Outcome | None:
        """Return an Outcome to stop here (keyword handled, duplicate); None to go on."""
        return None

    def output_for(self, request: Request, inbound: Inbound) -> OutputChannel:
        """The output channel for replies to this message (default: the plain one)."""
        return self.get_output_channel()

    def extra_routes(self, blueprint: Blueprint) -> None:
        """Add routes besides the message webhook (delivery reports, health)."""

    def acknowledge(self, request: Request, outcomes: list[Outcome]) -> HTTPResponse:
        return response.json({"status": "ok", "processed": sum(o.processed for o in outcomes)})

    async def on_handling_error(self, inbound: Inbound, output: OutputChannel) -> None:
        """Called when Rasa failed on a verified message; tell the user, if possible."""

    # -- shared machinery ---------------------------------------------------------------
    def message_metadata(self, inbound: Inbound) -> dict[str, Any]:
        return {**inbound.metadata, "channel": self.name()}

    async def dispatch(self, request: Request, inbound: Inbound, on_new_message: OnNewMessage) -> Outcome:
        stop = await self.before_dispatch(request, inbound)
        if stop is not None:
            return stop
        if not inbound.text:
            return Outcome(inbound, processed=False, note="no usable content")
        output = self.output_for(request, inbound)
        message = UserMessage(
            text=inbound.text,
            output_channel=output,
            sender_id=inbound.sender_id,
            input_channel=self.name(),
            message_id=inbound.message_id,
            metadata=self.message_metadata(inbound),
        )
        try:
            await on_new_message(message)
        except Exception:  # the provider must not retry a message that fails
            logger.exception("%s: handling a message from %s failed", self.name(), inbound.sender_id)
            try:
                await self.on_handling_error(inbound, output)
            except Exception:  # a failed apology must not hide the first error
                logger.exception("%s: could not tell %s about the failure", self.name(), inbound.sender_id)
            return Outcome(inbound, processed=False, note="error")
        return Outcome(inbound, processed=True)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        bp = Blueprint(f"{self.name()}_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "channel": self.name()})

        @bp.route(self.webhook_path, methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                await self.verify(request)
                inbounds = await self.parse(request)
            except ChannelError as exc:
                logger.info("%s: refused a request (%s): %s", self.name(), exc.status, exc.reason)
                return response.json({"error": exc.reason}, status=exc.status)
            outcomes = [await self.dispatch(request, inbound, on_new_message) for inbound in inbounds]
            return self.acknowledge(request, outcomes)

        self.extra_routes(bp)
        return bp
