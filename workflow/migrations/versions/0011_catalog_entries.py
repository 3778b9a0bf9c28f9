"""Catalog entries approved one by one: each target segment keeps its newest approved text (with when and by
whom), and each edition's PO file of a catalog keeps its header, translators' comment, obsolete entries and
Plural-Forms.

Segments of pieces approved or published now get their text as approved.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER TABLE: other tables refer to target_segment, so it is never copied and recreated
    op.add_column("target_segment", sa.Column("approved_text", sa.String(), nullable=True))
    op.add_column("target_segment", sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("target_segment", sa.Column("approved_by", sa.Integer(), nullable=True))
    op.create_table(
        "catalog_file",
        sa.Column("piece_id", sa.Integer(), sa.ForeignKey("piece.id"), primary_key=True),
        sa.Column("file", sa.String(length=500), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("header_comment", sa.String(), nullable=False),
        sa.Column("obsolete", sa.String(), nullable=False),
        sa.Column("plural_forms", sa.String(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "UPDATE target_segment SET approved_text = text, approved_by = updated_by,"
        " approved_at = (SELECT p.updated_at FROM piece p WHERE p.id = target_segment.piece_id)"
        " WHERE active AND state = 'done' AND piece_id IN"
        " (SELECT id FROM piece WHERE status IN ('approved', 'published'))"
    )


def downgrade() -> None:
    op.drop_table("catalog_file")
    op.drop_column("target_segment", "approved_by")
    op.drop_column("target_segment", "approved_at")
    op.drop_column("target_segment", "approved_text")
