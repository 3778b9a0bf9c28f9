"""What a bundle build keeps for the next one, beside the bundle (``.<name>.render-cache.sqlite``): each
article's key and record, so that a rebuild renders only the articles whose key changed.

The cache names the build it belongs to; when that is not the build in the folder (a failed or foreign
build, a changed edition or renderer), the next build starts from nothing. Deleting it is always safe.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from workflow.bundle.render import ArticleRecord

FORMAT = 4  # the cache file's layout: a file of another layout is emptied and made again
SCHEMA = """
DROP TABLE IF EXISTS build;
DROP TABLE IF EXISTS article;
DROP TABLE IF EXISTS wxr_part;
CREATE TABLE build (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE wxr_part (name TEXT PRIMARY KEY, key TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE article (
    slug TEXT PRIMARY KEY, key TEXT NOT NULL, title TEXT NOT NULL, published_on TEXT, category TEXT,
    lede TEXT, byline TEXT, tags TEXT NOT NULL, hashes TEXT NOT NULL, wxr_item TEXT NOT NULL, media TEXT NOT NULL,
    update_pending INTEGER NOT NULL
);
"""


SEPARATOR = "\x1f"  # between tags (a control character no tag holds)
SUFFIXES = ("json", "md", "html")  # an article's own files, whose SHA-256 the cache keeps in this order


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

    def keys(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT slug, key FROM article").fetchall())

    def put(self, key: str, record: ArticleRecord) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO article VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.slug,
                key,
                record.title,
                record.published_on.isoformat() if record.published_on else None,
                record.category,
                record.lede,
                record.byline,
                SEPARATOR.join(record.tags),
                " ".join(record.hashes[f"articles/{record.slug}.{suffix}"] for suffix in SUFFIXES),
                record.wxr_item,
                json.dumps(record.media, ensure_ascii=False),
                record.update_pending,
            ),
        )

    def delete(self, slugs: Iterable[str]) -> None:
        self.connection.executemany("DELETE FROM article WHERE slug = ?", [(slug,) for slug in slugs])

    def records(self) -> list[ArticleRecord]:
        """Every article's record, by slug, without its WordPress item (see :meth:`wxr_items`)."""
        rows = self.connection.execute(
            "SELECT slug, title, published_on, category, lede, byline, tags, hashes, media, update_pending FROM article"
            " ORDER BY slug"
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
                hashes={f"articles/{slug}.{s}": h for s, h in zip(SUFFIXES, hashes.split(" "), strict=True)},
                media=tuple((kind, url, alt) for kind, url, alt in json.loads(media)) if media != "[]" else (),
                update_pending=bool(pending),
            )
            for slug, title, day, category, lede, byline, tags, hashes, media, pending in rows
        ]

    def wxr_sizes(self) -> dict[str, int]:
        """Each article's WordPress item's size in bytes, by slug."""
        return dict(self.connection.execute("SELECT slug, length(CAST(wxr_item AS BLOB)) FROM article").fetchall())

    def wxr_items(self, slugs: list[str]) -> Iterator[str]:
        """The WordPress items of ``slugs`` (in slug order), 500 at a time (joined: few, large writes)."""
        ordered = sorted(slugs)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.connection.execute(
                f"SELECT wxr_item FROM article WHERE slug IN ({marks}) ORDER BY slug", chunk
            ).fetchall()
            yield "".join(item for (item,) in rows)

    def parts(self) -> dict[str, tuple[str, str]]:
        """The wordpress.xml parts of the bundle: each one's key (see ``parts.part_key``) and SHA-256."""
        return {name: (key, digest) for name, key, digest in self.connection.execute("SELECT * FROM wxr_part")}

    def put_parts(self, parts: dict[str, tuple[str, str]]) -> None:
        """The parts of the bundle being built, instead of the previous ones."""
        self.connection.execute("DELETE FROM wxr_part")
        self.connection.executemany(
            "INSERT INTO wxr_part VALUES (?, ?, ?)", [(name, key, digest) for name, (key, digest) in parts.items()]
        )

    def commit(self, settings: str, build_id: str) -> None:
        """The records now describe the bundle ``build_id``, written with ``settings``."""
        self.connection.executemany(
            "INSERT OR REPLACE INTO build VALUES (?, ?)", [("settings", settings), ("build_id", build_id)]
        )
        self.connection.commit()
