"""The glossary: editors keep terms per language pair; CSV and TBX in and out, all or nothing; the checks
and the editor read it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.factories import make_user
from workflow import glossary
from workflow.checks import Term
from workflow.db import Database
from workflow.errors import ImportFailed, PermissionDenied
from workflow.people import InvalidInput
from workflow.permissions import CONSOLE
from workflow.quality import edition_settings
from workflow.tbx import parse_tbx, to_tbx

READING_ROOM = Term("reading room", ("سالن مطالعه",), ("قرائت‌خانه",), "the room, not the hall", False, False)
HOXHA = Term("Hoxha", ("هوجا",), ("هوخا",), "", True, True)


def test_editors_add_change_and_delete_terms_and_it_is_logged(db: Database) -> None:
    from workflow import queries

    editor = make_user(db, "ed", ["editor"], [])
    glossary.save_term(db, editor, "en", "fa", READING_ROOM)
    glossary.save_term(db, editor, "en", "fa", Term("reading room", ("سالن مطالعه", "اتاق مطالعه")))
    (row,) = glossary.terms(db, "en", "fa")
    assert row.translations == ["سالن مطالعه", "اتاق مطالعه"] and row.forbidden == []
    assert glossary.terms(db, "en", "ar") == []
    glossary.delete_term(db, editor, row.id)  # type: ignore[arg-type]
    assert glossary.terms(db, "en", "fa") == []
    logged = [(event.action, event.detail) for event, *_names in queries.audit_log(db)][:3]
    assert [detail for _action, detail in logged] == [
        {"pair": "en->fa", "term": "reading room", "deleted": 1},
        {"pair": "en->fa", "term": "reading room", "changed": 1},
        {"pair": "en->fa", "term": "reading room", "added": 1},
    ]
    assert {action for action, _detail in logged} == {"glossary_changed"}


@pytest.mark.parametrize("roles", [["translator"], ["reviewer"], []])
def test_only_editors_change_the_glossary(db: Database, roles: list[str]) -> None:
    person = make_user(db, "tina", roles, [("en", "fa")])
    with pytest.raises(PermissionDenied, match="this needs the editor role"):
        glossary.save_term(db, person, "en", "fa", READING_ROOM)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (Term("  ", ("x",)), "the term is empty"),
        (Term("library", ()), "at least one approved translation"),
        (Term("library", ("کتابخانه",), ("کتابخانه",)), "also forbidden"),
        (Term("x" * 201, ("y",)), "longer than 200"),
    ],
)
def test_a_bad_term_is_refused(db: Database, entry: Term, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        glossary.save_term(db, CONSOLE, "en", "fa", entry)
    with pytest.raises(InvalidInput, match="not a language pair"):
        glossary.save_term(db, CONSOLE, "en", "en", READING_ROOM)


CSV = (
    "term,translations,forbidden,note,case_sensitive,is_name,definition\n"
    'reading room,سالن مطالعه,قرائت‌خانه,"the room, not the hall",no,no,A room of a library set aside for reading\n'
    "Hoxha,هوجا,هوخا,,yes,yes,\n"
    "library,کتابخانه|کتاب‌خانه,,,no,no,\n"
)


def test_csv_round_trip(db: Database) -> None:
    entries = glossary.parse_csv(CSV, "fa.csv")
    assert glossary.import_terms(db, CONSOLE, "en", "fa", entries) == (3, 0)
    assert glossary.import_terms(db, CONSOLE, "en", "fa", entries) == (0, 0)  # the same file again changes nothing
    edited = [replace(entries[0], note="checked with the desk"), *entries[1:]]
    assert glossary.import_terms(db, CONSOLE, "en", "fa", edited) == (0, 1)
    assert glossary.import_terms(db, CONSOLE, "en", "fa", entries) == (0, 1)  # and back
    exported = glossary.to_csv(glossary.terms(db, "en", "fa"))
    assert sorted(exported.splitlines()[1:]) == sorted(CSV.splitlines()[1:])
    assert [e.term for e in glossary.parse_csv(exported, "again.csv")] == ["Hoxha", "library", "reading room"]
    older = "\n".join(line.rsplit(",", 1)[0] for line in CSV.splitlines()) + "\n"  # before definitions
    assert [e.definition for e in glossary.parse_csv(older, "older.csv")] == ["", "", ""]


TBX_DEFINITIONS = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="concept">
    <descrip type="definition">A room of a library set aside for reading</descrip>
    <langSet xml:lang="en"><tig><term>reading room</term></tig></langSet>
    <langSet xml:lang="fa"><tig><term>سالن مطالعه</term></tig></langSet>
  </termEntry>
  <termEntry id="language">
    <langSet xml:lang="en-US"><descripGrp><descrip type="definition">An institution that lends books</descrip>
      </descripGrp><tig><term>library</term></tig></langSet>
    <langSet xml:lang="fa"><tig><term>کتابخانه</term></tig></langSet>
  </termEntry>
  <termEntry id="none">
    <langSet xml:lang="en"><tig><term>Hoxha</term></tig></langSet>
    <langSet xml:lang="fa"><tig><term>هوجا</term></tig></langSet>
  </termEntry>
</body></text></martif>
"""


def test_tbx_definitions_are_kept_and_written(db: Database) -> None:
    """A definition at the concept's level or in a language section (in a descripGrp, as SDL MultiTerm and
    others write it) is kept; Dragoman writes it at the concept's level; importing what it wrote changes nothing.
    """
    entries = parse_tbx(TBX_DEFINITIONS.encode(), "terms.tbx", "en", "fa")
    assert [(e.term, e.definition) for e in entries] == [
        ("reading room", "A room of a library set aside for reading"),
        ("library", "An institution that lends books"),
        ("Hoxha", ""),
    ]
    assert glossary.import_terms(db, CONSOLE, "en", "fa", entries) == (3, 0)
    written = to_tbx(glossary.terms(db, "en", "fa"), "en", "fa")
    assert written.count(b'<descrip type="definition">') == 2
    assert glossary.import_terms(db, CONSOLE, "en", "fa", parse_tbx(written, "again.tbx", "en", "fa")) == (0, 0)
    csv_again = glossary.parse_csv(glossary.to_csv(glossary.terms(db, "en", "fa")), "again.csv")
    assert glossary.import_terms(db, CONSOLE, "en", "fa", csv_again) == (0, 0)


def test_a_bad_csv_names_every_bad_line_and_imports_nothing(db: Database) -> None:
    bad = CSV + "empty,,,,no,no\nreading room,x,,,no,no\nwho,کی,,,perhaps,no\n"
    with pytest.raises(ImportFailed) as failed:
        glossary.import_terms(db, CONSOLE, "en", "fa", glossary.parse_csv(bad, "fa.csv"))
    assert [(str(p.location), str(p.reason)) for p in failed.value.problems] == [
        ("line 5", "give 'empty' at least one approved translation"),
        ("line 6", "'reading room' is also on line 2"),
        ("line 7", "case_sensitive must be yes or no"),
    ]
    assert glossary.terms(db, "en", "fa") == []
    with pytest.raises(ImportFailed, match="the header lacks term, translations"):
        glossary.parse_csv("term;translations\nx;y\n", "semicolons.csv")


def test_tbx_round_trip_keeps_every_field(db: Database) -> None:
    defined = replace(READING_ROOM, definition="A room of a library set aside for reading")
    glossary.import_terms(db, CONSOLE, "en", "fa", [defined, HOXHA])
    data = to_tbx(glossary.terms(db, "en", "fa"), "en", "fa")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tbx ')
    parsed = parse_tbx(data, "fa.tbx", "en", "fa")
    assert sorted(parsed, key=lambda e: e.term) == [HOXHA, defined]


MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="t1">
    <note>Library as an institution</note>
    <langSet xml:lang="en"><tig><term>library</term></tig></langSet>
    <langSet xml:lang="sq-AL">
      <tig><term>bibliotekë</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>librari</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
  </termEntry>
  <termEntry id="t2"><langSet xml:lang="en"><tig><term>orphan</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_tbx_2008_files_are_read_and_bad_entries_named() -> None:
    with pytest.raises(ImportFailed) as failed:
        parse_tbx(MARTIF.encode(), "old.tbx", "en", "sq")
    assert [(str(p.location), str(p.reason)) for p in failed.value.problems] == [("entry t2", "it has no sq term")]
    good = MARTIF.replace(
        '<termEntry id="t2"><langSet xml:lang="en"><tig><term>orphan</term></tig></langSet></termEntry>', ""
    )
    assert parse_tbx(good.encode(), "old.tbx", "en", "sq") == [
        Term("library", ("bibliotekë",), ("librari",), "Library as an institution", False, False)
    ]


def test_a_doctype_that_only_names_its_dtd_is_read_without_reading_the_dtd() -> None:
    data = MARTIF.replace("<martif", '<!DOCTYPE martif SYSTEM "/nonexistent/TBXcoreStructV02.dtd">\n<martif', 1)
    with pytest.raises(ImportFailed, match="it has no sq term"):  # parsed: only the orphan entry is wrong
        parse_tbx(data.encode(), "old.tbx", "en", "sq")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx>&a;</tbx>', "declares entities"),
        (b'<!DOCTYPE tbx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tbx>&e;</tbx>', "declares entities"),
        (b'<!DOCTYPE tbx SYSTEM "file:///etc/passwd"><tbx>&e;</tbx>', "declares entities"),
        (b"<tbx><text><body><conceptEntry></body></text></tbx>", "not well-formed XML"),
        (b"<html><body>not a glossary</body></html>", "not a TBX file"),
    ],
)
def test_hostile_or_broken_tbx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        parse_tbx(data, "bad.tbx", "en", "fa")


def test_checks_and_the_editor_read_the_glossary(db: Database) -> None:
    glossary.import_terms(db, CONSOLE, "en", "fa", [READING_ROOM, HOXHA])
    settings = edition_settings(db, "en", "fa")
    assert [t.term for t in settings.glossary] == ["Hoxha", "reading room"]
    source = "Clara Hoxha opened the reading room; hoxha is not the name."
    found = glossary.hits(source, settings.glossary, "en")
    assert [(source[h.start : h.end], h.term.translations) for h in found] == [
        ("Hoxha", ("هوجا",)),
        ("reading room", ("سالن مطالعه",)),
    ]  # case-sensitive names match only as written


STATUSES = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader/><text><body>
  <conceptEntry id="c1">
    <langSec xml:lang="en"><termSec><term>reading room</term></termSec></langSec>
    <langSec xml:lang="fa">
      <termSec><term>سالن کتاب</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
      <termSec><term>قرائت‌خانه</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      <termSec><term>سالن مطالعه</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      <termSec><term>اتاق خواندن</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      <termSec><term>کتابخوانی</term><termNote type="administrativeStatus">obsoleteTerm-admn-sts</termNote></termSec>
      <termSec><term>تالار مطالعه</term></termSec>
    </langSec>
  </conceptEntry>
</body></text></tbx>
"""


def test_tbx_basic_administrative_statuses_mean_what_they_say(db: Database) -> None:
    """Preferred first, then admitted (or no status) as approved; deprecated forbidden; superseded and obsolete
    not approved at all; written back as preferred (the first) and admitted.
    """
    (entry,) = parse_tbx(STATUSES.encode(), "statuses.tbx", "en", "fa")
    assert entry.translations == ("سالن مطالعه", "سالن کتاب", "تالار مطالعه")
    assert entry.forbidden == ("اتاق خواندن",)
    assert glossary.import_terms(db, CONSOLE, "en", "fa", [entry]) == (1, 0)
    written = to_tbx(glossary.terms(db, "en", "fa"), "en", "fa").decode()
    assert written.count("preferredTerm-admn-sts") == 1 and written.count("admittedTerm-admn-sts") == 2
    assert parse_tbx(written.encode(), "again.tbx", "en", "fa") == [entry]
    assert glossary.import_terms(db, CONSOLE, "en", "fa", parse_tbx(written.encode(), "again.tbx", "en", "fa")) == (
        0,
        0,
    )
