"""The transition table, exhaustively: in the pure table, and through every action on a real database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import func, select

from tests.factories import get_piece, make_source
from tests.workflow.flows import Cast, make_cast, piece_in
from workflow import actions
from workflow.db import Database
from workflow.errors import TransitionNotAllowed
from workflow.importers import import_sources
from workflow.models import AuditEvent
from workflow.permissions import CONSOLE
from workflow.status import EVENT_PHRASES, HELD, STATUS_PHRASES, TRANSITIONS, Event, Status, advance, allowed_events

ALL_PAIRS = [(s, e) for s in Status for e in Event]


@pytest.mark.parametrize(("status", "event"), ALL_PAIRS)
def test_advance_follows_the_table_for_every_pair(status: Status, event: Event) -> None:
    targets = TRANSITIONS.get((status, event))
    if targets is None:
        with pytest.raises(TransitionNotAllowed) as refused:
            advance(status, event)
        assert str(refused.value) == f"cannot {EVENT_PHRASES[event]} a piece that is {STATUS_PHRASES[status]}"
        assert (refused.value.status, refused.value.event) == (status, event)
        assert event not in allowed_events(status)
    else:
        assert advance(status, event) is targets[0]
        for target in targets:
            assert advance(status, event, target) is target
        for other in set(Status) - set(targets):
            with pytest.raises(TransitionNotAllowed):
                advance(status, event, other)


def test_every_status_can_be_left_or_is_final_by_design() -> None:
    reachable = {target for targets in TRANSITIONS.values() for target in targets}
    assert reachable == set(Status)
    assert all(allowed_events(s) for s in Status)


def _event_of(action: str, status: Status) -> Event | None:
    """The event an action fires on a piece in ``status`` (assign picks assign or reassign)."""
    if action == "assign":
        return Event.ASSIGN if status in (Status.OPEN, Status.SUBMITTED) else Event.REASSIGN
    return Event(action)


def _run(action: str, db: Database, cast: Cast, piece_id: int, status: Status) -> None:
    review = status in (Status.SUBMITTED, Status.IN_REVIEW)
    calls: dict[str, Callable[[], object]] = {
        "claim": lambda: actions.claim(db, cast.translator, piece_id),
        "assign": lambda: actions.assign(
            db, cast.editor, piece_id, cast.other_reviewer.username if review else cast.other_translator.username
        ),
        "release": lambda: actions.release(db, cast.editor, piece_id),
        "submit": lambda: actions.submit(db, cast.translator, piece_id),
        "start_review": lambda: actions.start_review(db, cast.reviewer, piece_id),
        "request_changes": lambda: actions.request_changes(db, cast.reviewer, piece_id, "fix it"),
        "approve": lambda: actions.approve(db, cast.reviewer, piece_id),
        "publish": lambda: actions.publish(db, cast.editor, piece_id),
        "withdraw": lambda: actions.withdraw(db, cast.editor, piece_id, "retracted"),
        "reinstate": lambda: actions.reinstate(db, cast.editor, piece_id),
    }
    calls[action]()


def _snapshot(db: Database, piece_id: int) -> tuple[object, ...]:
    piece = get_piece(db, piece_id)
    with db.read() as session:
        events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    return piece.status, piece.holder_id, piece.lease_expires_at, piece.version, events


ACTIONS = [
    "claim",
    "assign",
    "release",
    "submit",
    "start_review",
    "request_changes",
    "approve",
    "publish",
    "withdraw",
    "reinstate",
]


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_in_every_status(db: Database, action: str, status: Status) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, status)
    event = _event_of(action, status)
    targets = TRANSITIONS.get((status, event)) if event else None
    before = _snapshot(db, piece_id)
    if targets is None:
        with pytest.raises(TransitionNotAllowed):
            _run(action, db, cast, piece_id, status)
        assert _snapshot(db, piece_id) == before
        return
    _run(action, db, cast, piece_id, status)
    after = get_piece(db, piece_id)
    assert after.status == targets[0]
    with db.read() as session:
        last = session.exec(
            select(AuditEvent).where(AuditEvent.piece_id == piece_id).order_by(AuditEvent.id.desc())
        ).first()  # type: ignore[union-attr]
    assert last is not None
    assert (last.action, last.from_status, last.to_status) == (event, status, targets[0])
    assert (after.holder_id is not None) == (after.status in HELD)


@pytest.mark.parametrize("status", list(Status))
def test_lease_expiry_in_every_status(db: Database, clock, status: Status) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = piece_in(db, cast, status)
    before = _snapshot(db, piece_id)
    clock.advance(hours=73)
    expired = actions.release_expired(db)
    targets = TRANSITIONS.get((status, Event.EXPIRE))
    if targets is None:
        assert expired == []
        assert _snapshot(db, piece_id) == before
    else:
        assert expired == [piece_id]
        assert get_piece(db, piece_id).status == targets[0]
        assert get_piece(db, piece_id).holder_id is None


@pytest.mark.parametrize("status", list(Status))
def test_source_change_in_every_status(db: Database, status: Status) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, status)
    before = _snapshot(db, piece_id)
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={1: "A corrected second paragraph."})])
    after = get_piece(db, piece_id)
    if status is Status.WITHDRAWN:
        assert after.status == Status.WITHDRAWN
        assert _snapshot(db, piece_id)[4] != before[4]  # the import itself is logged
        return
    targets = TRANSITIONS[(status, Event.SOURCE_CHANGED)]
    assert after.status == targets[0]
    if after.status == Status.IN_TRANSLATION:
        assert after.holder_id == cast.translator.id
