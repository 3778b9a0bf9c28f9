"""Corrections as newsrooms make them: an editor marks a change to a published article as a correction, with a
note readers see under the article ("An earlier version said forty seats…"). The note joins the article's
corrections, each a segment every edition translates; translators see it above the changed text. An urgent
correction goes to the top of every queue, and the last translator and reviewer of each piece are told.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, col, select

from workflow.characters import stored
from workflow.db import Database
from workflow.errors import NotFound
from workflow.limits import PRIORITY
from workflow.messages import N_, msg, quoted
from workflow.models import Article, Piece, Revision
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Actor, Role, load_actor, require_role
from workflow.pieces import log
from workflow.revisions import add_revision, source_of
from workflow.status import FINISHED, Status
from workflow.versions import live

MAX_NOTE = 2_000  # characters: a correction is a sentence or two


def mark_correction(db: Database, actor: ActingUser, slug: str, note: str, *, urgent: bool = False) -> Revision:
    """Add a correction note to the article's newest revision (as its next revision, the same text with the
    note), logged; with ``urgent``, every unfinished piece goes to the top of its queue and the people who
    translated and reviewed it last are notified. Returns the new revision.
    """
    text = stored(note, N_("the correction note")).strip()
    if not text:
        raise InvalidInput(N_("say what was corrected: the note is shown to readers under the article"))
    if len(text) > MAX_NOTE:
        raise InvalidInput(msg("the correction note is longer than {most} characters", most=MAX_NOTE))
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("mark corrections"))
        article = session.exec(select(Article).where(Article.slug == slug, Article.kind == "article")).first()
        if article is None:
            raise NotFound(msg("no article with the slug {slug}", slug=quoted(slug)))
        latest = _latest(session, article)
        if latest.number == 1:
            raise InvalidInput(
                msg(
                    "{slug} has one revision only: import the corrected text first, then mark it a correction",
                    slug=slug,
                )
            )
        source = source_of(article, latest)
        corrections = (*source.content.corrections, (now.date().isoformat(), text))
        revision = add_revision(
            session, now, acting, article, replace(source, content=replace(source.content, corrections=corrections))
        )
        if revision is None:  # the same note again: nothing new
            raise InvalidInput(msg("{slug} already carries this correction", slug=slug))
        log(
            session,
            now,
            acting,
            "correction",
            article_id=article.id,
            comment=text,
            detail={"slug": slug, "revision": revision.number, "urgent": urgent},
        )
        if urgent:
            _hurry(session, article, revision, text, acting)
        return revision


def _latest(session: Session, article: Article) -> Revision:
    return session.exec(
        select(Revision).where(Revision.article_id == article.id, Revision.number == article.current_revision)
    ).one()


def _hurry(session: Session, article: Article, revision: Revision, note: str, acting: Actor) -> None:
    """Every unfinished piece of the article to the top of its queue, with a line its people are told about."""
    highest = PRIORITY[1]
    pieces = session.exec(
        select(Piece).where(
            Piece.article_id == article.id,
            col(Piece.status).not_in([Status.WITHDRAWN.value, *(s.value for s in FINISHED)]),
        )
    ).all()
    now = revision.created_at
    for piece in pieces:
        before = piece.priority
        piece.priority = highest
        session.add(piece)
        log(
            session,
            now,
            acting,
            "urgent_correction",
            piece=piece,
            from_status=piece.status,
            to_status=piece.status,
            comment=note,
            detail={"revision": revision.number, "priority": [before, highest]},
        )


def corrections_to_translate(db: Database, piece_id: int) -> list[tuple[str, str]]:
    """(date, note) of the corrections the piece's source carries that its live translation does not yet."""
    with db.read() as session:
        piece = session.get(Piece, piece_id)
        if piece is None:
            raise NotFound(msg("piece {piece} does not exist", piece=piece_id))
        revision = session.get(Revision, piece.revision_id)
        assert revision is not None
        current = live(session, piece_id)
        published = session.get(Revision, current.revision_id) if current is not None else None
        done = {(c["on"], c["note"]) for c in (published.corrections if published else [])}
        return [(c["on"], c["note"]) for c in revision.corrections if (c["on"], c["note"]) not in done]
