"""Every table Dragoman stores, as SQLModel classes.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at runtime.
"""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy.orm import declared_attr
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel

from workflow.status import Status


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Dragoman stores timezone-aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or general is None:
            return general

        def parse(value: Any) -> datetime | None:
            # SQLite keeps UTC as text, "YYYY-MM-DD HH:MM:SS" and ".ffffff": read at once with its zone (five
            # times quicker than parsing, then replacing the zone), anything else the general way
            if isinstance(value, str) and len(value) in (19, 26):
                return datetime.fromisoformat(value + "+00:00")
            result: datetime | None = general(value)
            return result

        return parse


NO_DEADLINE = datetime(9999, 12, 31, tzinfo=UTC)


def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


ROLES = ["translator", "reviewer", "editor", "admin"]
LANGS = ["en", "ar", "fa", "sq"]
STATUSES = [s.value for s in Status]
SEGMENT_STATES = ["empty", "draft", "done"]
ARTICLE_KINDS = ["article", "catalog"]  # a catalog: a site's interface strings, translated like an article


class User(SQLModel, table=True):
    """A person who signs in to Dragoman."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320, index=True)
    password_hash: str = Field(max_length=200)
    disabled: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)
    interface_language: str | None = Field(default=None, max_length=8)
    notifications_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    email_mode: str = Field(default="immediate", max_length=10)  # immediate, digest or none
    digest_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UserRole(SQLModel, table=True):
    """One role a user has: translator, reviewer, editor or admin."""

    __tablename__ = "user_role"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="ck_user_role_role"),)

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    role: str = Field(max_length=16, primary_key=True)


class EditionEditor(SQLModel, table=True):
    """An edition an editor publishes (builds with --publish, marks pieces published, sets embargoes)."""

    __tablename__ = "edition_editor"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    edition_code: str = Field(foreign_key="edition.code", primary_key=True, max_length=8)


class LanguagePair(SQLModel, table=True):
    """A direction a user translates or reviews in, such as en→fa."""

    __tablename__ = "language_pair"
    __table_args__ = (
        CheckConstraint(_in("source", LANGS), name="ck_language_pair_source"),
        CheckConstraint(_in("target", LANGS), name="ck_language_pair_target"),
        CheckConstraint("source <> target", name="ck_language_pair_distinct"),
    )

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    source: str = Field(max_length=8, primary_key=True)
    target: str = Field(max_length=8, primary_key=True)


class Edition(SQLModel, table=True):
    """One language version of the site, with its settings."""

    __table_args__ = (
        CheckConstraint(_in("code", LANGS), name="ck_edition_code"),
        CheckConstraint(_in("review_policy", ["four_eyes", "self_approval"]), name="ck_edition_review_policy"),
        CheckConstraint(_in("digit_style", ["latin", "arabic_indic", "persian"]), name="ck_edition_digit_style"),
        CheckConstraint(_in("calendar", ["gregorian", "solar_hijri"]), name="ck_edition_calendar"),
        CheckConstraint("translation_lease_hours > 0 AND review_lease_hours > 0", name="ck_edition_leases"),
    )

    code: str = Field(max_length=8, primary_key=True)
    name: str = Field(max_length=100)
    review_policy: str = Field(default="four_eyes", max_length=16)
    translation_lease_hours: int = 72
    review_lease_hours: int = 24
    digit_style: str = Field(default="latin", max_length=16)
    calendar: str = Field(default="gregorian", max_length=16)
    enabled: bool = True
    check_severities: dict[str, str] = Field(default_factory=dict, sa_type=JSON)  # check id -> error|warning|off


class Article(SQLModel, table=True):
    """A news or analysis piece (or a site's interface strings: kind catalog), tracked across its source revisions."""

    __table_args__ = (
        CheckConstraint(_in("source_language", LANGS), name="ck_article_source_language"),
        CheckConstraint(_in("kind", ARTICLE_KINDS), name="ck_article_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True, index=True)
    source_language: str = Field(max_length=8)
    kind: str = Field(default="article", max_length=16)
    current_revision: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime)


class Revision(SQLModel, table=True):
    """One immutable version of an article's source content."""

    __table_args__ = (UniqueConstraint("article_id", "number", name="uq_revision_article_number"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int
    content_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    minor_edit: bool = False
    source_file: str | None = Field(default=None, max_length=500)
    title: str
    lede: str | None = None
    byline: str | None = None
    category: str | None = None
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    published_on: date | None = None
    source_url: str | None = None
    attribution: str | None = None
    references: list[str] = Field(default_factory=list, sa_type=JSON)
    body: str = ""
    body_format: str = Field(default="markdown", max_length=16)  # workflow.segments.BODY_FORMATS
    meta: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # the site's own front-matter fields
    #: corrections so far, oldest first: {"on": ISO date, "note": text}; each note is a segment to translate
    corrections: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)


class SourceSegment(SQLModel, table=True):
    """One translatable unit of a revision, identified across revisions by the hash of its text."""

    __tablename__ = "source_segment"

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    position: int
    kind: str = Field(max_length=16)
    text: str
    hash: str = Field(max_length=32, index=True)
    words: int
    plural: str | None = None  # a catalog entry's plural source (msgid_plural); ``text`` is the singular
    note: str | None = None  # what a catalog says to translators: context, comments, flags


class Piece(SQLModel, table=True):
    """The translation of one article into one edition."""

    __table_args__ = (
        UniqueConstraint("article_id", "edition_code", name="uq_piece_article_edition"),
        CheckConstraint(_in("status", STATUSES), name="ck_piece_status"),
        # the available queue: one ordered index range per (status, language pair)
        Index(
            "ix_piece_available",
            "status",
            "edition_code",
            "source_language",
            text("priority DESC"),
            "deadline_key",
            "created_at",
            "id",
        ),
        Index("ix_piece_holder", "holder_id", "status"),
        Index("ix_piece_lease", "lease_expires_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    edition_code: str = Field(foreign_key="edition.code", max_length=8)
    source_language: str = Field(max_length=8)
    revision_id: int = Field(foreign_key="revision.id")
    status: str = Field(default=Status.OPEN.value, max_length=20)
    holder_id: int | None = Field(default=None, foreign_key="user.id")
    lease_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    translator_id: int | None = Field(default=None, foreign_key="user.id")
    reviewer_id: int | None = Field(default=None, foreign_key="user.id")
    priority: int = 0
    deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: the deadline, or NO_DEADLINE when there is none: queues sort on it with an index
    deadline_key: datetime = Field(default=NO_DEADLINE, sa_type=UTCDateTime)
    title: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    segments_total: int = 0
    segments_done: int = 0
    words_total: int = 0
    words_done: int = 0
    version: int = 1
    publish_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # an embargo: not in bundles before

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # every ORM update checks and bumps the version: a concurrent change makes the flush fail
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class TargetSegment(SQLModel, table=True):
    """The translation of one source segment inside a piece, with its own version for conflict checks."""

    __tablename__ = "target_segment"
    __table_args__ = (
        CheckConstraint(_in("state", SEGMENT_STATES), name="ck_target_segment_state"),
        Index("ix_target_segment_piece", "piece_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    piece_id: int = Field(foreign_key="piece.id")
    source_segment_id: int = Field(foreign_key="source_segment.id")
    position: int | None = None
    active: bool = True
    plural_form: int | None = None  # for a plural catalog entry: which form of the target language
    text: str = ""
    state: str = Field(default="empty", max_length=8)
    outdated: bool = False
    previous_source: str | None = None
    prefilled: bool = False  # a draft the translation memory put there at claim time, untouched since
    approved_text: str | None = None  # the newest text approved (or imported approved) for this segment
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_by: int | None = None  # the user who wrote it (None: a file); no foreign key, as SQLite adds none
    version: int = 0
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class TranslationVersion(SQLModel, table=True):
    """A piece's translation as it was approved, pinned to the source revision it translates: what its edition
    publishes until the next one is approved, so that a change to the source never takes a page offline.
    """

    __tablename__ = "translation_version"
    __table_args__ = (Index("ix_translation_version_piece", "piece_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    piece_id: int = Field(foreign_key="piece.id")
    revision_id: int = Field(foreign_key="revision.id")
    texts: list[str] = Field(default_factory=list, sa_type=JSON)  # one per source segment, in reading order
    approved_at: datetime = Field(sa_type=UTCDateTime)
    approved_by: int | None = Field(default=None, foreign_key="user.id")
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CatalogFile(SQLModel, table=True):
    """What an edition's PO file of a catalog holds besides its entries' translations, kept from the last file
    imported: header fields, the translators' comment, obsolete entries, and the file's own Plural-Forms.
    """

    __tablename__ = "catalog_file"

    piece_id: int = Field(foreign_key="piece.id", primary_key=True)
    file: str = Field(default="", max_length=500)
    header: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    header_comment: str = ""
    obsolete: str = ""  # the obsolete entries, with their translations, as PO text
    plural_forms: str | None = None
    imported_at: datetime = Field(sa_type=UTCDateTime)


class SegmentEdit(SQLModel, table=True):
    """One line of a segment's history: a save, a refused save kept so nothing typed is lost, or a source change."""

    __tablename__ = "segment_edit"
    __table_args__ = (
        CheckConstraint(
            _in("kind", ["save", "refused", "source_changed", "removed", "prefill"]), name="ck_segment_edit_kind"
        ),
        Index("ix_segment_edit_author_at", "author_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    target_segment_id: int = Field(foreign_key="target_segment.id", index=True)
    piece_id: int = Field(foreign_key="piece.id", index=True)
    kind: str = Field(default="save", max_length=16)
    version: int
    text: str
    source_text: str
    author_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(sa_type=UTCDateTime)
    stage: str = Field(max_length=20)
    was_empty: bool = False
    words: int = 0


class ApprovedSegment(SQLModel, table=True):
    """A segment pair as approved by a reviewer: the translation memory and the word-count report read these."""

    __tablename__ = "approved_segment"
    __table_args__ = (
        Index("ix_approved_segment_lookup", "source_language", "target_language", "source_hash"),
        Index("ix_approved_segment_translator", "translator_id", "approved_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    piece_id: int = Field(foreign_key="piece.id")
    article_id: int = Field(foreign_key="article.id")
    source_language: str = Field(max_length=8)
    target_language: str = Field(max_length=8)
    kind: str = Field(max_length=16)
    source_hash: str = Field(max_length=32)
    source_text: str
    target_text: str
    words: int
    translator_id: int | None = Field(default=None, foreign_key="user.id")
    reviewer_id: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime = Field(sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """One line of the append-only audit log: who, when, which piece, from which status to which, and why."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_piece", "piece_id", "id"),
        Index("ix_event_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    piece_id: int | None = Field(default=None, foreign_key="piece.id")
    article_id: int | None = Field(default=None, foreign_key="article.id")
    action: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str | None = Field(default=None, max_length=20)
    comment: str | None = None
    self_approval: bool = False
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class EditionTally(SQLModel, table=True):
    """Pieces, segments and words per edition and status: the sum of the pieces, kept in step with them in
    the same transaction (``workflow.tallies``), so that progress is read from 32 rows, not 60,000.
    """

    __tablename__ = "edition_tally"
    __table_args__ = (CheckConstraint(_in("status", STATUSES), name="ck_edition_tally_status"),)

    edition_code: str = Field(foreign_key="edition.code", primary_key=True, max_length=8)
    status: str = Field(primary_key=True, max_length=20)
    pieces: int = 0
    segments_total: int = 0
    segments_done: int = 0
    words_total: int = 0
    words_done: int = 0


class SignInSession(SQLModel, table=True):
    """A signed-in browser: the hash of the token its cookie carries, until when it is valid."""

    __tablename__ = "sign_in_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """A person's token for the HTTP API: the hash of its secret (shown once), a name, its first characters to
    tell it apart in a list, until when it holds, when it was revoked and last used.
    """

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=12)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SignInThrottle(SQLModel, table=True):
    """Sign-in attempts per account name and client address not yet proven right, so that guessing passwords
    from one place gets slower and slower while the account's owner, elsewhere, signs in as usual.
    """

    __tablename__ = "sign_in_throttle"

    username: str = Field(max_length=64, primary_key=True)
    client: str = Field(max_length=64, primary_key=True)
    failures: int = 0
    last_at: datetime = Field(sa_type=UTCDateTime)
    blocked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Comment(SQLModel, table=True):
    """A remark on a piece, or on one segment of it, by a translator, reviewer or editor."""

    __table_args__ = (Index("ix_comment_piece", "piece_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    piece_id: int = Field(foreign_key="piece.id")
    segment_id: int | None = Field(default=None, foreign_key="target_segment.id")
    author_id: int = Field(foreign_key="user.id")
    at: datetime = Field(sa_type=UTCDateTime)
    text: str


class SegmentMark(SQLModel, table=True):
    """A reviewer's verdict on one segment's text in review: accepted, or flagged with a comment. It holds for
    the segment version it was given on; a later save of the segment leaves it behind.
    """

    __tablename__ = "segment_mark"

    segment_id: int = Field(foreign_key="target_segment.id", primary_key=True)
    piece_id: int = Field(foreign_key="piece.id", index=True)
    verdict: str = Field(max_length=8)  # "accepted" or "flagged"
    version: int
    comment_id: int | None = Field(default=None, foreign_key="comment.id")
    by: int = Field(foreign_key="user.id")
    at: datetime = Field(sa_type=UTCDateTime)


class GlossaryTerm(SQLModel, table=True):
    """A term of one language pair with its approved translations, the variants to avoid, and a note."""

    __tablename__ = "glossary_term"
    __table_args__ = (UniqueConstraint("source_language", "target_language", "term", name="uq_glossary_term"),)

    id: int | None = Field(default=None, primary_key=True)
    source_language: str = Field(max_length=8)
    target_language: str = Field(max_length=8)
    term: str = Field(max_length=200)
    translations: list[str] = Field(default_factory=list, sa_type=JSON)
    forbidden: list[str] = Field(default_factory=list, sa_type=JSON)
    note: str = ""
    definition: str = ""  # what the concept is, as a terminology tool's definition says
    case_sensitive: bool = False
    is_name: bool = False
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)


class CheckWaiver(SQLModel, table=True):
    """A finding set aside for one text of one segment: a translator's muted warning or a reviewer's
    overridden error, each with its reason. A new text brings the finding back.
    """

    __tablename__ = "check_waiver"
    __table_args__ = (
        CheckConstraint(_in("kind", ["mute", "override"]), name="ck_check_waiver_kind"),
        Index("ix_check_waiver_segment", "target_segment_id", "check_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    target_segment_id: int = Field(foreign_key="target_segment.id")
    piece_id: int = Field(foreign_key="piece.id", index=True)
    check_id: str = Field(max_length=40)
    kind: str = Field(max_length=8)
    text_hash: str = Field(max_length=32)
    reason: str
    author_id: int = Field(foreign_key="user.id")
    at: datetime = Field(sa_type=UTCDateTime)


class MemoryEntry(SQLModel, table=True):
    """A translation unit that came from outside the workflow (a TMX file): reviewed or not, it is
    suggested beside approved segments, ranked below them when unreviewed.
    """

    __tablename__ = "memory_entry"
    __table_args__ = (Index("ix_memory_entry_lookup", "source_language", "target_language", "source_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    source_language: str = Field(max_length=8)
    target_language: str = Field(max_length=8)
    source_hash: str = Field(max_length=32)
    source_text: str
    target_text: str
    reviewed: bool = False
    origin: str = Field(default="", max_length=200)
    context: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class BundleBuild(SQLModel, table=True):
    """One build of an edition's bundle: when, by whom, how much, what changed, and its zip in the bundle
    store when the API built it (the CLI's builds are listed, their folders are the caller's own).
    """

    __tablename__ = "bundle_build"
    __table_args__ = (Index("ix_bundle_build_edition", "edition_code", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    edition_code: str = Field(foreign_key="edition.code", max_length=8)
    build_id: str = Field(max_length=80)
    built_at: datetime = Field(sa_type=UTCDateTime)
    built_by: int | None = Field(default=None, foreign_key="user.id")
    articles: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    published: int = 0
    zip_name: str | None = Field(default=None, max_length=200)  # in the bundle store; None: not kept
    zip_bytes: int | None = None


class Webhook(SQLModel, table=True):
    """A subscription: events of these types are signed (Standard Webhooks) and sent to this address."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=list, sa_type=JSON)
    secret: str = Field(max_length=100)  # whsec_…: needed to sign, so kept as it is
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookMessage(SQLModel, table=True):
    """One event for one webhook, written in the transaction of the change (the outbox), sent by the worker."""

    __tablename__ = "webhook_message"
    __table_args__ = (Index("ix_webhook_message_due", "delivered_at", "failed_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    message_id: str = Field(max_length=40, unique=True)  # the webhook-id header: the same on every retry
    event_type: str = Field(max_length=40)
    payload: str  # the JSON body, exactly as signed
    created_at: datetime = Field(sa_type=UTCDateTime)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    failed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # given up after the last retry


class WebhookAttempt(SQLModel, table=True):
    """One try at sending a message: when, the HTTP status or the error, how long it took."""

    __tablename__ = "webhook_attempt"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="webhook_message.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)
    milliseconds: int = 0


class MailedNotice(SQLModel, table=True):
    """A notification sent to a person by e-mail: never sent twice."""

    __tablename__ = "mailed_notice"
    __table_args__ = (UniqueConstraint("user_id", "kind", "piece_id", "at", name="uq_mailed_notice"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    kind: str = Field(max_length=24)
    piece_id: int = Field(foreign_key="piece.id")
    at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime = Field(sa_type=UTCDateTime)


class WordPressSite(SQLModel, table=True):
    """A WordPress site Dragoman pulls articles from or pushes an edition to: until when it has pulled."""

    __tablename__ = "wordpress_site"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000, unique=True)
    pulled_through: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the newest post modification read
    drafts_through: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the same, of pulls with drafts


class WordPressPost(SQLModel, table=True):
    """A post of a site and the article it is: pulled from it, or pushed to it as an edition's translation
    (with what was sent, to push again only what changed, and the post's modification time then, to notice
    an edit made in WordPress meanwhile).
    """

    __tablename__ = "wordpress_post"
    __table_args__ = (
        UniqueConstraint("site_id", "post_id", name="uq_wordpress_post"),
        UniqueConstraint("site_id", "article_id", "edition_code", "direction", name="uq_wordpress_article"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="wordpress_site.id")
    post_id: int
    article_id: int = Field(foreign_key="article.id")
    edition_code: str = Field(max_length=8)
    direction: str = Field(max_length=4)  # pull or push
    sent_hash: str | None = Field(default=None, max_length=64)
    remote_state: str | None = Field(default=None, max_length=60)  # the post as last written: see wordpress_sync
