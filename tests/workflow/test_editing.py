"""Saving segments: versions, conflicts with both texts kept, drafts that survive release and expiry."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from tests.factories import get_piece, make_article
from tests.workflow.flows import make_cast
from workflow import actions, queries
from workflow.db import Database
from workflow.errors import PermissionDenied, StaleEdit
from workflow.models import SegmentEdit
from workflow.status import Status


def _history(db: Database, segment_id: int) -> list[SegmentEdit]:
    with db.read() as session:
        return list(
            session.exec(
                select(SegmentEdit).where(SegmentEdit.target_segment_id == segment_id).order_by(SegmentEdit.id)
            ).all()
        )  # type: ignore[arg-type]


def test_save_records_author_time_and_bumps_version(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    first = queries.piece_segments(db, piece_id)[0]
    assert (first.version, first.state, first.target) == (1, "empty", "")
    clock.advance(minutes=5)
    saved = actions.save_segment(db, cast.translator, first.segment_id, "کتابخانه باز می‌شود", 1)
    assert saved.version == 2
    assert saved.updated_by == cast.translator.id
    assert saved.updated_at == clock.current
    assert saved.state == "done"
    draft = actions.save_segment(db, cast.translator, first.segment_id, "کتابخانه باز شد", 2, done=False)
    assert (draft.version, draft.state) == (3, "draft")
    assert [e.text for e in _history(db, first.segment_id)] == ["کتابخانه باز می‌شود", "کتابخانه باز شد"]


def test_save_renews_the_lease(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    clock.advance(hours=70)
    row = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, cast.translator, row.segment_id, "متن", row.version)
    piece = get_piece(db, piece_id)
    assert piece.lease_expires_at is not None
    assert (piece.lease_expires_at - clock.current).total_seconds() == 72 * 3600


def test_stale_save_is_refused_with_both_texts_and_both_are_recoverable(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, cast.translator, row.segment_id, "متن اول", row.version)
    with pytest.raises(StaleEdit) as caught:
        actions.save_segment(db, cast.translator, row.segment_id, "متن دوم", row.version)
    error = caught.value
    assert (error.yours, error.theirs) == ("متن دوم", "متن اول")
    assert (error.base_version, error.current_version) == (1, 2)
    assert "Tina" in str(error)
    assert queries.piece_segments(db, piece_id)[0].target == "متن اول"
    history = _history(db, row.segment_id)
    assert [(e.kind, e.text) for e in history] == [("save", "متن اول"), ("refused", "متن دوم")]


def test_two_people_saving_the_same_version(db: Database) -> None:
    """Tina opened version 1; the editor handed the piece to Omid, who saved from version 1, then back to
    Tina, whose save from version 1 is refused with both texts."""
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    actions.assign(db, cast.editor, piece_id, cast.other_translator.username)
    actions.save_segment(db, cast.other_translator, row.segment_id, "متن امید", row.version)
    actions.assign(db, cast.editor, piece_id, cast.translator.username)
    with pytest.raises(StaleEdit) as caught:
        actions.save_segment(db, cast.translator, row.segment_id, "متن تینا", row.version)
    assert (caught.value.yours, caught.value.theirs, caught.value.theirs_by) == ("متن تینا", "متن امید", "Omid")
    history = _history(db, row.segment_id)
    assert [(e.kind, e.text, e.author_id) for e in history] == [
        ("save", "متن امید", cast.other_translator.id),
        ("refused", "متن تینا", cast.translator.id),
    ]


def test_two_tabs_saving_the_same_version_at_once(db: Database) -> None:
    """Two saves from version 1 in two threads at the same moment: exactly one wins."""
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    barrier = threading.Barrier(2)
    results: list[object] = []

    def save(text: str) -> None:
        barrier.wait()
        try:
            results.append(actions.save_segment(db, cast.translator, row.segment_id, text, row.version).text)
        except StaleEdit as error:
            results.append(error)

    threads = [threading.Thread(target=save, args=(t,)) for t in ("نسخهٔ یک", "نسخهٔ دو")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1
    assert refused[0].theirs == saved[0]
    assert {refused[0].yours, saved[0]} == {"نسخهٔ یک", "نسخهٔ دو"}
    assert {e.text for e in _history(db, row.segment_id)} == {"نسخهٔ یک", "نسخهٔ دو"}


def test_somebody_who_does_not_hold_the_piece_cannot_save_but_their_text_is_kept(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    with pytest.raises(PermissionDenied, match="held by Tina"):
        actions.save_segment(db, cast.other_translator, row.segment_id, "متن دیگری", row.version)
    assert [(e.kind, e.text, e.author_id) for e in _history(db, row.segment_id)] == [
        ("refused", "متن دیگری", cast.other_translator.id)
    ]


def test_drafts_survive_release_expiry_and_reclaim(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, cast.translator, row.segment_id, "پیش‌نویس", row.version, done=False)
    actions.release(db, cast.translator, piece_id)
    assert get_piece(db, piece_id).status == Status.OPEN
    actions.claim(db, cast.other_translator, piece_id)
    assert queries.piece_segments(db, piece_id)[0].target == "پیش‌نویس"
    clock.advance(hours=73)
    assert [r.piece_id for r in queries.available_for(db, cast.translator)] == [piece_id]
    assert queries.piece_segments(db, piece_id)[0].target == "پیش‌نویس"


def test_saving_after_the_lease_expired_claims_again_and_keeps_the_text(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    clock.advance(hours=80)
    actions.save_segment(db, cast.translator, row.segment_id, "دیر رسید ولی رسید", row.version)
    piece = get_piece(db, piece_id)
    assert (piece.status, piece.holder_id) == (Status.IN_TRANSLATION, cast.translator.id)
    assert [e.action for e in queries.history(db, piece_id=piece_id)] == ["claim", "expire", "claim"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("می\u200cشود", "می\u200cشود"),  # ZWNJ is Persian spelling and stays
        ("e\u0301", "é"),  # decomposed accents are stored composed (NFC)
        ("ﷺ", "ﷺ"),  # no NFKC: ligatures stay as typed
        ("  spaces kept  ", "  spaces kept  "),
    ],
)
def test_saved_text_is_nfc_and_keeps_zwnj(db: Database, typed: str, stored: str) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, cast.translator, row.segment_id, typed, row.version)
    assert queries.piece_segments(db, piece_id)[0].target == stored


def test_submit_needs_every_segment_translated(db: Database) -> None:
    from workflow.errors import IncompletePiece

    cast = make_cast(db)
    piece_id = make_article(db, paragraphs=3)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    actions.save_segment(db, cast.translator, row.segment_id, "عنوان", row.version)
    with pytest.raises(IncompletePiece, match=r"these segments are empty or outdated: #2, #3, #4;"):
        actions.submit(db, cast.translator, piece_id)
    assert get_piece(db, piece_id).status == Status.IN_TRANSLATION


def test_progress_counters_follow_the_segments(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db, paragraphs=2)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    rows = queries.piece_segments(db, piece_id)
    actions.save_segment(db, cast.translator, rows[1].segment_id, "بند", rows[1].version)
    actions.save_segment(db, cast.translator, rows[2].segment_id, "بند دو", rows[2].version, done=False)
    piece = get_piece(db, piece_id)
    assert (piece.segments_total, piece.segments_done) == (3, 1)
    assert (piece.words_total, piece.words_done) == (sum(r.words for r in rows), rows[1].words)
