"""Site interface strings: a POT through the workflow and back out as PO and MO, every plural form included."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from sqlmodel import col, func, select

from tests.factories import get_piece, make_article, make_user
from workflow import actions, queries
from workflow.catalog_export import compile_mo, edition_catalogs, export_catalog
from workflow.catalogs import import_catalog
from workflow.db import Database
from workflow.errors import ImportFailed, PermissionDenied
from workflow.models import ApprovedSegment, Article, Piece
from workflow.permissions import CONSOLE
from workflow.status import Status

STRINGS = Path(__file__).resolve().parents[2] / "data" / "strings"
POT = (STRINGS / "site.pot").read_bytes()
SQ_PO = (STRINGS / "site.sq.po").read_bytes()
WORD = {"ar": "ترجمة", "fa": "ترجمه", "sq": "Përkthim"}
FORM_WORDS = {  # one word per plural form, to tell the forms apart without adding numbers
    "ar": ["صفر", "واحد", "اثنان", "قليل", "كثير", "آخر"],
    "fa": ["یک", "چند"],
    "sq": ["një", "shumë"],
}
COMPARED = (
    "msgid",
    "msgid_plural",
    "msgctxt",
    "comment",
    "tcomment",
    "occurrences",
    "flags",
    "previous_msgid",
    "previous_msgid_plural",
    "previous_msgctxt",
)


def _piece(db: Database, name: str, code: str) -> Piece:
    with db.read() as session:
        article = session.exec(select(Article).where(Article.slug == name)).one()
        return session.exec(select(Piece).where(Piece.article_id == article.id, Piece.edition_code == code)).one()


def _translation(source: str, code: str, form: int | None) -> str:
    """A stand-in translation that keeps the placeholders (and tells the plural forms apart)."""
    mark = [] if form is None else [FORM_WORDS[code][form]]
    return " ".join([WORD[code], *mark, *re.findall(r"%\(\w+\)[sd]", source)])


def _translate_and_approve(db: Database, code: str, name: str = "site") -> int:
    translator = make_user(db, f"t{code}", ["translator"], [("en", code)])
    reviewer = make_user(db, f"r{code}", ["reviewer"], [("en", code)])
    piece_id = _piece(db, name, code).id
    assert piece_id is not None
    actions.claim(db, translator, piece_id)
    for row in queries.piece_segments(db, piece_id):
        text = _translation(row.source, code, row.plural_form)
        actions.save_segment(db, translator, row.segment_id, text, row.version)
    actions.submit(db, translator, piece_id)
    actions.start_review(db, reviewer, piece_id)
    actions.approve(db, reviewer, piece_id)
    return piece_id


def _entries(text: str) -> dict[tuple[str, str], polib.POEntry]:
    return {(e.msgctxt or "", e.msgid): e for e in polib.pofile(text, wrapwidth=0) if e.msgid}


@pytest.mark.parametrize(("code", "segments"), [("ar", 9 + 2 * 6), ("fa", 9 + 2 * 2), ("sq", 9 + 2 * 2)])
def test_each_edition_gets_every_plural_form_of_its_language(db: Database, code: str, segments: int) -> None:
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    piece = _piece(db, "site", code)
    assert piece.segments_total == segments  # counted before anybody opens the piece, as after
    actions.claim(db, make_user(db, "tina", ["translator"], [("en", code)]), piece.id or 0)
    rows = queries.piece_segments(db, piece.id or 0)
    assert len(rows) == segments == get_piece(db, piece.id or 0).segments_total
    comments = [row for row in rows if row.kind == "plural" and "comment" in row.source]
    forms = 6 if code == "ar" else 2
    assert [row.plural_form for row in comments] == list(range(forms))
    singular = 1 if code == "ar" else 0  # the form of one translates the singular msgid
    assert [row.source for row in comments] == [
        "%(count)d comment" if i == singular else "%(count)d comments" for i in range(forms)
    ]
    opinion = [row for row in rows if row.source == "Opinion"]
    assert [row.note.splitlines()[0] for row in opinion if row.note] == [
        "context: navigation",
        "context: article label",
    ]


def test_pot_round_trip_keeps_every_entry_and_fills_every_form(db: Database) -> None:
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    original = _entries(POT.decode())
    for code in ("ar", "fa", "sq"):
        _translate_and_approve(db, code)
        exported = export_catalog(db, "site", code)
        assert exported.translated and exported.status == "approved"
        entries = _entries(exported.po)
        assert entries.keys() == original.keys()
        for key, entry in original.items():
            for name in COMPARED:
                assert getattr(entries[key], name) == getattr(entry, name), (code, key, name)
            if entry.msgid_plural:
                forms = entries[key].msgstr_plural
                assert len(forms) == (6 if code == "ar" else 2) and len(set(forms.values())) == len(forms)
            else:
                assert entries[key].msgstr.startswith(WORD[code])
        assert f"Language: {code}" in exported.po and "nplurals=" in exported.po
    assert _entries(export_catalog(db, "site", "ar").po)[("", "Search results for %(query)s")].previous_msgid == (
        "Search results for %s"
    )


def test_the_mo_file_gives_the_right_arabic_form_for_every_number(db: Database) -> None:
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    _translate_and_approve(db, "ar")
    exported = export_catalog(db, "site", "ar")
    catalog = gettext.GNUTranslations(io.BytesIO(compile_mo(exported.po, "ar")))
    expected = {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 101: 5, 103: 3, 111: 4}
    for n, form in expected.items():
        text = catalog.ngettext("%(count)d comment", "%(count)d comments", n)
        assert text == f"ترجمة {FORM_WORDS['ar'][form]} %(count)d", n
    assert catalog.pgettext("navigation", "Opinion").startswith("ترجمة")
    assert compile_mo(exported.po, "ar") == compile_mo(exported.po, "ar")  # no clock inside


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_gnu_msgfmt_accepts_the_exported_po(db: Database, tmp_path: Path) -> None:
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    _translate_and_approve(db, "ar")
    po = tmp_path / "ar.po"
    po.write_text(export_catalog(db, "site", "ar").po, encoding="utf-8")
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "ar.mo"), str(po)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "11 translated messages" in checked.stderr


def test_a_po_with_translations_is_kept_as_approved_for_its_language(db: Database) -> None:
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    report = import_catalog(db, CONSOLE, SQ_PO, "site.sq.po", "site")
    kept = report.translations["sq"]
    assert (report.created, report.revised, kept.status, kept.approved) == (False, False, "approved", 13)
    assert (kept.fuzzy, kept.held, kept.missing, kept.refused) == (0, 0, 0, None)
    assert _piece(db, "site", "sq").status == Status.APPROVED
    exported = _entries(export_catalog(db, "site", "sq").po)
    for key, entry in _entries(SQ_PO.decode()).items():
        assert (exported[key].msgstr, exported[key].msgstr_plural) == (entry.msgstr, entry.msgstr_plural)
    with db.read() as session:
        memory = dict(
            session.exec(
                select(ApprovedSegment.source_text, ApprovedSegment.target_text).where(
                    ApprovedSegment.target_language == "sq"
                )
            ).all()
        )
    assert memory["%(count)d comment"] == "%(count)d koment"
    assert memory["%(count)d comments"] == "%(count)d komente"
    assert [c.name for c in edition_catalogs(db, "sq")] == ["site"]
    assert edition_catalogs(db, "ar") == []  # nothing approved there yet


def test_a_partial_po_fills_the_open_piece_and_fuzzy_entries_stay_drafts(db: Database) -> None:
    po = polib.pofile(SQ_PO.decode(), wrapwidth=0)
    entries = [e for e in po if e.msgid]
    entries[0].flags.append("fuzzy")
    entries[1].msgstr = ""
    report = import_catalog(db, CONSOLE, str(po).encode(), "partial.sq.po", "site")  # creates the catalog too
    assert report.created
    kept = report.translations["sq"]
    assert (kept.approved, kept.fuzzy, kept.missing, kept.status) == (11, 1, 1, "open")
    piece = _piece(db, "site", "sq")
    assert piece.status == Status.OPEN
    states = [row.state for row in queries.piece_segments(db, piece.id or 0)]
    assert states[:2] == ["draft", "empty"] and set(states[2:]) == {"done"}


def test_a_new_pot_revises_the_catalog_and_keeps_the_work(db: Database) -> None:
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    piece_id = _translate_and_approve(db, "ar")
    changed = (
        POT.decode()
        .replace('msgid_plural "%(minutes)d minutes read"', 'msgid_plural "%(minutes)d minutes of reading"')
        .replace('msgid "Home"\nmsgstr ""\n', 'msgid "Front page"\nmsgstr ""\n')
        .replace('#: templates/base.html:52\nmsgid "Corrections and clarifications"\nmsgstr ""\n', "")
    )
    changed += (
        '\n#, python-format\nmsgid "%(count)d new article"\nmsgid_plural "%(count)d new articles"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n'
    )
    report = import_catalog(db, CONSOLE, changed.encode(), "site.pot", "site")
    assert report.revised and report.entries == 11
    piece = get_piece(db, piece_id)
    assert piece.status == Status.IN_TRANSLATION  # back to its translator
    rows = queries.piece_segments(db, piece_id)
    assert len(rows) == piece.segments_total == 8 + 3 * 6
    minutes = [row for row in rows if "minute" in row.source]
    assert len(minutes) == 6 and all(row.outdated and row.target.startswith("ترجمة") for row in minutes)
    new = [row for row in rows if "new article" in row.source]  # in the place of the removed last entry:
    assert [(row.plural_form, row.outdated) for row in new] == [(i, True) for i in range(6)]
    assert new[0].previous_source == "Corrections and clarifications"  # its text kept as a draft to look at
    assert [row.target for row in new[1:]] == [""] * 5
    assert rows[0].source == "Front page" and rows[0].outdated and rows[0].previous_source == "Home"
    comments = [row for row in rows if "comment" in row.source]
    assert all(not row.outdated and row.state == "done" for row in comments)  # unchanged: kept as approved


def test_site_strings_are_not_articles_of_the_bundle(db: Database) -> None:
    make_article(db, "story", paragraphs=1)
    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    from workflow.bundle.collect import alternates, collect

    assert [a.slug for a in collect(db, "en")] == ["story"]
    assert "site" not in alternates(db)


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b'msgid "a"\nmsgstr "b"\nmsgid', "site", "not a readable PO file"),
        (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', "site", "no entries to translate"),
        (POT, "Site Strings", "is not a catalog name"),
        (POT, "../site", "is not a catalog name"),
        (
            b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "\xff"\nmsgstr ""\n',
            "site",
            "UTF-8",
        ),
        (POT, "story", "already in Dragoman as another article or catalog"),
    ],
)
def test_bad_catalogs_are_refused_and_change_nothing(db: Database, data: bytes, name: str, reason: str) -> None:
    make_article(db, "story", paragraphs=1)
    with db.read() as session:
        before = session.exec(select(func.count()).select_from(Piece)).one()
    with pytest.raises(ImportFailed) as failed:
        import_catalog(db, CONSOLE, data, "bad.po", name)
    assert reason in str(failed.value.problems[0]) and failed.value.problems[0].file == "bad.po"
    with db.read() as session:
        assert session.exec(select(func.count()).select_from(Piece)).one() == before
        assert session.exec(select(Article).where(col(Article.kind) == "catalog")).first() is None


def test_only_editors_import_and_export_strings(db: Database) -> None:
    translator = make_user(db, "tina", ["translator"], [("en", "fa")])
    with pytest.raises(PermissionDenied):
        import_catalog(db, translator, POT, "site.pot", "site")
    import_catalog(db, make_user(db, "ed", ["editor"], []), POT, "site.pot", "site")
    with pytest.raises(PermissionDenied):
        export_catalog(db, "site", "fa", actor=translator)


def test_an_edition_bundle_carries_its_approved_site_strings(db: Database, tmp_path: Path) -> None:
    from workflow.bundle import build, verify_bundle

    import_catalog(db, CONSOLE, POT, "site.pot", "site")
    assert not any(name.startswith("locale/") for name in build(db, "fa", tmp_path / "fa"))  # not approved yet
    _translate_and_approve(db, "fa")
    files = build(db, "fa", tmp_path / "fa")
    assert files["locale/fa/LC_MESSAGES/site.po"].decode() == export_catalog(db, "site", "fa").po
    catalog = gettext.GNUTranslations(io.BytesIO(files["locale/fa/LC_MESSAGES/site.mo"]))
    assert catalog.ngettext("%(count)d comment", "%(count)d comments", 1) == "ترجمه یک %(count)d"
    assert catalog.ngettext("%(count)d comment", "%(count)d comments", 5) == "ترجمه چند %(count)d"
    assert verify_bundle(tmp_path / "fa").ok
    assert build(db, "fa", tmp_path / "again") == files  # byte-identical
    en = build(db, "en", tmp_path / "en")  # the source language: the catalog itself, untranslated
    assert 'msgid "Home"\nmsgstr ""' in en["locale/en/LC_MESSAGES/site.po"].decode()
    build(db, "fa", tmp_path / "fa", publish=True)  # publishing the bundle publishes its site strings too
    assert _piece(db, "site", "fa").status == Status.PUBLISHED
    assert build(db, "fa", tmp_path / "fa")["locale/fa/LC_MESSAGES/site.po"] == files["locale/fa/LC_MESSAGES/site.po"]
