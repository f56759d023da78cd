"""Registration drafts: answers kept under a verified phone number.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "registration_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(40), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_registration_drafts"),
        sa.UniqueConstraint("phone", name="uq_registration_drafts_phone"),
    )
    op.create_index("ix_registration_drafts_updated_at", "registration_drafts", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_registration_drafts_updated_at", table_name="registration_drafts")
    op.drop_table("registration_drafts")
