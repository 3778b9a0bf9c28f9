"""wordpress.xml: the edition as a WordPress eXtended RSS (WXR 1.2) file that WordPress's importer reads:
posts with title, content, excerpt, author, dates, slug, categories and tags. Deterministic like the rest
of the bundle: ids follow the slugs' order, authors and terms their names' order.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import date

from workflow.bundle.collect import EditionArticle

NS = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def term_slug(name: str) -> str:
    """A URL-safe slug for a category or tag: Latin words as they are, other scripts by a short hash.

    >>> term_slug("Community Life"), term_slug("محله")
    ('community-life', 'term-f26168ce')
    """
    plain = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if plain and plain.isascii() and re.fullmatch(r"[a-z0-9-]+", plain) and name.isascii():
        return plain
    return "term-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _rfc822(day: date) -> str:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[day.weekday()]}, {day.day:02d} {months[day.month - 1]} {day.year} 00:00:00 +0000"


def wxr(
    articles: list[EditionArticle],
    *,
    site: str,
    language: str,
    base_url: str,
    url: dict[str, str],
    html: dict[str, str],
) -> bytes:
    """The WXR file; ``url`` and ``html`` give each slug's address and body HTML."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", site)
    _text(channel, "link", base_url)
    _text(channel, "description", "")
    _text(channel, "language", language)
    _text(channel, _q("wp", "wxr_version"), "1.2")
    _text(channel, _q("wp", "base_site_url"), base_url)
    _text(channel, _q("wp", "base_blog_url"), base_url)
    ordered = sorted(articles, key=lambda a: a.slug)
    authors = sorted({a.byline or site for a in ordered})
    logins = {name: f"author-{i}" for i, name in enumerate(authors, start=1)}
    for i, name in enumerate(authors, start=1):
        author = ET.SubElement(channel, _q("wp", "author"))
        _text(author, _q("wp", "author_id"), str(i))
        _text(author, _q("wp", "author_login"), logins[name])
        _text(author, _q("wp", "author_display_name"), name)
    categories = sorted({a.category for a in ordered if a.category})
    tags = sorted({t for a in ordered for t in a.tags})
    for i, name in enumerate(categories, start=1):
        category = ET.SubElement(channel, _q("wp", "category"))
        _text(category, _q("wp", "term_id"), str(i))
        _text(category, _q("wp", "category_nicename"), term_slug(name))
        _text(category, _q("wp", "category_parent"), "")
        _text(category, _q("wp", "cat_name"), name)
    for i, name in enumerate(tags, start=len(categories) + 1):
        term = ET.SubElement(channel, _q("wp", "tag"))
        _text(term, _q("wp", "term_id"), str(i))
        _text(term, _q("wp", "tag_slug"), term_slug(name))
        _text(term, _q("wp", "tag_name"), name)
    for post_id, article in enumerate(ordered, start=1):
        day = article.published_on or date(2000, 1, 1)
        item = ET.SubElement(channel, "item")
        _text(item, "title", article.title)
        _text(item, "link", url[article.slug])
        _text(item, "pubDate", _rfc822(day))
        _text(item, _q("dc", "creator"), logins[article.byline or site])
        ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = url[article.slug]
        _text(item, "description", "")
        _text(item, _q("content", "encoded"), html[article.slug])
        _text(item, _q("excerpt", "encoded"), article.lede or "")
        for field, value in (
            ("post_id", str(post_id)),
            ("post_date", f"{day.isoformat()} 00:00:00"),
            ("post_date_gmt", f"{day.isoformat()} 00:00:00"),
            ("comment_status", "closed"),
            ("ping_status", "closed"),
            ("post_name", article.slug),
            ("status", "publish"),
            ("post_parent", "0"),
            ("menu_order", "0"),
            ("post_type", "post"),
            ("post_password", ""),
            ("is_sticky", "0"),
        ):
            _text(item, _q("wp", field), value)
        if article.category:
            ET.SubElement(
                item, "category", {"domain": "category", "nicename": term_slug(article.category)}
            ).text = article.category
        for name in article.tags:
            ET.SubElement(item, "category", {"domain": "post_tag", "nicename": term_slug(name)}).text = name
    ET.indent(rss)
    content: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + content + b"\n"
