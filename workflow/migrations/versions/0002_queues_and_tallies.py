"""Queues and progress at scale: a sortable deadline key with the available-queue index, and edition tallies.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 00:09:22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = [
    "open",
    "in_translation",
    "submitted",
    "in_review",
    "changes_requested",
    "approved",
    "published",
    "withdrawn",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    no_deadline = "9999-12-31 00:00:00.000000" if sqlite else "9999-12-31 00:00:00+00"
    with op.batch_alter_table("piece", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deadline_key", sa.DateTime(timezone=True), nullable=False, server_default=no_deadline)
        )
        batch_op.drop_index("ix_piece_queue")
    op.execute("UPDATE piece SET deadline_key = deadline WHERE deadline IS NOT NULL")
    op.create_index(
        "ix_piece_available",
        "piece",
        ["status", "edition_code", "source_language", sa.text("priority DESC"), "deadline_key", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "edition_tally",
        sa.Column("edition_code", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pieces", sa.Integer(), nullable=False),
        sa.Column("segments_total", sa.Integer(), nullable=False),
        sa.Column("segments_done", sa.Integer(), nullable=False),
        sa.Column("words_total", sa.Integer(), nullable=False),
        sa.Column("words_done", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")", name="ck_edition_tally_status"),
        sa.ForeignKeyConstraint(["edition_code"], ["edition.code"]),
        sa.PrimaryKeyConstraint("edition_code", "status"),
    )
    values = ", ".join(f"('{s}')" for s in STATUSES)
    op.execute(
        "INSERT INTO edition_tally (edition_code, status, pieces, segments_total, segments_done, words_total, "
        "words_done) SELECT e.code, s.status, "
        "(SELECT count(*) FROM piece p WHERE p.edition_code = e.code AND p.status = s.status), "
        + ", ".join(
            f"(SELECT coalesce(sum(p.{c}), 0) FROM piece p WHERE p.edition_code = e.code AND p.status = s.status)"
            for c in ("segments_total", "segments_done", "words_total", "words_done")
        )
        + f" FROM edition e CROSS JOIN (VALUES {values}) AS s(status)"
        if not sqlite
        else "INSERT INTO edition_tally (edition_code, status, pieces, segments_total, segments_done, words_total, "
        "words_done) SELECT e.code, s.column1, "
        "(SELECT count(*) FROM piece p WHERE p.edition_code = e.code AND p.status = s.column1), "
        + ", ".join(
            f"(SELECT coalesce(sum(p.{c}), 0) FROM piece p WHERE p.edition_code = e.code AND p.status = s.column1)"
            for c in ("segments_total", "segments_done", "words_total", "words_done")
        )
        + f" FROM edition e CROSS JOIN (VALUES {values}) AS s"
    )


def downgrade() -> None:
    op.drop_table("edition_tally")
    op.drop_index("ix_piece_available", table_name="piece")
    with op.batch_alter_table("piece", schema=None) as batch_op:
        batch_op.create_index("ix_piece_queue", ["status", "edition_code", "source_language"], unique=False)
        batch_op.drop_column("deadline_key")
