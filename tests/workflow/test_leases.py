"""Leases: expiry by an injectable clock (lazily on read and by the sweep), release, assign and reassign."""

from __future__ import annotations

import pytest

from tests.factories import get_piece, make_article
from tests.workflow.flows import make_cast, translate_all
from workflow import actions, queries
from workflow.db import Database
from workflow.errors import AlreadyClaimed, PermissionDenied
from workflow.status import Status


def test_expired_lease_goes_back_to_open_with_draft_and_event(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, cast.translator, row.segment_id, "پیش‌نویس من", row.version, done=False)
    clock.advance(hours=71, minutes=59)
    assert queries.my_work(db, cast.translator)[0].lease_left.total_seconds() == 60  # type: ignore[union-attr]
    assert actions.release_expired(db) == []
    clock.advance(minutes=2)
    # lazily, on read: the next person to look at the queue sees it open
    assert [r.piece_id for r in queries.available_for(db, cast.other_translator)] == [piece_id]
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.holder_id, piece.lease_expires_at) == (Status.OPEN, None, None)
    assert queries.piece_segments(db, piece_id)[0].target == "پیش‌نویس من"
    expire = queries.history(db, piece_id=piece_id)[-1]
    assert (expire.action, expire.actor_id, expire.from_status, expire.to_status) == (
        "expire",
        None,
        "in_translation",
        "open",
    )
    assert expire.detail["holder"] == "Tina"
    assert queries.my_work(db, cast.translator) == []


def test_release_expired_sweeps_translation_and_review_leases(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    translating = make_article(db, "one")["fa"].id
    reviewing = make_article(db, "two")["fa"].id
    actions.claim(db, cast.translator, translating)
    actions.claim(db, cast.other_translator, reviewing)
    translate_all(db, cast.other_translator, reviewing)
    actions.submit(db, cast.other_translator, reviewing)
    actions.start_review(db, cast.reviewer, reviewing)
    clock.advance(hours=25)  # the review lease (24 h) ran out, the translation lease (72 h) did not
    assert actions.release_expired(db) == [reviewing]
    assert get_piece(db, reviewing).status == Status.SUBMITTED
    clock.advance(hours=48)
    assert actions.release_expired(db) == [translating]
    assert get_piece(db, translating).status == Status.OPEN


def test_claiming_a_held_piece_names_the_holder_and_the_end_of_the_lease(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    with pytest.raises(AlreadyClaimed, match=r"already claimed by Tina until 2026-11-05 09:00 UTC"):
        actions.claim(db, cast.other_translator, piece_id)


def test_an_expired_piece_can_be_claimed_by_somebody_else(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    clock.advance(hours=100)
    actions.claim(db, cast.other_translator, piece_id)
    assert get_piece(db, piece_id).holder_id == cast.other_translator.id
    assert [e.action for e in queries.history(db, piece_id=piece_id)] == ["claim", "expire", "claim"]


def test_lease_lengths_come_from_the_edition(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    from workflow.models import Edition

    with db.write() as session:
        edition = session.get(Edition, "fa")
        assert edition is not None
        edition.translation_lease_hours = 8
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    piece = actions.claim(db, cast.translator, piece_id)
    assert piece.lease_expires_at == clock.current.replace() + __import__("datetime").timedelta(hours=8)


def test_only_the_holder_or_an_editor_releases(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    with pytest.raises(PermissionDenied, match="needs the editor role"):
        actions.release(db, cast.other_translator, piece_id)
    actions.release(db, cast.editor, piece_id, comment="Tina is on leave")
    event = queries.history(db, piece_id=piece_id)[-1]
    assert (event.action, event.actor_id, event.comment, event.detail["holder"]) == (
        "release",
        cast.editor.id,
        "Tina is on leave",
        "Tina",
    )


def test_assign_and_reassign_are_logged_with_both_people(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.assign(db, cast.editor, piece_id, "tina")
    actions.assign(db, cast.editor, piece_id, "omid", comment="Tina asked for help")
    events = queries.history(db, piece_id=piece_id)
    assert [(e.action, e.detail["assignee"], e.detail["previous"]) for e in events] == [
        ("assign", "tina", "nobody"),
        ("reassign", "omid", "Tina"),
    ]
    assert get_piece(db, piece_id).holder_id == cast.other_translator.id


def test_assign_refuses_people_without_the_role_or_pair(db: Database) -> None:
    from tests.factories import make_user

    cast = make_cast(db)
    make_user(db, "ana", ["translator"], [("en", "sq")])
    piece_id = make_article(db)["fa"].id
    with pytest.raises(PermissionDenied, match="ana cannot take this piece"):
        actions.assign(db, cast.editor, piece_id, "ana")
    with pytest.raises(PermissionDenied, match="rana cannot take this piece"):
        actions.assign(db, cast.editor, piece_id, "rana")
    assert get_piece(db, piece_id).status == Status.OPEN


def test_assigning_a_reviewer(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    actions.submit(db, cast.translator, piece_id)
    actions.assign(db, cast.editor, piece_id, "roya")
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.holder_id, piece.reviewer_id) == (
        Status.IN_REVIEW,
        cast.other_reviewer.id,
        cast.other_reviewer.id,
    )
