"""What an edition publishes: the articles whose piece for it is approved or published (for an article's
own language, the source itself), each with every field in that edition's language. Site strings
(catalogs) are collected by :mod:`workflow.catalogs`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from workflow.db import Database
from workflow.models import Article, Edition, Piece, Revision, TargetSegment
from workflow.segments import ArticleContent, split_article, split_article_with_template
from workflow.status import FINISHED

PUBLISHABLE = tuple(status.value for status in FINISHED)


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


def content_of(revision: Revision) -> ArticleContent:
    return ArticleContent(
        title=revision.title,
        body=revision.body,
        lede=revision.lede,
        byline=revision.byline,
        category=revision.category,
        attribution=revision.attribution,
        references=tuple(revision.references),
        body_format=revision.body_format,
    )


def _assemble(
    slug: str, revision: Revision, texts: list[str], language: str, source_language: str, piece: tuple[int, str] | None
) -> EditionArticle:
    """The revision's fields with ``texts`` (one per segment, in reading order) in their places."""
    segments, template = split_article_with_template(content_of(revision))
    kinds = [segment.kind for segment in segments]
    if len(kinds) != len(texts):
        raise ValueError(f"{revision.article_id}: {len(kinds)} segments in the source, {len(texts)} texts")
    fields: dict[str, str] = {}
    body_texts: list[str] = []
    references: list[str] = []
    for kind, text in zip(kinds, texts, strict=True):
        if kind in ("title", "lede", "byline", "category", "attribution"):
            fields[kind] = text
        elif kind == "reference":
            references.append(text)
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
    )


def alternates(db: Database) -> dict[str, list[str]]:
    """For each article, the editions that publish it: its own language first (the sitemap's x-default),
    then the editions of its approved or published pieces.
    """
    found: dict[str, set[str]] = {}
    source: dict[str, str] = {}
    with db.read() as session:
        connection = session.connection()
        withdrawn = _withdrawn(session)
        for article_id, slug, code in connection.execute(
            sql("SELECT id, slug, source_language FROM article WHERE kind = 'article'")
        ).all():
            if article_id not in withdrawn:
                found.setdefault(slug, set()).add(code)
                source[slug] = code
        publishable = ", ".join(f"'{status}'" for status in PUBLISHABLE)
        for slug, code in connection.execute(
            sql(
                "SELECT a.slug, p.edition_code FROM piece p JOIN article a ON a.id = p.article_id"
                f" WHERE a.kind = 'article' AND p.status IN ({publishable})"
            )
        ).all():
            found.setdefault(slug, set()).add(code)
    return {
        slug: ([source[slug]] if slug in source else []) + sorted(codes - {source.get(slug, "")})
        for slug, codes in sorted(found.items())
    }


def _withdrawn(session: Session) -> set[int]:
    """Articles whose every piece is withdrawn: retracted, so no edition publishes them."""
    query = sql(
        "SELECT article_id FROM piece GROUP BY article_id"
        " HAVING MIN(status) = 'withdrawn' AND MAX(status) = 'withdrawn'"
    )
    return {article_id for (article_id,) in session.connection().execute(query).all()}


def article_keys(db: Database, edition_code: str) -> dict[str, tuple[str, int | None]]:
    """What an edition publishes, cheaply: each slug with a key that changes whenever its rendered files
    would (the source revision, or the piece and its version) and the approved piece to publish, if any.
    """
    publishable = ", ".join(f"'{status}'" for status in PUBLISHABLE)
    with db.read() as session:
        connection = session.connection()
        withdrawn = _withdrawn(session)
        keys: dict[str, tuple[str, int | None]] = {}
        sources = sql(
            "SELECT a.id, a.slug, r.content_hash FROM article a"
            " JOIN revision r ON r.article_id = a.id AND r.number = a.current_revision"
            " WHERE a.source_language = :code AND a.kind = 'article'"
        )
        for article_id, slug, content in connection.execute(sources, {"code": edition_code}).all():
            if article_id not in withdrawn:
                keys[slug] = (f"source {article_id} {content}", None)
        pieces = sql(  # the time of the last change as stored: no conversion of 20,000 datetimes
            "SELECT a.slug, p.id, p.version, CAST(p.updated_at AS TEXT), p.status, r.content_hash FROM piece p"
            " JOIN article a ON a.id = p.article_id JOIN revision r ON r.id = p.revision_id"
            f" WHERE p.edition_code = :code AND p.status IN ({publishable}) AND a.kind = 'article'"
        )
        rows = connection.execute(pieces, {"code": edition_code}).all()
        for slug, piece_id, version, updated, status, content in rows:
            # the content hash and the time of the last change tell this database's piece from another's
            key = f"piece {piece_id} v{version} {updated} {content}"
            keys[slug] = (key, piece_id if status == "approved" else None)
    return dict(sorted(keys.items()))


def collect(db: Database, edition_code: str, slugs: Collection[str] | None = None) -> list[EditionArticle]:
    """Every publishable article of an edition (or those of ``slugs``), by slug."""
    with db.read() as session:
        edition = session.get(Edition, edition_code)
        if edition is None:
            raise ValueError(f"no edition {edition_code!r}")
        wanted = None if slugs is None else set(slugs)
        found = _sources(session, edition_code, wanted) + _translations(session, edition_code, wanted)
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


def _translations(session: Session, code: str, wanted: set[str] | None) -> list[EditionArticle]:
    """The articles whose piece for the edition is approved or published, in that piece's words."""
    query = (
        select(Piece.id, Piece.status, Article.source_language, Revision)
        .join(Article, col(Article.id) == Piece.article_id)
        .join(Revision, col(Revision.id) == Piece.revision_id)
        .where(Piece.edition_code == code, col(Piece.status).in_(PUBLISHABLE), Article.kind == "article")
    )
    if wanted is not None:
        query = query.where(col(Article.slug).in_(wanted))
    rows = session.exec(query.add_columns(col(Article.slug))).all()  # type: ignore[call-overload]
    texts: dict[int, list[str]] = {}
    piece_ids = [piece_id for piece_id, *_rest in rows]
    for start in range(0, len(piece_ids), 500):  # one query per 500 pieces, not one per piece
        for piece_id, text in session.exec(
            select(TargetSegment.piece_id, TargetSegment.text)
            .where(col(TargetSegment.piece_id).in_(piece_ids[start : start + 500]), col(TargetSegment.active).is_(True))
            .order_by(col(TargetSegment.piece_id), col(TargetSegment.position))
        ).all():
            texts.setdefault(piece_id, []).append(text)
    return [
        _assemble(slug, revision, texts.get(piece_id, []), code, source_language, (piece_id, status))
        for piece_id, status, source_language, revision, slug in rows
    ]
