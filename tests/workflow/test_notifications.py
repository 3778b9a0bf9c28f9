"""Notifications: derived from what happened to a person's pieces."""

from __future__ import annotations

from tests.factories import make_source
from tests.workflow.flows import make_cast, piece_in, translate_all
from workflow import actions
from workflow.db import Database
from workflow.importers import import_sources
from workflow.notifications import notifications
from workflow.permissions import CONSOLE
from workflow.status import Status


def _kinds(db: Database, user) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.kind for n in notifications(db, user)]


def test_assigned_changes_requested_approved(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.OPEN)
    actions.assign(db, cast.editor, piece_id, "tina")
    assert _kinds(db, cast.translator) == ["assigned"]
    assert _kinds(db, cast.other_translator) == []
    translate_all(db, cast.translator, piece_id)
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    actions.request_changes(db, cast.reviewer, piece_id, "Check the dates")
    found = notifications(db, cast.translator)
    assert [n.kind for n in found][:1] == ["changes_requested"] and found[0].detail == "Check the dates"
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    actions.approve(db, cast.reviewer, piece_id)
    assert _kinds(db, cast.translator)[0] == "approved"
    clock.advance(days=8)
    assert _kinds(db, cast.translator) == []


def test_lease_expiring_and_source_changed(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_in(db, cast, Status.IN_TRANSLATION)
    assert _kinds(db, cast.translator) == []
    clock.advance(hours=61)
    found = notifications(db, cast.translator)
    assert [(n.kind, n.detail) for n in found] == [("lease_expiring", "11")]
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={0: "Changed."})])
    assert "source_changed" in _kinds(db, cast.translator)


def test_unseen_counts_until_read(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    from workflow.notifications import mark_seen, unseen

    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.OPEN)
    assert unseen(db, cast.translator) == 0
    actions.assign(db, cast.editor, piece_id, "tina")
    assert unseen(db, cast.translator) == 1
    clock.advance(minutes=1)
    mark_seen(db, cast.translator)
    assert unseen(db, cast.translator) == 0
    clock.advance(hours=61)  # a lease ending soon counts until it is dealt with
    assert unseen(db, cast.translator) == 1
