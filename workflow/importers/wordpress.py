"""WordPress eXtended RSS (WXR) files: published posts become articles, their HTML kept as HTML.

A post's content is read as WordPress shows it: classic-editor text through its paragraph rule (wpautop),
``[caption]`` shortcodes as figures with their captions; block-editor content (``<!-- wp:… -->``) as it
is. It is stored as HTML (:mod:`workflow.htmlbody` segments it, inline tags as placeables). Drafts are
left out unless asked for (then pending and scheduled posts come too); pages and attachments (media, not
text) always are. The file is read with :mod:`workflow.xmlsafe` (no entity is
expanded, nothing outside the file is read); each post goes through the same field checks as Markdown
and JSON imports, so a bad post is named with its number and nothing is imported.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from workflow.errors import ImportFailed, ImportProblem
from workflow.htmlbody import parse_body
from workflow.importers.autop import autop
from workflow.importers.fields import to_source
from workflow.messages import N_, msg
from workflow.revisions import ArticleSource
from workflow.slugs import slugify
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
        if found and re.match(r"^\d+\.\d+$", (child.text or "").strip()):
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


def html_to_markdown(html: str) -> tuple[str, list[str], str | None]:
    """(Markdown body, references, attribution) of a post's HTML.

    >>> html_to_markdown('<h2>Plans</h2><p>See <a href="https://example.org">the <strong>report</strong></a>.</p>')
    ('## Plans\\n\\nSee [the **report**](https://example.org).\\n', [], None)
    """
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    return parser.result(), parser.references, parser.attribution


_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_CAPTION_IMAGE = re.compile(r"^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_SHORTCODE_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def captions(content: str) -> str:
    """``[caption]`` shortcodes as the figures WordPress makes of them: the image, then a figcaption.

    >>> captions('[caption id="attachment_6" align="alignright" width="300"]<img src="a.jpg" alt="A"> A cat.[/caption]')
    '<figure id="attachment_6" class="wp-caption alignright"><img src="a.jpg" alt="A"><figcaption \
class="wp-caption-text">A cat.</figcaption></figure>'
    """

    def figure(match: re.Match[str]) -> str:
        attributes = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _SHORTCODE_ATTRIBUTE.finditer(match.group(1))
        }
        image = _CAPTION_IMAGE.match(match.group(2))
        if image is None:
            return match.group(0)  # not a caption WordPress would show: left as it is
        caption = attributes.get("caption") or image.group(2).strip()
        ident = f' id="{html.escape(attributes["id"], quote=True)}"' if attributes.get("id") else ""
        align = html.escape(attributes.get("align", "alignnone"), quote=True)
        text = f'<figcaption class="wp-caption-text">{caption}</figcaption>' if caption else ""
        return f'<figure{ident} class="wp-caption {align}">{image.group(1).strip()}{text}</figure>'

    return _CAPTION.sub(figure, content)


def post_html(content: str) -> str:
    """A post's content as the HTML WordPress shows: captions as figures; classic-editor text through the
    paragraph rule (block-editor content has its own paragraphs).
    """
    content = captions(content.replace("\r\n", "\n"))
    return content if "<!-- wp:" in content else autop(content)


def fields_of_ours(body: str) -> tuple[str, list[str], str | None]:
    """The body without the references list and attribution Dragoman's own WordPress files add to a post,
    and those two as fields.
    """
    root = parse_body(body)
    found = root.css("ol.references, p.attribution") if root is not None else []
    if not found:
        return body, [], None
    _markdown, references, attribution = html_to_markdown("".join(node.html or "" for node in found))
    for node in found:
        node.decompose()
    return (root.inner_html or "").strip() if root is not None else body, references, attribution


def _text(item: Any, path: str, ns: dict[str, str]) -> str:
    found = item.find(path, ns)
    return (found.text or "").strip() if found is not None else ""


DRAFTS = ("draft", "pending", "future")  # statuses of posts not yet published


def _postmeta(item: Any, ns: dict[str, str]) -> dict[str, str]:
    return {_text(m, "wp:meta_key", ns): _text(m, "wp:meta_value", ns) for m in item.findall("wp:postmeta", ns)}


def _attachments(channel: Any, ns: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every attachment of the export by its post id: its address and alt text."""
    found = {}
    for item in channel.findall("item"):
        if _text(item, "wp:post_type", ns) == "attachment":
            url = _text(item, "wp:attachment_url", ns)
            if url:
                alt = _postmeta(item, ns).get("_wp_attachment_image_alt", "")
                found[_text(item, "wp:post_id", ns)] = {"url": url, "alt": alt}
    return found


def _wordpress_meta(item: Any, ns: dict[str, str], media: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What WordPress keeps of a post beyond its text, as the site's own fields: the featured image (with its
    alt text) and the slugs (nicenames) of its category and tags.
    """
    fields: dict[str, Any] = {}
    featured = media.get(_postmeta(item, ns).get("_thumbnail_id", ""))
    if featured:
        fields["featured_image"] = featured
    terms = {c.text or "": c.get("nicename") for c in item.findall("category") if c.get("nicename")}
    if terms:
        fields["term_slugs"] = terms
    return fields


def _slug(item: Any, ns: dict[str, str]) -> str | None:
    """The post's slug; a draft has none yet (WordPress makes it at publishing): one from the title, else
    ``post-<id>``.
    """
    given = slugify(_text(item, "wp:post_name", ns))
    if given:
        return given
    made = slugify(item.findtext("title") or "")[:80].strip("-")
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
        return [], [
            ImportProblem(
                name,
                "",
                N_("this XML file is not a WordPress export (WXR): it has no valid wp:wxr_version, such as 1.2"),
            )
        ]
    ns = {**NAMESPACES, "wp": wp, "excerpt": f"{wp}excerpt/"}
    language = (_text(channel, "language", ns) or "").split("-")[0].lower() or None
    authors = {
        _text(author, "wp:author_login", ns): _text(author, "wp:author_display_name", ns)
        for author in channel.findall("wp:author", ns)
    }
    sources: list[ArticleSource] = []
    problems: list[ImportProblem] = []
    taken: set[str] = set()
    media = _attachments(channel, ns)
    for number, item in enumerate(channel.findall("item"), start=1):
        status = _text(item, "wp:status", ns)
        if _text(item, "wp:post_type", ns) != "post" or not (status == "publish" or (drafts and status in DRAFTS)):
            continue
        day = _text(item, "wp:post_date", ns)[:10]
        body, references, attribution = fields_of_ours(post_html(_text(item, "content:encoded", ns)))
        link = (item.findtext("link") or "").strip()
        login = _text(item, "dc:creator", ns)
        slug = _slug(item, ns)
        if slug in taken:  # two posts of one name: the second gets "-2", as WordPress makes it unique
            slug = next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}" not in taken)
        if slug:
            taken.add(slug)
        fields: dict[str, Any] = {
            "title": item.findtext("title") or "",
            "slug": slug,
            "lede": _text(item, "excerpt:encoded", ns) or None,
            "byline": authors.get(login, login) or None,
            "category": next((c.text for c in item.findall("category") if c.get("domain") == "category"), None),
            "tags": [c.text or "" for c in item.findall("category") if c.get("domain") == "post_tag"],
            "published_on": None if not day or day.startswith("0000") else day,  # a draft has no date
            "references": references,
            "attribution": attribution,
            "body": body,
            "source_url": link if re.match(r"^https?://\S+$", link) else None,
        }
        if language:
            fields["language"] = language
        fields.update(_wordpress_meta(item, ns, media))
        where = msg("post {number}", number=number)
        source, found = to_source(name, where, fields, None, None, body_format="html", untitled=True)
        problems.extend(found)
        if source is not None:
            sources.append(source)
    return sources, problems
