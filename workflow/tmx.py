"""TMX 1.4 for the translation memory: one language pair in and out.

Export writes every distinct approved segment pair (newest first) and every imported unit of the pair;
import reads ``<tu>`` elements whose ``<tuv>`` languages (``xml:lang``, or ``lang`` in older files; regional
variants such as ``fa-IR`` count as ``fa``) include the pair, and refuses the whole file when one unit lacks
a side, naming each such unit.
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
    for unit in units:
        attributes = {"changedate": f"{unit.changed:%Y%m%dT%H%M%SZ}"} if unit.changed else {}
        tu = ET.SubElement(body, "tu", attributes)
        if unit.origin:
            prop = ET.SubElement(tu, "prop", {"type": "x-origin"})
            prop.text = unit.origin
        for lang, text in ((source, unit.source), (target, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    content: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + content + b"\n"


def _lang(tuv: ET.Element) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""  # inline tags (<ph>, <bpt>) keep their text


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
