"""Translation memory: exact and fuzzy matches, ranking by article and review, Persian sources, concordance,
pre-filled drafts, and freshness in this process and in others.
"""

from __future__ import annotations

import multiprocessing
import os

import pytest

from tests.factories import fake_translation, make_article, make_user
from tests.workflow.flows import make_cast
from tests.workflow.memory_worker import wait_for_suggestion
from workflow import actions, memory, queries
from workflow.db import Database
from workflow.memory import add_entries, concordance, normalise, suggest, tokens


def _approve(
    db: Database,
    slug: str,
    texts: dict[int, str] | None = None,
    *,
    language: str = "en",
    paragraphs: int = 2,
    edition: str = "fa",
    changed: dict[int, str] | None = None,
) -> int:
    """Import an article and take its piece through to approval, with ``texts`` for some segments."""
    translator = make_user(db, f"t-{slug}", ["translator"], [(language, edition)])
    reviewer = make_user(db, f"r-{slug}", ["reviewer"], [(language, edition)])
    piece_id = make_article(db, slug, language=language, paragraphs=paragraphs, changed=changed)[edition].id
    assert piece_id is not None
    actions.claim(db, translator, piece_id)
    for row in queries.piece_segments(db, piece_id):
        text = (texts or {}).get(row.position) or fake_translation(row.source, row.position)
        actions.save_segment(db, translator, row.segment_id, text, row.version)
    actions.submit(db, translator, piece_id)
    actions.start_review(db, reviewer, piece_id)
    actions.approve(db, reviewer, piece_id)
    return piece_id


SENTENCE = "The community library opened its new reading room on Saturday morning."
SENTENCE_FA = "کتابخانهٔ محله صبح شنبه سالن مطالعهٔ تازه‌اش را گشود."


def test_an_approved_segment_is_suggested_at_once_exactly_and_fuzzily(db: Database) -> None:
    assert suggest(db, SENTENCE, "en", "fa") == []  # builds the index while the memory is empty
    _approve(db, "reading-room", {1: SENTENCE_FA}, changed={0: SENTENCE})
    (exact,) = suggest(db, SENTENCE, "en", "fa", limit=1)
    assert (exact.score, exact.target, exact.origin, exact.reviewed) == (100.0, SENTENCE_FA, "approved", True)
    fuzzy = suggest(db, SENTENCE.replace("Saturday", "Sunday"), "en", "fa", limit=1)
    assert fuzzy[0].target == SENTENCE_FA and 85 < fuzzy[0].score < 100
    assert suggest(db, "Completely unrelated words about the weather forecast.", "en", "fa") == []
    assert suggest(db, SENTENCE, "en", "ar") == []  # another language pair


def test_the_same_article_ranks_first_among_equal_matches(db: Database) -> None:
    first = _approve(db, "first", {1: "ترجمهٔ نخست"}, changed={0: SENTENCE})
    second = _approve(db, "second", {1: "ترجمهٔ دوم"}, changed={0: SENTENCE})
    articles = {p: queries.history(db, piece_id=p)[0].article_id for p in (first, second)}
    in_first = suggest(db, SENTENCE, "en", "fa", context=articles[first], limit=2)
    in_second = suggest(db, SENTENCE, "en", "fa", context=articles[second], limit=2)
    assert [(s.target, s.same_context) for s in in_first] == [("ترجمهٔ نخست", True), ("ترجمهٔ دوم", False)]
    assert [(s.target, s.same_context) for s in in_second] == [("ترجمهٔ دوم", True), ("ترجمهٔ نخست", False)]
    assert {s.score for s in in_first} == {100.0}  # the score is the similarity; only the ranking moves


def test_unreviewed_entries_rank_below_a_close_approved_match(db: Database) -> None:
    near = SENTENCE.replace("morning", "mornings")
    _approve(db, "approved", {1: "ترجمهٔ تأییدشده"}, changed={0: near})
    add_entries(db, "en", "fa", [(SENTENCE, "ترجمهٔ بازبینی‌نشده")], origin="old.tmx", reviewed=False)
    ranked = suggest(db, SENTENCE, "en", "fa", limit=2)
    assert [(s.target, s.reviewed, s.origin) for s in ranked] == [
        ("ترجمهٔ تأییدشده", True, "approved"),
        ("ترجمهٔ بازبینی‌نشده", False, "old.tmx"),
    ]
    assert ranked[1].score == 100.0 and ranked[0].score < 100.0
    add_entries(db, "en", "fa", [(SENTENCE, "ترجمهٔ بازبینی‌شده")], origin="reviewed.tmx", reviewed=True)
    assert suggest(db, SENTENCE, "en", "fa", limit=1)[0].target == "ترجمهٔ بازبینی‌شده"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("کتاب‌ها را خواندم", ["کتاب\u200cها", "را", "خواندم"]),  # ZWNJ keeps the word whole
        ("می‌شود", ["می\u200cشود"]),
        ("كتاب يك", ["کتاب", "یک"]),  # Arabic kaf and yeh fold to the Persian letters
        ("مَكتبة", ["مکتبه"]),  # harakat dropped; teh marbuta folds to heh
        ("Libraries' rooms", ["libraries", "rooms"]),
    ],
)
def test_tokens_of_every_script(text: str, expected: list[str]) -> None:
    assert tokens(normalise(text)) == expected


def test_a_persian_source_finds_its_english_translation(db: Database) -> None:
    source = "کتاب‌های تازه در قفسه‌های سالن مطالعه گذاشته شد."
    _approve(
        db,
        "persian",
        {1: "New books were put on the shelves of the reading room."},
        language="fa",
        edition="en",
        changed={0: source},
    )
    (found,) = suggest(db, source.replace("ی", "ي").replace("ک", "ك"), "fa", "en", limit=1)  # typed with Arabic letters
    assert found.score == 100.0 and found.target.startswith("New books")
    assert suggest(db, "کتاب تازه", "fa", "en", min_score=90) == []  # کتاب alone is not کتاب‌های


def test_concordance_searches_both_sides(db: Database) -> None:
    _approve(db, "concord", {1: SENTENCE_FA}, changed={0: SENTENCE})
    add_entries(db, "en", "fa", [("A reading lamp.", "چراغ مطالعه.")], origin="lamps.tmx", reviewed=True)
    assert {r.source for r in concordance(db, "reading", "en", "fa")} == {SENTENCE, "A reading lamp."}
    assert {r.target for r in concordance(db, "مطالعه", "en", "fa")} == {SENTENCE_FA, "چراغ مطالعه."}
    assert concordance(db, "  ", "en", "fa") == []


def test_claiming_prefills_exact_matches_as_marked_drafts(db: Database) -> None:
    _approve(db, "earlier", {1: SENTENCE_FA}, changed={0: SENTENCE})
    cast = make_cast(db)
    piece_id = make_article(db, "later", paragraphs=2, changed={0: SENTENCE})["fa"].id
    assert piece_id is not None
    actions.claim(db, cast.translator, piece_id, prefill=True)
    rows = queries.piece_segments(db, piece_id)
    # the shared title and the shared paragraph had approved translations; the rest stays empty
    assert [(r.position, r.state, r.prefilled) for r in rows] == [
        (0, "draft", True),
        (1, "draft", True),
        (2, "empty", False),
    ]
    assert rows[1].target == SENTENCE_FA
    assert [e.kind for e in queries.segment_history(db, rows[1].segment_id)] == ["prefill"]
    assert queries.history(db, piece_id=piece_id)[-1].to_status == "in_translation"  # nothing approved by itself
    actions.save_segment(db, cast.translator, rows[1].segment_id, SENTENCE_FA, rows[1].version)
    assert not queries.piece_segments(db, piece_id)[1].prefilled  # confirmed by a person


def test_claiming_without_prefill_leaves_segments_empty(db: Database) -> None:
    _approve(db, "earlier", {1: SENTENCE_FA}, changed={0: SENTENCE})
    cast = make_cast(db)
    piece_id = make_article(db, "later", paragraphs=2, changed={0: SENTENCE})["fa"].id
    assert piece_id is not None
    actions.claim(db, cast.translator, piece_id)
    assert {r.state for r in queries.piece_segments(db, piece_id)} == {"empty"}


def test_another_process_sees_a_new_approval_within_its_refresh_interval(db: Database) -> None:
    context = multiprocessing.get_context("spawn")
    ready, approved, results = context.Event(), context.Event(), context.Queue()
    os.environ["DRAGOMAN_MEMORY_REFRESH_SECONDS"] = "1"  # spawned processes read it at import
    try:
        worker = context.Process(target=wait_for_suggestion, args=(db.url, SENTENCE, ready, approved, results, 60.0))
        worker.start()
        assert ready.wait(timeout=60)
        assert results.get(timeout=10) == ("before", 0)
        _approve(db, "fresh", {1: SENTENCE_FA}, changed={0: SENTENCE})
        approved.set()
        kind, seconds, target = results.get(timeout=60)
        worker.join(timeout=30)
    finally:
        del os.environ["DRAGOMAN_MEMORY_REFRESH_SECONDS"]
    assert (kind, target) == ("found", SENTENCE_FA)
    assert seconds < 5  # the refresh interval, plus a lookup
    assert memory.REFRESH_SECONDS == 30.0  # this process kept the default


def test_a_row_whose_transaction_commits_after_a_later_one_is_still_found(db: Database) -> None:
    """On PostgreSQL ids are handed out at insert: id N may commit after N+1 was read. SQLite's writers take
    turns, so there the overlap cannot happen."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from workflow.memory import MEMORY
    from workflow.models import MemoryEntry
    from workflow.segments import segment_hash

    if db.is_sqlite:
        pytest.skip("SQLite's writers never overlap")
    early = "The reading room opens at nine every morning"
    late = "The library closes at six on Saturdays"
    MEMORY.index(db, "en", "fa", force=True)
    with db.engine.connect() as slow:
        row = {
            "source_language": "en",
            "target_language": "fa",
            "source_hash": segment_hash(early),
            "source_text": early,
            "target_text": "سالن مطالعه هر روز صبح ساعت نه باز می‌شود",
            "reviewed": True,
            "origin": "slow.tmx",
            "created_at": datetime(2026, 12, 6, tzinfo=UTC),
        }
        taken = slow.execute(insert(MemoryEntry).values(**row).returning(MemoryEntry.id)).scalar_one()  # not committed
        add_entries(db, "en", "fa", [(late, "کتابخانه شنبه‌ها ساعت شش بسته می‌شود")], origin="fast.tmx", reviewed=True)
        assert [s.source for s in suggest(db, late, "en", "fa")] == [late]
        assert MEMORY.index(db, "en", "fa").imported_read.last > taken  # the later id was read first
        slow.commit()
    MEMORY.touch(db)
    assert [s.source for s in suggest(db, early, "en", "fa")] == [early]
