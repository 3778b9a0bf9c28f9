"""Edition tallies: each piece's counts added to its (edition, status) row in the same transaction.

Every change to a piece, through the ORM or a bulk insert, is turned into deltas; at commit the deltas
are applied in one sorted pass, after every piece lock is held, so that concurrent transactions take
tally rows in the same order and never deadlock. ``tally_drift`` compares the tallies with the pieces.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import get_history
from sqlmodel import Session, col, select

from workflow.models import EditionTally, Piece

COUNTS = ("segments_total", "segments_done", "words_total", "words_done")
Key = tuple[str, str]
Deltas = dict[Key, list[int]]


def _pending(session: OrmSession) -> Deltas:
    deltas: Deltas = session.info.setdefault("tally_deltas", defaultdict(lambda: [0] * (1 + len(COUNTS))))
    return deltas


def _add(deltas: Deltas, key: Key, values: Iterable[int], sign: int) -> None:
    row = deltas[key]
    row[0] += sign
    for i, value in enumerate(values, start=1):
        row[i] += sign * value


def add_inserted(session: OrmSession, rows: Iterable[dict[str, Any]]) -> None:
    """Count pieces written by a bulk insert (which the ORM does not see)."""
    deltas = _pending(session)
    for row in rows:
        _add(deltas, (row["edition_code"], row["status"]), (row[c] for c in COUNTS), +1)


def _before(piece: Piece, name: str) -> Any:
    history = get_history(piece, name)
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return getattr(piece, name)


@event.listens_for(OrmSession, "after_flush")
def _collect(session: OrmSession, _context: Any) -> None:
    deltas = _pending(session)
    for obj in session.new:
        if isinstance(obj, Piece):
            _add(deltas, (obj.edition_code, obj.status), (getattr(obj, c) for c in COUNTS), +1)
    for obj in session.dirty:
        if not isinstance(obj, Piece):
            continue
        names = ("edition_code", "status", *COUNTS)
        old = [_before(obj, n) for n in names]
        new = [getattr(obj, n) for n in names]
        if old != new:
            _add(deltas, (old[0], old[1]), old[2:], -1)
            _add(deltas, (new[0], new[1]), new[2:], +1)
    for obj in session.deleted:
        if isinstance(obj, Piece):
            _add(deltas, (obj.edition_code, obj.status), (getattr(obj, c) for c in COUNTS), -1)


@event.listens_for(OrmSession, "before_commit")
def _apply(session: OrmSession) -> None:
    session.flush()
    deltas = session.info.pop("tally_deltas", None)
    if not deltas:
        return
    table = EditionTally.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    names = ("pieces", *COUNTS)
    for (edition, status), values in sorted(deltas.items()):
        if not any(values):
            continue
        statement = insert(table).values(edition_code=edition, status=status, **dict(zip(names, values, strict=True)))
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["edition_code", "status"],
                set_={name: table.c[name] + statement.excluded[name] for name in names},
            )
        )


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop("tally_deltas", None)


def tally_drift(session: Session) -> list[tuple[Key, tuple[int, ...], tuple[int, ...]]]:
    """Rows where the tallies differ from the pieces: (key, tallied, counted). Empty when all is well."""
    counted = {
        (e, s): (n, st, sd, wt, wd)
        for e, s, n, st, sd, wt, wd in session.exec(
            select(  # type: ignore[call-overload]
                col(Piece.edition_code),
                col(Piece.status),
                func.count(),
                func.sum(Piece.segments_total),
                func.sum(Piece.segments_done),
                func.sum(Piece.words_total),
                func.sum(Piece.words_done),
            ).group_by(col(Piece.edition_code), col(Piece.status))
        ).all()
    }
    drift: list[tuple[Key, tuple[int, ...], tuple[int, ...]]] = []
    for row in session.exec(select(EditionTally)).all():
        key = (row.edition_code, row.status)
        tallied = (row.pieces, row.segments_total, row.segments_done, row.words_total, row.words_done)
        expected = tuple(int(v or 0) for v in counted.pop(key, (0, 0, 0, 0, 0)))
        if tallied != expected:
            drift.append((key, tallied, expected))
    drift.extend((key, (0, 0, 0, 0, 0), tuple(int(v or 0) for v in values)) for key, values in counted.items())
    return drift
