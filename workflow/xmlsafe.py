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

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from xml.parsers import expat

from workflow.errors import ImportFailed, ImportProblem
from workflow.messages import N_, Message, msg, quoted


class _Refused(Exception):
    pass


def _name(raw: str) -> str:
    """expat's "namespace local" as ElementTree's "{namespace}local"."""
    namespace, _, local = raw.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local


_DECLARED = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']""")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _refused(file: str, where: str, reason: str) -> ImportFailed:
    return ImportFailed([ImportProblem(file, where, reason)])


def _place(data: bytes, offset: int) -> Message:
    line = data.count(b"\n", 0, offset) + 1
    return msg("line {line}, column {column}", line=line, column=offset - (data.rfind(b"\n", 0, offset) + 1) + 1)


def check_encoding(data: bytes, file: str) -> None:
    """Refuse a file whose bytes do not fit the encoding it declares (UTF-8 when it declares none), or that
    declares one Dragoman cannot read, naming the place of the first byte that does not fit.
    """
    if data.startswith(_WIDE_BOMS):
        return  # UTF-16 or UTF-32, told by the byte order mark: the parser decodes it and names bad bytes
    found = _DECLARED.match(data)
    declared = found.group(1).decode("ascii", "replace") if found else "UTF-8"
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        codec = ""
    if codec in ("", "utf-16", "utf-32") or (codec not in _READABLE and not _single_byte(codec)):
        raise _refused(
            file,
            msg("line {line}", line=1),
            msg(
                "the file declares the encoding {encoding}, which cannot be read here; save it as UTF-8",
                encoding=quoted(declared),
            ),
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if codec == "utf-8":
            raise _refused(
                file,
                _place(data, error.start),
                msg(
                    "byte {byte} is not UTF-8, the file's encoding; save the file as UTF-8 or declare its real "
                    "encoding",
                    byte=f"0x{data[error.start]:02x}",
                ),
            ) from None
        return
    if codec != "utf-8" and max(data, default=0) >= 0x80:
        first = next(index for index, byte in enumerate(data) if byte >= 0x80)
        raise _refused(
            file,
            _place(data, first),
            msg(
                "the file declares the encoding {encoding}, but its bytes are UTF-8 (read as {encoding} its letters "
                "would be garbled); change the declaration to UTF-8",
                encoding=quoted(declared),
            ),
        )


_READABLE = {"utf-8", "ascii", "latin-1", "iso8859-1"}


def _single_byte(codec: str) -> bool:
    """A single-byte encoding the XML parser can read through Python's codecs (windows-1256, iso8859-6, …)."""
    try:
        return len(bytes(range(256)).decode(codec, errors="replace")) == 256
    except (LookupError, ValueError):
        return False


class _Builder:
    """Elements from expat's events; with ``keep``, each finished element of that name is handed out and taken
    out of the tree, so a large file never stands whole in memory.
    """

    def __init__(self, keep: str | None = None) -> None:
        self.keep = keep
        self.stack: list[ET.Element] = []
        self.root: ET.Element | None = None
        self.finished: list[ET.Element] = []
        self.text: list[str] = []

    def _flush(self) -> None:
        if self.text and self.stack:
            joined = "".join(self.text)
            top = self.stack[-1]
            if len(top):
                top[-1].tail = (top[-1].tail or "") + joined
            else:
                top.text = (top.text or "") + joined
        self.text = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self._flush()
        element = ET.Element(_name(tag), {_name(key): value for key, value in attributes.items()})
        if self.stack:
            self.stack[-1].append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, _tag: str) -> None:
        self._flush()
        element = self.stack.pop()
        if self.keep is not None and element.tag == self.keep and self.stack:
            self.finished.append(element)
            self.stack[-1].remove(element)

    def data(self, text: str) -> None:
        self.text.append(text)


def _parser(builder: _Builder) -> expat.XMLParserType:
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
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    return parser


CHUNK = 1 << 20  # bytes handed to the parser at a time when streaming


def _events(data: bytes, file: str, builder: _Builder) -> Iterator[None]:
    """Feed ``data`` to a safe parser a chunk at a time; ImportFailed for entities or bad XML."""
    check_encoding(data, file)
    parser = _parser(builder)
    try:
        for offset in range(0, len(data), CHUNK):
            parser.Parse(data[offset : offset + CHUNK], False)
            yield
        parser.Parse(b"", True)
        yield
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


def parse(data: bytes, file: str) -> ET.Element:
    """The root element of ``data``; ImportFailed when it is not well-formed, declares entities, or its bytes
    do not fit its encoding.
    """
    builder = _Builder()
    for _ in _events(data, file, builder):
        pass
    assert builder.root is not None
    return builder.root


def stream(data: bytes, file: str, tag: str) -> Iterator[tuple[ET.Element, ET.Element | None]]:
    """The elements named ``tag`` (as ``{namespace}local``) with the root, one at a time, each dropped from the
    tree once handed out, then the root once more with None: memory stays near the size of one element,
    whatever the size of the file. The whole file is checked as :func:`parse` checks it.
    """
    builder = _Builder(keep=tag)
    for _ in _events(data, file, builder):
        for element in builder.finished:
            assert builder.root is not None
            yield builder.root, element
        builder.finished.clear()
    assert builder.root is not None
    yield builder.root, None
