"""Review per segment: the reviewer accepts or flags each segment (a flag carries a comment), edits a segment
themselves (an ordinary save, logged as theirs and shown to the translator), and sees what changed since the
round they sent back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from workflow.comments import new_comment
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied
from workflow.messages import N_, msg
from workflow.models import AuditEvent, Comment, Piece, SegmentEdit, SegmentMark, TargetSegment, User
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, load_actor
from workflow.pieces import get_piece, log
from workflow.status import Status

VERDICTS = ("accepted", "flagged")


@dataclass(frozen=True)
class Mark:
    """A reviewer's verdict on a segment's current text, by whom and when, with a flag's comment."""

    segment_id: int
    verdict: str
    by: str
    at: datetime
    comment: str | None = None


def mark_segment(db: Database, actor: ActingUser, segment_id: int, verdict: str | None, comment: str = "") -> None:
    """The reviewer holding a piece in review accepts a segment, flags it with a comment (which joins the
    piece's comments on that segment), or takes the mark back (``verdict`` None). Logged.
    """
    if verdict is not None and verdict not in VERDICTS:
        raise InvalidInput(msg("{verdict} is not a verdict: say accepted or flagged", verdict=verdict))
    if verdict == "flagged" and not comment.strip():
        raise InvalidInput(N_("say what is wrong with the segment: a flag needs a comment"))
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        segment = session.get(TargetSegment, segment_id)
        if segment is None or not segment.active:
            raise NotFound(msg("segment {segment} does not exist in any current piece", segment=segment_id))
        piece = get_piece(session, segment.piece_id)
        if piece.status != Status.IN_REVIEW or piece.holder_id is None or piece.holder_id != acting.id:
            raise PermissionDenied(
                msg(
                    "{user} may not mark segments of piece {piece}: only its reviewer, during the review, may",
                    user=acting.username,
                    piece=piece.id,
                )
            )
        existing = session.get(SegmentMark, segment_id)
        if verdict is None:
            if existing is not None:
                session.delete(existing)
            log(session, now, acting, "segment_unmarked", piece=piece, detail={"segment": segment_id})
            return
        noted = new_comment(session, now, acting, piece, comment, segment_id) if verdict == "flagged" else None
        mark = existing or SegmentMark(
            segment_id=segment_id, piece_id=piece.id or 0, verdict=verdict, version=0, by=0, at=now
        )
        mark.verdict, mark.version, mark.by, mark.at = verdict, segment.version, acting.id or 0, now
        mark.comment_id = noted.id if noted is not None else None
        session.add(mark)
        log(
            session,
            now,
            acting,
            f"segment_{verdict}",
            piece=piece,
            comment=noted.text if noted is not None else None,
            detail={"segment": segment_id, "version": segment.version},
        )


def segment_marks(db: Database, piece_id: int) -> dict[int, Mark]:
    """The marks that still hold, by segment id: those given on the segment's current version."""
    with db.read() as session:
        rows = session.exec(
            select(SegmentMark, TargetSegment.version, User.display_name, Comment.text)
            .join(TargetSegment, col(TargetSegment.id) == SegmentMark.segment_id)
            .join(User, col(User.id) == SegmentMark.by)
            .outerjoin(Comment, col(Comment.id) == SegmentMark.comment_id)
            .where(SegmentMark.piece_id == piece_id)
        ).all()
        return {
            mark.segment_id: Mark(mark.segment_id, mark.verdict, name, mark.at, text)
            for mark, version, name, text in rows
            if mark.version == version
        }


def round_texts(db: Database, piece_id: int) -> dict[int, str]:
    """Each segment's text when the piece was last sent back for changes (what the reviewer saw then), by
    segment id; empty if it never was. The reviewer's diff shows what changed since.
    """
    with db.read() as session:
        sent_back = session.exec(
            select(AuditEvent)
            .where(AuditEvent.piece_id == piece_id, AuditEvent.action == "request_changes")
            .order_by(col(AuditEvent.id).desc())
        ).first()
        if sent_back is None:
            return {}
        last_edit = sent_back.detail.get("last_edit")  # the piece's newest edit then (older logs: its time)
        then = col(SegmentEdit.id) <= last_edit if last_edit is not None else col(SegmentEdit.at) <= sent_back.at
        texts: dict[int, str] = {}
        for segment_id, text in session.exec(
            select(SegmentEdit.target_segment_id, SegmentEdit.text)
            .where(SegmentEdit.piece_id == piece_id, SegmentEdit.kind == "save", then)
            .order_by(col(SegmentEdit.id))
        ).all():
            texts[segment_id] = text or ""
        return texts


def review_edits(db: Database, piece_id: int) -> dict[int, str]:
    """Segments whose newest text a reviewer wrote (not the piece's translator), with the reviewer's name:
    the translator sees which words are the reviewer's.
    """
    with db.read() as session:
        piece = session.get(Piece, piece_id)
        if piece is None:
            return {}
        rows = session.exec(
            select(TargetSegment.id, User.display_name)
            .join(User, col(User.id) == TargetSegment.updated_by)
            .where(
                TargetSegment.piece_id == piece_id,
                col(TargetSegment.active).is_(True),
                col(TargetSegment.updated_by).is_distinct_from(piece.translator_id),
                col(TargetSegment.updated_by).in_(
                    select(AuditEvent.actor_id).where(
                        AuditEvent.piece_id == piece_id, AuditEvent.action == "start_review"
                    )
                ),
            )
        ).all()
        return {segment_id or 0: name for segment_id, name in rows}
