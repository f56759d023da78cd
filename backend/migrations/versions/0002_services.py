"""Courses, programme versions, offices, applications, escalations and job alerts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("provider", sa.String(200), nullable=False),
        sa.Column("field", sa.String(80), nullable=False),
        sa.Column("town", sa.String(100), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("duration_weeks", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("funded", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
        sa.UniqueConstraint("title", "provider", name="uq_courses_title_provider"),
    )
    op.create_index("ix_courses_field", "courses", ["field"])
    op.create_index("ix_courses_town", "courses", ["town"])

    op.create_table(
        "course_isco_codes",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("isco_code", sa.String(4), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], ondelete="CASCADE",
            name="fk_course_isco_codes_course_id_courses",
        ),
        sa.PrimaryKeyConstraint("course_id", "isco_code", name="pk_course_isco_codes"),
    )
    op.create_index("ix_course_isco_codes_code", "course_isco_codes", ["isco_code"])

    # Programmes are versioned: an edit adds a row, the newest row of a code is active.
    op.create_table(
        "programme_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("family", sa.String(30), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("benefits", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programme_versions"),
        sa.UniqueConstraint("code", "version", name="uq_programme_versions_code_version"),
    )
    op.create_index("ix_programme_versions_code", "programme_versions", ["code"])

    op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("town", sa.String(100), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("timezone", sa.String(60), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("is_main", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_offices"),
        sa.UniqueConstraint("name", name="uq_offices_name"),
    )

    op.create_table(
        "office_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.String(5), nullable=False),
        sa.Column("closes", sa.String(5), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], ondelete="CASCADE", name="fk_office_hours_office_id_offices"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_office_hours"),
    )
    op.create_index("ix_office_hours_office_id", "office_hours", ["office_id"])

    # FKs to jobseekers cascade: erasing a jobseeker erases what hangs off her record.
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"], ["jobseekers.id"], ondelete="CASCADE",
            name="fk_applications_jobseeker_id_jobseekers",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.UniqueConstraint(
            "jobseeker_id", "kind", "target_id", name="uq_applications_jobseeker_kind_target"
        ),
    )
    op.create_index("ix_applications_jobseeker_id", "applications", ["jobseeker_id"])

    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("topic", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"], ["jobseekers.id"], ondelete="CASCADE",
            name="fk_escalations_jobseeker_id_jobseekers",
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], ondelete="SET NULL", name="fk_escalations_office_id_offices"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_escalations"),
    )
    op.create_index("ix_escalations_conversation_id", "escalations", ["conversation_id"])
    op.create_index("ix_escalations_jobseeker_id", "escalations", ["jobseeker_id"])
    op.create_index("ix_escalations_status", "escalations", ["status"])

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=True),
        sa.Column("isco_code", sa.String(4), nullable=True),
        sa.Column("occupation_uri", sa.String(300), nullable=True),
        sa.Column("occupation_label", sa.String(300), nullable=True),
        sa.Column("town", sa.String(100), nullable=True),
        sa.Column("keyword", sa.String(200), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"], ["jobseekers.id"], ondelete="CASCADE",
            name="fk_alerts_jobseeker_id_jobseekers",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_index("ix_alerts_conversation_id", "alerts", ["conversation_id"])
    op.create_index("ix_alerts_jobseeker_id", "alerts", ["jobseeker_id"])


def downgrade() -> None:
    for table in (
        "alerts",
        "escalations",
        "applications",
        "office_hours",
        "offices",
        "programme_versions",
        "course_isco_codes",
        "courses",
    ):
        op.drop_table(table)
