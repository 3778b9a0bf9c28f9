"""No stuck pieces: a translator asks for an error they think wrong to be overridden; the request waits for
the pair's reviewers and the editors, who override it there.
"""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.workflow.flows import make_cast, piece_in
from workflow import actions, queries
from workflow.db import Database
from workflow.errors import PermissionDenied
from workflow.people import InvalidInput
from workflow.quality import QualityErrors, override, override_requests, request_override
from workflow.status import Status

WRONG = "بند ۱ از story می‌گوید در روز دوم چه شد."  # "day 1" written as a word: the numbers check objects


def _erroneous(db: Database):  # type: ignore[no-untyped-def]
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.IN_TRANSLATION)
    row = next(r for r in queries.piece_segments(db, piece_id) if r.kind == "paragraph")
    actions.save_segment(db, cast.translator, row.segment_id, WRONG, row.version)
    with pytest.raises(QualityErrors):
        actions.submit(db, cast.translator, piece_id)
    return cast, piece_id, row.segment_id


def test_an_override_request_reaches_reviewers_and_editors_and_unsticks_the_piece(db: Database) -> None:
    cast, piece_id, segment_id = _erroneous(db)
    request_override(db, cast.translator, segment_id, "numbers", "The source's day 1 is the second day here.")
    for person in (cast.reviewer, cast.other_reviewer, cast.editor):
        (request,) = override_requests(db, person)
        assert (request.piece_id, request.segment_id, request.check, request.requested_by) == (
            piece_id,
            segment_id,
            "numbers",
            "tina",
        )
        assert request.reason == "The source's day 1 is the second day here." and request.text == WRONG
    outsider = make_user(db, "sami", ["reviewer"], [("en", "ar")])
    assert override_requests(db, cast.translator) == [] and override_requests(db, outsider) == []
    override(db, cast.reviewer, segment_id, "numbers", "Right: the story counts from day 0.")
    assert override_requests(db, cast.editor) == []
    assert actions.submit(db, cast.translator, piece_id).status == Status.SUBMITTED


def test_a_request_lapses_when_the_text_changes(db: Database) -> None:
    cast, piece_id, segment_id = _erroneous(db)
    request_override(db, cast.translator, segment_id, "numbers", "It is right.")
    row = next(r for r in queries.piece_segments(db, piece_id) if r.segment_id == segment_id)
    actions.save_segment(db, cast.translator, segment_id, WRONG + " ", row.version)
    assert override_requests(db, cast.reviewer) == []


@pytest.mark.parametrize(
    ("who", "check", "reason", "error", "message"),
    [
        ("other_translator", "numbers", "why", PermissionDenied, "only the person holding piece"),
        ("translator", "numbers", "  ", InvalidInput, "say why the finding is wrong"),
        ("translator", "references", "why", InvalidInput, "finds no error in segment"),
    ],
)
def test_bad_override_requests_are_refused(
    db: Database, who: str, check: str, reason: str, error: type[Exception], message: str
) -> None:
    cast, _piece_id, segment_id = _erroneous(db)
    with pytest.raises(error, match=message):
        request_override(db, getattr(cast, who), segment_id, check, reason)
    assert override_requests(db, cast.reviewer) == []


def test_asking_twice_is_refused(db: Database) -> None:
    cast, _piece_id, segment_id = _erroneous(db)
    request_override(db, cast.translator, segment_id, "numbers", "It is right.")
    with pytest.raises(InvalidInput, match="already asked for"):
        request_override(db, cast.translator, segment_id, "numbers", "Still right.")
    assert len(override_requests(db, cast.reviewer)) == 1
