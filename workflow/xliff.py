"""XLIFF 1.2 for desktop translation tools (Trados, memoQ, OmegaT): one ``<file>`` per piece.

Each ``<trans-unit>`` is one target segment: its id is the segment's id, ``resname`` the segment kind, and
the ``dm:`` attributes (Dragoman's namespace, which XLIFF 1.2 allows on ``<file>`` and ``<trans-unit>``)
carry what the import checks: the piece, its source revision, and the segment's version and source hash.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from workflow.errors import ImportFailed, ImportProblem
from workflow.limits import check_size
from workflow.messages import N_, msg
from workflow.xmlsafe import parse

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
DM = "urn:dragoman:xliff:1"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

ET.register_namespace("", XLIFF)
ET.register_namespace("dm", DM)

#: our segment states as XLIFF 1.2 states; an outdated segment (its source changed) needs review
STATE_OUT = {"empty": "new", "draft": "needs-translation", "done": "translated"}
#: the XLIFF 1.2 states that bring a segment back done; every other state (and tools' ``x-`` states) a draft
DONE_STATES = {"translated", "final", "signed-off"}


@dataclass(frozen=True)
class Unit:
    """One segment as it travels: ids, texts, state and the notes shown to the translator."""

    segment_id: int
    kind: str
    version: int
    source_hash: str
    source: str
    target: str
    state: str  # an XLIFF state
    notes: tuple[tuple[str, str], ...] = ()  # (from, text)


@dataclass(frozen=True)
class PieceFile:
    """One piece as an XLIFF ``<file>``."""

    piece_id: int
    revision_id: int
    slug: str
    source_language: str
    target_language: str
    units: tuple[Unit, ...]


def _q(name: str, ns: str = XLIFF) -> str:
    return f"{{{ns}}}{name}"


def to_xliff(files: list[PieceFile]) -> bytes:
    """An XLIFF 1.2 document with one ``<file>`` per piece."""
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    for piece in files:
        file = ET.SubElement(
            root,
            _q("file"),
            {
                "original": piece.slug,
                "source-language": piece.source_language,
                "target-language": piece.target_language,
                "datatype": "plaintext",
                "tool-id": "dragoman",
                _q("piece", DM): str(piece.piece_id),
                _q("revision", DM): str(piece.revision_id),
            },
        )
        header = ET.SubElement(file, _q("header"))
        ET.SubElement(header, _q("tool"), {"tool-id": "dragoman", "tool-name": "Dragoman"})
        body = ET.SubElement(file, _q("body"))
        for unit in piece.units:
            element = ET.SubElement(
                body,
                _q("trans-unit"),
                {
                    "id": str(unit.segment_id),
                    "resname": unit.kind,
                    XML_SPACE: "preserve",
                    _q("version", DM): str(unit.version),
                    _q("source-hash", DM): unit.source_hash,
                },
            )
            ET.SubElement(element, _q("source")).text = unit.source
            ET.SubElement(element, _q("target"), {"state": unit.state}).text = unit.target
            for origin, text in unit.notes:
                ET.SubElement(element, _q("note"), {"from": origin}).text = text
    ET.indent(root)
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + content + b"\n"


def _text(element: ET.Element | None) -> str:
    """An element's text with inline tags' text kept (tools may wrap runs in ``<mrk>`` or ``<g>``)."""
    return "".join(element.itertext()) if element is not None else ""


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def parse_xliff(data: bytes, file: str) -> list[PieceFile]:
    """The pieces of an XLIFF file Dragoman wrote (and a tool filled in); ImportFailed names each bad unit."""
    check_size(len(data), file)
    root = parse(data, file)
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise ImportFailed([ImportProblem(file, "", N_("this is not an XLIFF 1.2 file"))])
    pieces: list[PieceFile] = []
    problems: list[ImportProblem] = []
    for number, element in enumerate(root.iter(_q("file")), start=1):
        piece_id = _int(element.get(_q("piece", DM)))
        revision_id = _int(element.get(_q("revision", DM)))
        where_file = msg("file {number} ({name})", number=number, name=element.get("original", ""))
        if piece_id is None or revision_id is None:
            problems.append(ImportProblem(file, where_file, N_("it was not exported by Dragoman: no piece is named")))
            continue
        units: list[Unit] = []
        for tu in element.iter(_q("trans-unit")):
            segment_id = _int(tu.get("id"))
            version = _int(tu.get(_q("version", DM)))
            where = msg("piece {piece}, unit {unit}", piece=piece_id, unit=tu.get("id", "?"))
            if segment_id is None or version is None:
                problems.append(ImportProblem(file, where, N_("the unit has no Dragoman segment id or version")))
                continue
            target = tu.find(_q("target"))
            state = (target.get("state") if target is not None else None) or ""
            if tu.get("approved") == "yes":
                state = "signed-off"
            units.append(
                Unit(
                    segment_id=segment_id,
                    kind=tu.get("resname", ""),
                    version=version,
                    source_hash=tu.get(_q("source-hash", DM), ""),
                    source=_text(tu.find(_q("source"))),
                    target=_text(target),
                    state=state,
                )
            )
        pieces.append(
            PieceFile(
                piece_id,
                revision_id,
                element.get("original", ""),
                element.get("source-language", ""),
                element.get("target-language", ""),
                tuple(units),
            )
        )
    if problems:
        raise ImportFailed(problems)
    if not pieces:
        raise ImportFailed([ImportProblem(file, "", N_("the file holds no pieces"))])
    return pieces


def imported_state(unit: Unit) -> str:
    """Our state for what a tool sent back: done when the tool says translated or better, else a draft.

    A unit without a state but with a target counts as done (some tools write no states at all).
    """
    if not unit.target.strip():
        return "empty"
    if unit.state in DONE_STATES or unit.state == "":
        return "done"
    return "draft"
