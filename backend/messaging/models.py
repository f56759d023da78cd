"""What the channels keep about messages: inbound ids seen, opt-outs, outbound
messages and the delivery reports that providers send back about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, utcnow


class InboundMessage(Base):
    """A provider's message id, recorded the first time it arrives, so a retried
    webhook (same id) is processed once."""

    __tablename__ = "messaging_inbound"
    __table_args__ = (
        UniqueConstraint("channel", "provider_message_id", name="uq_messaging_inbound_channel_message"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    provider_message_id: Mapped[str] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class OptOut(Base):
    """An address that asked for no more messages on a family of channels (STOP).
    Opting back in (START) deletes the row."""

    __tablename__ = "messaging_opt_outs"
    __table_args__ = (UniqueConstraint("family", "address", name="uq_messaging_opt_outs_family_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    keyword: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(40))
    since: Mapped[datetime] = mapped_column(default=utcnow)


class OutboundMessage(Base):
    __tablename__ = "messaging_outbound"
    __table_args__ = (
        # NULLs are distinct on both databases: messages without a provider id never clash.
        UniqueConstraint("provider", "provider_message_id", name="uq_messaging_outbound_provider_message"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(200), index=True)
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(String(8))
    segments: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20))
    provider_status: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DeliveryReport(Base):
    """Every report a provider sent, kept as received, whether or not it matched."""

    __tablename__ = "messaging_delivery_reports"
    __table_args__ = (
        Index("ix_messaging_delivery_reports_provider_message", "provider", "provider_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(40))
    provider_message_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    provider_status: Mapped[str] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(String(500))
    outbound_id: Mapped[int | None] = mapped_column(
        ForeignKey("messaging_outbound.id", ondelete="SET NULL"), index=True
    )
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
