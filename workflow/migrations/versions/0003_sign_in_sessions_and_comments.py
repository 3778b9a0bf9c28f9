"""Sign-in sessions that survive a reload, failed sign-in counts, and comments on pieces and segments.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 00:52:43
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failure",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "sign_in_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_session_token_hash", "sign_in_session", ["token_hash"], unique=True)
    op.create_index("ix_sign_in_session_user_id", "sign_in_session", ["user_id"], unique=False)
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["piece_id"], ["piece.id"]),
        sa.ForeignKeyConstraint(["segment_id"], ["target_segment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_comment_piece", "comment", ["piece_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_comment_piece", table_name="comment")
    op.drop_table("comment")
    op.drop_index("ix_sign_in_session_user_id", table_name="sign_in_session")
    op.drop_index("ix_sign_in_session_token_hash", table_name="sign_in_session")
    op.drop_table("sign_in_session")
    op.drop_table("sign_in_failure")
