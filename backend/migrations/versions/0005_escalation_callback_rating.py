"""Escalations: callback request, rating and closing time.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.add_column(
            sa.Column("callback_requested", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("callback_phone", sa.String(20), nullable=True))
        batch.add_column(sa.Column("rating", sa.String(8), nullable=True))
        batch.add_column(sa.Column("rated_at", TZ, nullable=True))
        batch.add_column(sa.Column("closed_at", TZ, nullable=True))
    # Requests closed before this revision: their last change is the best closing time known.
    op.execute("UPDATE escalations SET closed_at = updated_at WHERE status = 'closed'")


def downgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("rated_at")
        batch.drop_column("rating")
        batch.drop_column("callback_phone")
        batch.drop_column("callback_requested")
