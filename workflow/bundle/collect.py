"""What an edition publishes: the articles whose piece for it is approved or published (for an article's
own language, the source itself), each with every field in that edition's language. Site strings
(catalogs) are collected by :mod:`workflow.catalogs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from workflow.db import Database
from workflow.models import Article, Edition, Piece, Revision, TargetSegment
from workflow.segments import ArticleContent, render_body, split_article, split_body
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
    body: str  # Markdown
    segments: tuple[tuple[str, str], ...]  # (kind, text) in reading order
    piece_id: int | None  # None for the source itself
    status: str


def _content(revision: Revision) -> ArticleContent:
    return ArticleContent(
        title=revision.title,
        body=revision.body,
        lede=revision.lede,
        byline=revision.byline,
        category=revision.category,
        attribution=revision.attribution,
        references=tuple(revision.references),
    )


def _assemble(
    slug: str, revision: Revision, texts: list[str], language: str, source_language: str, piece: Piece | None
) -> EditionArticle:
    """The revision's fields with ``texts`` (one per segment, in reading order) in their places."""
    content = _content(revision)
    kinds = [segment.kind for segment in split_article(content)]
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
    template = split_body(revision.body)[1]
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
        body=render_body(template, body_texts),
        segments=tuple(zip(kinds, texts, strict=True)),
        piece_id=piece.id if piece else None,
        status=piece.status if piece else "source",
    )


def alternates(db: Database) -> dict[str, list[str]]:
    """For each article, the editions that publish it (its own language, and approved or published pieces)."""
    found: dict[str, set[str]] = {}
    with db.read() as session:
        statuses: dict[int, set[str]] = {}
        for article_id, status in session.exec(select(Piece.article_id, Piece.status)).all():
            statuses.setdefault(article_id, set()).add(status)
        for article in session.exec(select(Article).where(Article.kind == "article")).all():
            if statuses.get(article.id or 0) != {"withdrawn"}:
                found.setdefault(article.slug, set()).add(article.source_language)
        rows = session.exec(
            select(Article.slug, Piece.edition_code)
            .join(Piece, col(Piece.article_id) == Article.id)
            .where(col(Piece.status).in_(PUBLISHABLE), Article.kind == "article")
        ).all()
        for slug, code in rows:
            found.setdefault(slug, set()).add(code)
    return {slug: sorted(codes) for slug, codes in sorted(found.items())}


def collect(db: Database, edition_code: str) -> list[EditionArticle]:
    """Every publishable article of an edition, by slug."""
    with db.read() as session:
        edition = session.get(Edition, edition_code)
        if edition is None:
            raise ValueError(f"no edition {edition_code!r}")
        found = _sources(session, edition_code) + _translations(session, edition_code)
    return sorted(found, key=lambda a: a.slug)


def _sources(session: Session, code: str) -> list[EditionArticle]:
    """The articles written in the edition's own language, unless the whole article was withdrawn."""
    rows = session.exec(
        select(Article, Revision)
        .join(Revision, (col(Revision.article_id) == Article.id) & (col(Revision.number) == Article.current_revision))
        .where(Article.source_language == code, Article.kind == "article")
    ).all()
    statuses: dict[int, set[str]] = {}
    for article_id, status in session.exec(select(Piece.article_id, Piece.status)).all():
        statuses.setdefault(article_id, set()).add(status)
    result = []
    for article, revision in rows:
        if statuses.get(article.id or 0) == {"withdrawn"}:
            continue
        texts = [segment.text for segment in split_article(_content(revision))]
        result.append(_assemble(article.slug, revision, texts, code, code, None))
    return result


def _translations(session: Session, code: str) -> list[EditionArticle]:
    """The articles whose piece for the edition is approved or published, in that piece's words."""
    rows = session.exec(
        select(Piece, Article, Revision)
        .join(Article, col(Article.id) == Piece.article_id)
        .join(Revision, col(Revision.id) == Piece.revision_id)
        .where(Piece.edition_code == code, col(Piece.status).in_(PUBLISHABLE), Article.kind == "article")
    ).all()
    result = []
    for piece, article, revision in rows:
        texts = list(
            session.exec(
                select(TargetSegment.text)
                .where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
                .order_by(col(TargetSegment.position))
            ).all()
        )
        result.append(_assemble(article.slug, revision, texts, code, article.source_language, piece))
    return result
