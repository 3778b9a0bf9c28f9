"""Splitting an article revision into translatable segments, and rebuilding the body from them.

The body is cut into literal Markdown (markers, blank lines, code) and segment slots. Joining
the literals with the segments' texts gives back the body exactly; joining them with
translations gives the translated body.

>>> segments, template = split_body("## Hello\\n\\nA *fine* day [1].\\n")
>>> [(s.kind, s.text) for s in segments]
[('heading', 'Hello'), ('paragraph', 'A *fine* day [1].')]
>>> render_body(template, ["Salut", "Një ditë e *bukur* [1]."])
'## Salut\\n\\nNjë ditë e *bukur* [1].\\n'
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

SEGMENT_KINDS = (
    "title",
    "lede",
    "byline",
    "category",
    "heading",
    "paragraph",
    "list_item",
    "quote",
    "reference",
    "attribution",
    "cell",
    "caption",
    "alt",
    "tooltip",
    "citation",
    "term",
    "definition",
    "preformatted",
    "footnote",
)
#: Markdown segmented the first way (revisions stored before the document model), Markdown segmented with
#: tables, footnotes and images (every Markdown import since), and HTML (WordPress posts)
BODY_FORMATS = ("markdown", "commonmark", "html")
MARKDOWN_FORMATS = ("markdown", "commonmark")

_NO_WORD_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # a token of punctuation only, such as "—"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r"^( {0,3}#{1,6}[ \t]+)(\S.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(\S.*)$")
_QUOTE = re.compile(r"^( {0,3}>[ \t]?)(.*)$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_HTML = re.compile(r"^ {0,3}<")
_TABLE = re.compile(r"^ {0,3}\|")
_INDENT = re.compile(r"^[ \t]*")
_PIPE = re.compile(r"(?<!\\)\|")
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_FOOTNOTE = re.compile(r"^( {0,3}\[\^[^\]\s]+\]:[ \t]*)(\S.*)$")
_IMAGE_ALONE = re.compile(
    r"^( {0,3}!\[)([^\]\n]*\S[^\]\n]*)(\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)[ \t]*)$"
)


def normalise(text: str) -> str:
    """The form a segment is hashed in: NFC, runs of whitespace made one space, trimmed.

    ZWNJ (U+200C) is not whitespace and stays: it is part of Persian spelling.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def segment_hash(text: str) -> str:
    """The stable hash that recognises a segment across revisions and articles.

    >>> segment_hash("A  day.") == segment_hash(" A day.\\n")
    True
    """
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:32]


def count_words(text: str) -> int:
    """Words in a text: whitespace-separated tokens with a letter or digit; ZWNJ-joined words count once.

    >>> count_words("کتاب‌ها را خواندم — و رفتم.")
    5
    """
    return len(text.split()) - len(_NO_WORD_TOKEN.findall(text))


@dataclass(frozen=True)
class Segment:
    """One translatable unit: its kind and its text.

    >>> Segment("paragraph", "Hello, world.").words
    2
    """

    kind: str
    text: str
    plural: str | None = None  # a catalog entry's plural source; ``text`` is then the singular
    note: str | None = None  # what a catalog says to translators about the entry

    @cached_property
    def hash(self) -> str:
        return segment_hash(self.text if self.plural is None else f"{self.text}\n{self.plural}")

    @cached_property
    def words(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class Slot:
    """Where a segment goes in the body; ``joins`` is what stands between its lines; a table cell's slot
    escapes the pipes a translation has (one would end the cell) and keeps it on one line.
    """

    joins: tuple[str, ...] = ()
    cell: bool = False

    def render(self, text: str) -> str:
        if self.cell:
            return _PIPE.sub(r"\\|", " ".join(text.split("\n")))
        lines = text.split("\n")
        out = [lines[0]]
        for i, line in enumerate(lines[1:]):
            join = (self.joins[min(i, len(self.joins) - 1)]) if self.joins else "\n"
            out.append(join + line)
        return "".join(out)


@dataclass(frozen=True)
class BodyTemplate:
    """The body with its segments taken out: literal text and slots, in order."""

    parts: tuple[str | Slot, ...] = field(default_factory=tuple)

    @property
    def slots(self) -> int:
        return sum(1 for part in self.parts if isinstance(part, Slot))

    def render(self, texts: Sequence[str]) -> str:
        """The body with ``texts`` in the segments' places (see :func:`render_body`)."""
        return render_body(self, texts)


def _ending(line: str) -> tuple[str, str]:
    """Split a line into its content and its line ending."""
    stripped = line.rstrip("\r\n")
    return stripped, line[len(stripped) :]


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str | Slot] = []
        self.segments: list[Segment] = []

    def literal(self, text: str) -> None:
        if not text:
            return
        if self.parts and isinstance(self.parts[-1], str):
            self.parts[-1] += text
        else:
            self.parts.append(text)

    def cell(self, kind: str, content: str) -> None:
        """Add a table cell (or an alt text): its surrounding spaces literal, the text a one-line slot."""
        stripped = content.strip(" \t")
        if not stripped:
            self.literal(content)
            return
        start = content.index(stripped)
        self.literal(content[:start])
        self.parts.append(Slot((), cell=True))
        self.segments.append(Segment(kind, stripped))
        self.literal(content[start + len(stripped) :])

    def segment(self, kind: str, lead: str, contents: list[str], joins: list[str], tail: str) -> None:
        """Add a segment made of ``contents`` lines; ``lead`` and ``tail`` are literal around it."""
        last = contents[-1]
        trimmed = last.rstrip(" \t")
        contents = [*contents[:-1], trimmed]
        text = "\n".join(contents)
        self.literal(lead)
        if not text.strip():
            self.literal("".join(c + j for c, j in zip(contents, [*joins, ""], strict=True)))
        else:
            self.parts.append(Slot(tuple(joins)))
            self.segments.append(Segment(kind, text))
        self.literal(last[len(trimmed) :] + tail)


_MARKUP_STARTS = frozenset("#>-*+_`~<|[=0123456789")


def _plain(content: str) -> bool:
    """True for a line that cannot start any Markdown construct (the common case: prose)."""
    first = content.lstrip(" \t")[:1]
    return bool(first) and first not in _MARKUP_STARTS


def _starts_block(content: str) -> bool:
    if _plain(content):
        return False
    return bool(
        _FENCE.match(content)
        or _BREAK.match(content)
        or _HEADING.match(content)
        or _LIST_ITEM.match(content)
        or _QUOTE.match(content)
    )


def split_body(body: str, *, commonmark: bool = False) -> tuple[list[Segment], BodyTemplate]:
    """Cut a Markdown body into segments (headings, paragraphs, list items, quotes) and a template; with
    ``commonmark`` (the body format of Markdown imported since the document model), also the cells of GFM
    tables, footnote definitions and the alt text of an image standing alone.

    Revisions stored before keep the first way, so that their segments stay as they were.
    """
    lines = body.splitlines(keepends=True)
    out = _Builder()
    i = 0
    while i < len(lines):
        content, end = _ending(lines[i])
        if commonmark:
            found = _commonmark_block(lines, i, content, end, out)
            if found is not None:
                i = found
                continue
        if _plain(content):
            i = _paragraph(lines, i, content, end, out)
            continue
        if not content.strip() or _BREAK.match(content) or _LINK_DEFINITION.match(content):
            out.literal(lines[i])
            i += 1
            continue
        fence = _FENCE.match(content)
        if fence:
            marker = fence.group(1)
            out.literal(lines[i])
            i += 1
            while i < len(lines):
                out.literal(lines[i])
                closing = _ending(lines[i])[0].strip()
                i += 1
                if closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0]):
                    break
            continue
        if _HTML.match(content) or _TABLE.match(content):
            while i < len(lines) and _ending(lines[i])[0].strip():
                out.literal(lines[i])
                i += 1
            continue
        heading = _HEADING.match(content)
        if heading:
            out.segment("heading", heading.group(1), [heading.group(2)], [], end)
            i += 1
            continue
        quote = _QUOTE.match(content)
        if quote:
            i = _quote(lines, i, out)
            continue
        i = _paragraph(lines, i, content, end, out)
    return out.segments, BodyTemplate(tuple(out.parts))


def _commonmark_block(lines: list[str], i: int, content: str, end: str, out: _Builder) -> int | None:
    """A table, a footnote definition or an image alone at line ``i``: consumed, the next line's index
    returned; None for anything else.
    """
    if "|" in content and i + 1 < len(lines) and _DELIMITER_ROW.match(_ending(lines[i + 1])[0]) and "-" in lines[i + 1]:
        while i < len(lines) and _ending(lines[i])[0].strip():
            row, row_end = _ending(lines[i])
            if _DELIMITER_ROW.match(row):
                out.literal(lines[i])
            else:
                _row(row, out)
                out.literal(row_end)
            i += 1
        return i
    footnote = _FOOTNOTE.match(content)
    if footnote:
        contents, joins = [footnote.group(2)], []
        i += 1
        while i < len(lines) and re.match(r"^(?: {4}|\t)\S", _ending(lines[i])[0]):  # its continuation lines
            indent = _INDENT.match(lines[i]).group(0)  # type: ignore[union-attr]
            joins.append(end + indent)
            contents.append(_ending(lines[i])[0][len(indent) :])
            end = _ending(lines[i])[1]
            i += 1
        out.segment("footnote", footnote.group(1), contents, joins, end)
        return i
    image = _IMAGE_ALONE.match(content)
    if image and not (i + 1 < len(lines) and _ending(lines[i + 1])[0].strip()):
        out.literal(image.group(1))
        out.cell("alt", image.group(2))
        out.literal(image.group(3) + end)
        return i + 1
    return None


def _row(row: str, out: _Builder) -> None:
    """One row of a GFM table: each cell's text a segment, the pipes and spaces literal (an escaped pipe does
    not end a cell; as in GFM, an unescaped one does, even inside a code span).
    """
    bounds = [m.start() for m in _PIPE.finditer(row)]
    indent = len(row) - len(row.lstrip(" "))
    starts_with_pipe = bool(bounds) and bounds[0] == indent
    edges = bounds if starts_with_pipe else [indent - 1, *bounds]
    if not row.rstrip().endswith("|") or (bounds and bounds[-1] != len(row.rstrip()) - 1):
        edges = [*edges, len(row)]
    out.literal(row[: edges[0] + 1] if edges[0] >= 0 else "")
    for left, right in itertools.pairwise(edges):
        out.cell("cell", row[left + 1 : right])
        out.literal(row[right : right + 1])


def _paragraph(lines: list[str], i: int, content: str, end: str, out: _Builder) -> int:
    """Consume a paragraph or a list item starting at line ``i``; return the next line's index."""
    item = _LIST_ITEM.match(content)
    kind = "list_item" if item else "paragraph"
    lead = item.group(1) if item else _INDENT.match(content).group(0)  # type: ignore[union-attr]
    contents = [content[len(lead) :]]
    joins: list[str] = []
    i += 1
    while i < len(lines):
        nxt, nxt_end = _ending(lines[i])
        if not nxt.strip() or _starts_block(nxt) or _HTML.match(nxt):
            break
        if kind == "paragraph" and _SETEXT.match(nxt) and len(contents) == 1:
            # "Title\n=====": a heading underlined; the underline stays literal
            out.segment("heading", lead, contents, [], end + nxt + nxt_end)
            return i + 1
        indent = _INDENT.match(nxt).group(0)  # type: ignore[union-attr]
        joins.append(end + indent)
        contents.append(nxt[len(indent) :])
        end = nxt_end
        i += 1
    out.segment(kind, lead, contents, joins, end)
    return i


def _quote(lines: list[str], i: int, out: _Builder) -> int:
    """Consume a block quote from line ``i``; each paragraph inside it is one segment."""
    contents: list[str] = []
    prefixes: list[str] = []
    ends: list[str] = []

    def flush() -> None:
        if contents:
            joins = [ends[k] + prefixes[k + 1] for k in range(len(contents) - 1)]
            out.segment("quote", prefixes[0], list(contents), joins, ends[-1])
            contents.clear()
            prefixes.clear()
            ends.clear()

    while i < len(lines):
        content, end = _ending(lines[i])
        match = _QUOTE.match(content)
        if not match:
            break
        if not match.group(2).strip():
            flush()
            out.literal(lines[i])
        else:
            prefixes.append(match.group(1))
            contents.append(match.group(2))
            ends.append(end)
        i += 1
    flush()
    return i


def render_body(template: BodyTemplate, texts: Sequence[str]) -> str:
    """The body with ``texts`` (one per slot, in order) in the segments' places."""
    if len(texts) != template.slots:
        raise ValueError(f"the body has {template.slots} segments, got {len(texts)} texts")
    pieces: list[str] = []
    it = iter(texts)
    for part in template.parts:
        pieces.append(part.render(next(it)) if isinstance(part, Slot) else part)
    return "".join(pieces)


@dataclass(frozen=True)
class ArticleContent:
    """The source content of one article revision, as imported."""

    title: str
    body: str = ""
    lede: str | None = None
    byline: str | None = None
    category: str | None = None
    attribution: str | None = None
    references: tuple[str, ...] = ()
    body_format: str = "markdown"  # see BODY_FORMATS
    corrections: tuple[tuple[str, str], ...] = ()  # (ISO date, note) of each correction, oldest first


class Template(Protocol):
    """A body with its segments taken out: Markdown (:class:`BodyTemplate`) or HTML."""

    @property
    def slots(self) -> int: ...

    def render(self, texts: Sequence[str]) -> str: ...


def split_any_body(body: str, body_format: str = "markdown") -> tuple[list[Segment], Template]:
    """A body's segments and template, in its format."""
    if body_format == "html":
        from workflow.htmlbody import split_html

        return split_html(body)
    return split_body(body, commonmark=body_format == "commonmark")


def split_article(content: ArticleContent) -> list[Segment]:
    """Every segment of an article, in reading order: title, lede, byline, category, body, references,
    attribution, corrections.
    """
    return split_article_with_template(content)[0]


def split_article_with_template(content: ArticleContent) -> tuple[list[Segment], Template]:
    """:func:`split_article`, with the body's template (to put translated blocks back in their places)."""
    title = content.title.strip()
    segments: list[Segment] = [Segment("title", title)] if title else []  # a WordPress post may have none
    for kind, value in (("lede", content.lede), ("byline", content.byline), ("category", content.category)):
        if value and value.strip():
            segments.append(Segment(kind, value.strip()))
    body, template = split_any_body(content.body, content.body_format)
    segments.extend(body)
    segments.extend(Segment("reference", ref.strip()) for ref in content.references if ref.strip())
    if content.attribution and content.attribution.strip():
        segments.append(Segment("attribution", content.attribution.strip()))
    segments.extend(Segment("correction", note.strip()) for _on, note in content.corrections if note.strip())
    return segments, template


def article_tags(content: ArticleContent) -> dict[int, list[Any]]:
    """The placeables of each segment of an HTML body, by the segment's position in the article (its
    :func:`split_article` order); empty for Markdown.
    """
    if content.body_format != "html":
        return {}
    from workflow.htmlbody import HtmlTemplate, tags_of

    segments, template = split_article_with_template(content)
    assert isinstance(template, HtmlTemplate)
    before = sum(1 for s in segments if s.kind in ("title", "lede", "byline", "category"))
    texts = [s.text for s in segments[before : before + template.count]]
    return {before + i: tags_of(template, texts, i) for i in range(template.count) if template.placeables.get(i)}
