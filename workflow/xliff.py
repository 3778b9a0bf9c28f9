"""XLIFF 1.2 for desktop translation tools (Trados, memoQ, OmegaT): one ``<file>`` per piece.

Each ``<trans-unit>`` is one target segment: its id is the segment's id, ``resname`` the segment kind, and
the ``dm:`` attributes (Dragoman's namespace, which XLIFF 1.2 allows on ``<file>`` and ``<trans-unit>``)
carry what the import checks: the piece, its source revision, and the segment's version and source hash.

Placeables travel as XLIFF inline codes, so that tools protect them: a pair as ``<g id="1">…</g>`` (or
``<bpt>``/``<ept>`` where a translation has them out of order), a standalone one as ``<x id="2"/>``. They
come back as tokens (``<1>…</1>``, ``<2/>``), checked like any translation.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from workflow.errors import ImportFailed, ImportProblem
from workflow.limits import check_size
from workflow.messages import N_, msg
from workflow.placeables import compare, tokens
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
    texts: list[tuple[ET.Element, str]] = []  # filled after indenting: white space inside them is text
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
            texts.append((ET.SubElement(element, _q("source")), unit.source))
            texts.append((ET.SubElement(element, _q("target"), {"state": unit.state}), unit.target))
            for origin, text in unit.notes:
                ET.SubElement(element, _q("note"), {"from": origin}).text = text
    ET.indent(root)
    for element, text in texts:
        _inline(element, text)
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + content + b"\n"


def _inline(element: ET.Element, text: str) -> None:
    """``text`` into ``element``, its tokens as inline codes: ``<g>`` when they nest, else ``<bpt>``/``<ept>``."""
    nested = not any(problem.kind == "broken" for problem in compare(text, text))
    stack = [element]
    last: ET.Element | None = None  # the element whose tail the next text goes to

    def add(piece: str) -> None:
        if not piece:
            return
        if last is None:
            stack[-1].text = (stack[-1].text or "") + piece
        else:
            last.tail = (last.tail or "") + piece

    position = 0
    for token in tokens(text):
        add(text[position : token.start])
        position = token.end
        ident = str(token.id)
        if token.role == "alone":
            last = ET.SubElement(stack[-1], _q("x"), {"id": ident})
        elif nested and token.role == "open":
            stack.append(ET.SubElement(stack[-1], _q("g"), {"id": ident}))
            last = None
        elif nested:
            last = stack.pop()
        else:
            name = "bpt" if token.role == "open" else "ept"
            last = ET.SubElement(stack[-1], _q(name), {"id": f"{name[0]}{ident}", "rid": ident})
            last.text = token.text
    add(text[position:])


def _text(element: ET.Element | None) -> str:
    """An element's text, its inline codes made tokens again (``<g>``, ``<x>``, ``<bpt>``/``<ept>``, ``<ph>``,
    ``<it>``); other inline elements (``<mrk>`` of a tool's segmentation) keep just their text.
    """
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        ident = child.get("rid") or child.get("id", "")
        if name == "g" and ident:
            out.append(f"<{ident}>{_text(child)}</{ident}>")
        elif name in ("x", "ph") and ident:
            out.append(f"<{ident}/>")
        elif name == "bpt" and ident:
            out.append(f"<{ident}>")
        elif name == "ept" and ident:
            out.append(f"</{ident}>")
        elif name != "it":
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


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
