"""wordpress.xml: the edition as a WordPress eXtended RSS (WXR 1.2) file that WordPress's importer reads:
posts with title, content, excerpt, author, dates, slug, categories and tags. Deterministic like the rest
of the bundle: posts by slug with the article's id as post id, authors and terms in their names' order. Each
post's ``<item>`` depends on its article only, so a rebuild reuses the items of unchanged articles.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html import escape

from workflow.bundle.collect import EditionArticle
from workflow.slugs import slugify, url_path

NS = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}


def term_slug(name: str) -> str:
    """A category's or tag's slug as WordPress makes it (its ``sanitize_title``): lower case words joined by
    hyphens, other scripts percent-encoded UTF-8; a name with no letter or digit by a short hash.

    >>> term_slug("Community Life"), term_slug("محله"), term_slug("!!")
    ('community-life', '%d9%85%d8%ad%d9%84%d9%87', 'term-b4613f86')
    """
    made = slugify(name)
    if made:
        return url_path(made).lower()
    return "term-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def _rfc822(day: date) -> str:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[day.weekday()]}, {day.day:02d} {months[day.month - 1]} {day.year} 00:00:00 +0000"


def _x(text: str) -> str:
    """Text as XML character data (no character of it can start markup)."""
    return escape(text, quote=False)


def _a(text: str) -> str:
    return escape(text, quote=True)


_BY = re.compile(r"^\s*(?:by|nga|بقلم|به\s+قلم|به‌قلم|نوشتهٔ|نوشته‌ی|نوشته|از)\s*:?\s+", re.IGNORECASE)


def person(byline: str | None) -> str | None:
    """The person a byline names, without its "By" (in any edition's language).

    >>> [person(b) for b in ("By Omar Haddad", "بقلم كلارا هوجا", "نوشتهٔ مریم احمدی", "Nga Arben Krasniqi", "Staff")]
    ['Omar Haddad', 'كلارا هوجا', 'مریم احمدی', 'Arben Krasniqi', 'Staff']
    """
    if byline is None:
        return None
    return _BY.sub("", byline).strip() or byline


def author_login(name: str) -> str:
    """A WordPress login for a byline, the same in every build whatever other authors there are."""
    return "author-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def wxr_item(article: EditionArticle, *, site: str, url: str, html: str) -> str:
    """One post as a WXR ``<item>``: it depends on this article only, so unchanged articles keep theirs."""
    day = article.published_on or date(2000, 1, 1)
    lines = [
        "    <item>",
        f"      <title>{_x(article.title)}</title>",
        f"      <link>{_x(url)}</link>",
        f"      <pubDate>{_rfc822(day)}</pubDate>",
        f"      <dc:creator>{_x(author_login(article.byline or site))}</dc:creator>",
        f'      <guid isPermaLink="false">{_x(url)}</guid>',
        "      <description />",
        f"      <content:encoded>{_x(html)}</content:encoded>",
        f"      <excerpt:encoded>{_x(article.lede or '')}</excerpt:encoded>",
    ]
    for field, value in (
        ("post_id", str(article.article_id)),
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
        lines.append(f"      <wp:{field}>{_x(value)}</wp:{field}>")
    if article.category:
        nicename = _a(term_slug(article.category))
        lines.append(f'      <category domain="category" nicename="{nicename}">{_x(article.category)}</category>')
    for name in article.tags:
        lines.append(f'      <category domain="post_tag" nicename="{_a(term_slug(name))}">{_x(name)}</category>')
    lines.append("    </item>")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Channel:
    """What the file says once, before its posts: the site, its authors, categories and tags."""

    site: str
    language: str
    base_url: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]


def wxr_head(channel: Channel) -> str:
    """Everything before the first ``<item>``."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" ' + " ".join(f'xmlns:{p}="{uri}"' for p, uri in NS.items()) + ">",
        "  <channel>",
        f"    <title>{_x(channel.site)}</title>",
        f"    <link>{_x(channel.base_url)}</link>",
        "    <description />",
        f"    <language>{_x(channel.language)}</language>",
        "    <wp:wxr_version>1.2</wp:wxr_version>",
        f"    <wp:base_site_url>{_x(channel.base_url)}</wp:base_site_url>",
        f"    <wp:base_blog_url>{_x(channel.base_url)}</wp:base_blog_url>",
    ]
    for i, name in enumerate(sorted(channel.authors), start=1):
        lines += [
            "    <wp:author>",
            f"      <wp:author_id>{i}</wp:author_id>",
            f"      <wp:author_login>{_x(author_login(name))}</wp:author_login>",
            f"      <wp:author_display_name>{_x(person(name) or name)}</wp:author_display_name>",
            "    </wp:author>",
        ]
    categories = sorted(channel.categories)
    for i, name in enumerate(categories, start=1):
        lines += [
            "    <wp:category>",
            f"      <wp:term_id>{i}</wp:term_id>",
            f"      <wp:category_nicename>{_x(term_slug(name))}</wp:category_nicename>",
            "      <wp:category_parent />",
            f"      <wp:cat_name>{_x(name)}</wp:cat_name>",
            "    </wp:category>",
        ]
    for i, name in enumerate(sorted(channel.tags), start=len(categories) + 1):
        lines += [
            "    <wp:tag>",
            f"      <wp:term_id>{i}</wp:term_id>",
            f"      <wp:tag_slug>{_x(term_slug(name))}</wp:tag_slug>",
            f"      <wp:tag_name>{_x(name)}</wp:tag_name>",
            "    </wp:tag>",
        ]
    return "\n".join(lines) + "\n"


WXR_TAIL = "  </channel>\n</rss>\n"
