"""Review per segment: the reviewer accepts or flags segments, edits them, and sees what changed since the round
they sent back; the translator sees the reviewer's marks and words; both hear of each other.
"""

from __future__ import annotations

import pytest

from tests.factories import fake_translation, make_user
from tests.workflow.flows import Cast, make_cast, piece_in
from workflow import actions, queries
from workflow.comments import comments
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.notifications import notifications
from workflow.people import InvalidInput
from workflow.segment_review import mark_segment, review_edits, round_texts, segment_marks
from workflow.status import Status


def _segments(db: Database, piece_id: int) -> list[queries.SegmentRow]:
    return queries.piece_segments(db, piece_id)


def test_the_reviewer_accepts_flags_and_takes_back_marks(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.IN_REVIEW)
    first, second = _segments(db, piece_id)[:2]
    mark_segment(db, cast.reviewer, first.segment_id, "accepted")
    mark_segment(db, cast.reviewer, second.segment_id, "flagged", "The date is wrong.")
    marks = segment_marks(db, piece_id)
    assert {sid: (m.verdict, m.comment) for sid, m in marks.items()} == {
        first.segment_id: ("accepted", None),
        second.segment_id: ("flagged", "The date is wrong."),
    }
    (comment,) = comments(db, piece_id)  # the flag's comment, on its segment, with its number
    assert (comment.segment_id, comment.number, comment.text) == (second.segment_id, 2, "The date is wrong.")
    mark_segment(db, cast.reviewer, first.segment_id, None)
    assert set(segment_marks(db, piece_id)) == {second.segment_id}
    logged = [e.action for e in queries.history(db, piece_id=piece_id)]
    assert [a for a in logged if a.startswith("segment_")] == [
        "segment_accepted",
        "segment_flagged",
        "segment_unmarked",
    ]


def test_a_mark_holds_only_for_the_text_it_was_given_on(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.IN_REVIEW)
    first = _segments(db, piece_id)[0]
    mark_segment(db, cast.reviewer, first.segment_id, "accepted")
    actions.save_segment(db, cast.reviewer, first.segment_id, "ویرایش بازبین", first.version)  # the reviewer's edit
    assert segment_marks(db, piece_id) == {}
    assert review_edits(db, piece_id) == {first.segment_id: "Rana"}


@pytest.mark.parametrize(
    ("who", "status", "verdict", "comment", "error"),
    [
        ("translator", Status.IN_REVIEW, "accepted", "", PermissionDenied),
        ("other_reviewer", Status.IN_REVIEW, "accepted", "", PermissionDenied),
        ("editor", Status.IN_REVIEW, "accepted", "", PermissionDenied),
        ("reviewer", Status.SUBMITTED, "accepted", "", PermissionDenied),
        ("reviewer", Status.CHANGES_REQUESTED, "accepted", "", PermissionDenied),
        ("reviewer", Status.APPROVED, "flagged", "late", PermissionDenied),
        ("reviewer", Status.IN_REVIEW, "flagged", "  ", InvalidInput),
        ("reviewer", Status.IN_REVIEW, "perfect", "", InvalidInput),
    ],
)
def test_who_may_mark_and_how(
    db: Database, who: str, status: Status, verdict: str, comment: str, error: type[Exception]
) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, status)
    segment = _segments(db, piece_id)[0]
    with pytest.raises(error):
        mark_segment(db, getattr(cast, who), segment.segment_id, verdict, comment)
    assert segment_marks(db, piece_id) == {}


def test_the_reviewer_sees_what_changed_since_the_round_sent_back(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.IN_REVIEW)
    assert round_texts(db, piece_id) == {}  # the first round
    sent = {s.segment_id: s.target for s in _segments(db, piece_id)}
    actions.request_changes(db, cast.reviewer, piece_id, "check paragraph 2")
    second = _segments(db, piece_id)[1]
    actions.save_segment(
        db, cast.translator, second.segment_id, fake_translation(second.source, 1, "تازه"), second.version
    )
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    assert round_texts(db, piece_id) == sent
    now = {s.segment_id: s.target for s in _segments(db, piece_id)}
    assert [sid for sid in sent if sent[sid] != now[sid]] == [second.segment_id]
    assert review_edits(db, piece_id) == {}  # the translator's words are not the reviewer's


def _kinds(db: Database, user: object) -> list[tuple[str, str | None]]:
    return [(n.kind, n.detail) for n in notifications(db, user)]  # type: ignore[arg-type]


def test_reviewers_hear_of_submits_and_translators_of_comments(db: Database) -> None:
    cast: Cast = make_cast(db)
    outsider = make_user(db, "sami", ["reviewer"], [("en", "ar")])
    piece_id = piece_in(db, cast, Status.SUBMITTED)
    assert ("submitted", None) in _kinds(db, cast.reviewer) and ("submitted", None) in _kinds(db, cast.other_reviewer)
    assert all(kind != "submitted" for kind, _ in _kinds(db, cast.translator) + _kinds(db, outsider))
    actions.start_review(db, cast.reviewer, piece_id)
    assert all(kind != "submitted" for kind, _ in _kinds(db, cast.other_reviewer))  # no longer waiting
    second = _segments(db, piece_id)[1]
    mark_segment(db, cast.reviewer, second.segment_id, "flagged", "Say which day.")
    assert ("comment", "#2: Say which day.") in _kinds(db, cast.translator)
    assert all(kind != "comment" for kind, _ in _kinds(db, cast.reviewer))  # nobody hears of their own words
