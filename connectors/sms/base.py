"""What both SMS gateways share: the form, the sender, keywords, opt-out, retries, sending, reports.

A gateway (africastalking.py, twilio.py) fills in how its webhook is authenticated, how
its form reads, how one SMS is sent through its HTTP API and how its delivery statuses
map to ours. Everything a user or an operator would notice is here, the same for both:

- The conversation id is the sender's number in E.164, and the number goes to Rasa as
  metadata "phone" (the gateway vouches for it), with a language hint from the country.
- A gateway retry of a message id already seen is acknowledged and not processed again
  (the back-end's messaging API remembers ids, so this holds across replicas and
  restarts). If the back-end is down the message is processed anyway: a rare duplicate
  is better than a lost message.
- STOP, START and HELP (keywords.py) are answered by the channel. After STOP nothing is
  sent to the number again: every send, including job alerts and staff replies that
  arrive through Rasa's events API, checks the opt-out first, and messages from the
  number other than START and HELP are neither answered nor processed. If the back-end
  cannot store an opt-out, this process keeps it and retries, so the number is still
  never written to; if it cannot be asked whether a number opted out, sending goes ahead
  (and is logged), because the alternative is a channel that stops talking to everyone.
- A reply that is just a number picks that option of the latest buttons offered in the
  conversation; any other number passes through unchanged ("how many years?" "3").
- Replies are rendered by render.py within the segment budget, the messages of one bot
  turn joined into as few SMS as the budget allows; every SMS sent is
  recorded with its encoding, segment count and the gateway's id, and gateway errors
  are logged and recorded as failed without breaking the conversation.
"""

from __future__ import annotations

import abc
import asyncio
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl

import httpx
from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint, response
from sanic.headers import parse_content_header
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors import pes_api
from connectors.base import BadPayload, ChannelError, ChannelInput, Inbound, OnNewMessage, Outcome
from connectors.conversation import conversation_view
from connectors.sms import keywords, numbers, render
from connectors.sms.keywords import Keyword, KeywordMatch, Text

logger = logging.getLogger(__name__)

# A concatenated SMS tops out around ten parts; anything longer is not a person typing.
MAX_INBOUND_CHARS = 1600
MAX_FORM_FIELDS = 100
DEFAULT_TIMEOUT = 10.0
FAMILY = "sms"

# Canonical delivery statuses of the messaging API.
QUEUED, SENT, DELIVERED, FAILED, REJECTED, UNKNOWN = (
    "queued",
    "sent",
    "delivered",
    "failed",
    "rejected",
    "unknown",
)


class ConfigError(ValueError):
    """credentials.yml lacks a value the channel needs, or holds one it cannot use."""


def setting(credentials: dict[str, Any] | None, channel: str, key: str, variable: str) -> str:
    """A required credentials.yml value, or a ConfigError that says which one and where it comes from."""
    value = (credentials or {}).get(key)
    if value is None or not str(value).strip():
        raise ConfigError(f"{channel}: credentials.yml needs '{key}' (set {variable} in the environment)")
    return str(value).strip()


def optional_setting(credentials: dict[str, Any] | None, key: str, default: str = "") -> str:
    value = (credentials or {}).get(key)
    return str(value).strip() if value is not None and str(value).strip() else default


# -- the inbound form ---------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """A gateway's form post, every value decoded strictly (several values per name allowed)."""

    fields: dict[str, list[str]]

    def get(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[0] if values else None

    def getall(self, name: str) -> list[str]:
        # The name Twilio's RequestValidator looks for on multi-valued forms.
        return list(self.fields.get(name, []))

    def __iter__(self) -> Any:
        return iter(self.fields)

    def require(self, *names: str) -> dict[str, str]:
        missing = [n for n in names if self.get(n) is None]
        if missing:
            raise BadPayload(f"missing form field(s): {', '.join(missing)}")
        return {n: self.get(n) or "" for n in names}


def read_form(request: Request) -> Form:
    """The request's form fields; BadPayload if it is not a form or not validly encoded."""
    cached = getattr(request.ctx, "sms_form", None)
    if isinstance(cached, Form):
        return cached
    content_type, options = parse_content_header(request.headers.get("content-type", ""))
    if content_type == "application/x-www-form-urlencoded":
        charset = str(options.get("charset") or "utf-8")
        try:
            body = (request.body or b"").decode(charset)
            pairs = parse_qsl(
                body,
                keep_blank_values=True,
                encoding=charset,
                errors="strict",
                max_num_fields=MAX_FORM_FIELDS,
            )
        except LookupError as exc:
            raise BadPayload(f"unknown charset {charset!r}") from exc
        except UnicodeDecodeError as exc:
            raise BadPayload(f"the form is not valid {charset}") from exc
        except ValueError as exc:
            raise BadPayload("too many form fields") from exc
        fields: dict[str, list[str]] = {}
        for name, value in pairs:
            fields.setdefault(name, []).append(value)
    elif content_type == "multipart/form-data":
        fields = {name: list(values) for name, values in request.form.items()}
    else:
        raise BadPayload("expected a form post (application/x-www-form-urlencoded)")
    form = Form(fields)
    request.ctx.sms_form = form
    return form


_CONTROL = re.compile(r"[^\S\n ]+")


def clean_text(text: str) -> str:
    """What she wrote, without control characters, trimmed to what a person can have typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    text = _CONTROL.sub(" ", text).strip()
    if len(text) <= MAX_INBOUND_CHARS:
        return text
    cut = text[:MAX_INBOUND_CHARS]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    # Keep whole words unless the text has almost none (a pasted blob).
    cut = cut[:space] if space > MAX_INBOUND_CHARS * 3 // 4 else cut
    logger.info("sms: a message of %d characters was shortened to %d", len(text), len(cut))
    return cut.rstrip()


# -- sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    """What the gateway said about one SMS handed to it."""

    status: str  # canonical: queued, sent, failed, rejected
    provider_message_id: str | None = None
    error: str | None = None
    # The gateway refused because the number opted out on its side (e.g. Twilio's own STOP).
    recipient_opted_out: bool = False


@dataclass(frozen=True)
class DeliveryReport:
    provider_message_id: str
    provider_status: str
    error: str | None = None


@dataclass
class _PendingOptOuts:
    """Opt-outs this process honours while the back-end cannot store them."""

    by_address: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, address: str, keyword: str, channel: str) -> None:
        self.by_address[address] = (keyword, channel)

    def discard(self, address: str) -> None:
        self.by_address.pop(address, None)

    def get(self, address: str) -> tuple[str, str] | None:
        return self.by_address.get(address)


PENDING_OPT_OUTS = _PendingOptOuts()


class SmsOutput(OutputChannel):
    """Renders bot messages as SMS and sends them through the channel's gateway.

    `language` is the conversation's, known when the output channel answers an inbound
    message; otherwise (job alerts, staff replies) it is read from the conversation.
    With `hold`, the messages of a bot turn are kept until `flush()` and go out joined
    into as few SMS as the budget allows.
    """

    # The input channel's name: Rasa picks `channel:` response variations by it.
    channel_name: ClassVar[str] = "sms"

    def __init__(self, channel: SmsChannel, language: str | None = None, *, hold: bool = False) -> None:
        self.channel = channel
        self.language = language
        self.hold = hold
        self._held: dict[str, list[str]] = {}

    @classmethod
    def name(cls) -> str:
        return cls.channel_name

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        recipient = numbers.to_e164(recipient_id)
        if recipient is None:
            logger.warning("%s: a conversation id that is not a phone number; nothing sent", self.name())
            return
        if self.hold:
            texts = render.render_message(message, await self._language(recipient, message))
            self._held.setdefault(recipient, []).extend(texts)
            return
        if await self.channel.is_suppressed(recipient):
            logger.info(
                "%s: not sending to an opted-out number (%s)", self.name(), message.get("utter_action")
            )
            return
        texts = render.render_message(message, await self._language(recipient, message))
        if not texts:
            logger.debug("%s: a bot message with nothing an SMS can carry was skipped", self.name())
        for text in texts:
            await self.channel.deliver(recipient, text)

    async def flush(self) -> None:
        """Send what the turn produced; nothing if the number opted out meanwhile."""
        held, self._held = self._held, {}
        for recipient, texts in held.items():
            if not texts:
                continue
            if await self.channel.is_suppressed(recipient):
                logger.info("%s: not sending a reply to an opted-out number", self.name())
                continue
            for text in render.merge(texts):
                await self.channel.deliver(recipient, text)

    async def _language(self, recipient: str, message: dict[str, Any]) -> str:
        if any("\u0600" <= c <= "\u06ff" for c in str(message.get("text") or "")):
            return "ar"
        language = self.language or (await conversation_view(recipient)).language
        return language or numbers.language_hint(recipient) or keywords.DEFAULT_LANGUAGE

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_response(recipient_id, {"text": text, "quick_replies": quick_replies})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        logger.debug("%s: an image cannot go by SMS; skipped", self.name())

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        logger.debug("%s: an attachment cannot go by SMS; skipped", self.name())

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"elements": list(elements)})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message})


class SmsChannel(ChannelInput):
    """An SMS gateway's webhooks and API behind the shared SMS behaviour."""

    output_class: ClassVar[type[SmsOutput]] = SmsOutput
    delivery_path: ClassVar[str] = "/delivery"
    # Gateway status -> canonical status (see the messaging API).
    delivery_statuses: ClassVar[dict[str, str]] = {}

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None

    # -- to fill in per gateway ------------------------------------------------------------
    @abc.abstractmethod
    async def send_sms(self, client: httpx.AsyncClient, to: str, text: str) -> SendResult:
        """Hand one SMS to the gateway's API; answer what it said (errors as a failed result)."""

    @abc.abstractmethod
    async def parse_delivery(self, request: Request) -> DeliveryReport:
        """Decode a delivery report; BadPayload when it cannot be read."""

    async def verify_delivery(self, request: Request) -> None:
        await self.verify(request)

    def canonical_status(self, provider_status: str) -> str:
        return self.delivery_statuses.get(provider_status, UNKNOWN)

    def acknowledge_delivery(self, request: Request, status: str, matched: bool) -> HTTPResponse:
        return response.json({"status": status, "matched": matched})

    # -- Rasa's interface --------------------------------------------------------------------
    def get_output_channel(self) -> SmsOutput:
        return self.output_class(self)

    def output_for(self, request: Request, inbound: Inbound) -> SmsOutput:
        output = self.output_class(self, language=getattr(request.ctx, "sms_language", None), hold=True)
        request.ctx.sms_output = output
        return output

    # -- inbound -------------------------------------------------------------------------------
    def make_inbound(self, *, sender: str, text: str, message_id: str) -> Inbound:
        phone = numbers.to_e164(sender)
        if phone is None:
            raise BadPayload("the sender is not a valid international phone number")
        if not message_id.strip():
            raise BadPayload("the message id is empty")
        metadata: dict[str, Any] = {"phone": phone}
        hint = numbers.language_hint(phone)
        if hint:
            metadata["language_hint"] = hint
        return Inbound(
            sender_id=phone, text=clean_text(text), message_id=message_id.strip(), metadata=metadata
        )

    async def dispatch(self, request: Request, inbound: Inbound, on_new_message: OnNewMessage) -> Outcome:
        api = pes_api.get_messaging_api()
        phone = inbound.sender_id
        if inbound.message_id and not await self._claim(api, inbound):
            return Outcome(inbound, processed=False, note="retry of a message already received")
        view = await conversation_view(phone, request.app)
        hint = inbound.metadata.get("language_hint")
        found = keywords.match(inbound.text)
        if found is not None:
            handled = await self._keyword(api, inbound, found, view.language, hint)
            if handled is not None:
                return handled
        if await self.is_suppressed(phone):
            return Outcome(inbound, processed=False, note="opted out: not answered")
        language = view.language or hint or keywords.DEFAULT_LANGUAGE
        if not inbound.text:
            await self.send_own(phone, Text.HELP, language)
            return Outcome(inbound, processed=False, note="empty message: help sent")
        request.ctx.sms_language = view.language or hint
        text = inbound.text
        number = text.rstrip(". )").strip()
        if number.isdecimal() and len(number) <= 2:
            payload = view.payload_for(int(number))
            if payload is not None:
                text = payload
        mapped = Inbound(inbound.sender_id, text, inbound.message_id, dict(inbound.metadata))
        outcome = await super().dispatch(request, mapped, on_new_message)
        output = getattr(request.ctx, "sms_output", None)
        if isinstance(output, SmsOutput):
            await output.flush()
        return outcome

    async def _claim(self, api: pes_api.MessagingAPI, inbound: Inbound) -> bool:
        try:
            return await api.claim_inbound(self.name(), str(inbound.message_id), inbound.sender_id)
        except pes_api.MessagingError as exc:
            logger.warning("%s: could not check for a retried message (%s); processing it", self.name(), exc)
            return True

    async def _keyword(
        self,
        api: pes_api.MessagingAPI,
        inbound: Inbound,
        found: KeywordMatch,
        conversation_language: str | None,
        hint: str | None,
    ) -> Outcome | None:
        phone = inbound.sender_id
        language = found.language(conversation_language, hint)
        if found.keyword is Keyword.HELP:
            await self.send_own(phone, Text.HELP, language)
            return Outcome(inbound, processed=False, note="help sent")
        opted_out = await self._opted_out(api, phone)
        if found.keyword is Keyword.STOP:
            await self._store_opt_out(api, phone, found.word)
            if opted_out is not True:
                await self.send_own(phone, Text.STOPPED, language)
            return Outcome(inbound, processed=False, note="opted out")
        # START from a number that never opted out is an ordinary first word for the bot.
        if opted_out is False:
            return None
        if PENDING_OPT_OUTS.get(phone):
            # The back-end never stored this opt-out, so undoing it here is enough.
            PENDING_OPT_OUTS.discard(phone)
            await self.send_own(phone, Text.STARTED, language)
            return Outcome(inbound, processed=False, note="opted in")
        try:
            await api.opt_in(phone, family=FAMILY)
        except pes_api.MessagingError as exc:
            logger.error("%s: could not store an opt-in (%s)", self.name(), exc)
            if opted_out is None:
                return None  # nobody can tell whether she had opted out: let the bot answer
            await self.send_own(phone, Text.UNAVAILABLE, language)
            return Outcome(inbound, processed=False, note="opt-in not stored")
        if opted_out is None:
            return None
        await self.send_own(phone, Text.STARTED, language)
        return Outcome(inbound, processed=False, note="opted in")

    async def _opted_out(self, api: pes_api.MessagingAPI, phone: str) -> bool | None:
        """Whether the number opted out; None when nobody can say."""
        if PENDING_OPT_OUTS.get(phone):
            return True
        try:
            return await api.is_opted_out(phone, family=FAMILY)
        except pes_api.MessagingError as exc:
            logger.warning("%s: could not read the opt-out state (%s)", self.name(), exc)
            return None

    async def _store_opt_out(self, api: pes_api.MessagingAPI, phone: str, keyword: str) -> None:
        try:
            await api.opt_out(phone, keyword=keyword, channel=self.name(), family=FAMILY)
        except pes_api.MessagingError as exc:
            logger.error("%s: could not store an opt-out (%s); kept in this process", self.name(), exc)
            PENDING_OPT_OUTS.add(phone, keyword, self.name())
        else:
            PENDING_OPT_OUTS.discard(phone)

    async def is_suppressed(self, phone: str) -> bool:
        """True if nothing may be sent to this number (it opted out)."""
        api = pes_api.get_messaging_api()
        pending = PENDING_OPT_OUTS.get(phone)
        if pending is not None:
            keyword, channel = pending
            try:
                await api.opt_out(phone, keyword=keyword, channel=channel, family=FAMILY)
            except pes_api.MessagingError:
                pass  # still down: the opt-out stays in this process
            else:
                PENDING_OPT_OUTS.discard(phone)
            return True
        try:
            return await api.is_opted_out(phone, family=FAMILY)
        except pes_api.MessagingError as exc:
            logger.warning("%s: could not check the opt-out before sending (%s); sending", self.name(), exc)
            return False

    async def on_handling_error(self, inbound: Inbound, output: OutputChannel) -> None:
        # Through the turn's output channel, so the apology follows whatever was said before the failure.
        language = output.language if isinstance(output, SmsOutput) else None
        await output.send_response(inbound.sender_id, {"text": keywords.text(Text.UNAVAILABLE, language)})

    # -- outbound ------------------------------------------------------------------------------
    def http_client(self) -> httpx.AsyncClient:
        """One connection pool per event loop (Rasa runs one; tests run one per test)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._client.is_closed or self._client_loop is not loop:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout, connect=min(5.0, self.timeout))
            )
            self._client_loop = loop
        return self._client

    async def close(self) -> None:
        if self._client is not None and not self._client.is_closed:
            await self._client.aclose()
        self._client = None

    async def send_own(self, phone: str, which: Text, language: str | None) -> None:
        """Send one of the channel's own texts; the caller has decided it may be sent."""
        for text in render.compose(keywords.text(which, language)):
            await self.deliver(phone, text)

    async def deliver(self, recipient: str, text: str) -> SendResult:
        """Send one SMS and record it; never raises for a gateway or back-end failure."""
        measured = render.measure(text)
        try:
            result = await self.send_sms(self.http_client(), recipient, text)
        except httpx.TimeoutException:
            result = SendResult(FAILED, error="the gateway did not answer in time")
        except httpx.HTTPError as exc:
            result = SendResult(FAILED, error=f"could not reach the gateway: {type(exc).__name__}")
        except (ValueError, KeyError, TypeError) as exc:
            result = SendResult(FAILED, error=f"unreadable gateway answer: {exc}")
        if result.status in (FAILED, REJECTED):
            logger.error("%s: an SMS was not accepted by the gateway: %s", self.name(), result.error)
        api = pes_api.get_messaging_api()
        try:
            await api.record_outbound(
                channel=self.name(),
                provider=self.name(),
                recipient=recipient,
                conversation_id=recipient,
                provider_message_id=result.provider_message_id,
                text=text,
                encoding=measured.encoding,
                segments=measured.segments,
                status=result.status,
            )
        except pes_api.MessagingError as exc:
            logger.error("%s: could not record an SMS sent (%s)", self.name(), exc)
        if result.recipient_opted_out:
            await self._store_opt_out(api, recipient, "gateway")
        return result

    # -- delivery reports --------------------------------------------------------------------
    def extra_routes(self, blueprint: Blueprint) -> None:
        async def delivery(request: Request) -> HTTPResponse:
            try:
                await self.verify_delivery(request)
                report = await self.parse_delivery(request)
            except ChannelError as exc:
                logger.info("%s: refused a delivery report (%s): %s", self.name(), exc.status, exc.reason)
                return response.json({"error": exc.reason}, status=exc.status)
            status = self.canonical_status(report.provider_status)
            if status == UNKNOWN:
                logger.warning(
                    "%s: unknown delivery status %r stored as unknown", self.name(), report.provider_status
                )
            try:
                matched = await pes_api.get_messaging_api().record_delivery(
                    provider=self.name(),
                    provider_message_id=report.provider_message_id,
                    status=status,
                    provider_status=report.provider_status,
                    error=report.error,
                )
            except pes_api.MessagingError as exc:
                logger.error("%s: could not store a delivery report (%s)", self.name(), exc)
                return response.json({"error": "the report could not be stored; try again"}, status=503)
            return self.acknowledge_delivery(request, status, matched)

        blueprint.add_route(delivery, self.delivery_path, methods=["POST"], name=f"{self.name()}_delivery")

        async def close_client(*_: Any) -> None:
            await self.close()

        blueprint.listener("after_server_stop")(close_client)
