"""Towns, jobseekers (identities, occupations sought), ESCO occupations, vacancies.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "towns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_towns")),
        sa.UniqueConstraint("name", name=op.f("uq_towns_name")),
    )
    op.create_table(
        "jobseekers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_number", sa.String(length=20), nullable=False),
        sa.Column("consent_notice_version", sa.String(length=40), nullable=False),
        sa.Column("consent_given_at", TZ_DATETIME, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("education_level", sa.Integer(), nullable=False),
        sa.Column("experience_years", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=True),
        sa.Column("disability", sa.Boolean(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ_DATETIME, nullable=False),
        sa.Column("updated_at", TZ_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobseekers")),
        sa.UniqueConstraint("registration_number", name=op.f("uq_jobseekers_registration_number")),
        sa.UniqueConstraint("phone", name=op.f("uq_jobseekers_phone")),
    )
    op.create_table(
        "jobseeker_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("identity", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_jobseeker_identities_jobseeker_id_jobseekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobseeker_identities")),
        sa.UniqueConstraint("channel", "identity", name="uq_jobseeker_identities_channel_identity"),
    )
    op.create_index(
        op.f("ix_jobseeker_identities_jobseeker_id"), "jobseeker_identities", ["jobseeker_id"], unique=False
    )
    op.create_table(
        "jobseeker_occupations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("esco_uri", sa.String(length=200), nullable=True),
        sa.Column("isco_code", sa.String(length=4), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_jobseeker_occupations_jobseeker_id_jobseekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobseeker_occupations")),
    )
    op.create_index(
        op.f("ix_jobseeker_occupations_jobseeker_id"), "jobseeker_occupations", ["jobseeker_id"], unique=False
    )
    op.create_table(
        "isco_groups",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("uri", sa.String(length=200), nullable=True),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_isco_groups")),
    )
    op.create_table(
        "occupations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("isco_code", sa.String(length=4), nullable=False),
        sa.Column("alt_labels", sa.JSON(), nullable=False),
        sa.Column("hidden_labels", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("updated_at", TZ_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupations")),
        sa.UniqueConstraint("uri", name=op.f("uq_occupations_uri")),
    )
    op.create_index(op.f("ix_occupations_isco_code"), "occupations", ["isco_code"], unique=False)
    op.create_table(
        "vacancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("date_posted", sa.Date(), nullable=False),
        sa.Column("valid_through", sa.Date(), nullable=True),
        sa.Column("employment_type", sa.String(length=20), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("salary_min", sa.Float(), nullable=True),
        sa.Column("salary_max", sa.Float(), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_unit", sa.String(length=5), nullable=True),
        sa.Column("isco_code", sa.String(length=4), nullable=True),
        sa.Column("occupation_uri", sa.String(length=200), nullable=True),
        sa.Column("occupation_label", sa.String(length=300), nullable=True),
        sa.Column("education_requirements", sa.Text(), nullable=True),
        sa.Column("experience_months", sa.Integer(), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("openings", sa.Integer(), nullable=False),
        sa.Column("apply_url", sa.String(length=500), nullable=True),
        sa.Column("apply_email", sa.String(length=200), nullable=True),
        sa.Column("apply_phone", sa.String(length=20), nullable=True),
        sa.Column("created_at", TZ_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancies")),
    )
    op.create_index(op.f("ix_vacancies_valid_through"), "vacancies", ["valid_through"], unique=False)
    op.create_index(op.f("ix_vacancies_town"), "vacancies", ["town"], unique=False)
    op.create_index(op.f("ix_vacancies_isco_code"), "vacancies", ["isco_code"], unique=False)
    op.create_index(op.f("ix_vacancies_occupation_uri"), "vacancies", ["occupation_uri"], unique=False)


def downgrade() -> None:
    op.drop_table("vacancies")
    op.drop_table("occupations")
    op.drop_table("isco_groups")
    op.drop_table("jobseeker_occupations")
    op.drop_table("jobseeker_identities")
    op.drop_table("jobseekers")
    op.drop_table("towns")
