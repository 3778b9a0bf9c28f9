"""Pinned translations: every approval keeps the translation with the source revision it translates, and an
edition publishes the newest one until the next is approved.

Every approved or published article piece gets its current translation as its first version (published when
the piece is, at the time of its last publish event).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 23:50:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _aware(value: object) -> datetime:
    """A stored time as an aware UTC datetime (SQLite returns text or naive datetimes)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def upgrade() -> None:
    version = op.create_table(
        "translation_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("piece_id", sa.Integer(), sa.ForeignKey("piece.id"), nullable=False),
        sa.Column("revision_id", sa.Integer(), sa.ForeignKey("revision.id"), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_translation_version_piece", "translation_version", ["piece_id", "id"])
    connection = op.get_bind()
    pieces = connection.execute(
        sa.text(
            "SELECT p.id, p.revision_id, p.status, p.reviewer_id, p.updated_at FROM piece p"
            " JOIN article a ON a.id = p.article_id"
            " WHERE a.kind = 'article' AND p.status IN ('approved', 'published') ORDER BY p.id"
        )
    ).all()
    rows = []
    for piece_id, revision_id, status, reviewer_id, updated_at in pieces:
        texts = connection.execute(
            sa.text(
                "SELECT text FROM target_segment WHERE piece_id = :piece AND active ORDER BY position, plural_form"
            ),
            {"piece": piece_id},
        ).scalars()
        approved_at = connection.execute(
            sa.text("SELECT MAX(at) FROM event WHERE piece_id = :piece AND action = 'approve'"), {"piece": piece_id}
        ).scalar()
        published_at = connection.execute(
            sa.text("SELECT MAX(at) FROM event WHERE piece_id = :piece AND action = 'publish'"), {"piece": piece_id}
        ).scalar()
        rows.append(
            {
                "piece_id": piece_id,
                "revision_id": revision_id,
                "texts": list(texts),
                "approved_at": _aware(approved_at or updated_at),
                "approved_by": reviewer_id,
                "published_at": _aware(published_at or updated_at) if status == "published" else None,
            }
        )
    if rows:
        op.bulk_insert(version, rows)


def downgrade() -> None:
    op.drop_index("ix_translation_version_piece", table_name="translation_version")
    op.drop_table("translation_version")
