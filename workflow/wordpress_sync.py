"""WordPress, both ways, through its REST API: ``pull`` imports a site's new and changed posts as articles
(by modification time, from where the last pull stopped; all or nothing, as every import), and ``push``
creates or updates an edition's posts on its site (only what changed since the last push; a post edited in
WordPress since is reported, never written over). Authenticated with an Application Password.

Addresses use ``?rest_route=``, which every WordPress answers, with or without pretty permalinks.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from sqlmodel import select

from workflow import actions
from workflow.bundle.collect import collect
from workflow.bundle.render import EditionInfo, post_fields
from workflow.bundle.wxr import person, term_slug
from workflow.db import Database
from workflow.editions import list_editions
from workflow.errors import ImportFailed, ImportProblem, WorkflowError
from workflow.importers import import_sources, settle_language
from workflow.importers.fields import to_source
from workflow.importers.wordpress import fields_of_ours, post_html
from workflow.languages import language as language_of
from workflow.messages import N_, msg
from workflow.models import Article, WordPressPost, WordPressSite
from workflow.permissions import ActingUser, Role, load_actor, require_edition, require_role

__all__ = ["PullReport", "PushReport", "WordPressError", "pull", "push"]

PER_PAGE = 100
TIMEOUT = 60.0


class WordPressError(WorkflowError):
    """The site could not be reached, or refused what was asked: which call, its answer, what to check."""


@dataclass(frozen=True)
class Site:
    """A WordPress site's REST API, with an Application Password if given."""

    url: str
    user: str | None = None
    password: str | None = None

    def call(self, method: str, route: str, params: dict[str, Any] | None = None, body: Any = None) -> tuple[Any, Any]:
        """The JSON answer and headers of one call; WordPressError saying what went wrong."""
        query = urlencode({"rest_route": route, **(params or {})})
        request = urllib.request.Request(
            f"{self.url.rstrip('/')}/?{query}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Accept": "application/json", "User-Agent": "Dragoman/1"},
        )
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self.user:
            secret = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            request.add_header("Authorization", f"Basic {secret}")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # http and https only (checked)
                return json.loads(response.read() or b"null"), response.headers
        except urllib.error.HTTPError as error:
            try:
                said = json.loads(error.read()).get("message", "")
            except (ValueError, AttributeError):
                said = ""
            hint = " (check the user and its Application Password)" if error.code in (401, 403) else ""
            raise WordPressError(
                msg(
                    "{site}: {method} {route} answered {code} {said}{hint}",
                    site=self.url,
                    method=method,
                    route=route,
                    code=error.code,
                    said=html.unescape(said),
                    hint=hint,
                )
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise WordPressError(
                msg("{site} cannot be reached ({reason}); check --site", site=self.url, reason=reason)
            ) from None

    def every(self, route: str, params: dict[str, Any]) -> list[Any]:
        """Every item of a list, page by page."""
        found: list[Any] = []
        page = 1
        while True:
            items, headers = self.call("GET", route, {**params, "per_page": PER_PAGE, "page": page})
            found.extend(items or [])
            if page >= int(headers.get("X-WP-TotalPages") or 1):
                return found
            page += 1


def _site(url: str, user: str | None, password: str | None) -> Site:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise WordPressError(msg("{url} is not a site's address; give one such as https://news.example.org", url=url))
    return Site(url.rstrip("/"), user, password)


def _site_row(db: Database, url: str) -> WordPressSite:
    with db.write() as session:
        row = session.exec(select(WordPressSite).where(WordPressSite.url == url)).first()
        if row is None:
            row = WordPressSite(url=url)
            session.add(row)
            session.flush()
        session.refresh(row)
        session.expunge(row)
        return row


def _text(value: Any, raw: bool) -> str:
    """A field WordPress gives as ``{"raw", "rendered"}``: the raw text, or the rendered one unescaped."""
    if not isinstance(value, dict):
        return ""
    if raw and isinstance(value.get("raw"), str):
        return str(value["raw"])
    return html.unescape(re.sub(r"<[^>]+>", "", str(value.get("rendered") or ""))).strip()


@dataclass
class PullReport:
    """What a pull did: posts read, articles created, revised and unchanged, and until when it has read."""

    posts: int = 0
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pulled_through: datetime | None = None
    warnings: list[ImportProblem] = field(default_factory=list)


def _names(site: Site, route: str, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    items = site.every(route, {"include": ",".join(map(str, sorted(ids)))})
    return {int(item["id"]): item for item in items}


def _gmt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None


def pull(
    db: Database,
    actor: ActingUser,
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    language: str | None = None,
    drafts: bool = False,
) -> PullReport:
    """Import the site's posts modified since the last pull (all of them the first time), all or nothing.
    With an Application Password, posts come as written (block markup, hand-written excerpts) and ``drafts``
    brings drafts, pending and scheduled posts too.
    """
    with db.read() as session:
        require_role(load_actor(session, actor), Role.EDITOR, N_("import articles"))
    site = _site(url, user, password)
    row = _site_row(db, site.url)
    raw = bool(user)
    params: dict[str, Any] = {"orderby": "modified", "order": "asc", "context": "edit" if raw else "view"}
    if raw:
        params["status"] = "publish,future,draft,pending,private" if drafts else "publish"
    since = row.drafts_through if raw and drafts else row.pulled_through  # a pull of drafts reads its own way
    if since is not None:  # a day's margin for the site's time zone; exact times are compared below
        params["modified_after"] = (since - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    posts = [
        p
        for p in site.every("/wp/v2/posts", params)
        if since is None or (_gmt(p.get("modified_gmt")) or since) >= since
    ]
    report = PullReport(posts=len(posts), pulled_through=since)
    if not posts:
        return report
    authors = _names(site, "/wp/v2/users", {int(p["author"]) for p in posts if p.get("author")})
    categories = _names(site, "/wp/v2/categories", {int(c) for p in posts for c in p.get("categories", [])})
    tags = _names(site, "/wp/v2/tags", {int(t) for p in posts for t in p.get("tags", [])})
    media = _names(site, "/wp/v2/media", {int(p["featured_media"]) for p in posts if p.get("featured_media")})
    with db.read() as session:
        known = {
            m.post_id: a.slug
            for m, a in session.exec(
                select(WordPressPost, Article)
                .join(Article, Article.id == WordPressPost.article_id)  # type: ignore[arg-type]
                .where(WordPressPost.site_id == row.id, WordPressPost.direction == "pull")
            ).all()
        }
    sources: list[Any] = []
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    slugs: dict[int, str] = {}
    for post in posts:
        body, references, attribution = fields_of_ours(
            post_html(_text(post.get("content"), True)) if raw else str(post.get("content", {}).get("rendered", ""))
        )
        names = [categories[c]["name"] for c in post.get("categories", []) if c in categories]
        image = media.get(int(post.get("featured_media") or 0))
        fields: dict[str, Any] = {
            "title": _text(post.get("title"), raw),
            "slug": known.get(int(post["id"])) or unquote(str(post.get("slug") or "")) or f"post-{post['id']}",
            "lede": _text(post.get("excerpt"), True) or None if raw else None,
            "byline": authors.get(int(post.get("author") or 0), {}).get("name") or None,
            "category": html.unescape(names[0]) if names else None,
            "tags": [html.unescape(tags[t]["name"]) for t in post.get("tags", []) if t in tags],
            "published_on": (post.get("date_gmt") or post.get("date") or "")[:10] or None
            if post.get("status") in ("publish", "future", "private")
            else None,
            "references": references,
            "attribution": attribution,
            "body": body,
            "source_url": post.get("link") if re.match(r"^https?://\S+$", str(post.get("link") or "")) else None,
        }
        if image:
            fields["featured_image"] = {"url": image.get("source_url"), "alt": image.get("alt_text", "")}
        if language:
            fields["language"] = language
        where = msg("post {number}", number=post["id"])
        source, found = to_source(site.url, where, fields, None, None, body_format="html", untitled=True)
        problems.extend(found)
        if source is not None:
            settled, problem = settle_language(source, warnings, language)
            if problem:
                problems.append(problem)
            elif settled is not None:
                sources.append(settled)
                slugs[int(post["id"])] = settled.slug
    if problems:
        raise ImportFailed(problems)
    imported = import_sources(db, actor, sources, warnings=warnings)
    stamps = [stamp for p in posts if (stamp := _gmt(p.get("modified_gmt"))) is not None]
    newest = max(stamps, default=since)
    with db.write() as session:
        ids = {a.slug: a.id for a in session.exec(select(Article).where(Article.slug.in_(list(slugs.values())))).all()}  # type: ignore[attr-defined]
        for post_id, slug in slugs.items():
            mapped = session.exec(
                select(WordPressPost).where(WordPressPost.site_id == row.id, WordPressPost.post_id == post_id)
            ).first()
            if mapped is None and ids.get(slug) is not None:
                article = session.get(Article, ids[slug])
                session.add(
                    WordPressPost(
                        site_id=row.id or 0,
                        post_id=post_id,
                        article_id=ids[slug] or 0,
                        edition_code=article.source_language if article else "",
                        direction="pull",
                    )
                )
        stored = session.get(WordPressSite, row.id)
        if stored is not None and newest is not None:
            if raw and drafts:
                stored.drafts_through = newest
            stored.pulled_through = max(newest, stored.pulled_through or newest)  # drafts pulls read published too
            session.add(stored)
    report.created, report.revised, report.unchanged = imported.created, imported.revised, imported.unchanged
    report.pulled_through, report.warnings = newest, imported.warnings
    return report


@dataclass
class PushReport:
    """What a push did, by slug: posts created, updated, unchanged, and those edited in WordPress since the
    last push (left as they are); pieces marked published; warnings."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    published: int = 0
    warnings: list[str] = field(default_factory=list)


class _Terms:
    """A site's categories or tags by name, made when missing."""

    def __init__(self, site: Site, route: str) -> None:
        self.site, self.route = site, route
        self.ids = {html.unescape(t["name"]): int(t["id"]) for t in site.every(route, {"context": "view"})}

    def id(self, name: str) -> int:
        if name not in self.ids:
            made, _headers = self.site.call("POST", self.route, body={"name": name, "slug": term_slug(name)})
            self.ids[name] = int(made["id"])
        return self.ids[name]


def _media_id(site: Site, address: str, cache: dict[str, int | None]) -> int | None:
    """The site's media item with the same file as ``address`` (a featured image by reference), or None."""
    if address not in cache:
        name = address.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        items, _headers = site.call("GET", "/wp/v2/media", {"search": stem, "per_page": 20})
        cache[address] = next(
            (int(i["id"]) for i in items or [] if str(i.get("source_url", "")).rsplit("/", 1)[-1] == name), None
        )
    return cache[address]


def _state(post: dict[str, Any]) -> str:
    """A post as it stands in WordPress: its modification time and a digest of what a person edits there
    (times are to the second, so an edit within the second of a push still shows)."""
    edited = [post.get("modified_gmt"), post.get("status"), post.get("slug")]
    edited += [(post.get(name) or {}).get("raw") for name in ("title", "content", "excerpt")]
    digest = hashlib.sha256(json.dumps(edited, ensure_ascii=False).encode()).hexdigest()[:16]
    return f"{post.get('modified_gmt')}|{digest}"


def push(
    db: Database,
    actor: ActingUser,
    edition_code: str,
    url: str,
    *,
    user: str,
    password: str,
    draft: bool = False,
) -> PushReport:
    """Create or update the edition's posts on its WordPress site: title, content, excerpt, date, slug,
    category and tags (made when missing), author (the site's user of the byline's name, if any) and the
    featured image (the site's media item of the same file). Editors of the edition only; approved pieces
    pushed as published posts become published. Pushing again changes nothing.
    """
    with db.read() as session:
        require_edition(load_actor(session, actor), edition_code, N_("publish this edition"))
    edition = next((e for e in list_editions(db) if e.code == edition_code), None)
    if edition is None:
        raise WordPressError(msg("there is no edition {edition}", edition=edition_code))
    info = EditionInfo(
        edition.code, edition.name, language_of(edition.code).direction, edition.digit_style, edition.calendar
    )
    site = _site(url, user, password)
    row = _site_row(db, site.url)
    categories, tags = _Terms(site, "/wp/v2/categories"), _Terms(site, "/wp/v2/tags")
    people = {html.unescape(u["name"]): int(u["id"]) for u in site.every("/wp/v2/users", {"context": "view"})}
    images: dict[str, int | None] = {}
    report = PushReport()
    for article in collect(db, edition_code):
        fields = post_fields(article, info)
        payload: dict[str, Any] = {
            "title": fields.title,
            "content": fields.content,
            "excerpt": fields.excerpt,
            "slug": article.slug,
            "status": "draft" if draft else "publish",
            "categories": [categories.id(article.category)] if article.category else [],
            "tags": [tags.id(t) for t in article.tags],
        }
        if article.published_on is not None:
            payload["date_gmt"] = f"{article.published_on.isoformat()}T00:00:00"
        author = people.get(person(article.byline) or "")
        if author is not None:
            payload["author"] = author
        if fields.featured_image:
            found = _media_id(site, fields.featured_image, images)
            if found is None:
                report.warnings.append(f"{article.slug}: the featured image {fields.featured_image} is not on the site")
            else:
                payload["featured_media"] = found
        sent = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        with db.read() as session:
            mapped = session.exec(
                select(WordPressPost).where(
                    WordPressPost.site_id == row.id,
                    WordPressPost.article_id == article.article_id,
                    WordPressPost.edition_code == edition_code,
                    WordPressPost.direction == "push",
                )
            ).first()
        if mapped is not None and mapped.sent_hash == sent:
            report.unchanged.append(article.slug)
            continue
        post: Any = None
        if mapped is not None:
            try:
                current, _headers = site.call("GET", f"/wp/v2/posts/{mapped.post_id}", {"context": "edit"})
            except WordPressError as error:
                if " answered 404 " not in str(error):
                    raise
                current = None  # deleted in WordPress: made again
            if current is not None and _state(current) != mapped.remote_state:
                report.conflicts.append(article.slug)  # edited in WordPress since: theirs stays
                continue
            if current is not None:
                post, _headers = site.call("POST", f"/wp/v2/posts/{mapped.post_id}", body=payload)
                report.updated.append(article.slug)
        if post is None:
            post, _headers = site.call("POST", "/wp/v2/posts", body=payload)
            report.created.append(article.slug)
        with db.write() as session:
            if mapped is not None:
                stored = session.get(WordPressPost, mapped.id)
                if stored is not None:
                    session.delete(stored)
                    session.flush()
            session.add(
                WordPressPost(
                    site_id=row.id or 0,
                    post_id=int(post["id"]),
                    article_id=article.article_id,
                    edition_code=edition_code,
                    direction="push",
                    sent_hash=sent,
                    remote_state=_state(post),
                )
            )
        if not draft and article.piece_id is not None and article.status == "approved":
            actions.publish(db, actor, article.piece_id)
            report.published += 1
    return report
