"""Article bodies in HTML (a WordPress post is kept as the HTML it is, its inline tags as placeables), and the
site's own front-matter fields kept with each revision.

Every stored revision is Markdown and stays so (its segments, templates and translations unchanged), with
no fields of its own.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER TABLE (SQLite 3.35+ has ADD and DROP COLUMN): other tables refer to revision, so it is
    # never copied and recreated
    op.add_column("revision", sa.Column("body_format", sa.String(length=16), nullable=False, server_default="markdown"))
    op.add_column("revision", sa.Column("meta", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    op.drop_column("revision", "meta")
    op.drop_column("revision", "body_format")  # HTML bodies are then read as Markdown: import them again
