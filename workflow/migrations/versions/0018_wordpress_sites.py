"""WordPress sites and their posts: what was pulled from a site and pushed to it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wordpress_site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("pulled_through", sa.DateTime(timezone=True), nullable=True),
        sa.Column("drafts_through", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    op.create_table(
        "wordpress_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("edition_code", sa.String(length=8), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("sent_hash", sa.String(length=64), nullable=True),
        sa.Column("remote_state", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["wordpress_site.id"]),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site_id", "post_id", name="uq_wordpress_post"),
        sa.UniqueConstraint("site_id", "article_id", "edition_code", "direction", name="uq_wordpress_article"),
    )


def downgrade() -> None:
    op.drop_table("wordpress_post")
    op.drop_table("wordpress_site")
