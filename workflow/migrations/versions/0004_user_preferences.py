"""A person's interface language and when they last read their notifications.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 01:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interface_language", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("notifications_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("notifications_seen_at")
        batch_op.drop_column("interface_language")
