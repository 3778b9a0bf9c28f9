"""Translator assistance: check severities per edition, the glossary, waived findings, imported memory.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workflow.models import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN: SQLite cannot rebuild a table that others refer to while foreign keys are on
    op.add_column("edition", sa.Column("check_severities", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.create_table(
        "glossary_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_language", sa.String(length=8), nullable=False),
        sa.Column("target_language", sa.String(length=8), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("forbidden", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("is_name", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_language", "target_language", "term", name="uq_glossary_term"),
    )
    op.create_table(
        "check_waiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_segment_id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text_hash", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('mute', 'override')", name="ck_check_waiver_kind"),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["piece_id"], ["piece.id"]),
        sa.ForeignKeyConstraint(["target_segment_id"], ["target_segment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_check_waiver_segment", "check_waiver", ["target_segment_id", "check_id"])
    op.create_index("ix_check_waiver_piece_id", "check_waiver", ["piece_id"])
    op.create_table(
        "memory_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_language", sa.String(length=8), nullable=False),
        sa.Column("target_language", sa.String(length=8), nullable=False),
        sa.Column("source_hash", sa.String(length=32), nullable=False),
        sa.Column("source_text", sa.String(), nullable=False),
        sa.Column("target_text", sa.String(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("context", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_memory_entry_lookup", "memory_entry", ["source_language", "target_language", "source_hash"])


def downgrade() -> None:
    op.drop_index("ix_memory_entry_lookup", table_name="memory_entry")
    op.drop_table("memory_entry")
    op.drop_index("ix_check_waiver_piece_id", table_name="check_waiver")
    op.drop_index("ix_check_waiver_segment", table_name="check_waiver")
    op.drop_table("check_waiver")
    op.drop_table("glossary_term")
    op.drop_column("edition", "check_severities")
