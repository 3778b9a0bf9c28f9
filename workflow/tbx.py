"""TBX (ISO 30042) for glossaries: written as TBX-Basic in the 2019 dialect, read in that dialect and
in the older ``martif`` one (TBX 2008), which most terminology tools still export.

Administrative statuses as TBX-Basic defines them: a ``preferredTerm-admn-sts`` term is the approved
translation, ``admittedTerm-admn-sts`` (or no status) another approved one, ``deprecatedTerm-admn-sts`` a
forbidden variant, and ``supersededTerm-admn-sts`` or ``obsoleteTerm-admn-sts`` no approved translation at all.
We write the first translation preferred and the others admitted. A name is ``partOfSpeech`` ``properNoun``;
the note is the entry's ``note``; the definition its ``descrip`` of type ``definition`` (read at the concept's
level, else in the source language's section, else the target's, inside a ``descripGrp`` or not). Files are read with
:mod:`workflow.xmlsafe`: no entity is ever expanded and nothing outside the file is ever read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from workflow.checks import Term
from workflow.errors import ImportFailed, ImportProblem
from workflow.limits import check_size
from workflow.messages import N_, msg
from workflow.models import GlossaryTerm
from workflow.xmlsafe import parse

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
NOT_APPROVED = ("supersededTerm-admn-sts", "obsoleteTerm-admn-sts")
CASE_SENSITIVE = "x-caseSensitive"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def to_tbx(rows: Iterable[GlossaryTerm], source: str, target: str) -> bytes:
    """The glossary of one pair as a TBX-Basic file."""
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: source, "xmlns": NS})
    header = _sub(root, "tbxHeader")
    _sub(_sub(header, "fileDesc"), "sourceDesc").append(_paragraph(f"Dragoman glossary {source}→{target}"))
    body = _sub(_sub(root, "text"), "body")
    for index, row in enumerate(rows, start=1):
        entry = _sub(body, "conceptEntry", id=f"c{index}")
        if row.definition:
            _sub(entry, "descrip", row.definition, type="definition")
        if row.note:
            _sub(entry, "note", row.note)
        if row.case_sensitive:
            _sub(entry, "descrip", "true", type=CASE_SENSITIVE)
        source_section = _sub(entry, "langSec", **{XML_LANG: source})
        _term(source_section, row.term, None, row.is_name)
        target_section = _sub(entry, "langSec", **{XML_LANG: target})
        for number, text in enumerate(row.translations):
            _term(target_section, text, PREFERRED if number == 0 else ADMITTED, row.is_name)
        for text in row.forbidden:
            _term(target_section, text, DEPRECATED, row.is_name)
    ET.indent(root)
    body_bytes: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body_bytes + b"\n"


def _paragraph(text: str) -> ET.Element:
    element = ET.Element("p")
    element.text = text
    return element


def _term(section: ET.Element, text: str, status: str | None, is_name: bool) -> None:
    term_section = _sub(section, "termSec")
    _sub(term_section, "term", text)
    if status:
        _sub(term_section, "termNote", status, type="administrativeStatus")
    if is_name:
        _sub(term_section, "termNote", "properNoun", type="partOfSpeech")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) in names]


def _text(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def parse_tbx(data: bytes, file: str, source: str, target: str) -> list[Term]:
    """The entries of a TBX file for ``source``→``target``; ImportFailed names every bad entry."""
    check_size(len(data), file)
    root = parse(data, file)
    if _local(root.tag) not in ("tbx", "martif"):
        raise ImportFailed([ImportProblem(file, "", N_("this is not a TBX file: its root is neither tbx nor martif"))])
    entries: list[Term] = []
    problems: list[ImportProblem] = []
    for index, entry in enumerate((e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")), start=1):
        where = msg("entry {number}", number=entry.get("id") or index)
        sections = {
            (section.get(XML_LANG) or section.get("lang") or "").split("-")[0].lower(): section
            for section in _children(entry, "langSec", "langSet")
        }
        if source not in sections or target not in sections:
            problems.append(
                ImportProblem(
                    file, where, msg("it has no {language} term", language=source if source not in sections else target)
                )
            )
            continue
        source_terms = [t for t, _status, _pos in _terms(sections[source])]
        targets = _terms(sections[target])
        translations = [t for t, status, _pos in targets if status == PREFERRED]
        translations += [t for t, status, _pos in targets if status not in (PREFERRED, DEPRECATED, *NOT_APPROVED)]
        forbidden = [t for t, status, _pos in _terms(sections[target]) if status == DEPRECATED]
        names = any(pos == "properNoun" for _t, _s, pos in _terms(sections[source]) + _terms(sections[target]))
        notes = [_text(n) for n in entry.iter() if _local(n.tag) == "note" and _text(n)]
        case = any(
            _local(d.tag) == "descrip" and d.get("type") == CASE_SENSITIVE and _text(d) == "true" for d in entry.iter()
        )
        if not source_terms or not translations:
            problems.append(
                ImportProblem(
                    file, where, msg("it needs a {language} term and an approved translation", language=source)
                )
            )
            continue
        definition = _definition(entry, sections[source], sections[target])
        entries.append(
            Term(source_terms[0], tuple(translations), tuple(forbidden), " ".join(notes), case, names, definition)
        )
    if problems:
        raise ImportFailed(problems)
    return entries


def _terms(section: ET.Element) -> list[tuple[str, str | None, str | None]]:
    """(term, administrative status, part of speech) for each term of a language section."""
    found = []
    for holder in _children(section, "termSec", "tig", "ntig"):
        term = next((e for e in holder.iter() if _local(e.tag) == "term"), None)
        if term is None or not _text(term):
            continue
        notes = {n.get("type"): _text(n) for n in holder.iter() if _local(n.tag) == "termNote"}
        found.append((_text(term), notes.get("administrativeStatus"), notes.get("partOfSpeech")))
    return found


def _definition(entry: ET.Element, *sections: ET.Element) -> str:
    """The concept's definition: its own, else the first language section's that has one."""

    def found(holder: ET.Element, deep: bool) -> str:
        elements = holder.iter() if deep else (e for c in holder for e in ([c] if _local(c.tag) == "descrip" else c))
        return next(
            (_text(d) for d in elements if _local(d.tag) == "descrip" and d.get("type") == "definition" and _text(d)),
            "",
        )

    return found(entry, deep=False) or next((d for d in (found(s, deep=True) for s in sections) if d), "")
