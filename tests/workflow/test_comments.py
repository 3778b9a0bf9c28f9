"""Comments on pieces and segments."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_user
from tests.workflow.flows import make_cast
from workflow import actions, queries
from workflow.comments import add_comment, comments
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied
from workflow.people import InvalidInput


def test_people_of_the_pair_and_editors_comment(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db)["fa"].id
    actions.claim(db, cast.translator, piece_id)
    segment = queries.piece_segments(db, piece_id)[1]
    add_comment(db, cast.translator, piece_id, "نام این روستا را چطور بنویسم؟", segment_id=segment.segment_id)
    add_comment(db, cast.reviewer, piece_id, "Use the glossary spelling.")
    add_comment(db, cast.editor, piece_id, "Deadline moved to Friday.")
    rows = comments(db, piece_id)
    assert [(r.author, r.segment_id) for r in rows] == [("Tina", segment.segment_id), ("Rana", None), ("Ed", None)]
    assert queries.history(db, piece_id=piece_id)[-1].action == "comment"


def test_others_may_not_and_bad_comments_are_refused(db: Database) -> None:
    cast = make_cast(db)
    outsider = make_user(db, "ana", ["translator"], [("en", "sq")])
    piece_id = make_article(db)["fa"].id
    other_piece = make_article(db, "other")["fa"].id
    actions.claim(db, cast.translator, other_piece)
    foreign_segment = queries.piece_segments(db, other_piece)[0].segment_id
    with pytest.raises(PermissionDenied):
        add_comment(db, outsider, piece_id, "hello")
    with pytest.raises(InvalidInput, match="empty"):
        add_comment(db, cast.translator, piece_id, "   ")
    with pytest.raises(InvalidInput, match="limit is 5000"):
        add_comment(db, cast.translator, piece_id, "x" * 5001)
    with pytest.raises(NotFound, match="not part of piece"):
        add_comment(db, cast.translator, piece_id, "hi", segment_id=foreign_segment)
    assert comments(db, piece_id) == []
