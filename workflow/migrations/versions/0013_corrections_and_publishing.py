"""Corrections and publishing per edition: each revision keeps the article's corrections (each note a segment
to translate), a piece may carry an embargo (publish_at), and each editor publishes the editions listed for
them.

Every editor there is now publishes every edition, as before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("revision", sa.Column("corrections", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.add_column("piece", sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "edition_editor",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), primary_key=True),
        sa.Column("edition_code", sa.String(length=8), sa.ForeignKey("edition.code"), primary_key=True),
    )
    op.execute(
        "INSERT INTO edition_editor (user_id, edition_code)"
        " SELECT r.user_id, e.code FROM user_role r CROSS JOIN edition e WHERE r.role = 'editor'"
    )


def downgrade() -> None:
    op.drop_table("edition_editor")
    op.drop_column("piece", "publish_at")
    op.drop_column("revision", "corrections")
