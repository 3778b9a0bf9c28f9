"""What a bundle build keeps for the next one, beside the bundle (``.<name>.render-cache.sqlite``): each
article's key and record (with its index and sitemap entries, its WordPress item and the part of
wordpress.xml it is in), the SHA-256 of its files, and each part's key and head, so that a rebuild renders
only the articles whose key changed and writes again only the shared files they change.

The cache names the build it belongs to; when that is not the build in the folder (a failed or foreign
build, a changed edition or renderer), the next build starts from nothing. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from workflow.bundle.render import ArticleRecord, EditionInfo, Media, index_entry, sitemap_entry

FORMAT = 5  # the cache file's layout: a file of another layout is emptied and made again
SCHEMA = """
DROP TABLE IF EXISTS build;
DROP TABLE IF EXISTS article;
DROP TABLE IF EXISTS wxr_part;
DROP TABLE IF EXISTS file;
CREATE TABLE build (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE wxr_part (name TEXT PRIMARY KEY, key TEXT NOT NULL, sha256 TEXT NOT NULL, head TEXT NOT NULL);
CREATE TABLE article (
    slug TEXT PRIMARY KEY, key TEXT NOT NULL, title TEXT NOT NULL, published_on TEXT, category TEXT,
    lede TEXT, byline TEXT, tags TEXT NOT NULL, wxr_item BLOB NOT NULL, media TEXT NOT NULL,
    update_pending INTEGER NOT NULL, wxr_size INTEGER NOT NULL, index_entry TEXT NOT NULL,
    alternates TEXT NOT NULL, sitemap TEXT NOT NULL,  -- the editions that have it, and its sitemap entry
    part TEXT  -- the part of wordpress.xml it was in at the last build
);
CREATE INDEX article_part ON article (part, slug);
CREATE INDEX article_pending ON article (slug) WHERE update_pending;
CREATE INDEX article_media ON article (slug) WHERE media <> '[]';
CREATE TABLE file (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL) WITHOUT ROWID;  -- the articles' own files
"""


COLUMNS = (  # the article table's columns that a record fills, in order
    *("slug", "key", "title", "published_on", "category", "lede", "byline", "tags", "wxr_item"),
    *("media", "update_pending", "wxr_size", "index_entry", "alternates", "sitemap"),
)
SEPARATOR = "\x1f"  # between tags (a control character no tag holds)
SUFFIXES = ("json", "md", "html")  # an article's own files: articles/<slug>.<suffix>


class PartPost(NamedTuple):
    """An article as a part of wordpress.xml needs it: its author, category and tags, and its item's size."""

    slug: str
    byline: str | None
    category: str | None
    tags: tuple[str, ...]
    size: int


class KeptPart(NamedTuple):
    """A part of wordpress.xml as written: what its bytes depend on (see ``parts.part_key``), its SHA-256 and
    its head."""

    key: str
    sha256: str
    head: str


def cache_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.render-cache.sqlite")


class RenderCache:
    """Article records of the bundle in ``out``, changed inside one transaction committed with the build."""

    def __init__(self, out: Path) -> None:
        self.path = cache_path(out)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = self._open()
        except sqlite3.DatabaseError:  # a damaged cache is only a lost shortcut
            self.path.unlink(missing_ok=True)
            self.connection = self._open()
        self.listing_changed = False  # index.json's entries: an article added, removed, retitled, redated, moved
        self.sitemap_changed = False  # the sitemap's: an article added, removed, redated, or in other editions
        self.members_changed = False  # an article added or removed
        self.heads_changed = False  # a part's head: an article added, removed, or with a new author, category, tag
        self.stored: list[str] = []  # the articles whose records this build stored

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level="DEFERRED")
        connection.execute("PRAGMA journal_mode=WAL")  # commits without a sync each: the bundle is the record
        connection.execute("PRAGMA synchronous=NORMAL")
        if connection.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
            connection.executescript(SCHEMA)
            connection.execute(f"PRAGMA user_version={FORMAT}")
        return connection

    def close(self) -> None:
        self.connection.rollback()
        self.connection.close()

    def _get(self, name: str) -> str | None:
        row = self.connection.execute("SELECT value FROM build WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def matches(self, settings: str, build_id: str | None) -> bool:
        """Whether the cache belongs to the bundle now in the folder, rendered with the same settings."""
        return build_id is not None and self._get("settings") == settings and self._get("build_id") == build_id

    def reset(self) -> None:
        self.connection.execute("DELETE FROM article")
        self.connection.execute("DELETE FROM build")
        self.connection.execute("DELETE FROM wxr_part")
        self.connection.execute("DELETE FROM file")
        self.listing_changed = self.sitemap_changed = self.members_changed = self.heads_changed = True

    def keys(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT slug, key FROM article").fetchall())

    def put(
        self, edition: EditionInfo, others: Mapping[str, list[str]], stored: Iterable[tuple[str, ArticleRecord]]
    ) -> None:
        """Keep the records of some articles, each with its key and its sitemap entry (made with the editions
        that have it, ``others``: see :func:`~workflow.bundle.collect.alternates`)."""
        rows = []
        files: list[tuple[str, str]] = []
        for key, record in stored:
            item = record.wxr_item.encode("utf-8")
            day = record.published_on.isoformat() if record.published_on else None
            codes = others.get(record.slug, [])
            alternates = " ".join(codes)
            self.stored.append(record.slug)
            tags = SEPARATOR.join(record.tags)
            if not (self.listing_changed and self.sitemap_changed and self.members_changed and self.heads_changed):
                old = self.connection.execute(
                    "SELECT title, published_on, category, alternates, byline, tags FROM article WHERE slug = ?",
                    (record.slug,),
                ).fetchone()
                if old is None:
                    self.listing_changed = self.sitemap_changed = self.members_changed = self.heads_changed = True
                else:
                    title, published, category, kept_codes, byline, kept_tags = old
                    self.listing_changed |= (title, published, category) != (record.title, day, record.category)
                    self.sitemap_changed |= (published, kept_codes) != (day, alternates)
                    self.heads_changed |= (category, byline, kept_tags) != (record.category, record.byline, tags)
            rows.append(
                (
                    record.slug,
                    key,
                    record.title,
                    day,
                    record.category,
                    record.lede,
                    record.byline,
                    tags,
                    item,
                    json.dumps(record.media, ensure_ascii=False),
                    record.update_pending,
                    len(item),
                    index_entry(record.slug, record.title, record.published_on),
                    alternates,
                    sitemap_entry(edition, record.slug, record.published_on, codes),
                )
            )
            files += record.hashes.items()
        self.connection.executemany(
            f"INSERT INTO article VALUES ({', '.join('?' * len(COLUMNS))}, NULL)"
            f" ON CONFLICT (slug) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in COLUMNS[1:])}",
            rows,
        )
        self.connection.executemany("INSERT OR REPLACE INTO file VALUES (?, ?)", files)

    def delete(self, slugs: Iterable[str]) -> None:
        slugs = list(slugs)
        deleted = self.connection.executemany("DELETE FROM article WHERE slug = ?", [(slug,) for slug in slugs])
        self.connection.executemany(
            "DELETE FROM file WHERE path = ?", [(f"articles/{slug}.{suffix}",) for slug in slugs for suffix in SUFFIXES]
        )
        if deleted.rowcount > 0:
            self.listing_changed = self.sitemap_changed = self.members_changed = self.heads_changed = True

    def count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM article").fetchone()[0])

    def hashes(self) -> dict[str, str]:
        """The SHA-256 of every article's own files, by path (in order)."""
        return dict(self.connection.execute("SELECT path, sha256 FROM file ORDER BY path"))

    def media(self) -> Iterator[tuple[str, Media]]:
        """Each article with media: its slug and media, by slug."""
        rows = self.connection.execute("SELECT slug, media FROM article WHERE media <> '[]' ORDER BY slug")
        for slug, media in rows:
            yield slug, tuple((kind, url, alt) for kind, url, alt in json.loads(media))

    def pending(self) -> list[str]:
        """The articles whose translation is behind its source, by slug."""
        return [
            slug for (slug,) in self.connection.execute("SELECT slug FROM article WHERE update_pending ORDER BY slug")
        ]

    def newest(self, count: int) -> list[ArticleRecord]:
        """The ``count`` newest articles' records (undated last; by slug, last first, on the same day), without
        their hashes and WordPress items."""
        rows = self.connection.execute(
            "SELECT slug, title, published_on, category, lede, byline, tags FROM article"
            " ORDER BY coalesce(published_on, '') DESC, slug DESC LIMIT ?",
            (count,),
        )
        return [
            ArticleRecord(
                slug=slug,
                title=title,
                published_on=date.fromisoformat(day) if day else None,
                category=category,
                lede=lede,
                byline=byline,
                tags=tuple(tags.split(SEPARATOR)) if tags else (),
                hashes={},
            )
            for slug, title, day, category, lede, byline, tags in rows
        ]

    def index(self) -> tuple[dict[str, list[str]], list[str]]:
        """What index.json lists: the slugs of each category (by slug), and each article's entry, newest first."""
        categories: dict[str, list[str]] = {}
        for category, slug in self.connection.execute("SELECT coalesce(category, ''), slug FROM article ORDER BY slug"):
            categories.setdefault(category, []).append(slug)
        by_date = self.connection.execute(
            "SELECT index_entry FROM article ORDER BY coalesce(published_on, '') DESC, slug DESC"
        )
        return categories, [entry for (entry,) in by_date]

    def refresh_sitemap(self, edition: EditionInfo, others: Mapping[str, list[str]]) -> bool:
        """Make the sitemap entries of the articles whose editions changed (see
        :func:`~workflow.bundle.collect.alternates`) again; whether the sitemap changed since the last build.
        While no article's editions change, nothing is looked at."""
        digest = hashlib.sha256(json.dumps(others, sort_keys=True).encode()).hexdigest()
        if self._get("alternates") == digest:
            return self.sitemap_changed
        stale = []
        for slug, day, kept in self.connection.execute("SELECT slug, published_on, alternates FROM article"):
            codes = others.get(slug, [])
            if kept != " ".join(codes):
                published = date.fromisoformat(day) if day else None
                stale.append((" ".join(codes), sitemap_entry(edition, slug, published, codes), slug))
        self.connection.executemany("UPDATE article SET alternates = ?, sitemap = ? WHERE slug = ?", stale)
        self.connection.execute("INSERT OR REPLACE INTO build VALUES ('alternates', ?)", (digest,))
        return self.sitemap_changed or bool(stale)

    def sitemap(self) -> Iterator[str]:
        """Every article's sitemap entry, by slug (after :meth:`refresh_sitemap`)."""
        return (entry for (entry,) in self.connection.execute("SELECT sitemap FROM article ORDER BY slug"))

    def part_posts(self, part: str | None = None) -> list[PartPost]:
        """Every article (or those of one ``part`` of wordpress.xml) as the parts need it, by slug."""
        query = "SELECT slug, byline, category, tags, wxr_size FROM article"
        rows = self.connection.execute(
            query + " ORDER BY slug" if part is None else query + " WHERE part = ? ORDER BY slug",
            () if part is None else (part,),
        )
        return [
            PartPost(slug, byline, category, tuple(tags.split(SEPARATOR)) if tags else (), size)
            for slug, byline, category, tags, size in rows
        ]

    def part_sizes(self) -> dict[str | None, tuple[int, int]]:
        """For each part of wordpress.xml (None: articles in none yet), its posts' items in bytes and its posts."""
        rows = self.connection.execute("SELECT part, sum(wxr_size), count(*) FROM article GROUP BY part")
        return {part: (size, count) for part, size, count in rows}

    def parts_of_stored(self) -> set[str | None]:
        """The parts that the articles stored in this build are in."""
        found: set[str | None] = set()
        for start in range(0, len(self.stored), 500):
            chunk = self.stored[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.connection.execute(f"SELECT DISTINCT part FROM article WHERE slug IN ({marks})", chunk)
            found.update(part for (part,) in rows)
        return found

    def assign_parts(self, parts: Mapping[str, list[PartPost]]) -> None:
        """Note the part each article is in."""
        self.connection.executemany(
            "UPDATE article SET part = ? WHERE slug = ?",
            [(name, p.slug) for name, posts in parts.items() for p in posts],
        )

    def parts(self) -> dict[str, KeptPart]:
        """The wordpress.xml parts of the bundle, by file name."""
        return {name: KeptPart(*kept) for name, *kept in self.connection.execute("SELECT * FROM wxr_part")}

    def put_parts(self, parts: Mapping[str, KeptPart]) -> None:
        """The parts of the bundle being built, instead of the previous ones."""
        self.connection.execute("DELETE FROM wxr_part")
        self.connection.executemany(
            "INSERT INTO wxr_part VALUES (?, ?, ?, ?)", [(name, *part) for name, part in parts.items()]
        )

    def part_keys(self, part: str) -> Iterator[tuple[str, str]]:
        """The slug and key of each article in a part of wordpress.xml, by slug."""
        return iter(self.connection.execute("SELECT slug, key FROM article WHERE part = ? ORDER BY slug", (part,)))

    def part_items(self, part: str) -> Iterator[bytes]:
        """The WordPress items (UTF-8) of a part's articles, by slug, 500 at a time (joined: few, large writes)."""
        rows = self.connection.execute("SELECT wxr_item FROM article WHERE part = ? ORDER BY slug", (part,))
        while chunk := rows.fetchmany(500):
            yield b"".join(item for (item,) in chunk)

    def commit(self, settings: str, build_id: str) -> None:
        """The records now describe the bundle ``build_id``, written with ``settings``."""
        self.connection.executemany(
            "INSERT OR REPLACE INTO build VALUES (?, ?)", [("settings", settings), ("build_id", build_id)]
        )
        self.connection.commit()
