"""Putting a piece into any status with real actions, for tests that start from there."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import fake_translation, make_article, make_user
from workflow import actions, queries
from workflow.db import Database
from workflow.models import User
from workflow.status import Status


@dataclass
class Cast:
    """The people of a test: two translators, two reviewers and an editor, all en→fa."""

    translator: User
    other_translator: User
    reviewer: User
    other_reviewer: User
    editor: User


def make_cast(db: Database) -> Cast:
    return Cast(
        translator=make_user(db, "tina", ["translator"], [("en", "fa")]),
        other_translator=make_user(db, "omid", ["translator"], [("en", "fa")]),
        reviewer=make_user(db, "rana", ["reviewer"], [("en", "fa")]),
        other_reviewer=make_user(db, "roya", ["reviewer"], [("en", "fa")]),
        editor=make_user(db, "ed", ["editor"], []),
    )


def translate_all(db: Database, user: User, piece_id: int, prefix: str = "ترجمه") -> None:
    for row in queries.piece_segments(db, piece_id):
        actions.save_segment(db, user, row.segment_id, fake_translation(row.source, row.position, prefix), row.version)


def piece_in(db: Database, cast: Cast, status: Status, slug: str = "story", paragraphs: int = 2) -> int:
    """A fa piece of a new article, brought to ``status`` by the cast."""
    piece_id = make_article(db, slug, paragraphs=paragraphs)["fa"].id
    assert piece_id is not None
    if status is Status.WITHDRAWN:
        actions.withdraw(db, cast.editor, piece_id, "retracted")
        return piece_id
    if status is Status.OPEN:
        return piece_id
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    if status is Status.IN_TRANSLATION:
        return piece_id
    actions.submit(db, cast.translator, piece_id)
    if status is Status.SUBMITTED:
        return piece_id
    actions.start_review(db, cast.reviewer, piece_id)
    if status is Status.IN_REVIEW:
        return piece_id
    if status is Status.CHANGES_REQUESTED:
        actions.request_changes(db, cast.reviewer, piece_id, "check paragraph 2")
        return piece_id
    actions.approve(db, cast.reviewer, piece_id)
    if status is Status.APPROVED:
        return piece_id
    actions.publish(db, cast.editor, piece_id)
    return piece_id
