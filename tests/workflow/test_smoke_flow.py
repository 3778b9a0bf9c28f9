"""The whole life of a piece, end to end, on each database."""

from __future__ import annotations

from tests.factories import fake_translation, get_piece, make_article, make_user
from workflow import actions, queries
from workflow.status import Status


def test_piece_goes_from_open_to_published(db, clock) -> None:
    mina = make_user(db, "mina", ["translator"], [("en", "fa")])
    reza = make_user(db, "reza", ["reviewer"], [("en", "fa")])
    editor = make_user(db, "eda", ["editor"], [])
    pieces = make_article(db)
    assert set(pieces) == {"ar", "fa", "sq"}
    fa = pieces["fa"]
    assert [r.piece_id for r in queries.available_for(db, mina)] == [fa.id]
    actions.claim(db, mina, fa.id)
    for row in queries.piece_segments(db, fa.id):
        actions.save_segment(db, mina, row.segment_id, fake_translation(row.source, row.position), row.version)
    actions.submit(db, mina, fa.id)
    assert [r.piece_id for r in queries.review_queue(db, reza)] == [fa.id]
    actions.start_review(db, reza, fa.id)
    actions.request_changes(db, reza, fa.id, "بند دوم را روشن‌تر کنید")
    work = queries.my_work(db, mina)
    assert work[0].note == "بند دوم را روشن‌تر کنید"
    first = queries.piece_segments(db, fa.id)[1]
    actions.save_segment(db, mina, first.segment_id, fake_translation(first.source, 1, "ترجمهٔ روشن‌تر"), first.version)
    actions.submit(db, mina, fa.id)
    actions.start_review(db, reza, fa.id)
    actions.approve(db, reza, fa.id)
    actions.publish(db, editor, fa.id)
    assert get_piece(db, fa.id).status == Status.PUBLISHED
    segments = queries.piece_segments(db, fa.id)
    assert segments[1].target == fake_translation(segments[1].source, 1, "ترجمهٔ روشن‌تر")
    actions_seen = [e.action for e in queries.history(db, piece_id=fa.id)]
    assert actions_seen == [
        "claim",
        "submit",
        "start_review",
        "request_changes",
        "resume",
        "submit",
        "start_review",
        "approve",
        "publish",
    ]
