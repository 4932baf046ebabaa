"""open failures unique per stage and URL; the page behind each article version

Revision ID: f8f7ed7c90af
Revises: 256507f3210e
Create Date: 2026-12-02 07:23:50.695369
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f8f7ed7c90af"
down_revision: str | None = "256507f3210e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "resolved_at IS NULL"
# Rows of one (stage, url) that are open at once, merged into the newest of them (latest error).
MERGE_OPEN_DUPLICATES = f"""
UPDATE failures SET
    attempts = (SELECT SUM(o.attempts) FROM failures o
                WHERE o.stage = failures.stage AND o.url = failures.url AND o.{OPEN}),
    first_seen_at = (SELECT MIN(o.first_seen_at) FROM failures o
                     WHERE o.stage = failures.stage AND o.url = failures.url AND o.{OPEN})
WHERE {OPEN} AND id IN (
    SELECT MAX(id) FROM failures WHERE {OPEN} GROUP BY stage, url HAVING COUNT(*) > 1
)
"""
DELETE_MERGED = f"""
DELETE FROM failures
WHERE {OPEN} AND id NOT IN (SELECT MAX(id) FROM failures WHERE {OPEN} GROUP BY stage, url)
"""


def upgrade() -> None:
    """Apply this revision."""
    # Not in batch mode: on SQLite that could copy and drop articles, and a drop cascades to versions.
    op.create_index(op.f("ix_articles_page_id"), "articles", ["page_id"], unique=False)
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("page_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_article_versions_page_id"), ["page_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_article_versions_page_id_pages"), "pages", ["page_id"], ["id"], ondelete="SET NULL"
        )
    op.execute(MERGE_OPEN_DUPLICATES)
    op.execute(DELETE_MERGED)
    op.drop_index("ix_failures_open", table_name="failures")
    op.create_index(
        "uq_failures_open",
        "failures",
        ["stage", "url"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("uq_failures_open", table_name="failures")
    op.create_index(op.f("ix_failures_open"), "failures", ["stage", "url", "resolved_at"], unique=False)
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_article_versions_page_id_pages"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_article_versions_page_id"))
        batch_op.drop_column("page_id")
    op.drop_index(op.f("ix_articles_page_id"), table_name="articles")
