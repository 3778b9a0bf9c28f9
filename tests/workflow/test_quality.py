"""Quality checks on stored pieces: errors block submit and approve, translators mute warnings,
reviewers override errors, every waiver has a reason, is logged, and lasts only as long as its text.
"""

from __future__ import annotations

import pytest

from tests.factories import fake_translation, make_article
from tests.workflow.flows import Cast, make_cast, translate_all
from workflow import actions, queries
from workflow.db import Database
from workflow.editions import update_edition
from workflow.errors import PermissionDenied
from workflow.people import InvalidInput
from workflow.permissions import CONSOLE
from workflow.quality import QualityErrors, mute, override, piece_findings
from workflow.status import Status


def _claimed(db: Database, cast: Cast) -> tuple[int, list[queries.SegmentRow]]:
    piece_id = make_article(db, paragraphs=2)["fa"].id
    assert piece_id is not None
    actions.claim(db, cast.translator, piece_id)
    translate_all(db, cast.translator, piece_id)
    return piece_id, queries.piece_segments(db, piece_id)


def _save(db: Database, cast: Cast, row: queries.SegmentRow, text: str) -> None:
    current = next(r for r in queries.piece_segments(db, row_piece(db, row)) if r.segment_id == row.segment_id)
    actions.save_segment(db, cast.translator, row.segment_id, text, current.version)


def row_piece(db: Database, row: queries.SegmentRow) -> int:
    from workflow.models import TargetSegment

    with db.read() as session:
        segment = session.get(TargetSegment, row.segment_id)
        assert segment is not None
        return segment.piece_id


def test_an_error_blocks_submission_and_names_the_segment(db: Database) -> None:
    cast = make_cast(db)
    piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[1], "بند نخست بدون عدد")  # the source's numbers are gone
    with pytest.raises(QualityErrors, match=r"quality errors in segments #2;") as refused:
        actions.submit(db, cast.translator, piece_id)
    assert {f.check for _position, f in refused.value.blocking} == {"numbers"}
    assert queries.history(db, piece_id=piece_id)[-1].action == "claim"  # nothing changed


def test_warnings_do_not_block_and_are_reported_per_segment(db: Database) -> None:
    cast = make_cast(db)
    piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[0], fake_translation(rows[0].source, 0) + "  ")  # a trailing space: a warning
    findings = {s.position: s for s in piece_findings(db, piece_id)}
    assert [f.check for f in findings[0].open()] == ["whitespace"]
    assert findings[0].errors() == []
    actions.submit(db, cast.translator, piece_id)


def test_a_translator_mutes_a_warning_with_a_reason_until_the_text_changes(db: Database) -> None:
    cast = make_cast(db)
    piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[0], fake_translation(rows[0].source, 0) + "  ")
    with pytest.raises(InvalidInput, match="a reason is required"):
        mute(db, cast.translator, rows[0].segment_id, "whitespace", "  ")
    mute(db, cast.translator, rows[0].segment_id, "whitespace", "the layout needs it")
    first = piece_findings(db, piece_id)[0]
    assert first.open() == [] and first.waived["whitespace"].reason == "the layout needs it"
    event = queries.history(db, piece_id=piece_id)[-1]
    assert (event.action, event.comment, event.detail["check"]) == ("check_muted", "the layout needs it", "whitespace")
    _save(db, cast, rows[0], fake_translation(rows[0].source, 0) + "   ")  # a new text: the finding is back
    assert [f.check for f in piece_findings(db, piece_id)[0].open()] == ["whitespace"]


@pytest.mark.parametrize("who", ["other_translator", "reviewer", "editor"])
def test_only_the_holder_mutes(db: Database, who: str) -> None:
    cast = make_cast(db)
    _piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[0], fake_translation(rows[0].source, 0) + "  ")
    with pytest.raises(PermissionDenied, match="only the person holding piece"):
        mute(db, getattr(cast, who), rows[0].segment_id, "whitespace", "fine")


def test_an_error_cannot_be_muted_but_a_reviewer_overrides_it(db: Database) -> None:
    cast = make_cast(db)
    piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[1], "بند نخست بدون عدد")
    with pytest.raises(PermissionDenied, match="an error cannot be muted"):
        mute(db, cast.translator, rows[1].segment_id, "numbers", "the number is spelled out")
    with pytest.raises(PermissionDenied, match="may not override findings"):
        override(db, cast.translator, rows[1].segment_id, "numbers", "the number is spelled out")
    override(db, cast.reviewer, rows[1].segment_id, "numbers", "the day is spelled out in Persian")
    assert piece_findings(db, piece_id)[1].errors() == []
    event = queries.history(db, piece_id=piece_id)[-1]
    assert (event.action, event.actor_id, event.detail["severity"]) == ("check_overridden", cast.reviewer.id, "error")
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.other_reviewer, piece_id)
    actions.approve(db, cast.other_reviewer, piece_id)
    assert queries.history(db, piece_id=piece_id)[-1].to_status == Status.APPROVED


def test_an_editor_overrides_but_a_reviewer_of_another_pair_does_not(db: Database) -> None:
    from tests.factories import make_user

    cast = make_cast(db)
    _piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[1], "بند نخست بدون عدد")
    stranger = make_user(db, "alba", ["reviewer"], [("en", "sq")])
    with pytest.raises(PermissionDenied, match="reviewer role for en→fa"):
        override(db, stranger, rows[1].segment_id, "numbers", "fine")
    override(db, cast.editor, rows[1].segment_id, "numbers", "the editor checked it")


def test_approval_is_blocked_by_an_error_that_appears_later(db: Database) -> None:
    cast = make_cast(db)
    piece_id, _rows = _claimed(db, cast)
    actions.submit(db, cast.translator, piece_id)
    actions.start_review(db, cast.reviewer, piece_id)
    update_edition(db, CONSOLE, "fa", check_severities={"end-punctuation": "error"})  # stricter meanwhile
    with pytest.raises(QualityErrors):
        actions.approve(db, cast.reviewer, piece_id)


def test_the_edition_turns_a_check_off(db: Database) -> None:
    cast = make_cast(db)
    piece_id, rows = _claimed(db, cast)
    _save(db, cast, rows[1], "بند نخست بدون عدد")
    update_edition(db, CONSOLE, "fa", check_severities={"numbers": "off"})
    assert "numbers" not in {f.check for f in piece_findings(db, piece_id)[1].findings}
    actions.submit(db, cast.translator, piece_id)


def test_waiving_a_finding_that_is_not_there_is_refused(db: Database) -> None:
    cast = make_cast(db)
    _piece_id, rows = _claimed(db, cast)
    with pytest.raises(InvalidInput, match="finds nothing"):
        override(db, cast.reviewer, rows[0].segment_id, "numbers", "just in case")


@pytest.mark.parametrize(("policy", "allowed"), [("four_eyes", False), ("self_approval", True)])
def test_overriding_findings_on_ones_own_translation_follows_the_review_policy(
    db: Database, policy: str, allowed: bool
) -> None:
    from tests.factories import make_user
    from workflow.errors import FourEyesViolation

    cast = make_cast(db)
    both = make_user(db, "sara", ["translator", "reviewer"], [("en", "fa")])
    update_edition(db, CONSOLE, "fa", review_policy=policy)
    piece_id = make_article(db, paragraphs=2)["fa"].id
    assert piece_id is not None
    actions.claim(db, both, piece_id)
    translate_all(db, both, piece_id)
    rows = queries.piece_segments(db, piece_id)
    actions.save_segment(db, both, rows[1].segment_id, "بند نخست بدون عدد", rows[1].version)
    if allowed:
        override(db, both, rows[1].segment_id, "numbers", "audited self-approval")
        assert queries.history(db, piece_id=piece_id)[-1].action == "check_overridden"
    else:
        with pytest.raises(FourEyesViolation, match="four eyes"):
            override(db, both, rows[1].segment_id, "numbers", "spelled out")
        assert piece_findings(db, piece_id)[1].errors() != []
        override(db, cast.reviewer, rows[1].segment_id, "numbers", "a second person checked it")
