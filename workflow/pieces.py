"""The inside of every piece action: status moves through the table, the audit log, segments and counters.

Action modules call these inside one write transaction; nothing here opens its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, insert, or_, update
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from workflow.characters import stored
from workflow.errors import FourEyesViolation, NotFound, WorkflowError
from workflow.messages import N_, msg, quoted
from workflow.models import (
    ApprovedSegment,
    AuditEvent,
    Edition,
    LanguagePair,
    Piece,
    SegmentEdit,
    SourceSegment,
    TargetSegment,
    User,
    UserRole,
)
from workflow.outbox import enqueue
from workflow.permissions import Actor
from workflow.plurals import plural_count, source_of_form
from workflow.segments import segment_hash
from workflow.status import HELD, Event, Status, advance


def ident(row: Any) -> int:
    """The id of a stored row (rows read from the database always have one)."""
    value = row.id
    if value is None:
        raise ValueError(f"{type(row).__name__} has not been stored yet")
    return int(value)


class ConcurrentChange(WorkflowError):
    """Somebody changed the piece between our read and our write."""


def get_piece(session: Session, piece_id: int, *, lock: bool = True) -> Piece:
    """The piece as committed now, locked for this transaction (PostgreSQL row lock), or NotFound.

    On SQLite write transactions begin IMMEDIATE, which serialises them already.
    """
    query = select(Piece).where(Piece.id == piece_id).execution_options(populate_existing=True)
    if lock:
        query = query.with_for_update()
    piece = session.exec(query).first()
    if piece is None:
        raise NotFound(msg("piece {piece} does not exist", piece=piece_id))
    return piece


def get_edition(session: Session, code: str) -> Edition:
    edition = session.get(Edition, code)
    if edition is None:
        raise NotFound(msg("edition {code} does not exist", code=quoted(code)))
    return edition


def user_label(session: Session, user_id: int | None) -> str:
    """How a person is named in messages: display name and user name."""
    if user_id is None:
        return "nobody"
    user = session.get(User, user_id)
    if user is None:
        return f"user {user_id}"
    same = user.display_name.casefold() == user.username.casefold()
    return user.display_name if same else f"{user.display_name} ({user.username})"


def log(
    session: Session,
    at: datetime,
    actor: Actor | None,
    action: str,
    *,
    piece: Piece | None = None,
    article_id: int | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    comment: str | None = None,
    self_approval: bool = False,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one line to the audit log."""
    details = dict(detail or {})
    if actor is not None and actor.console:
        details["via"] = "console"
    session.add(
        AuditEvent(
            at=at,
            actor_id=actor.id if actor else None,
            piece_id=piece.id if piece else None,
            article_id=piece.article_id if piece else article_id,
            action=action,
            from_status=from_status,
            to_status=to_status,
            comment=None if comment is None else stored(comment, N_("the comment")),
            self_approval=self_approval,
            detail=details,
        )
    )
    enqueue(session, at, actor, action, piece, piece.article_id if piece else article_id, details)


def move(
    session: Session,
    at: datetime,
    piece: Piece,
    event: Event,
    actor: Actor | None,
    *,
    to: Status | None = None,
    comment: str | None = None,
    self_approval: bool = False,
    detail: dict[str, Any] | None = None,
    **changes: Any,
) -> Status:
    """Move ``piece`` through the transition table, apply ``changes``, log the event, flush.

    Raises TransitionNotAllowed (nothing changed) or ConcurrentChange (somebody else was faster).
    """
    before = Status(piece.status)
    after = advance(before, event, to)
    piece.status = after.value
    for name, value in changes.items():
        setattr(piece, name, value)
    piece.updated_at = at
    session.add(piece)
    log(
        session,
        at,
        actor,
        event.value,
        piece=piece,
        from_status=before.value,
        to_status=after.value,
        comment=comment,
        self_approval=self_approval,
        detail=detail,
    )
    try:
        session.flush()
    except StaleDataError as error:
        raise ConcurrentChange(
            msg("piece {piece} was changed by somebody else; reload and try again", piece=piece.id)
        ) from error
    return after


def lease_until(session: Session, piece: Piece, at: datetime, review: bool = False) -> datetime:
    """When a lease taken now on this piece ends, by its edition's settings."""
    edition = get_edition(session, piece.edition_code)
    hours = edition.review_lease_hours if review else edition.translation_lease_hours
    return at + timedelta(hours=hours)


def expire_if_due(session: Session, piece: Piece, at: datetime) -> bool:
    """Apply an expired lease: the piece goes back (draft kept) and the event is logged."""
    if piece.status in HELD and piece.lease_expires_at is not None and piece.lease_expires_at <= at:
        holder = piece.holder_id
        move(
            session,
            at,
            piece,
            Event.EXPIRE,
            None,
            holder_id=None,
            lease_expires_at=None,
            comment="lease expired",
            detail={"holder": user_label(session, holder), "expired_at": piece.lease_expires_at.isoformat()},
        )
        return True
    return False


def has_pair(session: Session, user_id: int | None, role: str, source: str, target: str) -> bool:
    """True when the user is enabled, has ``role`` and the language pair."""
    if user_id is None:
        return False
    user = session.get(User, user_id)
    if user is None or user.disabled:
        return False
    role_row = session.get(UserRole, (user_id, role))
    pair_row = session.get(LanguagePair, (user_id, source, target))
    return role_row is not None and pair_row is not None


def target_forms(edition_code: str, plural: str | None) -> list[int | None]:
    """The target segments a source segment needs in an edition: one, or one per plural form of its language."""
    return [None] if plural is None else list(range(plural_count(edition_code)))


def forms(piece: Piece, plural: str | None) -> list[int | None]:
    """:func:`target_forms` for a piece."""
    return target_forms(piece.edition_code, plural)


def materialise(session: Session, piece: Piece) -> None:
    """Give the piece its target segments (one per source segment, one per plural form), if it has none yet."""
    present = session.exec(select(TargetSegment.id).where(TargetSegment.piece_id == piece.id).limit(1)).first()
    if present is not None:
        return
    sources = session.exec(
        select(SourceSegment.id, SourceSegment.position, SourceSegment.plural)
        .where(SourceSegment.revision_id == piece.revision_id)
        .order_by(col(SourceSegment.position))
    ).all()
    if sources:
        session.execute(
            insert(TargetSegment),
            [
                {
                    "piece_id": piece.id,
                    "source_segment_id": sid,
                    "position": pos,
                    "plural_form": form,
                    "text": "",
                    "state": "empty",
                    "version": 1,
                    "active": True,
                    "outdated": False,
                }
                for sid, pos, plural in sources
                for form in forms(piece, plural)
            ],
        )


def recount(session: Session, piece: Piece, *, materialised: bool | None = None) -> None:
    """Recompute the piece's segment and word totals from its segments (progress lives at piece level);
    ``materialised``: whether the piece has its target segments already (a saver knows: one query less).
    """
    if materialised is None:
        materialised = bool(session.exec(select(func.count()).where(TargetSegment.piece_id == piece.id)).one())
    if materialised:
        done = case((and_(col(TargetSegment.state) == "done", col(TargetSegment.outdated).is_(False)), 1), else_=0)
        total, words, done_count, done_words = session.exec(
            select(
                func.count(),
                func.coalesce(func.sum(SourceSegment.words), 0),
                func.coalesce(func.sum(done), 0),
                func.coalesce(func.sum(done * SourceSegment.words), 0),
            )
            .select_from(TargetSegment)
            .join(SourceSegment, col(SourceSegment.id) == TargetSegment.source_segment_id)
            .where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
        ).one()
        totals = (int(total), int(words), int(done_count), int(done_words))
    else:
        sources = session.exec(
            select(SourceSegment.words, SourceSegment.plural).where(SourceSegment.revision_id == piece.revision_id)
        ).all()
        counts = [(len(forms(piece, plural)), words) for words, plural in sources]
        totals = (sum(n for n, _w in counts), sum(n * w for n, w in counts), 0, 0)
    piece.segments_total, piece.words_total, piece.segments_done, piece.words_done = totals


def segment_rows(session: Session, piece: Piece) -> list[tuple[TargetSegment, SourceSegment]]:
    """The piece's current segments beside their sources, in reading order (plural forms in order)."""
    return list(
        session.exec(
            select(TargetSegment, SourceSegment)
            .join(SourceSegment, col(SourceSegment.id) == TargetSegment.source_segment_id)
            .where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
            .order_by(col(TargetSegment.position), col(TargetSegment.plural_form))
        ).all()
    )


def record_edit(
    session: Session,
    piece: Piece,
    target: TargetSegment,
    kind: str,
    *,
    text: str,
    source_text: str,
    at: datetime,
    version: int | None = None,
    author_id: int | None = None,
    was_empty: bool = False,
    words: int = 0,
) -> None:
    """Append a line to a segment's history: a save, a refused save, a source change or a removal."""
    session.add(
        SegmentEdit(
            target_segment_id=ident(target),
            piece_id=ident(piece),
            kind=kind,
            version=target.version if version is None else version,
            text=text,
            source_text=source_text,
            author_id=author_id,
            at=at,
            stage=piece.status,
            was_empty=was_empty,
            words=words,
        )
    )


def write_text(
    session: Session,
    piece: Piece,
    segment: TargetSegment,
    text: str,
    state: str,
    user_id: int | None,
    at: datetime,
    *,
    source_text: str | None = None,
) -> None:
    """Put a text and state in a segment and log the save (the caller checked who may): a person's, or, with
    no ``user_id``, a translation a file brought (a site's page, a PO catalog), which counts as nobody's words;
    ``source_text`` is what it translates when that is not the source (a plural form's singular or plural).
    """
    write_texts(session, piece, [(segment, text, state, source_text)], user_id, at)


def write_texts(
    session: Session,
    piece: Piece,
    writes: list[tuple[TargetSegment, str, str, str | None]],
    user_id: int | None,
    at: datetime,
) -> None:
    """:func:`write_text` for many segments of one piece (segment, text, state, source text), in one flush."""
    sources = {
        source.id: source
        for source in session.exec(
            select(SourceSegment).where(
                col(SourceSegment.id).in_({segment.source_segment_id for segment, *_ in writes})
            )
        ).all()
    }
    empty_before = []
    for segment, text, state, _translates in writes:
        empty_before.append(not segment.text.strip())
        segment.text = text
        segment.state = state
        segment.outdated = False
        segment.previous_source = None
        segment.prefilled = False
        segment.updated_by = user_id
        segment.updated_at = at
        session.add(segment)
    session.flush()
    for (segment, text, _state, translates), was_empty in zip(writes, empty_before, strict=True):
        source = sources[segment.source_segment_id]
        record_edit(
            session,
            piece,
            segment,
            "save",
            text=text,
            source_text=source.text if translates is None else translates,
            at=at,
            author_id=user_id,
            was_empty=was_empty,
            words=source.words if user_id is not None else 0,
        )


def store_approved(session: Session, piece: Piece, reviewer_id: int | None, at: datetime) -> None:
    """Keep the piece's segment pairs as approved: the translation memory and word counts read them, and
    each segment's approved text (changed ones get this approval's time) is what catalog exports write.

    A plural form is kept beside the source it translates (the singular or the plural).
    """
    session.execute(
        update(TargetSegment)
        .where(
            col(TargetSegment.piece_id) == piece.id,
            col(TargetSegment.active).is_(True),
            or_(col(TargetSegment.approved_text).is_(None), col(TargetSegment.approved_text) != TargetSegment.text),
        )
        .values(approved_text=TargetSegment.text, approved_at=at, approved_by=TargetSegment.updated_by)
        .execution_options(synchronize_session=False)
    )
    for target, source in segment_rows(session, piece):
        text = source_of_form(source.text, source.plural, piece.edition_code, target.plural_form)
        session.add(
            ApprovedSegment(
                piece_id=ident(piece),
                article_id=piece.article_id,
                source_language=piece.source_language,
                target_language=piece.edition_code,
                kind=source.kind,
                source_hash=source.hash if text == source.text and source.plural is None else segment_hash(text),
                source_text=text,
                target_text=target.text,
                words=source.words,
                translator_id=target.updated_by if target.updated_by != reviewer_id else piece.translator_id,
                reviewer_id=reviewer_id,
                approved_at=at,
            )
        )


def translated_by(session: Session, piece: Piece, user_id: int | None) -> bool:
    """True when ``user_id`` translated any of this piece (four-eyes)."""
    if user_id is None:
        return False
    if piece.translator_id == user_id:
        return True
    return bool(
        session.exec(
            select(
                exists().where(
                    SegmentEdit.piece_id == piece.id,  # type: ignore[arg-type]
                    SegmentEdit.author_id == user_id,  # type: ignore[arg-type]
                    SegmentEdit.kind == "save",  # type: ignore[arg-type]
                    SegmentEdit.stage != Status.IN_REVIEW.value,  # type: ignore[arg-type]
                )
            )
        ).one()
    )


def four_eyes(session: Session, piece: Piece, actor: Actor, doing: str) -> bool:
    """Check the edition's review policy; True when this is an allowed self-approval."""
    if not translated_by(session, piece, actor.id):
        return False
    if get_edition(session, piece.edition_code).review_policy == "self_approval":
        return True
    raise FourEyesViolation(
        msg(
            "{user} may not {doing}: they translated piece {piece}, and the {edition} edition requires a second "
            "person to review (four eyes)",
            user=actor.username,
            doing=doing,
            piece=piece.id,
            edition=piece.edition_code,
        )
    )
