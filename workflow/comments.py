"""Comments on a piece or on one of its segments, by the people who work on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from workflow.characters import stored
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied
from workflow.messages import N_, msg
from workflow.models import Comment, Piece, TargetSegment, User
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Actor, load_actor
from workflow.pieces import get_piece, log

MAX_COMMENT = 5000


@dataclass(frozen=True)
class CommentRow:
    """A comment as shown beside a piece or segment."""

    comment_id: int
    segment_id: int | None
    author: str
    at: datetime
    text: str
    number: int | None = None  # the segment's number as the editor shows it (#1 is the first)


def add_comment(db: Database, actor: ActingUser, piece_id: int, text: str, *, segment_id: int | None = None) -> Comment:
    """Comment on a piece (or one segment); translators and reviewers of the pair and editors may."""
    with db.write() as session:
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id, lock=False)
        return new_comment(session, db.now(), acting, piece, text, segment_id)


def new_comment(
    session: Session, now: datetime, acting: Actor, piece: Piece, text: str, segment_id: int | None
) -> Comment:
    """:func:`add_comment` inside a transaction the caller holds (a flagged segment's comment, say)."""
    text = stored(text, N_("the comment")).strip()
    if not text:
        raise InvalidInput(N_("the comment is empty; write something before sending it"))
    if len(text) > MAX_COMMENT:
        raise InvalidInput(
            msg("the comment is {length} characters long; the limit is {most}", length=len(text), most=MAX_COMMENT)
        )
    if acting.id is None or not acting.works_on(piece.source_language, piece.edition_code):
        raise PermissionDenied(msg("{user} may not comment on piece {piece}", user=acting.username, piece=piece.id))
    if segment_id is not None:
        segment = session.get(TargetSegment, segment_id)
        if segment is None or segment.piece_id != piece.id:
            raise NotFound(msg("segment {segment} is not part of piece {piece}", segment=segment_id, piece=piece.id))
    comment = Comment(piece_id=piece.id or 0, segment_id=segment_id, author_id=acting.id, at=now, text=text)
    session.add(comment)
    session.flush()
    log(
        session,
        now,
        acting,
        "comment",
        piece=piece,
        from_status=piece.status,
        to_status=piece.status,
        detail={"comment": comment.id, "segment": segment_id},
    )
    return comment


def readable_comments(db: Database, actor: ActingUser, piece_id: int) -> list[CommentRow]:
    """:func:`comments`, for a person who may discuss the piece (its pair's translators and reviewers, editors)."""
    with db.read() as session:
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id, lock=False)
        if not acting.works_on(piece.source_language, piece.edition_code):
            raise PermissionDenied(
                msg("{user} may not read the comments on piece {piece}", user=acting.username, piece=piece_id)
            )
    return comments(db, piece_id)


def comments(db: Database, piece_id: int) -> list[CommentRow]:
    """The piece's comments, oldest first, each on a segment with the segment's number."""
    with db.read() as session:
        rows = session.exec(
            select(Comment, User.display_name, TargetSegment.position)
            .join(User, col(User.id) == Comment.author_id)
            .outerjoin(TargetSegment, col(TargetSegment.id) == Comment.segment_id)
            .where(Comment.piece_id == piece_id)
            .order_by(col(Comment.id))
        ).all()
        return [
            CommentRow(c.id or 0, c.segment_id, name, c.at, c.text, None if position is None else position + 1)
            for c, name, position in rows
        ]
