"""The staff inbox: tickets, their messages and notes, canned answers, teams, presence.

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import AwareDateTime

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

TEAMS = "('registration', 'benefits', 'programmes', 'other')"


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("team", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("created_at", AwareDateTime(), nullable=False),
        sa.Column("imported_at", AwareDateTime(), nullable=False),
        sa.Column("claimed_at", AwareDateTime(), nullable=True),
        sa.Column("closed_at", AwareDateTime(), nullable=True),
        sa.Column("last_message_at", AwareDateTime(), nullable=True),
        sa.Column("tracker_offset", sa.Integer(), nullable=False),
        sa.Column("tracker_seen_at", sa.Float(), nullable=True),
        sa.Column("rating", sa.String(8), nullable=True),
        sa.Column("callback_requested", sa.Boolean(), nullable=False),
        sa.Column("callback_phone", sa.String(20), nullable=True),
        sa.CheckConstraint("status IN ('waiting', 'assigned', 'closed')", name=op.f("ck_tickets_status")),
        sa.CheckConstraint(f"team IN {TEAMS}", name=op.f("ck_tickets_team")),
        sa.CheckConstraint(
            "rating IS NULL OR rating IN ('good', 'ok', 'bad')", name=op.f("ck_tickets_rating")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["staff_accounts.id"],
            name=op.f("fk_tickets_assignee_id_staff_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("escalation_id", name=op.f("uq_tickets_escalation_id")),
    )
    op.create_index(op.f("ix_tickets_conversation_id"), "tickets", ["conversation_id"])
    op.create_index("ix_tickets_status_created_at", "tickets", ["status", "created_at"])
    op.create_index("ix_tickets_assignee_id_status", "tickets", ["assignee_id", "status"])
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", AwareDateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("delivery", sa.String(8), nullable=True),
        sa.CheckConstraint("sender IN ('user', 'bot', 'staff')", name=op.f("ck_ticket_messages_sender")),
        sa.CheckConstraint(
            "delivery IS NULL OR delivery IN ('sent', 'failed')", name=op.f("ck_ticket_messages_delivery")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_messages_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["staff_accounts.id"],
            name=op.f("fk_ticket_messages_author_id_staff_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_messages")),
    )
    op.create_index("ix_ticket_messages_ticket_id_at", "ticket_messages", ["ticket_id", "at"])
    op.create_table(
        "ticket_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", AwareDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_notes_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["staff_accounts.id"],
            name=op.f("fk_ticket_notes_author_id_staff_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_notes")),
    )
    op.create_index(op.f("ix_ticket_notes_ticket_id"), "ticket_notes", ["ticket_id"])
    op.create_table(
        "canned_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("team", sa.String(20), nullable=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(f"team IS NULL OR team IN {TEAMS}", name=op.f("ck_canned_answers_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_answers")),
    )
    op.create_index("ix_canned_answers_language_team", "canned_answers", ["language", "team"])
    op.create_table(
        "staff_teams",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(20), nullable=False),
        sa.CheckConstraint(f"team IN {TEAMS}", name=op.f("ck_staff_teams_team")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_teams_account_id_staff_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "team", name=op.f("pk_staff_teams")),
    )
    op.create_table(
        "staff_presence",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("updated_at", AwareDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('online', 'away')", name=op.f("ck_staff_presence_status")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_presence_account_id_staff_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_staff_presence")),
    )


def downgrade() -> None:
    op.drop_table("staff_presence")
    op.drop_table("staff_teams")
    op.drop_table("canned_answers")
    op.drop_table("ticket_notes")
    op.drop_table("ticket_messages")
    op.drop_table("tickets")
