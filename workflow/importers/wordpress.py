"""WordPress eXtended RSS (WXR) files: published posts become articles, their HTML becomes our Markdown.

Drafts are left out unless asked for (then pending and scheduled posts come too); pages and
attachments (media, not text) always are. The file is read with :mod:`workflow.xmlsafe` (no entity is
expanded, nothing outside the file is read); each post goes through the same field checks as Markdown
and JSON imports, so a bad post is named with its number and nothing is imported.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from workflow.errors import ImportFailed, ImportProblem
from workflow.importers.fields import slug_from, to_source
from workflow.messages import N_, msg
from workflow.revisions import ArticleSource
from workflow.xmlsafe import parse

NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
#: WXR 1.0, 1.1 and 1.2, over http or https (WordPress's theme unit test data uses https): the document says
_WXR = re.compile(r"^\{(https?://wordpress\.org/export/1\.[012]/)\}wxr_version$")


def _wxr_namespace(channel: Any) -> str | None:
    """The WordPress namespace the document uses, read from its wxr_version element, as WordPress does."""
    for child in channel:
        found = _WXR.match(child.tag)
        if found:
            return found.group(1)
    return None


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div"}


class _Markdown(HTMLParser):
    """Post HTML as Markdown blocks; a list with class "references" and a paragraph with class "attribution"
    become those fields.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.references: list[str] = []
        self.attribution: str | None = None
        self._text: list[str] = []
        self._prefix = ""
        self._lists: list[tuple[str, int]] = []
        self._quote = False
        self._links: list[str] = []
        self._where = ""  # "references" or "attribution" while inside them

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in ("ul", "ol"):
            if "references" in classes:
                self._where = "references"
            self._lists.append((tag, 0))
        elif tag == "li":
            self._flush()
            kind, count = self._lists[-1] if self._lists else ("ul", 0)
            if self._lists:
                self._lists[-1] = (kind, count + 1)
            self._prefix = f"{count + 1}. " if kind == "ol" else "- "
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self._prefix = "#" * max(2, int(tag[1])) + " "
        elif tag == "p":
            self._flush()
            if "attribution" in classes:
                self._where = "attribution"
            self._prefix = "> " if self._quote else ""
        elif tag == "blockquote":
            self._flush()
            self._quote = True
            self._prefix = "> "
        elif tag in ("strong", "b"):
            self._text.append("**")
        elif tag in ("em", "i"):
            self._text.append("*")
        elif tag == "code":
            self._text.append("`")
        elif tag == "a":
            self._links.append(attributes.get("href") or "")
            self._text.append("[")
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self._text.append("**")
        elif tag in ("em", "i"):
            self._text.append("*")
        elif tag == "code":
            self._text.append("`")
        elif tag == "a":
            href = self._links.pop() if self._links else ""
            self._text.append(f"]({href})" if href else "]")
        elif tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
            if self._where == "references":
                self._where = ""
        elif tag == "blockquote":
            self._flush()
            self._quote = False
        elif tag in _BLOCKS:
            self._flush()
            if tag == "p" and self._where == "attribution":
                self._where = ""

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        self._text = []
        if not text:
            return
        if self._where == "references":
            self.references.append(text)
        elif self._where == "attribution":
            self.attribution = text
        elif (
            self._prefix.startswith(("- ", "1", "2", "3", "4", "5", "6", "7", "8", "9"))
            and self.blocks
            and (self.blocks[-1].startswith(("- ", "1. ")) or re.match(r"^\d+\. ", self.blocks[-1].split("\n")[-1]))
        ):
            self.blocks[-1] += "\n" + self._prefix + text  # the next item of the same list
        else:
            self.blocks.append(self._prefix + text)
        self._prefix = "> " if self._quote else ""

    def result(self) -> str:
        self._flush()
        return "\n\n".join(self.blocks) + "\n" if self.blocks else ""


_BLOCK_START = re.compile(
    r"^\s*<(?:p|h[1-6]|ul|ol|li|dl|blockquote|div|table|figure|pre|hr|section|address|!--)[\s>/]", re.IGNORECASE
)


def autop(html: str) -> str:
    """Classic-editor content as WordPress shows it (its wpautop rule): text runs separated by a blank line
    are paragraphs, a single newline inside one is a line break; runs that start with a block element stay.

    >>> autop("First paragraph\\nsecond line.\\n\\n<h2>Heading</h2>\\n\\nLast one.")
    '<p>First paragraph<br>\\nsecond line.</p>\\n\\n<h2>Heading</h2>\\n\\n<p>Last one.</p>'
    """
    runs = [run for run in re.split(r"\n\s*\n", html.replace("\r\n", "\n")) if run.strip()]
    made = [run if _BLOCK_START.match(run) else "<p>" + run.strip().replace("\n", "<br>\n") + "</p>" for run in runs]
    return "\n\n".join(made)


def html_to_markdown(html: str) -> tuple[str, list[str], str | None]:
    """(Markdown body, references, attribution) of a post's HTML.

    >>> html_to_markdown('<h2>Plans</h2><p>See <a href="https://example.org">the <strong>report</strong></a>.</p>')
    ('## Plans\\n\\nSee [the **report**](https://example.org).\\n', [], None)
    """
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    return parser.result(), parser.references, parser.attribution


def _text(item: Any, path: str, ns: dict[str, str]) -> str:
    found = item.find(path, ns)
    return (found.text or "").strip() if found is not None else ""


DRAFTS = ("draft", "pending", "future")  # statuses of posts not yet published


def _slug(item: Any, ns: dict[str, str]) -> str | None:
    """The post's slug; a draft has none yet (WordPress makes it at publishing): one from the title, else
    ``post-<id>``.
    """
    given = _text(item, "wp:post_name", ns)
    if given:
        return given
    made = slug_from(item.findtext("title") or "")[:80].strip("-")
    post_id = _text(item, "wp:post_id", ns)
    return made or (f"post-{post_id}" if post_id.isdigit() else None)


def parse_wxr(path: Path, data: bytes, *, drafts: bool = False) -> tuple[list[ArticleSource], list[ImportProblem]]:
    """Published posts of a WXR file (its bytes, read by their declared encoding) as articles; with ``drafts``,
    unpublished ones too.
    """
    name = str(path)
    try:
        root = parse(data, name)
    except ImportFailed as failed:
        return [], failed.problems
    channel = root.find("channel")
    wp = _wxr_namespace(channel) if root.tag == "rss" and channel is not None else None
    if channel is None or wp is None:
        return [], [ImportProblem(name, "", N_("this XML file is not a WordPress export (WXR)"))]
    ns = {**NAMESPACES, "wp": wp, "excerpt": f"{wp}excerpt/"}
    language = (_text(channel, "language", ns) or "").split("-")[0].lower() or None
    authors = {
        _text(author, "wp:author_login", ns): _text(author, "wp:author_display_name", ns)
        for author in channel.findall("wp:author", ns)
    }
    sources: list[ArticleSource] = []
    problems: list[ImportProblem] = []
    for number, item in enumerate(channel.findall("item"), start=1):
        status = _text(item, "wp:status", ns)
        if _text(item, "wp:post_type", ns) != "post" or not (status == "publish" or (drafts and status in DRAFTS)):
            continue
        day = _text(item, "wp:post_date", ns)[:10]
        body, references, attribution = html_to_markdown(autop(_text(item, "content:encoded", ns)))
        login = _text(item, "dc:creator", ns)
        fields: dict[str, Any] = {
            "title": item.findtext("title") or "",
            "slug": _slug(item, ns),
            "lede": _text(item, "excerpt:encoded", ns) or None,
            "byline": authors.get(login, login) or None,
            "category": next((c.text for c in item.findall("category") if c.get("domain") == "category"), None),
            "tags": [c.text or "" for c in item.findall("category") if c.get("domain") == "post_tag"],
            "published_on": None if not day or day.startswith("0000") else day,  # a draft has no date
            "references": references,
            "attribution": attribution,
            "body": body,
        }
        if language:
            fields["language"] = language
        source, found = to_source(name, msg("post {number}", number=number), fields, None, None)
        problems.extend(found)
        if source is not None:
            sources.append(source)
    return sources, problems
