"""Africa's Talking SMS: inbound messages, delivery reports and sending through its HTTP API.

Webhooks (configured in the Africa's Talking dashboard, SMS > Callback URLs):

    incoming messages   POST /webhooks/africastalking/webhook?secret=<AFRICASTALKING_WEBHOOK_SECRET>
                        form: from, to, text, date, id, linkId (premium only), networkCode
    delivery reports    POST /webhooks/africastalking/delivery?secret=<AFRICASTALKING_WEBHOOK_SECRET>
                        form: id, status, phoneNumber, networkCode, failureReason, retryCount

Why a secret in the URL: Africa's Talking signs nothing, so anyone who learns the webhook
address could post messages "from" any phone number, and the assistant treats the
sender's number as verified (it links a jobseeker's profile to it). The callback URL is
only known to the dashboard and to us, so a long random secret in its query string,
compared in constant time, is the authentication the provider allows. Serve it over
HTTPS only, and keep it out of access logs. Where the gateway's source addresses are
known, `allowed_networks` (comma-separated CIDRs) adds a second check on the client
address (behind a proxy, configure Sanic's forwarded-header handling so the address is
the gateway's, not the proxy's).

Sending: POST {api_base_url}/version1/messaging (form username, to, message, from; header
apiKey), answered with SMSMessageData.Recipients[] (statusCode, status, messageId). The
sandbox is https://api.sandbox.africastalking.com with username "sandbox".
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from typing import Any, ClassVar

import httpx
from sanic.request import Request

from connectors.base import Forbidden, Inbound
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

DEFAULT_API_BASE_URL = "https://api.africastalking.com"
MIN_SECRET_LENGTH = 16

# Recipient statusCode in the send answer: 100 Processed, 101 Sent, 102 Queued; 401-409 the
# gateway refused this recipient (risk hold, invalid sender or number, no credit, blacklist,
# no route, do-not-disturb); 5xx its own failure.
_ACCEPTED_CODES = {100: QUEUED, 101: SENT, 102: QUEUED}

# Delivery report statuses (failureReason carries the detail of Failed and Rejected).
STATUSES = {
    "Sent": SENT,
    "Submitted": SENT,
    "Buffered": SENT,
    "Success": DELIVERED,
    "Failed": FAILED,
    "Rejected": REJECTED,
    "Expired": FAILED,
}


class AfricasTalkingOutput(SmsOutput):
    channel_name = "africastalking"


class AfricasTalkingChannel(SmsChannel):
    """`/webhooks/africastalking/webhook` and `/delivery`, sending through Africa's Talking."""

    output_class: ClassVar[type[SmsOutput]] = AfricasTalkingOutput
    delivery_statuses: ClassVar[dict[str, str]] = STATUSES

    @classmethod
    def name(cls) -> str:
        return "africastalking"

    def __init__(
        self,
        *,
        username: str,
        api_key: str,
        webhook_secret: str,
        sender: str = "",
        api_base_url: str = DEFAULT_API_BASE_URL,
        allowed_networks: str = "",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(timeout=timeout)
        if len(webhook_secret) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"africastalking: the webhook secret must be at least {MIN_SECRET_LENGTH} characters "
                "(AFRICASTALKING_WEBHOOK_SECRET)"
            )
        self.username = username
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.sender = sender
        self.api_base_url = api_base_url.rstrip("/")
        try:
            self.allowed_networks = [
                ipaddress.ip_network(cidr.strip(), strict=False)
                for cidr in allowed_networks.split(",")
                if cidr.strip()
            ]
        except ValueError as exc:
            raise ConfigError(f"africastalking: allowed_networks is not a list of CIDRs: {exc}") from exc

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> AfricasTalkingChannel:
        name = cls.name()
        return cls(
            username=setting(credentials, name, "username", "AFRICASTALKING_USERNAME"),
            api_key=setting(credentials, name, "api_key", "AFRICASTALKING_API_KEY"),
            webhook_secret=setting(credentials, name, "webhook_secret", "AFRICASTALKING_WEBHOOK_SECRET"),
            sender=optional_setting(credentials, "sender"),
            api_base_url=optional_setting(credentials, "api_base_url", DEFAULT_API_BASE_URL),
            allowed_networks=optional_setting(credentials, "allowed_networks"),
        )

    # -- verify and parse --------------------------------------------------------------------
    async def verify(self, request: Request) -> None:
        given = request.args.get("secret") or ""
        if not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
            raise Forbidden("missing or wrong webhook secret")
        if self.allowed_networks:
            try:
                address = ipaddress.ip_address(request.remote_addr or request.ip)
            except ValueError as exc:
                raise Forbidden("unknown client address") from exc
            if not any(address in network for network in self.allowed_networks):
                raise Forbidden("client address not in the allowed networks")

    async def parse(self, request: Request) -> list[Inbound]:
        fields = read_form(request).require("from", "to", "text", "id")
        return [self.make_inbound(sender=fields["from"], text=fields["text"], message_id=fields["id"])]

    async def parse_delivery(self, request: Request) -> DeliveryReport:
        form = read_form(request)
        fields = form.require("id", "status")
        return DeliveryReport(
            provider_message_id=fields["id"],
            provider_status=fields["status"],
            error=form.get("failureReason") or None,
        )

    # -- send ------------------------------------------------------------------------------
    async def send_sms(self, client: httpx.AsyncClient, to: str, text: str) -> SendResult:
        data = {"username": self.username, "to": to, "message": text}
        if self.sender:
            data["from"] = self.sender
        answer = await client.post(
            f"{self.api_base_url}/version1/messaging",
            data=data,
            headers={"apiKey": self.api_key, "Accept": "application/json"},
        )
        if answer.status_code >= 400:
            detail = answer.text.strip()[:200] or answer.reason_phrase
            return SendResult(FAILED, error=f"HTTP {answer.status_code}: {detail}")
        body = answer.json()["SMSMessageData"]
        recipients = body.get("Recipients") or []
        if not recipients:
            return SendResult(REJECTED, error=str(body.get("Message") or "no recipient accepted"))
        recipient = recipients[0]
        code = int(recipient.get("statusCode", 0))
        message_id = recipient.get("messageId") or None
        if message_id == "None":
            message_id = None
        if code in _ACCEPTED_CODES:
            return SendResult(_ACCEPTED_CODES[code], provider_message_id=message_id)
        status = REJECTED if 400 <= code < 500 else FAILED
        return SendResult(
            status, provider_message_id=message_id, error=f"{code} {recipient.get('status', '')}"
        )
