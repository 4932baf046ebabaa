"""health alerts: one open row per source and problem

Revision ID: c3cc6bb525b9
Revises: f8f7ed7c90af
Create Date: 2026-12-05 23:09:56.167528
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import newsingest.db.types

revision: str = "c3cc6bb525b9"
down_revision: str | None = "f8f7ed7c90af"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "health_alerts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("opened_at", newsingest.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", newsingest.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("notified_at", newsingest.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("notifications", sa.Integer(), nullable=False),
        sa.Column("cleared_at", newsingest.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_alerts")),
    )
    with op.batch_alter_table("health_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_health_alerts_source"), ["source"], unique=False)
        batch_op.create_index(
            "uq_health_alerts_open",
            ["source", "problem"],
            unique=True,
            sqlite_where=sa.text("cleared_at IS NULL"),
            postgresql_where=sa.text("cleared_at IS NULL"),
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("health_alerts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_health_alerts_open",
            sqlite_where=sa.text("cleared_at IS NULL"),
            postgresql_where=sa.text("cleared_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_health_alerts_source"))
    op.drop_table("health_alerts")
