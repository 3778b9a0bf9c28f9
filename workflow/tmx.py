"""TMX 1.4 for the translation memory: one language pair in and out.

Export writes every distinct approved segment pair (newest first) and every imported unit of the pair;
import reads ``<tu>`` elements whose ``<tuv>`` languages (``xml:lang``, or ``lang`` in older files; regional
variants such as ``fa-IR`` count as ``fa``) include the pair, and refuses the whole file when one unit lacks
a side, naming each such unit.

Inline codes are placeables: ``<bpt>``/``<ept>`` pairs become ``<1>`` … ``</1>``, ``<ph>``, ``<it>`` and
``<ut>`` standalone tokens such as ``<2/>`` (numbered by their ``x``, else ``i``, else in order), ``<hi>`` keeps
its text; on export each token is written back as such a code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from workflow import characters
from workflow.errors import ImportFailed, ImportProblem
from workflow.limits import check_size
from workflow.messages import N_, msg
from workflow.placeables import escape_literal, tokens, unescape_literal
from workflow.xmlsafe import stream

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Unit:
    """One translation unit: the two texts, and where it came from."""

    source: str
    target: str
    origin: str = ""
    changed: datetime | None = None


def to_tmx(units: Iterable[Unit], source: str, target: str) -> bytes:
    """A TMX 1.4 file with one ``<tu>`` per unit."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "Dragoman",
            "creationtoolversion": "1",
            "segtype": "sentence",
            "o-tmf": "Dragoman",
            "adminlang": "en",
            "srclang": source,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    segs: list[tuple[ET.Element, str]] = []  # filled after indenting: white space inside a seg is text
    for unit in units:
        attributes = {"changedate": f"{unit.changed:%Y%m%dT%H%M%SZ}"} if unit.changed else {}
        tu = ET.SubElement(body, "tu", attributes)
        if unit.origin:
            prop = ET.SubElement(tu, "prop", {"type": "x-origin"})
            prop.text = unit.origin
        for lang, text in ((source, unit.source), (target, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            segs.append((ET.SubElement(tuv, "seg"), text))
    ET.indent(root)
    for seg, text in segs:
        _write_seg(seg, text)
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + content + b"\n"


def _lang(tuv: ET.Element) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()


def _write_seg(seg: ET.Element, text: str) -> None:
    """``text`` into a ``<seg>``, each token an inline code: paired ones as bpt/ept, others as ph or it."""
    found = tokens(text)
    closes = {t.id for t in found if t.role == "close"}
    opened: set[int] = set()
    last: ET.Element | None = None
    position = 0

    def add(piece: str) -> None:
        piece = unescape_literal(piece)
        if last is None:
            seg.text = (seg.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece

    for token in found:
        add(text[position : token.start])
        position = token.end
        ident = str(token.id)
        if token.role == "alone":
            last = ET.SubElement(seg, "ph", {"x": ident})
        elif token.role == "open" and token.id in closes:
            opened.add(token.id)
            last = ET.SubElement(seg, "bpt", {"i": ident, "x": ident})
        elif token.role == "close" and token.id in opened:
            opened.discard(token.id)
            last = ET.SubElement(seg, "ept", {"i": ident})
        else:  # a code whose partner is not in this segment
            last = ET.SubElement(seg, "it", {"pos": "begin" if token.role == "open" else "end", "x": ident})
        last.text = token.text
    add(text[position:])


def _text(element: ET.Element | None) -> str:
    """A ``<seg>``'s text, its inline codes made tokens."""
    if element is None:
        return ""
    numbers: dict[str, int] = {}  # a pair's i → its token number
    counter = iter(range(1, 10_000))
    used: set[int] = set()

    def number(code: ET.Element) -> int:
        for name in ("x", "i"):
            value = code.get(name, "")
            if value.isdigit() and 0 < int(value) < 10_000:
                return int(value)
        found = next(counter)
        while found in used:
            found = next(counter)
        return found

    out = [escape_literal(element.text or "")]
    for child in element.iter():
        if child is element:
            continue
        if child.tag == "bpt":
            numbers[child.get("i", "")] = ident = number(child)
            out.append(f"<{ident}>")
        elif child.tag == "ept":
            ident = numbers.get(child.get("i", ""), 0) or number(child)
            out.append(f"</{ident}>")
        elif child.tag in ("ph", "ut") or (child.tag == "it" and child.get("pos") not in ("begin", "end")):
            ident = number(child)
            out.append(f"<{ident}/>")
        elif child.tag == "it":
            ident = number(child)
            out.append(f"<{ident}>" if child.get("pos") == "begin" else f"</{ident}>")
        elif child.tag in ("hi", "sub") and child.text:
            if child.tag == "hi":
                out.append(escape_literal(child.text))
            ident = 0
        else:
            ident = 0
        used.add(ident)
        if child.tag not in ("sub",):
            out.append(escape_literal(child.tail or ""))
    return "".join(out)


def parse_tmx(data: bytes, file: str, source: str, target: str) -> list[Unit]:
    """The units of a TMX file for ``source``→``target``; ImportFailed names each unit that lacks a side.

    Read one unit at a time: a large memory export never stands whole in memory as a tree.
    """
    check_size(len(data), file)
    units: list[Unit] = []
    problems: list[ImportProblem] = []
    number = 0
    for root, tu in stream(data, file, "tu"):
        if root.tag != "tmx":
            raise ImportFailed([ImportProblem(file, "", N_("this is not a TMX file: its root is not tmx"))])
        if tu is None:
            break
        number += 1
        raw = {_lang(tuv): _text(tuv.find("seg")) for tuv in tu.iter("tuv")}
        texts = {lang: text.strip() for lang, text in raw.items()}
        where = msg("unit {number}", number=tu.get("tuid") or number)
        missing = [lang for lang in (source, target) if not texts.get(lang)]
        bad = next((reason for lang in (source, target) if (reason := characters.problem(raw.get(lang, "")))), None)
        if bad is not None:
            problems.append(ImportProblem(file, where, bad))
            continue
        if missing:
            problems.append(ImportProblem(file, where, msg("it has no {language} text", language=", ".join(missing))))
            continue
        origin = next((_text(p) for p in tu.iter("prop") if p.get("type") == "x-origin"), "")
        units.append(Unit(texts[source], texts[target], origin))
    if problems:
        raise ImportFailed(problems)
    if not units:
        raise ImportFailed([ImportProblem(file, "", N_("the file holds no translation units"))])
    return units
