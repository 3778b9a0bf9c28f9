"""Drafts pre-filled from the translation memory: marked on the segment and in its history.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "'save', 'refused', 'source_changed', 'removed'"


def upgrade() -> None:
    op.add_column("target_segment", sa.Column("prefilled", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("segment_edit", schema=None) as batch_op:  # nothing refers to segment_edit
        batch_op.drop_constraint("ck_segment_edit_kind", type_="check")
        batch_op.create_check_constraint("ck_segment_edit_kind", f"kind IN ({KINDS}, 'prefill')")


def downgrade() -> None:
    op.execute("DELETE FROM segment_edit WHERE kind = 'prefill'")
    with op.batch_alter_table("segment_edit", schema=None) as batch_op:
        batch_op.drop_constraint("ck_segment_edit_kind", type_="check")
        batch_op.create_check_constraint("ck_segment_edit_kind", f"kind IN ({KINDS})")
    op.drop_column("target_segment", "prefilled")
