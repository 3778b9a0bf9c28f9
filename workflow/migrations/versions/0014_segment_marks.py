"""Review per segment: a reviewer's verdict on each segment's text (accepted, or flagged with a comment).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "segment_mark",
        sa.Column("segment_id", sa.Integer(), sa.ForeignKey("target_segment.id"), primary_key=True),
        sa.Column("piece_id", sa.Integer(), sa.ForeignKey("piece.id"), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), sa.ForeignKey("comment.id"), nullable=True),
        sa.Column("by", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_segment_mark_piece_id", "segment_mark", ["piece_id"])


def downgrade() -> None:
    op.drop_index("ix_segment_mark_piece_id", table_name="segment_mark")
    op.drop_table("segment_mark")
