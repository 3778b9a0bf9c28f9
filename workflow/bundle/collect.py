"""What an edition publishes: each article in the newest translation approved for the edition (for an
article's own language, the source itself), with every field in that edition's language, until the article
is withdrawn. A translation behind its source stays, marked update pending. Site strings (catalogs) are
collected by :mod:`workflow.catalogs`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, or_
from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from workflow.db import Database
from workflow.models import Article, Edition, Piece, Revision, TranslationVersion, UTCDateTime
from workflow.prepared import Prepared
from workflow.revisions import content_of
from workflow.segments import split_article, split_article_with_template
from workflow.status import Status
from workflow.versions import newest


@dataclass(frozen=True)
class EditionArticle:
    """One article as an edition publishes it."""

    slug: str
    language: str
    source_language: str
    title: str
    lede: str | None
    byline: str | None
    category: str | None
    tags: tuple[str, ...]
    published_on: date | None
    source_url: str | None
    attribution: str | None
    references: tuple[str, ...]
    body: str  # Markdown, or HTML when ``body_format`` says so
    segments: tuple[tuple[str, str], ...]  # (kind, text) in reading order
    piece_id: int | None  # None for the source itself
    status: str
    article_id: int = 0
    body_format: str = "markdown"
    meta: dict[str, Any] = field(default_factory=dict)  # the site's own front-matter fields, passed on
    revision: int = 1  # the source revision this text is (or translates)
    update_pending: bool = False  # the source has changed since this translation was approved
    corrections: tuple[tuple[str, str], ...] = ()  # (ISO date, note in this edition's language), oldest first


def _assemble(
    slug: str,
    revision: Revision,
    texts: list[str],
    language: str,
    source_language: str,
    piece: tuple[int, str] | None,
    *,
    update_pending: bool = False,
) -> EditionArticle:
    """The revision's fields with ``texts`` (one per segment, in reading order) in their places."""
    segments, template = split_article_with_template(content_of(revision))
    kinds = [segment.kind for segment in segments]
    if len(kinds) != len(texts):
        raise ValueError(f"{revision.article_id}: {len(kinds)} segments in the source, {len(texts)} texts")
    fields: dict[str, str] = {}
    body_texts: list[str] = []
    references: list[str] = []
    notes: list[str] = []
    for kind, text in zip(kinds, texts, strict=True):
        if kind in ("title", "lede", "byline", "category", "attribution"):
            fields[kind] = text
        elif kind == "reference":
            references.append(text)
        elif kind == "correction":
            notes.append(text)
        else:
            body_texts.append(text)
    return EditionArticle(
        slug=slug,
        language=language,
        source_language=source_language,
        title=fields.get("title", ""),
        lede=fields.get("lede"),
        byline=fields.get("byline"),
        category=fields.get("category"),
        tags=tuple(revision.tags),
        published_on=revision.published_on,
        source_url=revision.source_url,
        attribution=fields.get("attribution"),
        references=tuple(references),
        body=template.render(body_texts),
        body_format=revision.body_format,
        meta=dict(revision.meta or {}),
        segments=tuple(zip(kinds, texts, strict=True)),
        piece_id=piece[0] if piece else None,
        status=piece[1] if piece else "source",
        article_id=revision.article_id,
        revision=revision.number,
        update_pending=update_pending,
        corrections=tuple((c["on"], note) for c, note in zip(revision.corrections, notes, strict=True)),
    )


#: a piece under no embargo, or one that has ended (``:now`` bound to the database's time)
RELEASED = "(p.publish_at IS NULL OR p.publish_at <= :now)"
_NOW = bindparam("now", type_=UTCDateTime())  # typed as stored: SQLite compares the text

#: articles whose every piece is withdrawn: retracted, so no edition publishes them
_WITHDRAWN = sql(
    "SELECT DISTINCT p.article_id FROM piece p WHERE p.status = 'withdrawn'"
    " AND NOT EXISTS (SELECT 1 FROM piece q WHERE q.article_id = p.article_id AND q.status <> 'withdrawn')"
)
_WITHDRAWN_IDS = Prepared(_WITHDRAWN)

_ALTERNATES = Prepared(
    sql(
        "SELECT a.id, a.slug, a.source_language, p.edition_code FROM article a"
        " LEFT JOIN piece p ON p.article_id = a.id AND p.status <> 'withdrawn' AND p.edition_code <> a.source_language"
        f" AND {RELEASED} AND EXISTS (SELECT 1 FROM translation_version v WHERE v.piece_id = p.id)"
        " WHERE a.kind = 'article' ORDER BY a.slug, p.edition_code"
    ).bindparams(_NOW)
)


def alternates(db: Database) -> dict[str, list[str]]:
    """For each article, the editions that publish it: its own language first (the sitemap's x-default),
    then the editions with an approved translation of it.
    """
    found: dict[str, list[str]] = {}
    with db.cursor() as cursor:
        withdrawn = {article_id for (article_id,) in _WITHDRAWN_IDS.fetch(cursor, db.dialect)}
        for article_id, slug, source, code in _ALTERNATES.fetch(cursor, db.dialect, now=db.now()):
            if article_id in withdrawn:
                continue
            codes = found.get(slug)
            if codes is None:
                codes = found[slug] = [source]
            if code is not None:
                codes.append(code)
    return found


def _withdrawn(session: Session) -> set[int]:
    """Articles whose every piece is withdrawn: retracted, so no edition publishes them."""
    return {article_id for (article_id,) in session.connection().execute(_WITHDRAWN).all()}


_SOURCE_KEYS = Prepared(
    sql(
        "SELECT a.id, a.slug, r.content_hash FROM article a"
        " JOIN revision r ON r.article_id = a.id AND r.number = a.current_revision"
        " WHERE a.source_language = :code AND a.kind = 'article'"
    )
)
_PIECE_KEYS = Prepared(  # the time of approval as stored: no conversion of 20,000 datetimes
    sql(
        "SELECT a.slug, p.id, v.id, CAST(v.approved_at AS TEXT), p.status, r.content_hash,"
        " v.revision_id = p.revision_id FROM piece p"
        " JOIN (SELECT piece_id, MAX(id) AS id FROM translation_version GROUP BY piece_id) n ON n.piece_id = p.id"
        " JOIN translation_version v ON v.id = n.id"
        " JOIN article a ON a.id = p.article_id JOIN revision r ON r.id = v.revision_id"
        f" WHERE p.edition_code = :code AND p.status <> 'withdrawn' AND a.kind = 'article' AND {RELEASED}"
    ).bindparams(_NOW)
)


def article_keys(db: Database, edition_code: str) -> dict[str, tuple[str, int | None]]:
    """What an edition publishes, cheaply: each slug with a key that changes whenever its rendered files
    would (the source revision, or the live translation and whether an update is pending) and the approved
    piece to publish, if any.
    """
    keys: dict[str, tuple[str, int | None]] = {}
    with db.cursor() as cursor:
        withdrawn = {article_id for (article_id,) in _WITHDRAWN_IDS.fetch(cursor, db.dialect)}
        for article_id, slug, content in _SOURCE_KEYS.fetch(cursor, db.dialect, code=edition_code):
            if article_id not in withdrawn:
                keys[slug] = (f"source {article_id} {content}", None)
        rows = _PIECE_KEYS.fetch(cursor, db.dialect, code=edition_code, now=db.now())
    approved = Status.APPROVED.value
    for slug, piece_id, version_id, approved_at, status, content, current in rows:
        # the content hash and the time of approval tell this database's version from another's
        pending = "" if current else " pending"
        key = f"piece {piece_id} version {version_id} {approved_at} {content}{pending}"
        keys[slug] = (key, piece_id if status == approved else None)
    return dict(sorted(keys.items()))


def collect(db: Database, edition_code: str, slugs: Collection[str] | None = None) -> list[EditionArticle]:
    """Every publishable article of an edition (or those of ``slugs``), by slug."""
    with db.read() as session:
        edition = session.get(Edition, edition_code)
        if edition is None:
            raise ValueError(f"no edition {edition_code!r}")
        wanted = None if slugs is None else set(slugs)
        found = _sources(session, edition_code, wanted) + _translations(session, edition_code, wanted, db.now())
    return sorted(found, key=lambda a: a.slug)


def _sources(session: Session, code: str, wanted: set[str] | None) -> list[EditionArticle]:
    """The articles written in the edition's own language, unless the whole article was withdrawn."""
    query = (
        select(Article, Revision)
        .join(Revision, (col(Revision.article_id) == Article.id) & (col(Revision.number) == Article.current_revision))
        .where(Article.source_language == code, Article.kind == "article")
    )
    if wanted is not None:
        query = query.where(col(Article.slug).in_(wanted))
    withdrawn = _withdrawn(session)
    result = []
    for article, revision in session.exec(query).all():
        if article.id in withdrawn:
            continue
        texts = [segment.text for segment in split_article(content_of(revision))]
        result.append(_assemble(article.slug, revision, texts, code, code, None))
    return result


def _translations(session: Session, code: str, wanted: set[str] | None, now: datetime) -> list[EditionArticle]:
    """The articles with an approved translation for the edition under no embargo, each in its newest one."""
    latest = newest()
    query = (
        select(Piece.id, Piece.status, Piece.revision_id, Article.source_language)
        .add_columns(col(TranslationVersion.texts), Revision, col(Article.slug))
        .join(latest, latest.c.piece_id == Piece.id)
        .join(TranslationVersion, col(TranslationVersion.id) == latest.c.version_id)
        .join(Article, col(Article.id) == Piece.article_id)
        .join(Revision, col(Revision.id) == TranslationVersion.revision_id)
        .where(
            col(Piece.edition_code) == code,
            col(Piece.status) != Status.WITHDRAWN.value,
            col(Article.kind) == "article",
            or_(col(Piece.publish_at).is_(None), col(Piece.publish_at) <= now),
        )
    )
    if wanted is not None:
        query = query.where(col(Article.slug).in_(wanted))
    rows = session.execute(query).all()
    return [
        _assemble(
            slug,
            revision,
            list(texts),
            code,
            source_language,
            (piece_id, status),
            update_pending=revision.id != piece_revision,
        )
        for piece_id, status, piece_revision, source_language, texts, revision, slug in rows
    ]
