"""The read side: queues, my work, review queue, progress and word counts, all derived from stored data.

Every query first returns expired leases to their queues, so what a person sees is current. The queues and
progress, which every page shows, run prepared statements on the driver's cursor (:mod:`workflow.prepared`).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from workflow.actions import release_expired
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied
from workflow.messages import msg
from workflow.models import (
    ApprovedSegment,
    Article,
    AuditEvent,
    Edition,
    EditionTally,
    LanguagePair,
    Piece,
    Revision,
    SegmentEdit,
    SourceSegment,
    TargetSegment,
    User,
    UserRole,
)
from workflow.permissions import ActingUser, load_actor
from workflow.pieces import ident
from workflow.plurals import source_of_form
from workflow.prepared import Prepared, first
from workflow.segments import article_tags, segment_hash
from workflow.status import HELD, Status

__all__ = [
    "ArticleRow",
    "EditRow",
    "EditionProgress",
    "PieceRow",
    "PieceSettings",
    "SegmentRow",
    "TranslatorWords",
    "articles",
    "audit_log",
    "available_for",
    "history",
    "last_approved",
    "my_work",
    "piece_name",
    "piece_segments",
    "piece_settings",
    "progress",
    "readable_segments",
    "review_queue",
    "segment_history",
    "word_counts",
]


@dataclass(frozen=True)
class PieceRow:
    """One piece as a queue shows it."""

    piece_id: int
    slug: str
    title: str
    source_language: str
    edition: str
    status: str
    priority: int
    deadline: datetime | None
    created_at: datetime
    words: int
    segments_total: int
    segments_done: int
    holder: str | None
    lease_expires_at: datetime | None
    lease_left: timedelta | None
    note: str | None = None
    article_id: int | None = None


@dataclass(frozen=True)
class SegmentRow:
    """One segment of a piece, source beside target, as the editor shows it."""

    segment_id: int
    position: int
    kind: str
    source: str
    target: str
    state: str
    outdated: bool
    previous_source: str | None
    version: int
    words: int
    prefilled: bool = False
    plural_form: int | None = None  # which plural form of the edition's language (catalog entries)
    note: str | None = None  # what the catalog says to translators


@dataclass
class EditionProgress:
    """How far one edition is: pieces per status, segments and words translated."""

    edition: str
    pieces: dict[str, int] = field(default_factory=dict)
    segments_total: int = 0
    segments_done: int = 0
    words_total: int = 0
    words_done: int = 0


@dataclass
class TranslatorWords:
    """Words a translator worked on in a period, for paying them."""

    username: str
    display_name: str
    new_words: int = 0
    edited_words: int = 0
    approved_words: int = 0


def _user_id(user: ActingUser) -> int | None:
    return getattr(user, "id", None)


#: Reads look for expired leases again at least this often, which is less than the shortest lease (an hour):
#: a lease taken after a look cannot run out before the next one.
EXPIRY_RECHECK = timedelta(seconds=60)

_NEXT_EXPIRY = Prepared(
    select_columns(col(Piece.lease_expires_at))
    .where(
        col(Piece.lease_expires_at).is_not(None),
        or_(*(col(Piece.status) == bindparam(f"held_{s.value}", s.value) for s in sorted(HELD))),
    )
    .order_by(col(Piece.lease_expires_at))
    .limit(1)
)


def _release_due(db: Database) -> None:
    """Return the pieces whose lease has run out to their queues before a read shows them (lazily, on read).

    The soonest lease end is remembered: until then, or for :data:`EXPIRY_RECHECK`, no read looks again.
    """
    now = db.now()
    if db.no_expiry_before is not None and now < db.no_expiry_before:
        return
    with db.cursor() as cursor:
        row = first(_NEXT_EXPIRY.rows(cursor, db.dialect))
    if row is not None and row[0] <= now:
        release_expired(db)
        with db.cursor() as cursor:
            row = first(_NEXT_EXPIRY.rows(cursor, db.dialect))
    soonest = now + EXPIRY_RECHECK
    db.no_expiry_before = soonest if row is None else min(row[0], soonest)


@contextmanager
def _reading(db: Database) -> Iterator[Session]:
    """A read session that sees no expired lease: expiry is applied first when any is due."""
    _release_due(db)
    with db.read() as session:
        yield session


_HOLDER = aliased(User)
_COLUMNS = (
    Piece.id,
    Piece.article_id,
    Article.slug,
    Piece.title,
    Piece.source_language,
    Piece.edition_code,
    Piece.status,
    Piece.priority,
    Piece.deadline,
    Piece.deadline_key,
    Piece.created_at,
    Piece.words_total,
    Piece.segments_total,
    Piece.segments_done,
    _HOLDER.display_name,
    Piece.lease_expires_at,
)
# positions in a row of _COLUMNS
_ID, _PRIORITY, _STATUS, _DEADLINE_KEY, _CREATED = 0, 7, 6, 9, 10


def _base() -> Any:
    """The columns a queue shows: the piece's, its article's slug and its holder's name (no ORM objects)."""
    return (
        select_columns(*(col(c) for c in _COLUMNS))
        .join(Article, col(Article.id) == Piece.article_id)
        .outerjoin(_HOLDER, col(_HOLDER.id) == Piece.holder_id)
    )


_QUEUE_ROWS = Prepared(_base())  # what a queue row's values convert with


def _piece_rows(rows: list[tuple[Any, ...]], now: datetime, notes: dict[int, str] | None = None) -> list[PieceRow]:
    """Queue rows for rows of ``_COLUMNS``."""
    notes = notes or {}
    result = []
    for (
        piece_id,
        article_id,
        slug,
        title,
        source_language,
        edition,
        status,
        priority,
        deadline,
        _deadline_key,
        created_at,
        words,
        segments_total,
        segments_done,
        holder,
        lease,
    ) in rows:
        result.append(
            PieceRow(
                piece_id=piece_id,
                slug=slug,
                title=title,
                source_language=source_language,
                edition=edition,
                status=status,
                priority=priority,
                deadline=deadline,
                created_at=created_at,
                words=words,
                segments_total=segments_total,
                segments_done=segments_done,
                holder=holder,
                lease_expires_at=lease,
                lease_left=(lease - now) if lease else None,
                note=notes.get(piece_id),
                article_id=article_id,
            )
        )
    return result


_PAIRS = Prepared(
    select_columns(col(LanguagePair.source), col(LanguagePair.target))
    .join(User, col(User.id) == LanguagePair.user_id)
    .join(UserRole, and_(col(UserRole.user_id) == User.id, col(UserRole.role) == bindparam("role")))
    .where(col(User.id) == bindparam("user_id"), col(User.disabled).is_(False))
)


def _pairs(cursor: Any, db: Database, user_id: int | None, role: str) -> list[tuple[str, str]]:
    """The user's language pairs if they are enabled and have ``role``; else none (one query)."""
    if user_id is None:
        return []
    return sorted((source, target) for source, target in _PAIRS.rows(cursor, db.dialect, user_id=user_id, role=role))


def _queue_order(query: Any) -> Any:
    return query.order_by(col(Piece.priority).desc(), col(Piece.deadline_key), col(Piece.created_at), col(Piece.id))


def _queue_key(row: tuple[Any, ...]) -> tuple[int, datetime, datetime, int]:
    return (-row[_PRIORITY], row[_DEADLINE_KEY], row[_CREATED], row[_ID])


def _merged(db: Database, ranges: list[list[Any]], offset: int, limit: int) -> list[PieceRow]:
    """One page of queue rows from ranges each in queue order, as the driver gave them: merged on the stored
    values (the order the database sorted them in), and only the page's rows converted."""
    page = list(heapq.merge(*ranges, key=_queue_key))[offset : offset + limit]
    return _piece_rows(_QUEUE_ROWS.convert(db.dialect, page), db.now())


def _queue_range(claimable: Any, search: bool) -> Prepared:
    """One language pair's claimable pieces of one kind, in queue order (an ordered index range)."""
    query = _base().where(
        claimable,
        col(Piece.source_language) == bindparam("source"),
        col(Piece.edition_code) == bindparam("target"),
    )
    if search:
        pattern: Any = bindparam("pattern")
        query = query.where(or_(col(Piece.title).ilike(pattern), col(Article.slug).ilike(pattern)))
    return Prepared(_queue_order(query).limit(bindparam("limit")))


_OPEN = col(Piece.status) == bindparam("open", Status.OPEN.value)
_RETURNED = and_(
    col(Piece.status) == bindparam("returned", Status.CHANGES_REQUESTED.value), col(Piece.holder_id).is_(None)
)
_AVAILABLE = {search: (_queue_range(_OPEN, search), _queue_range(_RETURNED, search)) for search in (False, True)}


def available_for(
    db: Database,
    user: ActingUser,
    *,
    edition: str | None = None,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[PieceRow]:
    """Pieces the user may claim in their language pairs: highest priority, then nearest deadline, then oldest.

    One ordered index range per language pair and claimable status, merged: fast at any queue length.
    """
    _release_due(db)
    found = {"pattern": f"%{search.strip()}%"} if search else {}
    with db.cursor() as cursor:
        pairs = [p for p in _pairs(cursor, db, _user_id(user), "translator") if edition in (None, p[1])]
        ranges = [
            statement.fetch(cursor, db.dialect, source=source, target=target, limit=offset + limit, **found)
            for source, target in pairs
            for statement in _AVAILABLE[bool(search)]
        ]
    return _merged(db, ranges, offset, limit)


_HELD_BY = Prepared(
    _base()
    .where(col(Piece.holder_id) == bindparam("user_id"))
    .order_by(
        col(Piece.status) != bindparam("returned", Status.CHANGES_REQUESTED.value),
        col(Piece.lease_expires_at),
        col(Piece.id),
    )
)
_CHANGES_ASKED = Prepared(
    select_columns(col(AuditEvent.comment))
    .where(
        col(AuditEvent.piece_id) == bindparam("piece_id"),
        col(AuditEvent.action) == bindparam("action", "request_changes"),
        col(AuditEvent.comment).is_not(None),
        col(AuditEvent.comment) != bindparam("empty", ""),
    )
    .order_by(col(AuditEvent.id).desc())
    .limit(1)
)


def my_work(db: Database, user: ActingUser) -> list[PieceRow]:
    """Pieces the user holds, the ones with changes requested first, then by lease ending soonest.

    A changes-requested piece carries the reviewer's reason as ``note``.
    """
    _release_due(db)
    with db.cursor() as cursor:
        rows = _HELD_BY.rows(cursor, db.dialect, user_id=_user_id(user))
        notes = {}
        for row in rows:
            if row[_STATUS] == Status.CHANGES_REQUESTED:
                asked = first(_CHANGES_ASKED.rows(cursor, db.dialect, piece_id=row[_ID]))
                if asked is not None:
                    notes[row[_ID]] = asked[0]
    return _piece_rows(rows, db.now(), notes)


_REVIEWABLE = Prepared(  # one language pair's submitted pieces a reviewer may take
    _queue_order(
        _base()
        .join(Edition, col(Edition.code) == Piece.edition_code)
        .where(
            col(Piece.status) == bindparam("submitted", Status.SUBMITTED.value),
            col(Piece.source_language) == bindparam("source"),
            col(Piece.edition_code) == bindparam("target"),
            or_(
                col(Edition.review_policy) == bindparam("self_approval", "self_approval"),
                col(Piece.translator_id).is_(None),
                col(Piece.translator_id) != bindparam("user_id"),
            ),
        )
    ).limit(bindparam("limit"))
)


def review_queue(
    db: Database, user: ActingUser, *, limit: int = 50, offset: int = 0, edition: str | None = None
) -> list[PieceRow]:
    """Submitted pieces in the reviewer's pairs (of one edition, if given), leaving out their own work where
    four eyes apply. One ordered index range per language pair, merged."""
    user_id = _user_id(user)
    _release_due(db)
    with db.cursor() as cursor:
        pairs = [p for p in _pairs(cursor, db, user_id, "reviewer") if edition in (None, p[1])]
        ranges = [
            _REVIEWABLE.fetch(cursor, db.dialect, source=source, target=target, user_id=user_id, limit=offset + limit)
            for source, target in pairs
        ]
    return _merged(db, ranges, offset, limit)


STAMP_WINDOW = 1000  # recent ids counted: a transaction that took one of them and committed late changes the count


def change_stamp(db: Database) -> tuple[int, ...]:
    """The last audit event and segment edit, and how many of the most recent ids each table holds: equal stamps
    mean nothing a report shows changed, whatever order transactions committed in (on PostgreSQL an earlier id
    can commit after a later one).

    Every status change, import, assignment and setting is logged, and every save is an edit; the
    dashboard keys its cached figures on this (indexed lookups over the primary keys).
    """
    with db.read() as session:
        last_event = session.exec(select(func.max(AuditEvent.id))).one() or 0
        last_edit = session.exec(select(func.max(SegmentEdit.id))).one() or 0
        recent_events = session.exec(select(func.count()).where(col(AuditEvent.id) > last_event - STAMP_WINDOW)).one()
        recent_edits = session.exec(select(func.count()).where(col(SegmentEdit.id) > last_edit - STAMP_WINDOW)).one()
    return (last_event, recent_events, last_edit, recent_edits)


_EDITIONS = Prepared(select_columns(col(Edition.code)).order_by(col(Edition.code)))
_TALLIES = Prepared(
    select_columns(
        col(EditionTally.edition_code),
        col(EditionTally.status),
        col(EditionTally.pieces),
        col(EditionTally.segments_total),
        col(EditionTally.segments_done),
        col(EditionTally.words_total),
        col(EditionTally.words_done),
    )
)


def progress(db: Database) -> list[EditionProgress]:
    """Per edition: pieces per status, segments and words translated (done and not outdated).

    Read from the edition tallies, which every commit keeps equal to the sum over the pieces.
    """
    _release_due(db)
    with db.cursor() as cursor:
        codes = _EDITIONS.rows(cursor, db.dialect)
        tallies = _TALLIES.rows(cursor, db.dialect)
    editions = {code: EditionProgress(code, {s.value: 0 for s in Status}) for (code,) in codes}
    for edition, status, pieces, segments_total, segments_done, words_total, words_done in tallies:
        report = editions[edition]
        report.pieces[status] = pieces
        if status != Status.WITHDRAWN:
            report.segments_total += segments_total
            report.segments_done += segments_done
            report.words_total += words_total
            report.words_done += words_done
    return list(editions.values())


def word_counts(db: Database, start: datetime, end: datetime, *, username: str | None = None) -> list[TranslatorWords]:
    """Words per translator in [start, end): new (first translation of an empty segment), edited (a segment
    that already had text), each segment counted once per person and period; approved (segments of
    pieces approved in the period that the person translated).
    """
    with db.read() as session:
        people = {u.id: u for u in session.exec(select(User)).all()}
        edits = session.exec(
            select(SegmentEdit.author_id, SegmentEdit.target_segment_id, SegmentEdit.was_empty, SegmentEdit.words)
            .where(
                SegmentEdit.kind == "save",
                col(SegmentEdit.at) >= start,
                col(SegmentEdit.at) < end,
                SegmentEdit.stage != Status.IN_REVIEW.value,
            )
            .order_by(col(SegmentEdit.id))
        ).all()
        approved = session.exec(
            select(ApprovedSegment.translator_id, func.sum(ApprovedSegment.words))
            .where(col(ApprovedSegment.approved_at) >= start, col(ApprovedSegment.approved_at) < end)
            .group_by(col(ApprovedSegment.translator_id))
        ).all()
    counts: dict[int, TranslatorWords] = {}

    def row(user_id: int) -> TranslatorWords:
        if user_id not in counts:
            person = people[user_id]
            counts[user_id] = TranslatorWords(person.username, person.display_name)
        return counts[user_id]

    seen: set[tuple[int, int]] = set()
    for author, segment, was_empty, words in edits:
        if author is None or (author, segment) in seen:
            continue
        seen.add((author, segment))
        if was_empty:
            row(author).new_words += words
        else:
            row(author).edited_words += words
    for translator, words in approved:
        if translator is not None:
            row(translator).approved_words += int(words or 0)
    result = sorted(counts.values(), key=lambda r: r.username)
    if username:
        result = [r for r in result if r.username == username]
    return result


def readable_segments(db: Database, user: ActingUser, piece_id: int) -> list[SegmentRow]:
    """:func:`piece_segments` for a person who may see the piece: an editor, or a translator or reviewer of
    its language pair (PermissionDenied otherwise, NotFound for no such piece). One transaction.
    """
    with db.read() as session:
        acting = load_actor(session, user)
        piece = session.get(Piece, piece_id)
        if piece is None:
            raise NotFound(msg("piece {piece} does not exist", piece=piece_id))
        if not acting.works_on(piece.source_language, piece.edition_code):
            raise PermissionDenied(
                msg(
                    "{user} may not read piece {piece}: it is not in their language pairs",
                    user=acting.username,
                    piece=piece_id,
                )
            )
        return _segment_rows(session, piece_id, piece.edition_code)


def piece_segments(db: Database, piece_id: int) -> list[SegmentRow]:
    """The piece's current segments in order, source beside target (empty if nobody opened it yet).

    A plural form's source is the text it translates: the singular for the form of one, else the plural.
    """
    with db.read() as session:
        edition = session.exec(select(Piece.edition_code).where(Piece.id == piece_id)).first() or "en"
        return _segment_rows(session, piece_id, edition)


def _segment_rows(session: Session, piece_id: int, edition: str) -> list[SegmentRow]:
    t, s = TargetSegment, SourceSegment
    rows = session.execute(
        select_columns(  # columns, not entities: a piece's rows are read, never changed, here
            col(t.id),
            col(t.position),
            col(s.kind),
            col(s.text),
            col(s.plural),
            col(t.plural_form),
            col(t.text),
            col(t.state),
            col(t.outdated),
            col(t.previous_source),
            col(t.version),
            col(s.words),
            col(t.prefilled),
            col(s.note),
        )
        .join(s, col(s.id) == t.source_segment_id)
        .where(col(t.piece_id) == piece_id, col(t.active).is_(True))
        .order_by(col(t.position), col(t.plural_form))
    ).all()
    return [
        SegmentRow(
            segment_id or 0,
            position or 0,
            kind,
            source_of_form(source, plural, edition, plural_form),
            text,
            state,
            outdated,
            previous_source,
            version,
            words,
            prefilled,
            plural_form,
            note,
        )
        for (
            segment_id,
            position,
            kind,
            source,
            plural,
            plural_form,
            text,
            state,
            outdated,
            previous_source,
            version,
            words,
            prefilled,
            note,
        ) in rows
    ]


def history(
    db: Database, *, piece_id: int | None = None, article_id: int | None = None, limit: int = 200
) -> list[AuditEvent]:
    """Audit events, oldest first, for a piece or an article: the newest ``limit`` of them."""
    with db.read() as session:
        query = select(AuditEvent)
        if piece_id is not None:
            query = query.where(AuditEvent.piece_id == piece_id)
        if article_id is not None:
            query = query.where(AuditEvent.article_id == article_id)
        newest = list(session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit)).all())
        return newest[::-1]


@dataclass(frozen=True)
class ArticleRow:
    """An article as the editors' list shows it: its latest revision and its pieces' statuses."""

    article_id: int
    slug: str
    title: str
    source_language: str
    revision: int
    created_at: datetime
    pieces: dict[str, tuple[int, str]]  # edition -> (piece id, status)


@dataclass(frozen=True)
class PieceSettings:
    """What an editor sets on a piece, as stored: its priority, deadline and embargo."""

    priority: int
    deadline: datetime | None
    publish_at: datetime | None


def piece_name(db: Database, piece_id: int) -> str | None:
    """How people name a piece: its title in quotes and its edition (None if there is no such piece)."""
    with _reading(db) as session:
        row = session.exec(select(Piece.title, Piece.edition_code).where(Piece.id == piece_id)).first()
        return None if row is None else f"“{row[0]}” ({row[1]})"


def piece_settings(db: Database, piece_ids: list[int]) -> dict[int, PieceSettings]:
    """The stored priority, deadline and embargo of each piece, by id (for the forms that change them)."""
    with _reading(db) as session:
        rows = session.exec(
            select(Piece.id, Piece.priority, Piece.deadline, Piece.publish_at).where(col(Piece.id).in_(piece_ids))
        ).all()
        return {pid or 0: PieceSettings(priority, deadline, publish_at) for pid, priority, deadline, publish_at in rows}


def articles(db: Database, *, search: str | None = None, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
    """Articles, newest first, optionally those whose slug or title contains ``search``."""
    with _reading(db) as session:
        query = select(Article).order_by(col(Article.id).desc())
        if search:
            pattern = f"%{search.strip()}%"
            titled = select(Piece.article_id).where(col(Piece.title).ilike(pattern))
            query = query.where(or_(col(Article.slug).ilike(pattern), col(Article.id).in_(titled)))
        found = session.exec(query.limit(limit).offset(offset)).all()
        ids = [a.id for a in found]
        pieces: dict[int, dict[str, tuple[int, str]]] = {}
        titles: dict[int, str] = {}
        for piece in session.exec(select(Piece).where(col(Piece.article_id).in_(ids))).all():
            pieces.setdefault(piece.article_id, {})[piece.edition_code] = (ident(piece), piece.status)
            titles[piece.article_id] = piece.title
        return [
            ArticleRow(
                ident(a),
                a.slug,
                titles.get(ident(a), a.slug),
                a.source_language,
                a.current_revision,
                a.created_at,
                pieces.get(ident(a), {}),
            )
            for a in found
        ]


def audit_log(
    db: Database,
    *,
    edition: str | None = None,
    username: str | None = None,
    slug: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[tuple[AuditEvent, str | None, str | None, str | None]]:
    """Audit events, newest first, with the actor's name, the article's slug and the edition; filtered."""
    with db.read() as session:
        actor = aliased(User)
        query = (
            select(AuditEvent, actor.username, Article.slug, Piece.edition_code)
            .outerjoin(actor, col(actor.id) == AuditEvent.actor_id)
            .outerjoin(Article, col(Article.id) == AuditEvent.article_id)
            .outerjoin(Piece, col(Piece.id) == AuditEvent.piece_id)
        )
        if edition:
            query = query.where(col(Piece.edition_code) == edition)
        if username:
            query = query.where(col(actor.username) == username)
        if slug:
            query = query.where(col(Article.slug) == slug)
        if start:
            query = query.where(col(AuditEvent.at) >= start)
        if end:
            query = query.where(col(AuditEvent.at) < end)
        rows = session.exec(query.order_by(col(AuditEvent.id).desc()).limit(limit).offset(offset)).all()
        return [(e, name, s, ed) for e, name, s, ed in rows]


def last_approved(db: Database, piece_id: int) -> dict[int, str]:
    """Each segment's translation at the piece's last approval, by target segment id (for the reviewer's diff).

    A segment whose source changed since is matched through the source it had then (kept in its history).
    """
    with db.read() as session:
        latest = session.exec(
            select(func.max(ApprovedSegment.approved_at)).where(ApprovedSegment.piece_id == piece_id)
        ).one()
        if latest is None:
            return {}
        approved = dict(
            session.exec(
                select(ApprovedSegment.source_hash, ApprovedSegment.target_text).where(
                    ApprovedSegment.piece_id == piece_id, ApprovedSegment.approved_at == latest
                )
            ).all()
        )
        earlier: dict[int, list[str]] = {}
        for segment_id, old_source in session.exec(
            select(SegmentEdit.target_segment_id, SegmentEdit.source_text)
            .where(SegmentEdit.piece_id == piece_id, SegmentEdit.kind == "source_changed")
            .order_by(col(SegmentEdit.id).desc())
        ).all():
            earlier.setdefault(segment_id, []).append(segment_hash(old_source))
        found = {}
        for target, source in session.exec(
            select(TargetSegment, SourceSegment)
            .join(SourceSegment, col(SourceSegment.id) == TargetSegment.source_segment_id)
            .where(TargetSegment.piece_id == piece_id, col(TargetSegment.active).is_(True))
        ).all():
            for candidate in [source.hash, *earlier.get(ident(target), [])]:
                if candidate in approved:
                    found[ident(target)] = approved[candidate]
                    break
        return found


@dataclass(frozen=True)
class EditRow:
    """One line of a segment's history."""

    kind: str
    version: int
    text: str
    author: str | None
    at: datetime


def segment_history(db: Database, segment_id: int) -> list[EditRow]:
    """Everything that happened to a segment's text, newest first: saves, refused saves, source changes."""
    with db.read() as session:
        rows = session.exec(
            select(SegmentEdit, User.display_name)
            .outerjoin(User, col(User.id) == SegmentEdit.author_id)
            .where(SegmentEdit.target_segment_id == segment_id)
            .order_by(col(SegmentEdit.id).desc())
        ).all()
        return [EditRow(e.kind, e.version, e.text, name, e.at) for e, name in rows]


def piece_tags(db: Database, piece_id: int) -> dict[int, list[Any]]:
    """The placeables (:class:`workflow.htmlbody.Tag`) of each segment of the piece, by segment position."""
    from workflow.revisions import content_of

    with db.read() as session:
        revision = session.exec(
            select(Revision).join(Piece, col(Piece.revision_id) == Revision.id).where(Piece.id == piece_id)
        ).first()
        return article_tags(content_of(revision)) if revision is not None else {}
