"""A translator's save as it nearly always happens, in prepared statements: the person holds the piece, their
lease runs, and the segment is as they opened it.

One read takes everything the rules need (the person, the segment and its source, the piece locked, its
edition's lease hours); then the segment, its history, the piece's lease and counts and the edition's
tally are written. Anything else (a lease run out, a piece to claim again or resume, another holder, a
stale version, the console) is left to :func:`workflow.actions.save_segment`'s full path, which applies
the rules and says what is wrong: :func:`save_held` then returns None having written nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy import insert as insert_into
from sqlalchemy import select as select_columns
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col

from workflow.db import Database
from workflow.models import Edition, EditionTally, Piece, SegmentEdit, SourceSegment, TargetSegment, User
from workflow.pieces import ident
from workflow.prepared import Prepared, first
from workflow.status import Status

_SEGMENT_COLUMNS = tuple(TargetSegment.__table__.c)  # type: ignore[attr-defined]
_NAMES = tuple(c.name for c in _SEGMENT_COLUMNS)

_READ = Prepared(
    select_columns(
        *_SEGMENT_COLUMNS,
        col(User.disabled),
        col(Piece.status),
        col(Piece.holder_id),
        col(Piece.lease_expires_at),
        col(Piece.version),
        col(Piece.edition_code),
        col(Edition.translation_lease_hours),
        col(Edition.review_lease_hours),
        col(SourceSegment.text),
        col(SourceSegment.words),
    )
    .select_from(TargetSegment)
    .join(Piece, col(Piece.id) == TargetSegment.piece_id)
    .join(SourceSegment, col(SourceSegment.id) == TargetSegment.source_segment_id)
    .join(Edition, col(Edition.code) == Piece.edition_code)
    .join(User, col(User.id) == bindparam("user_id"))
    .where(col(TargetSegment.id) == bindparam("segment_id"))
    .with_for_update(of=Piece.__table__)  # type: ignore[attr-defined]
)

_WRITE_SEGMENT = Prepared(
    update(TargetSegment)
    .where(col(TargetSegment.id) == bindparam("segment_id"), col(TargetSegment.version) == bindparam("base_version"))
    .values(
        text=bindparam("text"),
        state=bindparam("state"),
        outdated=False,
        previous_source=None,
        prefilled=False,
        updated_by=bindparam("user_id"),
        updated_at=bindparam("at", type_=TargetSegment.__table__.c.updated_at.type),  # type: ignore[attr-defined]
        version=bindparam("version"),
    )
)

_LOG = Prepared(
    insert_into(SegmentEdit).values(
        target_segment_id=bindparam("segment_id"),
        piece_id=bindparam("piece_id"),
        kind="save",
        version=bindparam("version"),
        text=bindparam("text"),
        source_text=bindparam("source_text"),
        author_id=bindparam("user_id"),
        at=bindparam("at", type_=SegmentEdit.__table__.c.at.type),  # type: ignore[attr-defined]
        stage=bindparam("stage"),
        was_empty=bindparam("was_empty"),
        words=bindparam("words"),
    )
)

_WRITE_PIECE = Prepared(
    update(Piece)
    .where(col(Piece.id) == bindparam("piece_id"), col(Piece.version) == bindparam("piece_version"))
    .values(
        lease_expires_at=bindparam("lease", type_=Piece.__table__.c.lease_expires_at.type),  # type: ignore[attr-defined]
        segments_done=col(Piece.segments_done) + bindparam("segments"),
        words_done=col(Piece.words_done) + bindparam("words"),
        version=col(Piece.version) + 1,
    )
)


def _tally(insert: Any) -> Prepared:
    """Add the done segments and words to the edition's row for the piece's status (created if missing)."""
    table = EditionTally.__table__  # type: ignore[attr-defined]
    statement = insert(table).values(
        edition_code=bindparam("edition"),
        status=bindparam("status"),
        pieces=0,
        segments_total=0,
        segments_done=bindparam("segments"),
        words_total=0,
        words_done=bindparam("words"),
    )
    return Prepared(
        statement.on_conflict_do_update(
            index_elements=["edition_code", "status"],
            set_={
                "segments_done": table.c.segments_done + statement.excluded.segments_done,
                "words_done": table.c.words_done + statement.excluded.words_done,
            },
        )
    )


_TALLY = {"sqlite": _tally(sqlite_insert), "postgresql": _tally(postgresql_insert)}
_EDITING = (Status.IN_TRANSLATION.value, Status.IN_REVIEW.value)


@dataclass(frozen=True, slots=True)
class SavedSegment:
    """A segment as a save left it."""

    id: int
    piece_id: int
    text: str
    state: str
    version: int
    updated_by: int | None
    updated_at: datetime | None

    @classmethod
    def of(cls, segment: TargetSegment) -> SavedSegment:
        return cls(
            ident(segment),
            segment.piece_id,
            segment.text,
            segment.state,
            segment.version,
            segment.updated_by,
            segment.updated_at,
        )


class _Changed(Exception):
    """Somebody changed the segment or the piece between the read and the write."""


def save_held(
    db: Database, user_id: int, segment_id: int, text: str, base_version: int, done: bool
) -> SavedSegment | None:
    """Save ``text`` (already in stored form) into a segment of a piece ``user_id`` holds with a running lease,
    based on the version they opened; None, having written nothing, when the save needs the full path."""
    try:
        return _save(db, user_id, segment_id, text, base_version, done)
    except _Changed:
        return None


def _save(db: Database, user_id: int, segment_id: int, text: str, base_version: int, done: bool) -> SavedSegment | None:
    with db.cursor(write=True) as cursor:
        now = db.now()
        row = first(_READ.rows(cursor, db.dialect, user_id=user_id, segment_id=segment_id))
        if row is None:
            return None
        segment = dict(zip(_NAMES, row, strict=False))
        disabled, status, holder, lease, piece_version, edition, hours, review_hours, source_text, words = row[
            len(_NAMES) :
        ]
        if (
            disabled
            or not segment["active"]
            or status not in _EDITING
            or holder != user_id
            or lease is None
            or lease <= now
            or segment["version"] != base_version
        ):
            return None
        state = "empty" if not text.strip() else ("done" if done else "draft")
        was_done = segment["state"] == "done" and not segment["outdated"]
        change = (state == "done") - was_done
        version = base_version + 1
        written = _WRITE_SEGMENT.run(
            cursor,
            db.dialect,
            segment_id=segment_id,
            base_version=base_version,
            text=text,
            state=state,
            user_id=user_id,
            at=now,
            version=version,
        )
        if written != 1:
            raise _Changed
        _LOG.run(
            cursor,
            db.dialect,
            segment_id=segment_id,
            piece_id=segment["piece_id"],
            version=version,
            text=text,
            source_text=source_text,
            user_id=user_id,
            at=now,
            stage=status,
            was_empty=not segment["text"].strip(),
            words=words,
        )
        renewed = now + timedelta(hours=review_hours if status == Status.IN_REVIEW else hours)
        written = _WRITE_PIECE.run(
            cursor,
            db.dialect,
            piece_id=segment["piece_id"],
            piece_version=piece_version,
            lease=renewed,
            segments=change,
            words=change * words,
        )
        if written != 1:
            raise _Changed
        if change:
            _TALLY[db.dialect.name].run(
                cursor, db.dialect, edition=edition, status=status, segments=change, words=change * words
            )
    return SavedSegment(segment_id, segment["piece_id"], text, state, version, user_id, now)
