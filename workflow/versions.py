"""Pinned translations: each approval of an article's piece keeps the translation as it was approved, with the
source revision it translates. An edition publishes the newest one until the next is approved; a new source
revision puts the piece back to work but leaves the published page where it is, marked "update pending".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Subquery, func, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from workflow.db import Database
from workflow.models import Article, Piece, Revision, TargetSegment, TranslationVersion
from workflow.pieces import ident
from workflow.status import Status


def pin(session: Session, piece: Piece, at: datetime, approved_by: int | None) -> TranslationVersion | None:
    """Keep the piece's translation as its edition's published text from now on (articles only: a catalog's
    entries are approved one by one). Published at once when the piece already is.
    """
    article = session.get(Article, piece.article_id)
    if article is None or article.kind != "article":
        return None
    texts = session.exec(
        select(TargetSegment.text)
        .where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
        .order_by(col(TargetSegment.position), col(TargetSegment.plural_form))
    ).all()
    version = TranslationVersion(
        piece_id=ident(piece),
        revision_id=piece.revision_id,
        texts=list(texts),
        approved_at=at,
        approved_by=approved_by,
        published_at=at if piece.status == Status.PUBLISHED else None,
    )
    session.add(version)
    session.flush()
    return version


def live(session: Session, piece_id: int) -> TranslationVersion | None:
    """The piece's newest approved translation: what its edition publishes."""
    return session.exec(
        select(TranslationVersion)
        .where(TranslationVersion.piece_id == piece_id)
        .order_by(col(TranslationVersion.id).desc())
        .limit(1)
    ).first()


def repin(session: Session, piece: Piece, at: datetime) -> None:
    """After a source change that leaves the translation valid (a minor edit, or a change outside the
    segments): the live translation now translates the piece's new revision, approved by the same person.
    """
    current = live(session, ident(piece))
    if current is None or current.revision_id == piece.revision_id:
        return
    version = pin(session, piece, at, current.approved_by)
    if version is not None and current.published_at is not None:
        version.published_at = current.published_at
        session.add(version)


def mark_published(session: Session, piece: Piece, at: datetime) -> None:
    """The piece's live translation went out on its edition's site."""
    current = live(session, ident(piece))
    if current is not None and current.published_at is None:
        session.execute(
            update(TranslationVersion).where(col(TranslationVersion.id) == current.id).values(published_at=at)
        )


def newest() -> Subquery:
    """Each piece's newest version: columns ``piece_id`` and ``version_id``."""
    return (
        select(TranslationVersion.piece_id, func.max(TranslationVersion.id).label("version_id"))
        .group_by(col(TranslationVersion.piece_id))
        .subquery()
    )


@dataclass(frozen=True)
class Behind:
    """A published translation whose source has changed since: the page stays up, marked update pending."""

    piece_id: int
    edition: str
    slug: str
    title: str
    translates: int  # the source revision the live translation translates
    current: int  # the article's newest revision
    since: datetime  # when the first newer revision arrived
    status: str  # where the update is now


def behind(db: Database, edition_code: str | None = None) -> list[Behind]:
    """Per edition, the articles whose live translation is behind their source, longest waiting first."""
    latest = newest()
    later = aliased(Revision)
    since = (  # when the first revision after the translated one arrived
        select(func.min(later.created_at))
        .where(later.article_id == Revision.article_id, later.number > Revision.number)
        .correlate(Revision)
        .scalar_subquery()
    )
    with db.read() as session:
        query = (
            select(Piece, Article.slug, Article.current_revision, Revision.number)
            .add_columns(since)
            .join(latest, latest.c.piece_id == Piece.id)
            .join(TranslationVersion, col(TranslationVersion.id) == latest.c.version_id)
            .join(Revision, col(Revision.id) == TranslationVersion.revision_id)
            .join(Article, col(Article.id) == Piece.article_id)
            .where(
                col(TranslationVersion.revision_id) != Piece.revision_id, col(Piece.status) != Status.WITHDRAWN.value
            )
        )
        if edition_code is not None:
            query = query.where(col(Piece.edition_code) == edition_code)
        found = [
            Behind(ident(piece), piece.edition_code, slug, piece.title, number, current, _aware(at), piece.status)
            for piece, slug, current, number, at in session.execute(query).all()
        ]
    return sorted(found, key=lambda b: (b.edition, b.since, b.slug))


def _aware(at: datetime | str) -> datetime:
    """A time read through a subquery, which skips the column's type: as stored, made a UTC datetime."""
    value = datetime.fromisoformat(at) if isinstance(at, str) else at
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
