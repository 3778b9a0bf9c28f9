"""An HTML article body (a WordPress post) as segments and a template, parsed as browsers parse it.

The body is read by an HTML5 parser (Lexbor, through selectolax): what a browser would make of any input,
comments (WordPress's block markers) kept. Every run of text in a block (a paragraph, a heading, a list
item, a table cell, a caption, a definition) is one segment, with its inline tags as placeables
(:mod:`workflow.placeables`); the alt text of images and the titles of links and images are segments of
their own. Everything else (the blocks, their attributes, code, scripts, embeds) is the template.
Rebuilding puts translations in the template: the tags come from the template, so the result is balanced
HTML whatever a translation says.

>>> segments, template = split_html('<h2>Plans</h2><p>See <a href="/r">the <b>report</b></a>.<br>Now.</p>')
>>> [(s.kind, s.text) for s in segments]
[('heading', 'Plans'), ('paragraph', 'See <1>the <2>report</2></1>.<3/>Now.')]
>>> template.render(["Planet", "Shih <1><2>raportin</2></1>.<3/>Tani."])
'<h2>Planet</h2><p>Shih <a href="/r"><b>raportin</b></a>.<br>Tani.</p>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from workflow.messages import N_
from workflow.placeables import escape_literal, tokens, unescape_literal

#: elements that flow inside a line of text
INLINE = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
#: elements kept whole: inside text they stand as one placeable, between blocks they are template
OPAQUE = frozenset(
    [
        "audio",
        "button",
        "canvas",
        "embed",
        "iframe",
        "input",
        "math",
        "noscript",
        "object",
        "picture",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    ]
)
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
_RAW_TEXT = frozenset(("script", "style"))
_KINDS = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "td": "cell",
    "th": "cell",
    "figcaption": "caption",
    "caption": "caption",
    "dt": "term",
    "dd": "definition",
    "pre": "preformatted",
}
#: WordPress's own shortcodes: inside text each stands as a placeable, untouched
SHORTCODE = re.compile(r"\[/?(?:caption|wp_caption|gallery|playlist|audio|video|embed)(?:\s[^\[\]]*)?/?\]")
_URL_ONLY = re.compile(r"^\s*https?://\S+\s*$")
_SPACE = re.compile(r"[ \t\n\f\r]+")


@dataclass(frozen=True)
class Ref:
    """The place of a segment's text in the template: element content, or an attribute's value."""

    index: int
    attribute: bool = False


Parts = tuple["str | Ref", ...]


@dataclass(frozen=True)
class Placeable:
    """What a token stands for: the opening tag (or the whole element) and, for a pair, the closing tag."""

    open: Parts
    close: str | None = None


@dataclass(frozen=True)
class HtmlTemplate:
    """The body with its segments taken out; ``placeables[i]`` are the tokens of segment ``i``."""

    parts: Parts
    placeables: dict[int, dict[int, Placeable]] = field(default_factory=dict)
    count: int = 0

    @property
    def slots(self) -> int:
        return self.count

    def render(self, texts: Sequence[str]) -> str:
        """The body with ``texts`` (one per segment, in order) in the segments' places."""
        if len(texts) != self.count:
            raise ValueError(f"the body has {self.count} segments, got {len(texts)} texts")
        out: list[str] = []
        self._parts(self.parts, texts, out)
        return "".join(out)

    def _parts(self, parts: Parts, texts: Sequence[str], out: list[str]) -> None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif part.attribute:
                out.append(html.escape(texts[part.index], quote=True))
            else:
                self._segment(part.index, texts, out)

    def _segment(self, index: int, texts: Sequence[str], out: list[str]) -> None:
        """A segment's text with its tokens made tags again; tokens it should not have are left out and
        every tag it opens is closed, so the result is balanced whatever the text.
        """
        table = self.placeables.get(index, {})
        text = texts[index]
        opened: list[int] = []
        used: set[int] = set()
        position = 0
        for token in tokens(text):
            out.append(html.escape(unescape_literal(text[position : token.start]), quote=False))
            position = token.end
            number = token.id
            placeable = table.get(number)
            if placeable is None:
                continue
            if token.role == "close":
                if number in opened:
                    while opened:
                        top = opened.pop()
                        out.append(table[top].close or "")
                        if top == number:
                            break
            elif (placeable.close is None) == (token.role == "alone") and number not in used:
                used.add(number)
                self._parts(placeable.open, texts, out)
                if placeable.close is not None:
                    opened.append(number)
        out.append(html.escape(unescape_literal(text[position:]), quote=False))
        while opened:
            out.append(table[opened.pop()].close or "")


def _attributes(node: Any, refs: dict[str, int] | None = None) -> Parts:
    parts: list[str | Ref] = []
    for name, value in node.attributes.items():
        if refs and name in refs:
            parts += [f' {name}="', Ref(refs[name], attribute=True), '"']
        elif value is None:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{html.escape(value, quote=True)}"')
    return tuple(parts)


def _has_text(node: Any) -> bool:
    """True if the node shows words: text that is not blank, not a shortcode, outside opaque elements."""
    if node.tag == "-text":
        return bool(SHORTCODE.sub("", node.text_content or "").strip())
    if node.tag == "-comment" or node.tag in OPAQUE or node.tag in VOID:
        return False
    return any(_has_text(child) for child in node.iter(include_text=True))


def _inline(node: Any) -> bool:
    """True for what flows in a line: text, comments, and inline elements holding nothing but such."""
    if node.tag in ("-text", "-comment"):
        return True
    if node.tag in OPAQUE:
        return True
    if node.tag not in INLINE:
        return False
    return all(_inline(child) for child in node.iter(include_text=True))


class _Splitter:
    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.placeables: dict[int, dict[int, Placeable]] = {}

    def _new(self, kind: str, text: str) -> int:
        self.kinds.append(kind)
        self.texts.append(text)
        return len(self.texts) - 1

    # the template -------------------------------------------------------------------------------------

    def _open_tag(self, node: Any) -> Parts:
        """The element's start tag; a non-blank alt or title of an image or link becomes a segment."""
        refs: dict[str, int] = {}
        if node.tag in ("img", "a", "area"):
            for name in ("alt", "title"):
                value = node.attributes.get(name)
                if value and value.strip():
                    refs[name] = self._new("alt" if name == "alt" else "tooltip", _SPACE.sub(" ", value).strip())
        return (f"<{node.tag}", *_attributes(node, refs), ">")

    def literal(self, node: Any, out: list[str | Ref]) -> None:
        """A node as it is (its image alts and titles still segments)."""
        if node.tag == "-text":
            out.append(html.escape(node.text_content or "", quote=False))
        elif node.tag == "-comment":
            out.append(node.html or "")  # as written: WordPress reads "<!-- wp:… -->" with its spaces
        else:
            out += self._open_tag(node)
            if node.tag in VOID:
                return
            if node.tag in _RAW_TEXT:
                out.append(node.text_content or "")
            else:
                for child in node.iter(include_text=True):
                    self.literal(child, out)
            out.append(f"</{node.tag}>")

    def blocks(self, children: list[Any], kind: str, out: list[str | Ref]) -> None:
        """Block content: runs of inline content become segments of ``kind``, blocks are entered."""
        run: list[Any] = []
        for child in children:
            if _inline(child):
                run.append(child)
                continue
            self.run(run, kind, out)
            run = []
            self.block(child, kind, out)
        self.run(run, kind, out)

    def block(self, node: Any, context: str, out: list[str | Ref]) -> None:
        tag = node.tag
        if tag in OPAQUE or tag in VOID or (tag == "pre" and _only_code(node)):
            self.literal(node, out)
            return
        kind = _KINDS.get(tag, "quote" if tag == "blockquote" or context == "quote" else context)
        out += self._open_tag(node)
        children = list(node.iter(include_text=True))
        if all(_inline(child) for child in children):
            self.run(children, kind, out, keep_space=tag == "pre")
        else:
            self.blocks(children, kind, out)
        out.append(f"</{tag}>")

    # segments -----------------------------------------------------------------------------------------

    def run(self, nodes: list[Any], kind: str, out: list[str | Ref], keep_space: bool = False) -> None:
        """A run of inline nodes: one segment if it shows words (and is not just an address), else template."""
        if not any(_has_text(node) for node in nodes) or _URL_ONLY.match("".join(_plain(n) for n in nodes)):
            for node in nodes:
                self.literal(node, out)
            return
        shown = [node for node in nodes if node.tag != "-comment" and _plain(node).strip()]
        if len(shown) == 1 and shown[0].tag == "cite" and kind != "citation":  # a quote's source, on its own
            for node in nodes:
                if node is shown[0]:
                    out += self._open_tag(node)
                    self.run(list(node.iter(include_text=True)), "citation", out)
                    out.append("</cite>")
                else:
                    self.literal(node, out)
            return
        index = self._new(kind, "")
        table: dict[int, Placeable] = {}
        pieces: list[str] = []
        for node in nodes:
            self._inline_text(node, pieces, table, keep_space)
        text = "".join(pieces)
        if not keep_space:
            text = _SPACE.sub(" ", text)
        stripped = text.strip(" \t\n\f\r")
        lead = text[: len(text) - len(text.lstrip(" \t\n\f\r"))]
        tail = text[len(lead) + len(stripped) :]
        self.texts[index] = stripped
        self.placeables[index] = table
        out += [lead, Ref(index), tail]

    def _token(self, table: dict[int, Placeable], placeable: Placeable) -> int:
        number = len(table) + 1
        table[number] = placeable
        return number

    def _inline_text(self, node: Any, pieces: list[str], table: dict[int, Placeable], keep_space: bool) -> None:
        if node.tag == "-text":
            text = node.text_content or ""
            position = 0
            for match in SHORTCODE.finditer(text):
                pieces.append(escape_literal(text[position : match.start()]))
                number = self._token(table, Placeable((html.escape(match.group(0), quote=False),)))
                pieces.append(f"<{number}/>")
                position = match.end()
            pieces.append(escape_literal(text[position:]))
            return
        if node.tag == "-comment" or node.tag in OPAQUE or node.tag in VOID or not _has_text(node):
            out: list[str | Ref] = []
            self.literal(node, out)
            pieces.append(f"<{self._token(table, Placeable(tuple(out)))}/>")
            return
        number = self._token(table, Placeable(self._open_tag(node), f"</{node.tag}>"))
        pieces.append(f"<{number}>")
        for child in node.iter(include_text=True):
            self._inline_text(child, pieces, table, keep_space)
        pieces.append(f"</{number}>")


def _plain(node: Any) -> str:
    if node.tag == "-text":
        return str(node.text_content or "")
    if node.tag == "-comment":
        return ""
    return str(node.text(deep=True) or "")


def _only_code(node: Any) -> bool:
    children = [
        c for c in node.iter(include_text=True) if not (c.tag == "-text" and not (c.text_content or "").strip())
    ]
    return len(children) == 1 and children[0].tag == "code"


def parse_body(body: str) -> Any:
    """The body element of an HTML fragment as a browser parses it (comments at its start kept)."""
    return LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + body).body


def split_html(body: str) -> tuple[list[Any], HtmlTemplate]:
    """Cut an HTML body into segments (with placeables) and a template; see the module's example."""
    from workflow.segments import Segment

    splitter = _Splitter()
    out: list[str | Ref] = []
    root = parse_body(body)
    if root is not None:
        splitter.blocks(list(root.iter(include_text=True)), "paragraph", out)
    merged: list[str | Ref] = []
    for part in out:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    segments = [Segment(kind, text) for kind, text in zip(splitter.kinds, splitter.texts, strict=True)]
    return segments, HtmlTemplate(tuple(merged), splitter.placeables, len(segments))


@dataclass(frozen=True)
class Tag:
    """A placeable of a segment as a translator sees it: the token, the source's own markup, what it is."""

    token: str  # "<1>…</1>" or "<2/>"
    markup: str  # the opening tag (or the whole element) as the source has it
    label: str  # link, bold, italic, line break, image, code, comment, shortcode or markup


_LABELS = {
    "a": N_("link"),
    "strong": N_("bold"),
    "b": N_("bold"),
    "em": N_("italic"),
    "i": N_("italic"),
    "br": N_("line break"),
    "img": N_("image"),
    "code": N_("code"),
}


def tags_of(template: HtmlTemplate, texts: Sequence[str], index: int) -> list[Tag]:
    """The placeables of segment ``index``, in token order, with the source's markup (``texts`` are the
    source texts, for the alt text of an image inside a placeable).
    """
    found = []
    for number, placeable in sorted(template.placeables.get(index, {}).items()):
        out: list[str] = []
        template._parts(placeable.open, texts, out)
        markup = "".join(out)
        name = re.match(r"<([a-z0-9]+)", markup)
        if markup.startswith("<!--"):
            label = N_("comment")
        elif markup.startswith("["):
            label = N_("shortcode")
        else:
            label = _LABELS.get(name.group(1) if name else "", N_("markup"))
        token = f"<{number}>…</{number}>" if placeable.close is not None else f"<{number}/>"
        found.append(Tag(token, markup, label))
    return found
