"""Rendering an edition bundle: pure, from collected articles to file contents (path → bytes).

Everything is deterministic (sorted keys, no clock): the same articles give the same bytes. HTML is built
from escaped text only; links keep http, https and mailto addresses and nothing else, so no content can
add markup, scripts or event handlers to a page.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any, Protocol

from babel.dates import format_date

from workflow.bundle.collect import EditionArticle
from workflow.bundle.markup import clean, inline_html, markdown_html, media
from workflow.bundle.parts import wxr_parts
from workflow.bundle.wxr import WXR_TAIL, Channel, person, wxr_head, wxr_item
from workflow.calendars import solar_hijri_long
from workflow.catalog_export import compile_mo
from workflow.characters import printable
from workflow.checks.text import convert_digits
from workflow.slugs import is_slug, url_path

SCHEMA_VERSION = 1
RENDERER = 6  # raise it when a change to rendering changes files: every article is rendered again
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")  # the names of catalogs


@dataclass(frozen=True)
class EditionInfo:
    """The edition a bundle is for, and how it shows numbers and dates."""

    code: str
    name: str
    direction: str
    digit_style: str
    calendar: str
    base_url: str = "https://www.example.org"  # where the editions' sites live: <base>/<code>/articles/<slug>.html

    def url(self, code: str, slug: str) -> str:
        return f"{self.base_url.rstrip('/')}/{code}/articles/{url_path(slug)}.html"


def reader_date(day: date | None, edition: EditionInfo) -> str | None:
    """A date as the edition's readers read it: Babel's long format in the edition's digits.

    >>> reader_date(date(2011, 12, 4), EditionInfo("fa", "فارسی", "rtl", "persian", "gregorian"))
    '۴ دسامبر ۲۰۱۱'
    >>> reader_date(date(2011, 12, 4), EditionInfo("fa", "فارسی", "rtl", "persian", "solar_hijri"))
    '۱۳ آذر ۱۳۹۰'
    >>> reader_date(date(2011, 12, 4), EditionInfo("ar", "العربية", "rtl", "arabic_indic", "gregorian"))
    '٤ ديسمبر ٢٠١١'
    >>> reader_date(date(2011, 12, 4), EditionInfo("sq", "Shqip", "ltr", "latin", "gregorian"))
    '4 dhjetor 2011'
    """
    if day is None:
        return None
    if edition.calendar == "solar_hijri":
        return solar_hijri_long(day, edition.digit_style)
    return convert_digits(format_date(day, format="long", locale=edition.code), edition.digit_style)


def _json(value: object, *, pretty: bool = False) -> bytes:
    """JSON as the bundle writes it: UTF-8, sorted keys; compact (C-encoded: an edition has many files),
    or indented for the manifest, which people read.
    """
    return (json.dumps(value, ensure_ascii=False, indent=2 if pretty else None, sort_keys=True) + "\n").encode()


Media = tuple[tuple[str, str, str | None], ...]  # (kind, address, alt text) of each medium


def _article_json(article: EditionArticle, edition: EditionInfo, media: Media) -> dict[str, object]:
    return {
        "slug": article.slug,
        "language": article.language,
        "direction": edition.direction,
        "source_language": article.source_language,
        "title": article.title,
        "lede": article.lede,
        "byline": article.byline,
        "category": article.category,
        "tags": list(article.tags),
        "date": article.published_on.isoformat() if article.published_on else None,
        "date_display": reader_date(article.published_on, edition),
        "source_url": article.source_url,
        "attribution": article.attribution,
        "references": list(article.references),
        "segments": [{"kind": kind, "text": text} for kind, text in article.segments],
        "body_format": "html" if article.body_format == "html" else "markdown",
        "meta": article.meta,
        "media": [{"kind": kind, "url": url, "alt": alt} for kind, url, alt in media],
        "featured_image": article.meta.get("featured_image"),
        "revision": article.revision,
        "update_pending": article.update_pending,
        "corrections": [{"date": on, "note": note} for on, note in article.corrections],
    }


def _markdown(article: EditionArticle) -> str:
    in_body = bool(article.meta.get("title_heading"))  # the site's title is the body's first heading
    front = {
        "slug": article.slug,
        "language": article.language,
        "title": None if in_body else article.title,
        "lede": article.lede,
        "byline": article.byline,
        "category": article.category,
        "tags": list(article.tags),
        "date": article.published_on.isoformat() if article.published_on else None,
        "references": list(article.references),
        "corrections": [{"date": on, "note": note} for on, note in article.corrections],
    }
    lines = ["---"]
    for key, value in front.items():
        if value in (None, [], ""):
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")  # JSON values are valid YAML
    for key, value in sorted(article.meta.items()):  # the site's own fields, as it wrote them
        if key not in front and key != "title_heading":
            lines.append(f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    body = f"# {article.title}\n\n{article.body.lstrip()}" if in_body else article.body
    return "\n".join(lines) + "\n" + body.rstrip("\n") + "\n"


def inline(text: str) -> str:
    """One line of Markdown (a title, a lede, a reference) as clean inline HTML.

    >>> inline('<b onclick="x()">[a](javascript:alert(1)) and [b](https://example.org/?q=1&r=2)</b>')
    '<b>[a](javascript:alert(1)) and <a href="https://example.org/?q=1&amp;r=2">b</a></b>'
    """
    return inline_html(text)


def body_html(body: str, body_format: str = "markdown", *, comments: bool = False) -> str:
    """The body as clean HTML blocks: CommonMark and GFM through markdown-it-py, or the post's own HTML
    (with ``comments``, its WordPress block comments kept, for wordpress.xml).
    """
    if body_format == "html":
        return clean(body, comments=comments).strip()
    return markdown_html(body).strip()


def _page(article: EditionArticle, edition: EditionInfo, post: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(edition.code)}" dir="{e(edition.direction)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src https: http: data:; media-src https: http:">',
        f"<title>{e(article.title or article.slug)}</title>",  # an untitled post: its slug
        "<style>body{max-width:42rem;margin:2rem auto;padding:0 1rem;font-family:system-ui,sans-serif;"
        "line-height:1.6;unicode-bidi:plaintext}</style>",
        "</head>",
        "<body>",
        "<article>",
    ]
    if article.title:
        parts.append(f"<h1>{inline(article.title)}</h1>")
    if article.lede:
        parts.append(f'<p class="lede">{inline(article.lede)}</p>')
    meta = [x for x in (article.byline, reader_date(article.published_on, edition), article.category) if x]
    if meta:
        parts.append(f'<p class="meta">{" · ".join(e(x) for x in meta)}</p>')
    parts.append(post)
    parts += ["</article>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


@dataclass(frozen=True)
class ArticleRecord:
    """What the bundle's shared files need of one article, kept between builds: the index, feed, sitemap
    and WordPress entries, and the SHA-256 of its own files.
    """

    slug: str
    title: str
    published_on: date | None
    category: str | None
    lede: str | None
    byline: str | None
    tags: tuple[str, ...]
    hashes: dict[str, str]
    wxr_item: str = ""
    media: tuple[tuple[str, str, str | None], ...] = ()  # (kind, address, alt text) of each image, sound, video
    update_pending: bool = False  # a translation whose source has changed since it was approved


SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap_entry(edition: EditionInfo, slug: str, published_on: date | None, codes: list[str]) -> str:
    """One article's ``<url>`` in sitemap.xml: an hreflang alternate for each edition in ``codes`` (the
    editions that have the article, its own language first, which is also x-default), ending in a newline.
    """
    base = html.escape(edition.base_url.rstrip("/"))
    page = f"/articles/{html.escape(url_path(slug))}.html"  # each address is the edition's and this
    lines = ["  <url>", f"    <loc>{base}/{html.escape(edition.code)}{page}</loc>"]
    if published_on:
        lines.append(f"    <lastmod>{published_on.isoformat()}</lastmod>")
    codes = codes or [edition.code]
    for code in codes:
        lines.append(f'    <xhtml:link rel="alternate" hreflang="{code}" href="{base}/{html.escape(code)}{page}"/>')
    lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href="{base}/{html.escape(codes[0])}{page}"/>')
    lines.append("  </url>\n")
    return "\n".join(lines)


def sitemap_file(entries: Iterable[str]) -> bytes:
    """sitemap.xml from its entries (see :func:`sitemap_entry`), in slug order."""
    return (SITEMAP_HEAD + "".join(entries) + "</urlset>\n").encode("utf-8")


def _sitemap(edition: EditionInfo, records: list[ArticleRecord], others: dict[str, list[str]]) -> bytes:
    """sitemap.xml with an hreflang alternate for each edition that has the article too, and x-default for
    the edition it was written for.
    """
    return sitemap_file(
        sitemap_entry(edition, r.slug, r.published_on, others.get(r.slug, []))
        for r in sorted(records, key=lambda r: r.slug)
    )


def index_entry(slug: str, title: str, published_on: date | None) -> str:
    """One article in index.json's ``by_date`` list (JSON)."""
    day = published_on.isoformat() if published_on else None
    return json.dumps({"date": day, "slug": slug, "title": title}, ensure_ascii=False, sort_keys=True)


def index_file(categories: Mapping[str, list[str]], by_date: Iterable[str]) -> bytes:
    """index.json: the slugs of each category, and every article newest first (entries of :func:`index_entry`);
    the bytes of ``_json`` of the same value.
    """
    grouped = json.dumps(categories, ensure_ascii=False, sort_keys=True)
    return f'{{"by_category": {grouped}, "by_date": [{", ".join(by_date)}]}}\n'.encode()


def _newest_first(records: list[ArticleRecord]) -> list[ArticleRecord]:
    return sorted(records, key=lambda r: (r.published_on or date.min, r.slug), reverse=True)


FEED_ENTRIES = 50  # the newest articles feed.atom lists


def feed_file(edition: EditionInfo, records: list[ArticleRecord]) -> bytes:
    """feed.atom: the newest articles first; its time is the newest article's date, never the clock."""
    dated = _newest_first(records)[:FEED_ENTRIES]
    newest = next((r.published_on for r in dated if r.published_on), date(2000, 1, 1))
    e = html.escape
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{e(edition.code)}">',
        f"  <title>{e(edition.name)}</title>",
        f"  <id>{e(edition.base_url.rstrip('/'))}/{e(edition.code)}/</id>",
        f'  <link rel="alternate" href="{e(edition.base_url.rstrip("/"))}/{e(edition.code)}/"/>',
        f'  <link rel="self" href="{e(edition.base_url.rstrip("/"))}/{e(edition.code)}/feed.atom"/>',
        f"  <updated>{newest.isoformat()}T00:00:00Z</updated>",
    ]
    for record in dated:
        url = e(edition.url(edition.code, record.slug))
        day = (record.published_on or newest).isoformat()
        lines += [
            "  <entry>",
            f"    <title>{e(record.title)}</title>",
            f"    <id>{url}</id>",
            f'    <link rel="alternate" href="{url}"/>',
            f"    <updated>{day}T00:00:00Z</updated>",
            f"    <author><name>{e(person(record.byline) or edition.name)}</name></author>",
        ]
        if record.lede:
            lines.append(f"    <summary>{e(record.lede)}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _post_html(article: EditionArticle, edition: EditionInfo, *, comments: bool = False) -> str:
    """The body of a WordPress post: the article's blocks, references, attribution and corrections as HTML
    (``comments``: with the block editor's comments, which WordPress reads as its blocks).
    """
    parts = [body_html(article.body, article.body_format, comments=comments)]
    if article.references:
        parts.append('<ol class="references">' + "".join(f"<li>{inline(r)}</li>" for r in article.references) + "</ol>")
    if article.attribution:
        parts.append(f'<p class="attribution">{inline(article.attribution)}</p>')
    if article.corrections:
        e = html.escape
        notes = "".join(
            f'<p class="correction"><time datetime="{e(on)}">{e(reader_date(date.fromisoformat(on), edition) or on)}'
            f"</time> {inline(note)}</p>"
            for on, note in article.corrections
        )
        parts.append(f'<aside class="corrections">{notes}</aside>')
    return "\n".join(parts)


def _printable(article: EditionArticle) -> EditionArticle:
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return printable(value)
        if isinstance(value, tuple):
            return tuple(clean(item) for item in value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        return value

    return replace(article, **{f.name: clean(getattr(article, f.name)) for f in fields(article)})


def _media(article: EditionArticle, post: str) -> Media:
    """(kind, address, alt text) of every medium of the article: a WordPress post's featured image first."""
    featured = article.meta.get("featured_image")
    first: Media = ()
    if isinstance(featured, dict) and isinstance(featured.get("url"), str):
        first = (("featured", featured["url"], featured.get("alt") or None),)
    return first + tuple((item.kind, item.url, item.alt) for item in media(post))


def article_files(article: EditionArticle, edition: EditionInfo) -> tuple[dict[str, bytes], ArticleRecord]:
    """One article's own files (JSON, Markdown, HTML) and its record for the shared files; any stored text
    gives well-formed files (characters XML forbids become U+FFFD).
    """
    if not is_slug(article.slug):
        raise ValueError(f"{article.slug!r} is not a safe slug for a file name")
    article = _printable(article)
    post = _post_html(article, edition)
    found = _media(article, post)
    files = {
        f"articles/{article.slug}.json": _json(_article_json(article, edition, found)),
        f"articles/{article.slug}.md": _markdown(article).encode("utf-8"),
        f"articles/{article.slug}.html": _page(article, edition, post).encode("utf-8"),
    }
    record = ArticleRecord(
        slug=article.slug,
        title=article.title,
        published_on=article.published_on,
        category=article.category,
        lede=article.lede,
        byline=article.byline,
        tags=article.tags,
        hashes={path: hashlib.sha256(data).hexdigest() for path, data in files.items()},
        wxr_item=wxr_item(
            article,
            site=edition.name,
            url=edition.url(edition.code, article.slug),
            html=_post_html(article, edition, comments=True) if article.body_format == "html" else post,
        ),
        media=found,
        update_pending=article.update_pending,
    )
    return files, record


def catalog_files(edition: EditionInfo, catalogs: dict[str, str]) -> dict[str, bytes]:
    """The site's interface strings: ``locale/<lang>/LC_MESSAGES/<name>.po`` and the ``.mo`` compiled from it."""
    files: dict[str, bytes] = {}
    for name, po in sorted(catalogs.items()):
        if not SLUG.match(name.replace("_", "-")):
            raise ValueError(f"{name!r} is not a safe catalog name for a file name")
        folder = f"locale/{edition.code}/LC_MESSAGES"
        files[f"{folder}/{name}.po"] = po.encode("utf-8")
        files[f"{folder}/{name}.mo"] = compile_mo(po, edition.code)
    return files


def shared_files(edition: EditionInfo, records: list[ArticleRecord], others: dict[str, list[str]]) -> dict[str, bytes]:
    """index.json, sitemap.xml and feed.atom, from every article's record."""
    categories: dict[str, list[str]] = {}
    for record in sorted(records, key=lambda r: r.slug):
        categories.setdefault(record.category or "", []).append(record.slug)
    by_date = (index_entry(r.slug, r.title, r.published_on) for r in _newest_first(records))
    files = {"index.json": index_file(categories, by_date), "feed.atom": feed_file(edition, records)}
    if records:  # a sitemap lists at least one page: an edition with none has no sitemap
        files["sitemap.xml"] = _sitemap(edition, records, others)
    return files


class Posted(Protocol):
    """What the head of wordpress.xml needs of a post (an :class:`ArticleRecord`, or less)."""

    @property
    def byline(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def tags(self) -> tuple[str, ...]: ...


def channel(edition: EditionInfo, records: Sequence[Posted]) -> Channel:
    """The head of wordpress.xml: the site, and every author, category and tag of its posts."""
    return Channel(
        edition.name,
        edition.code,
        edition.base_url,
        tuple(sorted({r.byline or edition.name for r in records})),
        tuple(sorted({r.category for r in records if r.category})),
        tuple(sorted({t for r in records for t in r.tags})),
    )


_PLAIN = re.compile(r"^[A-Za-z0-9_./-]+$")


def _quoted(path: str) -> str:
    """A path as a JSON string (our paths are plain: the quick way is the same as json.dumps)."""
    return f'"{path}"' if _PLAIN.match(path) else json.dumps(path, ensure_ascii=False)


def manifest(
    edition: EditionInfo,
    hashes: dict[str, str],
    articles: int,
    catalogs: int,
    media: Iterable[tuple[str, Media]] = (),
    pending: Iterable[str] = (),
    wordpress: Mapping[str, int] | None = None,
) -> bytes:
    """manifest.json: the SHA-256 of every other file (one per line), a build id derived from them, every
    image, sound and video the articles refer to (by address, with its alt text in the edition's language),
    the articles whose translation is behind their source (``pending``), and the parts of wordpress.xml
    with how many posts each holds (``wordpress``, in the order to import them). ``media`` is each article's
    slug and media, in slug order.
    """
    ordered = sorted(hashes.items())
    build = hashlib.sha256("".join(f"{p}\0{h}\n" for p, h in ordered).encode()).hexdigest()[:16]
    head = {
        "build_id": build,
        "counts": {"articles": articles, "catalogs": catalogs},
        "direction": edition.direction,
        "edition": edition.code,
    }
    tail = {"language": edition.code, "schema_version": SCHEMA_VERSION}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "files": {')
    if _PLAIN.match("/".join(hashes)):  # every path plain: each quoted as it is
        entries = [f'    "{path}": "{digest}"' for path, digest in ordered]
    else:
        entries = [f'    {_quoted(path)}: "{digest}"' for path, digest in ordered]
    lines.append(",\n".join(entries))
    lines.append("  },")
    found = [
        json.dumps({"alt": alt, "article": slug, "kind": kind, "url": url}, ensure_ascii=False, sort_keys=True)
        for slug, items in media
        for kind, url, alt in items
    ]
    lines.append('  "media": [' + ("" if found else "],"))
    if found:
        lines.append(",\n".join(f"    {item}" for item in found))
        lines.append("  ],")
    pending = sorted(pending)
    lines.append(f'  "update_pending": {json.dumps(pending)},')
    parts = [{"file": name, "posts": count} for name, count in sorted((wordpress or {}).items())]
    lines.append(f'  "wordpress": {json.dumps(parts)},')
    lines.append(",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in tail.items()))
    lines.append("}")
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def render(
    edition: EditionInfo,
    articles: list[EditionArticle],
    others: dict[str, list[str]] | None = None,
    catalogs: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """Every file of a bundle in memory, the manifest last (builds produce the same bytes, article by
    article and with the shared files streamed; see :func:`workflow.bundle.build`).
    """
    files: dict[str, bytes] = {}
    records = []
    for article in sorted(articles, key=lambda a: a.slug):
        own, record = article_files(article, edition)
        files.update(own)
        records.append(record)
    files.update(catalog_files(edition, catalogs or {}))
    files.update(shared_files(edition, records, others or {}))
    parts = wxr_parts(
        records, lambda r: len(r.wxr_item.encode("utf-8")), lambda posts: wxr_head(channel(edition, posts))
    )
    for name, posts in parts.items():
        items = "".join(r.wxr_item for r in posts)
        files[name] = (wxr_head(channel(edition, posts)) + items + WXR_TAIL).encode("utf-8")
    hashes = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    counts = {name: len(posts) for name, posts in parts.items()}
    media = [(r.slug, r.media) for r in records]
    pending = [r.slug for r in records if r.update_pending]
    files["manifest.json"] = manifest(edition, hashes, len(articles), len(catalogs or {}), media, pending, counts)
    return files


@dataclass(frozen=True)
class PostFields:
    """An article as a WordPress post of its edition: what ``dragoman wordpress push`` sends."""

    title: str
    content: str
    excerpt: str
    featured_image: str | None  # the address of the source's featured image, if any


def post_fields(article: EditionArticle, edition: EditionInfo) -> PostFields:
    """The post's title, content (the block editor's markup kept), excerpt and featured image, as the
    edition's bundle writes them in wordpress.xml."""
    article = _printable(article)
    content = _post_html(article, edition, comments=article.body_format == "html")
    featured = article.meta.get("featured_image")
    image = featured.get("url") if isinstance(featured, dict) and isinstance(featured.get("url"), str) else None
    return PostFields(article.title, content, article.lede or "", image)
