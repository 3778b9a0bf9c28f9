"""``make_*`` helpers that build people and articles for tests in one line each."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import select

from workflow.db import Database
from workflow.importers import import_sources
from workflow.models import Piece, User
from workflow.people import create_user
from workflow.permissions import CONSOLE
from workflow.revisions import ArticleSource
from workflow.segments import ArticleContent

PASSWORD = "correct horse battery"


def make_user(
    db: Database,
    username: str,
    roles: Iterable[str] = ("translator",),
    pairs: Iterable[tuple[str, str]] = (("en", "fa"),),
) -> User:
    return create_user(db, CONSOLE, username, PASSWORD, display_name=username.title(), roles=roles, pairs=pairs)


def make_source(
    slug: str = "library-opens",
    language: str = "en",
    paragraphs: int = 3,
    title: str = "The library opens",
    changed: dict[int, str] | None = None,
) -> ArticleSource:
    texts = [f"Paragraph {i} of {slug} tells what happened on day {i}." for i in range(1, paragraphs + 1)]
    for index, text in (changed or {}).items():
        texts[index] = text
    return ArticleSource(
        slug=slug, language=language, content=ArticleContent(title=title, body="\n\n".join(texts) + "\n")
    )


def make_article(
    db: Database, slug: str = "library-opens", language: str = "en", paragraphs: int = 3, **kwargs: object
) -> dict[str, Piece]:
    """Import an article and return its pieces by edition."""
    import_sources(db, CONSOLE, [make_source(slug, language, paragraphs, **kwargs)])  # type: ignore[arg-type]
    return pieces_of(db, slug)


def pieces_of(db: Database, slug: str) -> dict[str, Piece]:
    from workflow.models import Article

    with db.read() as session:
        article = session.exec(select(Article).where(Article.slug == slug)).one()
        return {p.edition_code: p for p in session.exec(select(Piece).where(Piece.article_id == article.id)).all()}


def get_piece(db: Database, piece_id: int) -> Piece:
    with db.read() as session:
        piece = session.get(Piece, piece_id)
        assert piece is not None
        return piece
