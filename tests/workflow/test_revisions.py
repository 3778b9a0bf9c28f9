"""Source changes: what a new revision keeps, marks outdated, adds and drops, and the minor-edit flag."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import get_piece, make_article, make_source, pieces_of
from tests.workflow.flows import make_cast, piece_in, translate_all
from workflow import actions, people, queries
from workflow.db import Database
from workflow.importers import import_sources
from workflow.models import Revision, SegmentEdit
from workflow.permissions import CONSOLE
from workflow.status import Status

CHANGED = "Paragraph 5 now says something rather different."


def _ten_translated(db: Database):  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db, "ten", paragraphs=10)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    return cast, piece_id


def test_one_changed_paragraph_of_ten(db: Database) -> None:
    _cast, piece_id = _ten_translated(db)
    before = queries.piece_segments(db, piece_id)
    report = import_sources(db, CONSOLE, [make_source("ten", paragraphs=10, changed={4: CHANGED})])
    assert report.revised == ["ten"]
    after = queries.piece_segments(db, piece_id)
    paragraphs = [s for s in after if s.kind == "paragraph"]
    assert len(paragraphs) == 10
    kept = [s for s in paragraphs if not s.outdated]
    outdated = [s for s in paragraphs if s.outdated]
    assert len(kept) == 9 and len(outdated) == 1
    assert all(s.target == b.target for s, b in zip(after, before, strict=True))  # nothing typed is lost
    changed = outdated[0]
    assert changed.source == CHANGED
    assert changed.previous_source == "Paragraph 5 of ten tells what happened on day 5."
    assert changed.target == before[5].target
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.segments_done, piece.segments_total) == (Status.IN_TRANSLATION, 10, 11)
    assert queries.history(db, piece_id=piece_id)[-1].action == "source_changed"


def test_minor_edit_keeps_every_translation(db: Database) -> None:
    _cast, piece_id = _ten_translated(db)
    import_sources(db, CONSOLE, [make_source("ten", paragraphs=10, changed={4: CHANGED})], minor=True)
    after = queries.piece_segments(db, piece_id)
    assert [s.outdated for s in after] == [False] * 11
    assert after[5].source == CHANGED
    assert get_piece(db, piece_id).segments_done == 11
    event = queries.history(db, piece_id=piece_id)[-1]
    assert (event.action, event.from_status, event.to_status) == ("minor_edit", "in_translation", "in_translation")


def test_added_and_removed_paragraphs(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db, "three", paragraphs=3)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    removed_target = queries.piece_segments(db, piece_id)[2].target
    source = make_source("three", paragraphs=3)
    body = source.content.body.replace("Paragraph 2 of three tells what happened on day 2.\n\n", "")
    body += "\nA new closing paragraph.\n"
    from dataclasses import replace

    import_sources(db, CONSOLE, [replace(source, content=replace(source.content, body=body))])
    rows = queries.piece_segments(db, piece_id)
    assert [r.source for r in rows][1:] == [
        "Paragraph 1 of three tells what happened on day 1.",
        "Paragraph 3 of three tells what happened on day 3.",
        "A new closing paragraph.",
    ]
    assert [(r.state, r.outdated, r.previous_source) for r in rows[1:]] == [
        ("done", False, None),
        ("done", False, None),
        ("empty", True, ""),
    ]
    with db.read() as session:
        removed = session.exec(select(SegmentEdit).where(SegmentEdit.kind == "removed")).all()
    assert [(e.text, e.source_text) for e in removed] == [
        (removed_target, "Paragraph 2 of three tells what happened on day 2.")
    ]


def test_reimporting_unchanged_content_makes_no_revision(db: Database) -> None:
    make_article(db, "same")
    report = import_sources(db, CONSOLE, [make_source("same")])
    assert (report.unchanged, report.revised) == (["same"], [])
    with db.read() as session:
        assert len(session.exec(select(Revision)).all()) == 1


def test_revisions_are_kept_whole(db: Database) -> None:
    make_article(db, "kept")
    import_sources(db, CONSOLE, [make_source("kept", changed={0: "Changed."})])
    with db.read() as session:
        bodies = [r.body for r in session.exec(select(Revision).order_by(Revision.number)).all()]  # type: ignore[arg-type]
    assert len(bodies) == 2 and bodies[0] != bodies[1] and "day 1" in bodies[0]


def test_an_unopened_piece_starts_from_the_new_revision(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db, "fresh")["fa"].id
    import_sources(db, CONSOLE, [make_source("fresh", changed={0: "Changed first paragraph."})])
    assert get_piece(db, piece_id).status == Status.OPEN
    actions.claim(db, cast.translator, piece_id)
    rows = queries.piece_segments(db, piece_id)
    assert rows[1].source == "Changed first paragraph."
    assert not any(r.outdated for r in rows)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED])
def test_finished_work_goes_back_to_its_translator(db: Database, status: Status) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, status)
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={0: "Corrected."})])
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.holder_id) == (Status.IN_TRANSLATION, cast.translator.id)
    assert piece.lease_expires_at is not None
    assert queries.my_work(db, cast.translator)[0].piece_id == piece_id


def test_finished_work_goes_to_the_queue_when_its_translator_left_the_language(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED)
    people.set_languages(db, CONSOLE, "tina", [("en", "ar")])
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={0: "Corrected."})])
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.holder_id) == (Status.OPEN, None)


def test_marking_a_revision_minor_afterwards_restores_approval(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED)
    others = {p.id for code, p in pieces_of(db, "story").items() if code != "fa"}
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={0: "Paragraph 1, typo fixed."})])
    assert get_piece(db, piece_id).status == Status.IN_TRANSLATION
    changed = actions.mark_minor_edit(db, cast.editor, "story", comment="typo")
    assert {p.id for p in changed} == {piece_id, *others}
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.holder_id) == (Status.APPROVED, None)
    assert not any(r.outdated for r in queries.piece_segments(db, piece_id))
    event = queries.history(db, piece_id=piece_id)[-1]
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        "minor_edit",
        "in_translation",
        "approved",
        cast.editor.id,
    )
    assert all(get_piece(db, other).status == Status.OPEN for other in others)  # type: ignore[arg-type]


def test_minor_edit_after_work_resumed_keeps_the_piece_where_it_is(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.APPROVED)
    import_sources(db, CONSOLE, [make_source("story", paragraphs=2, changed={0: "Paragraph 1, typo fixed."})])
    actions.release(db, cast.translator, piece_id)
    actions.mark_minor_edit(db, cast.editor, "story")
    assert get_piece(db, piece_id).status == Status.OPEN
    assert not any(r.outdated for r in queries.piece_segments(db, piece_id))


def test_the_first_revision_cannot_be_minor(db: Database) -> None:
    from workflow.people import InvalidInput

    cast = make_cast(db)
    make_article(db, "first")
    with pytest.raises(InvalidInput, match="revision 1 of first is the first"):
        actions.mark_minor_edit(db, cast.editor, "first")
