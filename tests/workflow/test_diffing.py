"""Word-level diffs for reviewers, and what they are compared with."""

from __future__ import annotations

import pytest

from tests.workflow.flows import make_cast, piece_in
from workflow import actions, queries
from workflow.db import Database
from workflow.diffing import diff_html, word_diff
from workflow.status import Status


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("same text", "same text", [("same", "same text")]),
        ("", "new text", [("insert", "new text")]),
        ("old text", "", [("delete", "old text")]),
        ("کتاب‌ها را خواندم", "کتاب‌ها را نوشتم", [("same", "کتاب‌ها را "), ("delete", "خواندم"), ("insert", "نوشتم")]),
        ("Libri u botua", "Libri u botua sot", [("same", "Libri u botua"), ("insert", " sot")]),
    ],
)
def test_word_diff(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.kind, c.text) for c in word_diff(old, new)] == expected


def test_diff_html_escapes_text() -> None:
    assert diff_html("<b>a</b>", "<b>b</b>") == "<del>&lt;b&gt;a&lt;/b&gt;</del><ins>&lt;b&gt;b&lt;/b&gt;</ins>"


def test_last_approved_and_segment_history(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.PUBLISHED)
    rows = queries.piece_segments(db, piece_id)
    assert queries.last_approved(db, piece_id) == {r.segment_id: r.target for r in rows}
    history = queries.segment_history(db, rows[0].segment_id)
    assert [(h.kind, h.author) for h in history] == [("save", "Tina")]
    actions.claim(db, cast.translator, piece_in(db, cast, Status.OPEN, slug="other"))
    assert queries.last_approved(db, queries.my_work(db, cast.translator)[0].piece_id) == {}
