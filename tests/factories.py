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


ORDINALS = ["نخست", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم", "دهم"]


def fake_translation(source: str, position: int, prefix: str = "ترجمه") -> str:
    """A stand-in translation that passes the error-level checks: it carries the source's numbers,
    markers and addresses, and says which segment it is in words (digits would be numbers of its own).
    """
    from workflow.checks.text import EMAIL, MARKDOWN_LINK, PLACEHOLDER, REFERENCE_MARKER, URL, mask, numbers

    carried = [source[n.start : n.end] for n in numbers(source, "en")]
    carried += [m.group() for m in MARKDOWN_LINK.finditer(source)]
    outside_links = mask(source, MARKDOWN_LINK)
    for pattern in (REFERENCE_MARKER, URL, EMAIL, PLACEHOLDER):
        carried += [m.group() for m in pattern.finditer(outside_links)]
    from workflow.checks.markup import _emphasis

    for mark, count in _emphasis(source).items():
        carried += [mark] * count
    ordinal = ORDINALS[position % 10] + ("" if position < 10 else f" {ORDINALS[position // 10 % 10]}")
    return " ".join([prefix, ordinal, *carried])
