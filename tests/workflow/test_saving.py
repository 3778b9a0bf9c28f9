"""The holder's save in prepared statements does exactly what the full path does, and leaves it everything else."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from tests.factories import get_piece
from tests.workflow.flows import Cast, make_cast, piece_in
from workflow import actions, prepared, queries
from workflow.db import Database
from workflow.models import Piece, SegmentEdit, TargetSegment
from workflow.people import set_disabled
from workflow.permissions import CONSOLE
from workflow.pieces import recount
from workflow.status import Status
from workflow.tallies import tally_drift


def _set_up(db: Database, cast: Cast, slug: str, status: Status, before: str) -> tuple[Any, int]:
    """A piece in ``status`` whose second segment is ``before`` (empty, draft, done or outdated)."""
    piece_id = piece_in(db, cast, Status.OPEN if status is Status.IN_TRANSLATION else status, slug=slug)
    if status is Status.IN_TRANSLATION:
        actions.claim(db, cast.translator, piece_id)
    holder = cast.reviewer if status is Status.IN_REVIEW else cast.translator
    row = queries.piece_segments(db, piece_id)[1]
    if before in ("draft", "done", "outdated"):
        actions.save_segment(db, holder, row.segment_id, "پیش‌نویس", row.version, done=before != "draft")
    if before == "outdated":
        with db.write() as session:
            segment = session.get(TargetSegment, row.segment_id)
            assert segment is not None
            segment.outdated, segment.previous_source = True, "An older source."
            session.add(segment)
            piece = session.get(Piece, piece_id)
            assert piece is not None
            recount(session, piece, materialised=True)
            session.add(piece)
    return holder, queries.piece_segments(db, piece_id)[1].segment_id


def _outcome(db: Database, segment_id: int, slug: str) -> tuple[object, ...]:
    piece_id = get_piece_id(db, segment_id)
    with db.read() as session:
        segment = session.get(TargetSegment, segment_id)
        edit = session.exec(
            select(SegmentEdit).where(SegmentEdit.target_segment_id == segment_id).order_by(SegmentEdit.id.desc())  # type: ignore[union-attr]
        ).first()
    piece = get_piece(db, piece_id)
    assert segment is not None and edit is not None
    return (
        (segment.text, segment.state, segment.outdated, segment.previous_source, segment.prefilled, segment.version),
        (segment.updated_by, segment.updated_at),
        (edit.kind, edit.version, edit.text, edit.source_text.replace(slug, "…"), edit.author_id, edit.at, edit.stage),
        (edit.was_empty, edit.words),
        (piece.status, piece.holder_id, piece.lease_expires_at),
        (piece.segments_total, piece.segments_done, piece.words_total, piece.words_done),
    )


@pytest.mark.parametrize("status", [Status.IN_TRANSLATION, Status.IN_REVIEW])
@pytest.mark.parametrize("before", ["empty", "draft", "done", "outdated"])
@pytest.mark.parametrize(("text", "done"), [("متن تازه", True), ("متن تازه", False), ("  ", True)])
def test_the_quick_save_does_what_the_full_path_does(
    db: Database, clock: Any, monkeypatch: pytest.MonkeyPatch, status: Status, before: str, text: str, done: bool
) -> None:
    cast = make_cast(db)
    quick_holder, quick_segment = _set_up(db, cast, "quick", status, before)
    full_holder, full_segment = _set_up(db, cast, "full", status, before)
    clock.advance(hours=5)
    sent: list[str] = []
    prepared.observers.append(lambda sql, _parameters: sent.append(sql))
    try:
        version = _version(db, quick_segment)
        piece_versions = [get_piece(db, get_piece_id(db, s)).version for s in (quick_segment, full_segment)]
        quick = actions.save_segment(db, quick_holder, quick_segment, text, version, done=done)
    finally:
        prepared.observers.clear()
    assert any(sql.startswith("UPDATE target_segment") for sql in sent), "the quick path was not taken"
    monkeypatch.setattr(actions, "save_held", lambda *_args: None)
    full = actions.save_segment(db, full_holder, full_segment, text, _version(db, full_segment), done=done)
    assert (quick.text, quick.state, quick.version, quick.updated_by, quick.updated_at) == (
        full.text,
        full.state,
        full.version,
        full.updated_by,
        full.updated_at,
    )
    assert _outcome(db, quick_segment, "quick") == _outcome(db, full_segment, "full")
    for segment_id, before_save in zip((quick_segment, full_segment), piece_versions, strict=True):
        assert get_piece(db, get_piece_id(db, segment_id)).version > before_save  # others' writes see a change
    with db.read() as session:
        assert tally_drift(session) == []


def _version(db: Database, segment_id: int) -> int:
    with db.read() as session:
        segment = session.get(TargetSegment, segment_id)
        assert segment is not None
        return segment.version


def get_piece_id(db: Database, segment_id: int) -> int:
    with db.read() as session:
        segment = session.get(TargetSegment, segment_id)
        assert segment is not None
        return segment.piece_id


@pytest.mark.parametrize(
    "case",
    ["stale version", "lease run out", "changes requested", "not the holder", "disabled", "console", "no segment"],
)
def test_every_other_save_takes_the_full_path_and_its_rules(db: Database, clock: Any, case: str) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.CHANGES_REQUESTED if case == "changes requested" else Status.IN_TRANSLATION)
    row = queries.piece_segments(db, piece_id)[1]
    actor: Any = cast.translator
    segment_id, version = row.segment_id, row.version
    if case == "stale version":
        version -= 1
    elif case == "lease run out":
        clock.advance(hours=73)
    elif case == "not the holder":
        actor = cast.other_translator
    elif case == "disabled":
        set_disabled(db, CONSOLE, cast.translator.username, True)
    elif case == "console":
        actor = CONSOLE
    elif case == "no segment":
        segment_id = 10_000_000
    sent: list[str] = []
    prepared.observers.append(lambda sql, _parameters: sent.append(sql))
    try:
        outcome: object = actions.save_segment(db, actor, segment_id, "متن", version)
    except Exception as error:
        outcome = type(error).__name__
    finally:
        prepared.observers.clear()
    assert not any(sql.startswith(("UPDATE", "INSERT")) for sql in sent)  # the quick path wrote nothing
    expected = {
        "stale version": "StaleEdit",
        "lease run out": "SavedSegment",  # the former holder claims it again by saving
        "changes requested": "SavedSegment",  # the translator resumes
        "not the holder": "PermissionDenied",
        "disabled": "PermissionDenied",
        "console": "PermissionDenied",
        "no segment": "NotFound",
    }[case]
    assert (outcome if isinstance(outcome, str) else type(outcome).__name__) == expected
    if case in ("lease run out", "changes requested"):
        assert get_piece(db, piece_id).status == Status.IN_TRANSLATION
    if case == "stale version":  # what was typed is kept
        with db.read() as session:
            kinds = session.exec(select(SegmentEdit.kind).where(SegmentEdit.target_segment_id == segment_id)).all()
        assert kinds[-1] == "refused"
