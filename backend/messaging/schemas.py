"""Request and answer shapes of the messaging API (docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# The one vocabulary of delivery states; each channel maps its provider's statuses to it.
DeliveryStatus = Literal["queued", "sent", "delivered", "failed", "rejected", "unknown"]
Encoding = Literal["gsm7", "ucs2"]
# Channels whose opt-outs are shared: a STOP over one SMS gateway stops them all.
Family = Literal["sms"]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Ident = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _clip(limit: int) -> BeforeValidator:
    # Provider wording is informative, not essential: a long one is cut, never refused,
    # because refusing it would lose the report itself.
    return BeforeValidator(lambda v: v[:limit] if isinstance(v, str) else v)


class InboundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Name
    provider_message_id: Ident
    sender: Ident


class InboundOut(BaseModel):
    first: bool = Field(description="true the first time this (channel, provider_message_id) is seen")


class OptOutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: Family = "sms"
    keyword: Name
    channel: Name


class OptOutOut(BaseModel):
    address: str
    family: Family
    opted_out: bool
    keyword: str | None
    since: datetime | None


class OutboundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Name
    provider: Name
    recipient: Ident
    conversation_id: Ident
    provider_message_id: Ident | None = None
    text: str = Field(max_length=20000)
    encoding: Encoding | None = None
    segments: Annotated[int, Field(ge=1, le=1000)] | None = None
    status: DeliveryStatus


class OutboundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    provider: str
    recipient: str
    conversation_id: str
    provider_message_id: str | None
    text: str
    encoding: Encoding | None
    segments: int | None
    status: DeliveryStatus
    provider_status: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime


class DeliveryReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: Name
    provider_message_id: Ident
    status: DeliveryStatus
    provider_status: Annotated[str, _clip(100), Field(max_length=100)]
    error: Annotated[str, _clip(500), Field(max_length=500)] | None = None


class DeliveryReportOut(BaseModel):
    matched: bool = Field(description="true when the report was about a recorded outbound message")
