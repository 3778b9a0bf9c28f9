"""Initial schema: people, editions, articles, revisions, segments, pieces and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 23:43:03.872389
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "source_language",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column("current_revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source_language IN ('en', 'ar', 'fa', 'sq')",
            name="ck_article_source_language",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_slug"), ["slug"], unique=True)

    op.create_table(
        "edition",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("review_policy", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("translation_lease_hours", sa.Integer(), nullable=False),
        sa.Column("review_lease_hours", sa.Integer(), nullable=False),
        sa.Column("digit_style", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("calendar", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.CheckConstraint("calendar IN ('gregorian', 'solar_hijri')", name="ck_edition_calendar"),
        sa.CheckConstraint("code IN ('en', 'ar', 'fa', 'sq')", name="ck_edition_code"),
        sa.CheckConstraint(
            "digit_style IN ('latin', 'arabic_indic', 'persian')",
            name="ck_edition_digit_style",
        ),
        sa.CheckConstraint(
            "review_policy IN ('four_eyes', 'self_approval')",
            name="ck_edition_review_policy",
        ),
        sa.CheckConstraint(
            "translation_lease_hours > 0 AND review_lease_hours > 0",
            name="ck_edition_leases",
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column(
            "password_hash",
            sqlmodel.sql.sqltypes.AutoString(length=200),
            nullable=False,
        ),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_username"), ["username"], unique=True)

    op.create_table(
        "language_pair",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.CheckConstraint("source IN ('en', 'ar', 'fa', 'sq')", name="ck_language_pair_source"),
        sa.CheckConstraint("target IN ('en', 'ar', 'fa', 'sq')", name="ck_language_pair_target"),
        sa.CheckConstraint("source <> target", name="ck_language_pair_distinct"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "source", "target"),
    )
    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("minor_edit", sa.Boolean(), nullable=False),
        sa.Column("source_file", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lede", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("byline", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("source_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("attribution", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("references", sa.JSON(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "number", name="uq_revision_article_number"),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_article_id"), ["article_id"], unique=False)

    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.CheckConstraint(
            "role IN ('translator', 'reviewer', 'editor', 'admin')",
            name="ck_user_role_role",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "role"),
    )
    op.create_table(
        "piece",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("edition_code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column(
            "source_language",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("segments_total", sa.Integer(), nullable=False),
        sa.Column("segments_done", sa.Integer(), nullable=False),
        sa.Column("words_total", sa.Integer(), nullable=False),
        sa.Column("words_done", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_translation', 'submitted', 'in_review', 'changes_requested', 'approved', 'published', 'withdrawn')",
            name="ck_piece_status",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["edition_code"],
            ["edition.code"],
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["revision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "edition_code", name="uq_piece_article_edition"),
    )
    with op.batch_alter_table("piece", schema=None) as batch_op:
        batch_op.create_index("ix_piece_holder", ["holder_id", "status"], unique=False)
        batch_op.create_index("ix_piece_lease", ["lease_expires_at"], unique=False)
        batch_op.create_index(
            "ix_piece_queue",
            ["status", "edition_code", "source_language"],
            unique=False,
        )

    op.create_table(
        "source_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["revision.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("source_segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_segment_hash"), ["hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_segment_revision_id"), ["revision_id"], unique=False)

    op.create_table(
        "approved_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column(
            "source_language",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column(
            "target_language",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("source_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("target_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["piece.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("approved_segment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approved_segment_lookup",
            ["source_language", "target_language", "source_hash"],
            unique=False,
        )
        batch_op.create_index(
            "ix_approved_segment_translator",
            ["translator_id", "approved_at"],
            unique=False,
        )

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("piece_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("self_approval", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["piece.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_at", ["at"], unique=False)
        batch_op.create_index("ix_event_piece", ["piece_id", "id"], unique=False)

    op.create_table(
        "target_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("source_segment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("outdated", sa.Boolean(), nullable=False),
        sa.Column("previous_source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('empty', 'draft', 'done')", name="ck_target_segment_state"),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["piece.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_segment_id"],
            ["source_segment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("target_segment", schema=None) as batch_op:
        batch_op.create_index("ix_target_segment_piece", ["piece_id", "position"], unique=False)

    op.create_table(
        "segment_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_segment_id", sa.Integer(), nullable=False),
        sa.Column("piece_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("was_empty", sa.Boolean(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('save', 'refused', 'source_changed', 'removed')",
            name="ck_segment_edit_kind",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["piece_id"],
            ["piece.id"],
        ),
        sa.ForeignKeyConstraint(
            ["target_segment_id"],
            ["target_segment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("segment_edit", schema=None) as batch_op:
        batch_op.create_index("ix_segment_edit_author_at", ["author_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_segment_edit_piece_id"), ["piece_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_segment_edit_target_segment_id"),
            ["target_segment_id"],
            unique=False,
        )
    _seed_editions()
    _make_event_log_append_only()


EDITIONS = [
    ("en", "English", "latin", "gregorian"),
    ("ar", "العربية", "arabic_indic", "gregorian"),
    ("fa", "فارسی", "persian", "solar_hijri"),
    ("sq", "Shqip", "latin", "gregorian"),
]


def _seed_editions() -> None:
    edition = sa.table(
        "edition",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("review_policy", sa.String),
        sa.column("translation_lease_hours", sa.Integer),
        sa.column("review_lease_hours", sa.Integer),
        sa.column("digit_style", sa.String),
        sa.column("calendar", sa.String),
        sa.column("enabled", sa.Boolean),
    )
    op.bulk_insert(
        edition,
        [
            {
                "code": code,
                "name": name,
                "review_policy": "four_eyes",
                "translation_lease_hours": 72,
                "review_lease_hours": 24,
                "digit_style": digits,
                "calendar": calendar,
                "enabled": True,
            }
            for code, name, digits, calendar in EDITIONS
        ],
    )


def _make_event_log_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER event_append_only_{verb.lower()} BEFORE {verb} ON event "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
            "FOR EACH ROW EXECUTE FUNCTION event_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS event_append_only ON event")
        op.execute("DROP FUNCTION IF EXISTS event_append_only()")

    with op.batch_alter_table("segment_edit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_segment_edit_target_segment_id"))
        batch_op.drop_index(batch_op.f("ix_segment_edit_piece_id"))
        batch_op.drop_index("ix_segment_edit_author_at")

    op.drop_table("segment_edit")
    with op.batch_alter_table("target_segment", schema=None) as batch_op:
        batch_op.drop_index("ix_target_segment_piece")

    op.drop_table("target_segment")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_piece")
        batch_op.drop_index("ix_event_at")

    op.drop_table("event")
    with op.batch_alter_table("approved_segment", schema=None) as batch_op:
        batch_op.drop_index("ix_approved_segment_translator")
        batch_op.drop_index("ix_approved_segment_lookup")

    op.drop_table("approved_segment")
    with op.batch_alter_table("source_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_segment_revision_id"))
        batch_op.drop_index(batch_op.f("ix_source_segment_hash"))

    op.drop_table("source_segment")
    with op.batch_alter_table("piece", schema=None) as batch_op:
        batch_op.drop_index("ix_piece_queue")
        batch_op.drop_index("ix_piece_lease")
        batch_op.drop_index("ix_piece_holder")

    op.drop_table("piece")
    op.drop_table("user_role")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_article_id"))

    op.drop_table("revision")
    op.drop_table("language_pair")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_username"))
        batch_op.drop_index(batch_op.f("ix_user_email"))

    op.drop_table("user")
    op.drop_table("edition")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_slug"))

    op.drop_table("article")
