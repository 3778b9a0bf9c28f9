"""The read side: queue order and filters, my work, review queue, progress and word counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import fake_translation, make_article, make_user
from tests.workflow.flows import make_cast, translate_all
from workflow import actions, queries
from workflow.db import Database


def test_available_queue_order_priority_deadline_age(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    ids = {}
    for slug in ("old", "newer", "urgent", "deadline-late", "deadline-soon"):
        ids[slug] = make_article(db, slug)["fa"].id
        clock.advance(minutes=1)
    actions.set_priority(db, cast.editor, ids["urgent"], priority=5)
    soon = datetime(2026, 11, 3, tzinfo=UTC)
    actions.set_priority(db, cast.editor, ids["deadline-soon"], deadline=soon)
    actions.set_priority(db, cast.editor, ids["deadline-late"], deadline=soon + timedelta(days=3))
    rows = queries.available_for(db, cast.translator)
    assert [r.slug for r in rows] == ["urgent", "deadline-soon", "deadline-late", "old", "newer"]
    assert queries.available_for(db, cast.translator, limit=2, offset=1)[0].slug == "deadline-soon"
    assert [r.slug for r in queries.available_for(db, cast.translator, search="NEW")] == ["newer"]


def test_queues_follow_language_pairs_and_roles(db: Database) -> None:
    make_article(db, "english")
    make_article(db, "persian", language="fa")
    en_fa = make_user(db, "anna", ["translator"], [("en", "fa")])
    fa_en = make_user(db, "bita", ["translator"], [("fa", "en")])
    both = make_user(db, "cem", ["translator"], [("en", "sq"), ("fa", "sq")])
    reviewer_only = make_user(db, "dara", ["reviewer"], [("en", "fa")])
    assert [(r.slug, r.edition) for r in queries.available_for(db, en_fa)] == [("english", "fa")]
    assert [(r.slug, r.edition) for r in queries.available_for(db, fa_en)] == [("persian", "en")]
    assert sorted((r.slug, r.edition) for r in queries.available_for(db, both)) == [
        ("english", "sq"),
        ("persian", "sq"),
    ]
    assert queries.available_for(db, reviewer_only) == []
    assert [r.edition for r in queries.available_for(db, both, edition="sq")] == ["sq", "sq"]


def test_my_work_shows_lease_left_and_change_requests_first(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    first = make_article(db, "first")["fa"].id
    second = make_article(db, "second")["fa"].id
    actions.claim(db, cast.translator, first)
    actions.claim(db, cast.translator, second)
    translate_all(db, cast.translator, second)
    actions.submit(db, cast.translator, second)
    actions.start_review(db, cast.reviewer, second)
    actions.request_changes(db, cast.reviewer, second, "Names in paragraph 1")
    clock.advance(hours=2)
    rows = queries.my_work(db, cast.translator)
    assert [(r.piece_id, r.status, r.note) for r in rows] == [
        (second, "changes_requested", "Names in paragraph 1"),
        (first, "in_translation", None),
    ]
    assert rows[1].lease_left == timedelta(hours=70)
    assert rows[1].holder == "Tina"


def test_progress_per_edition(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db, "one", paragraphs=2)["fa"].id
    make_article(db, "two", paragraphs=2)
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    report = {p.edition: p for p in queries.progress(db)}
    assert report["fa"].pieces["open"] == 1 and report["fa"].pieces["in_translation"] == 1
    assert (report["fa"].segments_done, report["fa"].segments_total) == (3, 6)
    assert report["fa"].words_done * 2 == report["fa"].words_total
    assert report["en"].pieces == {s: 0 for s in report["en"].pieces}


def test_word_counts_new_edited_and_approved(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    start = clock.current
    piece_id = make_article(db, "paid", paragraphs=2)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    rows = queries.piece_segments(db, piece_id)
    actions.save_segment(
        db, cast.translator, rows[1].segment_id, fake_translation(rows[1].source, 1, "بازنویسی"), rows[1].version
    )  # same person again
    actions.release(db, cast.translator, piece_id)
    actions.claim(db, cast.other_translator, piece_id)
    rows = queries.piece_segments(db, piece_id)
    actions.save_segment(
        db, cast.other_translator, rows[2].segment_id, fake_translation(rows[2].source, 2, "ویرایش"), rows[2].version
    )
    actions.submit(db, cast.other_translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    actions.approve(db, cast.reviewer, piece_id)
    total = sum(r.words for r in rows)
    counts = {c.username: c for c in queries.word_counts(db, start, clock.current + timedelta(seconds=1))}
    assert (counts["tina"].new_words, counts["tina"].edited_words) == (total, 0)
    assert (counts["omid"].new_words, counts["omid"].edited_words) == (0, rows[2].words)
    assert counts["omid"].approved_words == rows[2].words
    assert counts["tina"].approved_words == total - rows[2].words
    assert queries.word_counts(db, start - timedelta(days=2), start - timedelta(days=1)) == []
    assert [c.username for c in queries.word_counts(db, start, clock.current + timedelta(1), username="omid")] == [
        "omid"
    ]


def test_the_change_stamp_moves_when_an_earlier_id_commits_late(db: Database) -> None:
    """The dashboard's cached figures are keyed on it: a transaction holding an earlier id that commits after a
    later one must still change it (PostgreSQL hands out ids at insert)."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from workflow.models import AuditEvent

    if db.is_sqlite:
        pytest.skip("SQLite's writers never overlap")
    event = {"at": datetime(2026, 12, 6, tzinfo=UTC), "action": "note", "detail": {}, "self_approval": False}
    with db.engine.connect() as slow:
        slow.execute(insert(AuditEvent).values(**event))  # takes an id, commits later
        with db.engine.begin() as fast:
            fast.execute(insert(AuditEvent).values(**event))
        before = queries.change_stamp(db)
        slow.commit()
    assert queries.change_stamp(db) != before


def test_history_keeps_the_newest_events_in_order(db: Database) -> None:
    from tests.factories import make_article
    from tests.workflow.flows import make_cast

    cast = make_cast(db)
    piece_id = make_article(db, paragraphs=1)["fa"].id
    assert piece_id is not None
    for _ in range(3):
        actions.claim(db, cast.translator, piece_id)
        actions.release(db, cast.translator, piece_id)
    everything = queries.history(db, piece_id=piece_id)
    newest = queries.history(db, piece_id=piece_id, limit=2)
    assert [e.id for e in newest] == [e.id for e in everything[-2:]] and newest[-1].action == "release"
