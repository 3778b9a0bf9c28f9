"""XLIFF 1.2 for desktop tools: export held pieces, fill them in with translate-toolkit, import them back."""

from __future__ import annotations

import pytest
from translate.storage.xliff import xlifffile

from tests.factories import get_piece, make_article
from tests.workflow.flows import Cast, make_cast, piece_in
from workflow import actions, queries
from workflow.checks.model import Term
from workflow.comments import add_comment
from workflow.db import Database
from workflow.desktop import export_xliff, import_xliff
from workflow.errors import ImportFailed, PermissionDenied, TransitionNotAllowed
from workflow.glossary import save_term
from workflow.models import SegmentEdit
from workflow.permissions import CONSOLE
from workflow.status import Status
from workflow.xliff import imported_state, parse_xliff


def _claimed(db: Database, cast: Cast, slug: str = "story", paragraphs: int = 2) -> int:
    piece_id = make_article(db, slug, paragraphs=paragraphs)["fa"].id
    assert piece_id is not None
    actions.claim(db, cast.translator, piece_id)
    return piece_id


def _fill(data: bytes, texts: dict[str, str] | None = None, state: int = 100) -> bytes:
    """What a desktop tool does: put a target in every unit (or the ones named) and mark it translated."""
    store = xlifffile.parsestring(data)
    for unit in store.units:
        unit_id = unit.getid().split("\x04")[-1]
        if texts is None or unit_id in texts:
            unit.target = texts[unit_id] if texts else f"ترجمه‌ی {unit.source}"
            unit.set_state_n(state)
    return bytes(store)


def _texts(db: Database, piece_id: int) -> list[tuple[str, str]]:
    return [(row.target, row.state) for row in queries.piece_segments(db, piece_id)]


def test_round_trip_through_translate_toolkit(db: Database) -> None:
    cast = make_cast(db)
    first, second = _claimed(db, cast, "story"), _claimed(db, cast, "other-story", paragraphs=1)
    row = queries.piece_segments(db, first)[1]
    actions.save_segment(db, cast.translator, row.segment_id, "پیش‌نویس", row.version, done=False)

    exported = export_xliff(db, cast.translator, [first, second])
    store = xlifffile.parsestring(exported)
    rows = queries.piece_segments(db, first) + queries.piece_segments(db, second)
    assert [unit.getid().split("\x04")[-1] for unit in store.units] == [str(r.segment_id) for r in rows]
    assert [unit.source for unit in store.units] == [r.source for r in rows]
    assert [unit.target for unit in store.units] == [r.target for r in rows]
    assert store.units[1].target == "پیش‌نویس"  # ZWNJ kept
    assert [u.xmlelement.find("{*}target").get("state") for u in store.units][:2] == ["new", "needs-translation"]

    report = import_xliff(db, cast.translator, _fill(exported), "work.xlf")
    assert (report.pieces, report.saved, report.unchanged) == (2, len(rows), 0)
    for piece_id in (first, second):
        for (text, state), source_row in zip(_texts(db, piece_id), queries.piece_segments(db, piece_id), strict=True):
            assert (text, state) == (f"ترجمه‌ی {source_row.source}", "done")
    actions.submit(db, cast.translator, first)  # complete: the workflow goes on from here
    assert get_piece(db, first).status == Status.SUBMITTED


def test_units_the_tool_left_alone_are_not_saved_again(db: Database) -> None:
    cast = make_cast(db)
    piece_id = _claimed(db, cast)
    rows = queries.piece_segments(db, piece_id)
    actions.save_segment(db, cast.translator, rows[0].segment_id, "عنوان", rows[0].version)
    exported = export_xliff(db, cast.translator, [piece_id])
    changed = _fill(exported, {str(rows[1].segment_id): "بند نخست"})
    report = import_xliff(db, cast.translator, changed, "work.xlf")
    assert (report.saved, report.unchanged) == (1, len(rows) - 1)
    after = queries.piece_segments(db, piece_id)
    assert after[0].version == rows[0].version + 1  # the one save made in Dragoman, none from the import
    assert (after[1].target, after[1].state) == ("بند نخست", "done")
    assert import_xliff(db, cast.translator, changed, "work.xlf").saved == 0  # importing twice changes nothing


@pytest.mark.parametrize(
    ("state", "target", "approved", "expected"),
    [
        ("new", "", False, "empty"),
        ("new", "  ", False, "empty"),
        ("new", "متن", False, "draft"),
        ("needs-translation", "متن", False, "draft"),
        ("needs-review-translation", "متن", False, "draft"),
        ("needs-adaptation", "متن", False, "draft"),
        ("x-tool-specific", "متن", False, "draft"),
        ("translated", "متن", False, "done"),
        ("final", "متن", False, "done"),
        ("signed-off", "متن", False, "done"),
        ("", "متن", False, "done"),
        ("new", "متن", True, "done"),
    ],
)
def test_states_map_back(state: str, target: str, approved: bool, expected: str) -> None:
    approved_attr = ' approved="yes"' if approved else ""
    data = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:dm="urn:dragoman:xliff:1" version="1.2">'
        '<file original="s" source-language="en" target-language="fa" datatype="plaintext" dm:piece="1" '
        f'dm:revision="1"><body><trans-unit id="5" dm:version="1" dm:source-hash="h"{approved_attr}>'
        f'<source>Text</source><target state="{state}">{target}</target></trans-unit></body></file></xliff>'
    ).encode()
    (piece,) = parse_xliff(data, "one.xlf")
    assert imported_state(piece.units[0]) == expected


def _unchanged_after(db: Database, piece_id: int, call) -> ImportFailed:  # type: ignore[no-untyped-def]
    before = _texts(db, piece_id)
    with db.read() as session:
        edits = len(session.exec(SegmentEdit.__table__.select()).all())  # type: ignore[attr-defined]
    with pytest.raises(ImportFailed) as failed:
        call()
    assert _texts(db, piece_id) == before
    with db.read() as session:
        assert len(session.exec(SegmentEdit.__table__.select()).all()) == edits  # type: ignore[attr-defined]
    return failed.value


def test_a_piece_whose_source_changed_since_export_is_refused(db: Database) -> None:
    cast = make_cast(db)
    piece_id = _claimed(db, cast)
    other = _claimed(db, cast, "other-story", paragraphs=1)
    exported = _fill(export_xliff(db, cast.translator, [piece_id, other]))
    make_article(db, "story", paragraphs=2, changed={1: "Paragraph 2 now says something else."})
    failed = _unchanged_after(db, other, lambda: import_xliff(db, cast.translator, exported, "work.xlf"))
    assert len(failed.problems) == 1
    assert f"piece {piece_id}" in str(failed.problems[0])
    assert "source changed since the export" in str(failed.problems[0])
    assert failed.problems[0].file == "work.xlf"


def test_a_segment_changed_in_dragoman_after_export_is_a_conflict(db: Database) -> None:
    cast = make_cast(db)
    piece_id = _claimed(db, cast)
    rows = queries.piece_segments(db, piece_id)
    exported = _fill(export_xliff(db, cast.translator, [piece_id]))
    actions.save_segment(db, cast.translator, rows[2].segment_id, "در داشبورد نوشته شد", rows[2].version)
    failed = _unchanged_after(db, piece_id, lambda: import_xliff(db, cast.translator, exported, "work.xlf"))
    assert [p.location for p in failed.problems] == [f"piece {piece_id}, unit {rows[2].segment_id}"]
    assert "Tina changed this segment in Dragoman after the export" in str(failed.problems[0])
    assert queries.piece_segments(db, piece_id)[2].target == "در داشبورد نوشته شد"  # never overwritten


def test_units_that_are_not_the_pieces_segments_are_named(db: Database) -> None:
    cast = make_cast(db)
    piece_id = _claimed(db, cast)
    other = _claimed(db, cast, "other-story", paragraphs=1)
    foreign = queries.piece_segments(db, other)[0].segment_id
    mine = queries.piece_segments(db, piece_id)[0].segment_id
    exported = export_xliff(db, cast.translator, [piece_id])
    exported = exported.replace(f'id="{mine}"'.encode(), f'id="{foreign}"'.encode())
    failed = _unchanged_after(db, piece_id, lambda: import_xliff(db, cast.translator, _fill(exported), "work.xlf"))
    assert [p.location for p in failed.problems] == [f"piece {piece_id}, unit {foreign}"]
    assert "not a current segment of the piece" in str(failed.problems[0])


def test_only_the_holder_exports_and_imports(db: Database) -> None:
    cast = make_cast(db)
    piece_id = _claimed(db, cast)
    with pytest.raises(PermissionDenied, match="held by Tina"):
        export_xliff(db, cast.other_translator, [piece_id])
    exported = _fill(export_xliff(db, cast.translator, [piece_id]))
    failed = _unchanged_after(db, piece_id, lambda: import_xliff(db, cast.other_translator, exported, "work.xlf"))
    assert "held by Tina" in str(failed.problems[0])
    actions.release(db, cast.translator, piece_id)
    failed = _unchanged_after(db, piece_id, lambda: import_xliff(db, cast.translator, exported, "work.xlf"))
    assert "is open: nobody edits it now" in str(failed.problems[0])
    with pytest.raises(TransitionNotAllowed):
        export_xliff(db, cast.translator, [piece_id])
    with pytest.raises(PermissionDenied):
        import_xliff(db, CONSOLE, exported, "work.xlf")  # the console is not a person who holds pieces


def test_changes_requested_piece_resumes_and_reviewer_in_review_can_edit(db: Database) -> None:
    cast = make_cast(db)
    piece_id = piece_in(db, cast, Status.CHANGES_REQUESTED)
    rows = queries.piece_segments(db, piece_id)
    exported = export_xliff(db, cast.translator, [piece_id])
    import_xliff(db, cast.translator, _fill(exported, {str(rows[1].segment_id): "بند درست‌شده"}), "fix.xlf")
    assert get_piece(db, piece_id).status == Status.IN_TRANSLATION
    assert queries.piece_segments(db, piece_id)[1].target == "بند درست‌شده"

    reviewed = piece_in(db, cast, Status.IN_REVIEW, slug="reviewed")
    rows = queries.piece_segments(db, reviewed)
    exported = export_xliff(db, cast.reviewer, [reviewed])
    import_xliff(db, cast.reviewer, _fill(exported, {str(rows[0].segment_id): "عنوان بازبینی‌شده"}), "review.xlf")
    assert get_piece(db, reviewed).status == Status.IN_REVIEW
    assert queries.piece_segments(db, reviewed)[0].target == "عنوان بازبینی‌شده"


def test_notes_carry_the_kind_the_glossary_and_a_changed_source(db: Database) -> None:
    cast = make_cast(db)
    save_term(db, CONSOLE, "en", "fa", Term("library", ("کتابخانه",), ("کتاب‌خانه",), "the building"))
    piece_id = _claimed(db, cast, paragraphs=1)
    rows = queries.piece_segments(db, piece_id)
    actions.save_segment(db, cast.translator, rows[1].segment_id, "بند", rows[1].version)
    make_article(db, "story", paragraphs=1, changed={0: "The library tells what happened."})
    add_comment(db, cast.translator, piece_id, "Check the name of the library.", segment_id=rows[1].segment_id)
    add_comment(db, cast.translator, piece_id, "About the whole piece.")  # not a note of any unit
    store = xlifffile.parsestring(export_xliff(db, cast.translator, [piece_id]))
    notes = store.units[1].getnotes()
    assert "Check the name of the library." in notes
    assert not any("About the whole piece." in u.getnotes() for u in store.units)
    assert "kind: paragraph" in notes
    assert "library → کتابخانه; not: کتاب‌خانه (the building)" in notes
    assert "the source changed; it was: Paragraph 1 of story tells what happened on day 1." in notes
    assert store.units[1].xmlelement.find("{*}target").get("state") == "needs-review-translation"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<xliff version='1.2'", "not well-formed"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "entit"),
        (b"<tmx version='1.4'/>", "not an XLIFF 1.2 file"),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" '
            b'source-language="en" target-language="fa" datatype="plaintext"><body/></file></xliff>',
            "not exported by Dragoman",
        ),
    ],
)
def test_bad_files_are_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailed) as failed:
        parse_xliff(data, "bad.xlf")
    assert reason in str(failed.value.problems[0])
    assert failed.value.problems[0].file == "bad.xlf"


def test_plural_forms_of_site_strings_travel_as_units_of_their_own(db: Database) -> None:
    from pathlib import Path

    from tests.factories import make_user
    from workflow.catalogs import import_catalog

    pot = (Path(__file__).resolve().parents[2] / "data" / "strings" / "site.pot").read_bytes()
    import_catalog(db, CONSOLE, pot, "site.pot", "site")
    translator = make_user(db, "layla", ["translator"], [("en", "ar")])
    piece_id = next(r.piece_id for r in queries.available_for(db, translator, edition="ar"))
    actions.claim(db, translator, piece_id)
    store = xlifffile.parsestring(export_xliff(db, translator, [piece_id]))
    comments = [u for u in store.units if "comment" in u.source]
    assert [u.source for u in comments] == ["%(count)d comments", "%(count)d comment"] + ["%(count)d comments"] * 4
    assert "plural form 4 of 6 (few: 3, 4, 5, 6)" in comments[3].getnotes()
    assert "flags: python-format" in comments[3].getnotes()
    texts = {u.getid().split("\x04")[-1]: f"تعليق {i}" for i, u in enumerate(comments)}
    import_xliff(db, translator, _fill(export_xliff(db, translator, [piece_id]), texts), "ar.xlf")
    saved = [r for r in queries.piece_segments(db, piece_id) if r.plural_form is not None][:6]
    assert [(r.plural_form, r.target) for r in saved] == [(i, f"تعليق {i}") for i in range(6)]
