"""Site interface strings: catalogs beside articles, plural sources and notes, one target per plural form.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "article",
        sa.Column(
            "kind",
            sa.String(length=16),
            sa.CheckConstraint("kind IN ('article', 'catalog')", name="ck_article_kind"),
            nullable=False,
            server_default="article",
        ),
    )
    op.add_column("source_segment", sa.Column("plural", sa.String(), nullable=True))
    op.add_column("source_segment", sa.Column("note", sa.String(), nullable=True))
    op.add_column("target_segment", sa.Column("plural_form", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("target_segment", "plural_form")
    op.drop_column("source_segment", "note")
    op.drop_column("source_segment", "plural")
    op.execute("DELETE FROM approved_segment WHERE article_id IN (SELECT id FROM article WHERE kind = 'catalog')")
    op.drop_column("article", "kind")  # its CHECK belongs to the column: SQLite drops both
