"""Bundle builds kept and listed; webhooks: subscriptions, the outbox of their messages, every attempt.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "bundle_build",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_code", sa.String(length=8), nullable=False),
        sa.Column("build_id", sa.String(length=80), nullable=False),
        sa.Column("built_at", WHEN, nullable=False),
        sa.Column("built_by", sa.Integer(), nullable=True),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("zip_name", sa.String(length=200), nullable=True),
        sa.Column("zip_bytes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["edition_code"], ["edition.code"]),
        sa.ForeignKeyConstraint(["built_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bundle_build_edition", "bundle_build", ["edition_code", "id"], unique=False)
    op.create_table(
        "webhook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("disabled_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=40), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", WHEN, nullable=True),
        sa.Column("failed_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["webhook_id"], ["webhook.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index("ix_webhook_message_webhook_id", "webhook_message", ["webhook_id"], unique=False)
    op.create_index(
        "ix_webhook_message_due", "webhook_message", ["delivered_at", "failed_at", "next_attempt_at"], unique=False
    )
    op.create_table(
        "webhook_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("milliseconds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["webhook_message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_attempt_message_id", "webhook_attempt", ["message_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_webhook_attempt_message_id", table_name="webhook_attempt")
    op.drop_table("webhook_attempt")
    op.drop_index("ix_webhook_message_due", table_name="webhook_message")
    op.drop_index("ix_webhook_message_webhook_id", table_name="webhook_message")
    op.drop_table("webhook_message")
    op.drop_table("webhook")
    op.drop_index("ix_bundle_build_edition", table_name="bundle_build")
    op.drop_table("bundle_build")
