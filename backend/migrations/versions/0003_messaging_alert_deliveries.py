"""Messaging records (inbound ids, opt-outs, outbound messages, delivery reports) and
job alert deliveries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "messaging_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("provider_message_id", sa.String(200), nullable=False),
        sa.Column("sender", sa.String(200), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_messaging_inbound"),
        sa.UniqueConstraint("channel", "provider_message_id", name="uq_messaging_inbound_channel_message"),
    )

    op.create_table(
        "messaging_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(20), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("keyword", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("since", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_messaging_opt_outs"),
        sa.UniqueConstraint("family", "address", name="uq_messaging_opt_outs_family_address"),
    )

    op.create_table(
        "messaging_outbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("provider_message_id", sa.String(200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("encoding", sa.String(8), nullable=True),
        sa.Column("segments", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("provider_status", sa.String(100), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_messaging_outbound"),
        sa.UniqueConstraint("provider", "provider_message_id", name="uq_messaging_outbound_provider_message"),
    )
    op.create_index("ix_messaging_outbound_recipient", "messaging_outbound", ["recipient"])
    op.create_index("ix_messaging_outbound_conversation_id", "messaging_outbound", ["conversation_id"])

    op.create_table(
        "messaging_delivery_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("provider_message_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("provider_status", sa.String(100), nullable=False),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("outbound_id", sa.Integer(), nullable=True),
        sa.Column("received_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["outbound_id"],
            ["messaging_outbound.id"],
            ondelete="SET NULL",
            name="fk_messaging_delivery_reports_outbound_id_messaging_outbound",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_messaging_delivery_reports"),
    )
    op.create_index(
        "ix_messaging_delivery_reports_provider_message",
        "messaging_delivery_reports",
        ["provider", "provider_message_id"],
    )
    op.create_index(
        "ix_messaging_delivery_reports_outbound_id", "messaging_delivery_reports", ["outbound_id"]
    )

    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("posting_key", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", TZ, nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("sent_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], ondelete="CASCADE", name="fk_alert_deliveries_alert_id_alerts"
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
            ondelete="CASCADE",
            name="fk_alert_deliveries_vacancy_id_vacancies",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_deliveries"),
        sa.UniqueConstraint("alert_id", "posting_key", name="uq_alert_deliveries_alert_posting"),
    )
    op.create_index("ix_alert_deliveries_alert_id", "alert_deliveries", ["alert_id"])
    op.create_index("ix_alert_deliveries_vacancy_id", "alert_deliveries", ["vacancy_id"])
    op.create_index("ix_alert_deliveries_status", "alert_deliveries", ["status"])


def downgrade() -> None:
    for table in (
        "alert_deliveries",
        "messaging_delivery_reports",
        "messaging_outbound",
        "messaging_opt_outs",
        "messaging_inbound",
    ):
        op.drop_table(table)
