"""Article text as safe HTML: CommonMark (with GFM tables, strikethrough and footnotes) through markdown-it-py,
and every piece of HTML, written by us or passed through from the source, cleaned by nh3 (Ammonia).

What comes out is balanced HTML with no script, event handler, style or address that could run code,
whatever the text: a translation cannot add markup to a page.

>>> markdown_html("A **bold *and* italic** [link](https://example.org) and <script>x()</script>.")
'<p>A <strong>bold <em>and</em> italic</strong> <a href="https://example.org">link</a> and .</p>\\n'
>>> inline_html("<strong><em>x</strong></em>")
'<strong><em>x</em></strong>'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from selectolax.lexbor import LexborHTMLParser

from workflow.characters import printable

_MARKDOWN = (
    MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}).enable(["table", "strikethrough"]).use(footnote_plugin)
)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _safe_link(url: str) -> bool:
    """The addresses a link or image may have: http, https, mailto, or relative (as nh3 lets through)."""
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


_MARKDOWN.validateLink = _safe_link  # type: ignore[method-assign]
#: text with none of these is plain: no Markdown, no HTML, nothing to parse
_MARKUP = re.compile(r"[\\`*_\[\]<>&!~|^:\n\u00a0]")

_TAGS = set(nh3.ALLOWED_TAGS) | {"audio", "video", "source", "track", "section", "tfoot"}
_ATTRIBUTES: dict[str, set[str]] = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"class", "dir", "id", "lang", "title"}
for _tag, _names in {
    "img": {"srcset", "sizes", "loading"},
    "audio": {"src", "controls", "preload", "loop"},
    "video": {"src", "controls", "poster", "preload", "loop", "width", "height", "playsinline"},
    "source": {"src", "type", "srcset", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "a": {"rel"},
    "time": {"datetime"},
    "th": {"abbr"},
    "details": {"open"},
    "ol": {"reversed", "type"},
    "li": {"value"},
}.items():
    _ATTRIBUTES.setdefault(_tag, set()).update(_names)


def clean(html: str, *, comments: bool = False) -> str:
    """``html`` with only harmless tags, attributes and addresses (http, https, mailto, relative) left;
    ``comments`` keeps comments (WordPress's block markers, for wordpress.xml).
    """
    return nh3.clean(
        printable(html),
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "textarea", "title"},
        attributes=_ATTRIBUTES,
        strip_comments=not comments,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    )


def markdown_html(body: str) -> str:
    """A Markdown body as clean HTML blocks. markdown-it escapes every text and checks every address itself;
    only raw HTML (a "<" in the source) needs nh3.
    """
    body = printable(body)
    rendered = _MARKDOWN.render(body)
    return clean(rendered) if "<" in body else rendered


def inline_html(text: str) -> str:
    """One line of Markdown (a title, a lede, a reference) as clean inline HTML."""
    text = printable(text)
    if not _MARKUP.search(text):
        return text.replace('"', "&quot;")  # what markdown-it makes of plain text
    rendered = _MARKDOWN.renderInline(text)
    return clean(rendered) if "<" in text else rendered


@dataclass(frozen=True)
class Media:
    """An image, a sound, a video or an embedded page an article refers to, with its alt text."""

    kind: str
    url: str
    alt: str | None = None


_MEDIA_TAGS = {"img": "image", "video": "video", "audio": "audio", "source": "source", "iframe": "embed"}


def media(html: str) -> Iterator[Media]:
    """Every medium ``html`` refers to by address, in order: nothing is downloaded. ``html`` is ours (from
    markdown-it or nh3, which write tag names in lower case): one without such a tag is not parsed."""
    if not any(f"<{tag}" in html for tag in _MEDIA_TAGS):
        return
    root = LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + html).body
    if root is None:
        return
    for node in root.traverse():
        kind = _MEDIA_TAGS.get(node.tag or "")
        url = node.attributes.get("src") if kind else None
        if kind and url:
            alt = node.attributes.get("alt") if kind == "image" else None
            yield Media(kind, url, alt)
