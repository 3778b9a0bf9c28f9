"""Prepared statements on the driver's cursor: values as the ORM gives them, errors as SQLAlchemy's, all or nothing;
and reads that look for expired leases only when one can have run out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from tests.factories import get_piece, make_article
from tests.workflow.flows import make_cast
from workflow import actions, prepared, queries
from workflow.db import Database
from workflow.models import Edition, Piece
from workflow.prepared import Prepared
from workflow.status import Status

_DEADLINES = Prepared(select(col(Piece.id), col(Piece.deadline)).where(col(Piece.id) == bindparam("piece_id")))
_NEW_EDITION = Prepared(insert(Edition).values(code=bindparam("code"), name=bindparam("name")))


@pytest.mark.parametrize(
    "deadline",
    [
        datetime(2026, 12, 24, 17, 0, tzinfo=UTC),  # whole seconds: SQLite keeps no fraction
        datetime(2026, 12, 24, 17, 0, 5, 123456, tzinfo=UTC),
        None,
    ],
)
def test_values_come_back_as_the_orm_gives_them(db: Database, deadline: datetime | None) -> None:
    piece_id = make_article(db)["fa"].id
    with db.write() as session:
        piece = session.get(Piece, piece_id)
        assert piece is not None
        piece.deadline = deadline
        session.add(piece)
    with db.cursor() as cursor:
        [(found_id, found)] = _DEADLINES.rows(cursor, db.dialect, piece_id=piece_id)
    assert (found_id, found) == (piece_id, get_piece(db, piece_id).deadline) == (piece_id, deadline)
    assert found is None or found.tzinfo is UTC


def test_a_driver_error_is_sqlalchemys_and_nothing_of_the_transaction_stays(db: Database) -> None:
    with pytest.raises(IntegrityError), db.cursor(write=True) as cursor:
        _NEW_EDITION.run(cursor, db.dialect, code="de", name="Deutsch")
        _NEW_EDITION.run(cursor, db.dialect, code="fa", name="again")  # the edition exists: refused
    with db.read() as session:
        assert session.get(Edition, "de") is None


def test_observers_see_each_statement_and_its_values(db: Database) -> None:
    piece_id = make_article(db)["fa"].id
    seen: list[tuple[str, Any]] = []
    prepared.observers.append(lambda sql, values: seen.append((sql, values)))
    try:
        with db.cursor() as cursor:
            _DEADLINES.rows(cursor, db.dialect, piece_id=piece_id)
    finally:
        prepared.observers.clear()
    statements = [sql for sql, _values in seen]
    assert statements[-1].startswith("SELECT piece.id, piece.deadline")
    values = seen[-1][1]
    assert piece_id in (values.values() if isinstance(values, dict) else values)


def _lease_looks(db: Database, read: Any) -> int:
    seen: list[str] = []
    prepared.observers.append(lambda sql, _values: seen.append(sql))
    try:
        read()
    finally:
        prepared.observers.clear()
    return sum("lease_expires_at IS NOT NULL" in sql for sql in seen)


def test_reads_look_for_expired_leases_once_a_minute_or_when_the_soonest_ends(db: Database, clock: Any) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)  # a lease of 72 hours
    db.no_expiry_before = None
    assert _lease_looks(db, lambda: queries.my_work(db, cast.translator)) == 1
    clock.advance(seconds=59)
    assert _lease_looks(db, lambda: queries.available_for(db, cast.translator)) == 0
    clock.advance(seconds=2)
    assert _lease_looks(db, lambda: queries.review_queue(db, cast.reviewer)) == 1
    clock.advance(hours=72)
    assert _lease_looks(db, lambda: queries.progress(db)) >= 1
    assert get_piece(db, piece_id).status == Status.OPEN  # returned to the queue by that read
    assert [row.piece_id for row in queries.available_for(db, cast.translator)] == [piece_id]


def test_a_lease_that_ends_within_the_minute_is_applied_when_it_ends(db: Database, clock: Any) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    clock.advance(hours=72, seconds=-30)  # the lease ends in 30 s
    assert [row.piece_id for row in queries.my_work(db, cast.translator)] == [piece_id]
    clock.advance(seconds=30)
    assert queries.my_work(db, cast.translator) == []
    assert get_piece(db, piece_id).status == Status.OPEN
