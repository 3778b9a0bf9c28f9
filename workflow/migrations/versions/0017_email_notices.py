"""E-mail: each person's choice (immediate, daily digest, none), when their last digest went, and the notices
already sent.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    # plain ALTER TABLE on both databases: a batch copy of "user" would break the tables that refer to it
    op.add_column("user", sa.Column("email_mode", sa.String(length=10), nullable=False, server_default="immediate"))
    op.add_column("user", sa.Column("digest_sent_at", WHEN, nullable=True))
    op.create_table(
        "mailed_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["piece_id"], ["piece.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "kind", "piece_id", "at", name="uq_mailed_notice"),
    )


def downgrade() -> None:
    op.drop_table("mailed_notice")
    op.drop_column("user", "digest_sent_at")
    op.drop_column("user", "email_mode")
