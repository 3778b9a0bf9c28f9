"""Reading XML files people bring in (TBX, TMX, and later XLIFF and WordPress exports) without letting a
file expand entities or reach outside itself.

A DOCTYPE that only names its DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as desktop tools write) is
accepted and the DTD is never read; an internal subset, an entity declaration or an external entity
reference refuses the file.

>>> parse(b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"/>', "a.tmx").tag
'tmx'
>>> parse(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "bomb.xml")
Traceback (most recent call last):
...
workflow.errors.ImportFailed: nothing was imported; 1 problem(s):
  bomb.xml: the file declares entities or a DTD of its own; they are refused (nothing outside the file is read)
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from workflow.errors import ImportFailed, ImportProblem
from workflow.messages import N_, msg


class _Refused(Exception):
    pass


def _name(raw: str) -> str:
    """expat's "namespace local" as ElementTree's "{namespace}local"."""
    namespace, _, local = raw.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local


def parse(data: bytes, file: str) -> ET.Element:
    """The root element of ``data``; ImportFailed when it is not well-formed or declares entities."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def doctype(_name: str, _system: str | None, _public: str | None, internal_subset: int) -> None:
        if internal_subset:
            raise _Refused

    def refuse(*_args: object) -> None:
        raise _Refused

    def refuse_external(_context: str, _base: str | None, _system: str | None, _public: str | None) -> int:
        raise _Refused

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse_external
    parser.SkippedEntityHandler = refuse  # an entity the file uses but never declares
    parser.StartElementHandler = lambda tag, attributes: builder.start(
        _name(tag), {_name(key): value for key, value in attributes.items()}
    )
    parser.EndElementHandler = lambda tag: builder.end(_name(tag))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close()
    except _Refused:
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    "",
                    N_(
                        "the file declares entities or a DTD of its own; they are refused (nothing outside the file is "
                        "read)"
                    ),
                )
            ]
        ) from None
    except expat.ExpatError as error:
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    msg("line {line}, column {column}", line=error.lineno, column=error.offset + 1),
                    msg("not well-formed XML: {reason}", reason=expat.ErrorString(error.code)),
                )
            ]
        ) from None
