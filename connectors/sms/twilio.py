"""Twilio SMS: signed inbound messages, signed status callbacks, sending through the REST API.

Webhooks (the phone number's "A message comes in" URL, and the StatusCallback we set on
every message sent):

    incoming messages   POST /webhooks/twilio/webhook   form: MessageSid, From, To, Body,
                        NumSegments, NumMedia, AccountSid, ...
    status callbacks    POST /webhooks/twilio/status    form: MessageSid, MessageStatus,
                        ErrorCode, To, From, AccountSid, ...

Both carry X-Twilio-Signature: an HMAC-SHA1, keyed with the account's auth token, over
the exact URL Twilio called and the form parameters. It is checked with the twilio
package's RequestValidator over the *public* URL (`public_url`, the Rasa server's base
URL as Twilio sees it): behind a proxy or TLS terminator, the URL the server sees differs
and no signature would match. A missing or forged signature is refused with 403 and
nothing is processed.

Replies are not TwiML: the webhook answers an empty <Response/> at once, and each SMS
is sent through POST {api_base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json
(To, From or MessagingServiceSid, Body, StatusCallback; basic auth), because one bot
turn may produce several messages and job alerts have no inbound request to answer.

Twilio's own opt-out handling (on by default for long codes) also answers STOP and then
refuses every send to that number with error 21610; such a refusal is recorded as
rejected and stores the opt-out on our side too, so both stay in step.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from connectors.base import Forbidden, Inbound, Outcome
from connectors.sms.base import (
    DEFAULT_TIMEOUT,
    DELIVERED,
    FAILED,
    QUEUED,
    REJECTED,
    SENT,
    ConfigError,
    DeliveryReport,
    SendResult,
    SmsChannel,
    SmsOutput,
    optional_setting,
    read_form,
    setting,
)

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.twilio.com"
SIGNATURE_HEADER = "X-Twilio-Signature"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

# Message statuses, in the send answer and in status callbacks.
STATUSES = {
    "accepted": QUEUED,
    "scheduled": QUEUED,
    "queued": QUEUED,
    "sending": QUEUED,
    "sent": SENT,
    "delivered": DELIVERED,
    "read": DELIVERED,
    # Some parts of a concatenated message arrived: it reached the handset, incomplete.
    "partially_delivered": SENT,
    "undelivered": FAILED,
    "failed": FAILED,
    "canceled": FAILED,
}

# REST error codes that mean the recipient opted out with Twilio's own STOP handling.
UNSUBSCRIBED_RECIPIENT = 21610


class TwilioOutput(SmsOutput):
    channel_name = "twilio"


class TwilioChannel(SmsChannel):
    """`/webhooks/twilio/webhook` and `/status`, sending through Twilio's Messages API."""

    output_class: ClassVar[type[SmsOutput]] = TwilioOutput
    delivery_path: ClassVar[str] = "/status"
    delivery_statuses: ClassVar[dict[str, str]] = STATUSES

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        public_url: str,
        api_base_url: str = DEFAULT_API_BASE_URL,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(timeout=timeout)
        if not account_sid.startswith("AC"):
            raise ConfigError(
                "twilio: account_sid must be the account's SID, starting with AC (TWILIO_ACCOUNT_SID)"
            )
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ConfigError(
                "twilio: public_url must be the Rasa server's public base URL, e.g. https://pes.example.org "
                "(TWILIO_WEBHOOK_BASE_URL)"
            )
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.public_url = public_url.rstrip("/")
        self.api_base_url = api_base_url.rstrip("/")
        self.validator = RequestValidator(auth_token)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioChannel:
        name = cls.name()
        return cls(
            account_sid=setting(credentials, name, "account_sid", "TWILIO_ACCOUNT_SID"),
            auth_token=setting(credentials, name, "auth_token", "TWILIO_AUTH_TOKEN"),
            from_number=setting(credentials, name, "from_number", "TWILIO_FROM_NUMBER"),
            public_url=setting(credentials, name, "public_url", "TWILIO_WEBHOOK_BASE_URL"),
            api_base_url=optional_setting(credentials, "api_base_url", DEFAULT_API_BASE_URL),
        )

    def public_url_of(self, route: str, request: Request | None = None) -> str:
        """The URL Twilio calls for one of our routes (what its signature covers)."""
        url = f"{self.public_url}/webhooks/{self.name()}{route}"
        if request is not None and request.query_string:
            url += f"?{request.query_string}"
        return url

    # -- verify and parse --------------------------------------------------------------------
    def _check_signature(self, request: Request, route: str) -> None:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            raise Forbidden(f"missing {SIGNATURE_HEADER}")
        form = read_form(request)
        if not self.validator.validate(self.public_url_of(route, request), form, signature):
            raise Forbidden(f"{SIGNATURE_HEADER} does not match")

    async def verify(self, request: Request) -> None:
        self._check_signature(request, self.webhook_path)

    async def verify_delivery(self, request: Request) -> None:
        self._check_signature(request, self.delivery_path)

    async def parse(self, request: Request) -> list[Inbound]:
        fields = read_form(request).require("MessageSid", "From", "To", "Body")
        # A picture message without words arrives with an empty Body: the help answer fits it.
        return [
            self.make_inbound(sender=fields["From"], text=fields["Body"], message_id=fields["MessageSid"])
        ]

    async def parse_delivery(self, request: Request) -> DeliveryReport:
        form = read_form(request)
        sid = form.get("MessageSid") or form.get("SmsSid")
        status = form.get("MessageStatus") or form.get("SmsStatus")
        if not sid or not status:
            form.require("MessageSid", "MessageStatus")
        code = form.get("ErrorCode")
        return DeliveryReport(
            provider_message_id=str(sid),
            provider_status=str(status),
            error=f"Twilio error {code}" if code and code != "0" else None,
        )

    def acknowledge(self, request: Request, outcomes: list[Outcome]) -> HTTPResponse:
        # Replies go through the REST API; an empty TwiML response tells Twilio to send nothing itself.
        return response.text(EMPTY_TWIML, content_type="text/xml")

    # -- send ------------------------------------------------------------------------------
    async def send_sms(self, client: httpx.AsyncClient, to: str, text: str) -> SendResult:
        data = {"To": to, "Body": text, "StatusCallback": self.public_url_of(self.delivery_path)}
        # A Messaging Service (MG...) picks the sending number itself.
        data["MessagingServiceSid" if self.from_number.startswith("MG") else "From"] = self.from_number
        answer = await client.post(
            f"{self.api_base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
            data=data,
            auth=(self.account_sid, self.auth_token),
            headers={"Accept": "application/json"},
        )
        if answer.status_code >= 400:
            return self._refusal(answer)
        body = answer.json()
        status = STATUSES.get(str(body.get("status")), QUEUED)
        error = body.get("error_message") or (
            f"Twilio error {body['error_code']}" if body.get("error_code") else None
        )
        return SendResult(status, provider_message_id=body.get("sid"), error=error)

    @staticmethod
    def _refusal(answer: httpx.Response) -> SendResult:
        try:
            body = answer.json()
        except ValueError:
            body = {}
        code = body.get("code") if isinstance(body, dict) else None
        message = (body.get("message") if isinstance(body, dict) else None) or answer.text.strip()[:200]
        error = f"HTTP {answer.status_code}" + (f", Twilio error {code}" if code else "") + f": {message}"
        # 400 is Twilio refusing this message (bad number, opted out); others are ours or its trouble.
        status = REJECTED if answer.status_code == 400 else FAILED
        return SendResult(status, error=error, recipient_opted_out=code == UNSUBSCRIBED_RECIPIENT)
