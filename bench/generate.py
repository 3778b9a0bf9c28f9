"""Synthetic articles for benchmarks: deterministic, news-shaped English with headings, lists, quotes
and references, written as JSON files of a few hundred articles each.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = [
    "the",
    "council",
    "library",
    "archive",
    "museum",
    "editors",
    "readers",
    "volunteers",
    "garden",
    "river",
    "city",
    "report",
    "budget",
    "translation",
    "edition",
    "workshop",
    "conference",
    "interview",
    "community",
    "school",
    "music",
    "photographs",
    "harbour",
    "meeting",
    "public",
    "evening",
    "morning",
    "week",
    "month",
    "year",
    "new",
    "old",
    "small",
    "large",
    "first",
    "last",
    "local",
    "regional",
    "people",
    "families",
    "neighbours",
    "speakers",
    "participants",
    "organisers",
    "members",
    "students",
    "teachers",
    "authors",
    "opened",
    "announced",
    "discussed",
    "presented",
    "published",
    "collected",
    "repaired",
    "planted",
    "recorded",
    "explained",
    "asked",
    "agreed",
    "planned",
    "visited",
    "returned",
]
NAMES = ["Clara Hoxha", "Omar Haddad", "Elena Marku", "Sami Rahimi", "Maryam Ahmadi", "Arben Krasniqi"]
CATEGORIES = ["Community", "Culture", "Events", "Books", "Interviews", "Media", "Publications"]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.2:
        text += f" [{rng.randint(1, 3)}]"
    if rng.random() < 0.1:
        text += " See [the report](https://example.org/report)."
    return text


def make_article(index: int, segments: int = 25, seed: int = 2026) -> dict[str, object]:
    """One article with about ``segments`` segments (title, lede, byline, category, body, references)."""
    rng = random.Random(seed * 1_000_003 + index)
    blocks: list[str] = []
    body_segments = segments - 7
    while body_segments > 0:
        roll = rng.random()
        if roll < 0.1:
            blocks.append("## " + _sentence(rng, 4).rstrip("."))
            body_segments -= 1
        elif roll < 0.2 and body_segments >= 3:
            blocks.append("\n".join(f"- {_sentence(rng, 6)}" for _ in range(3)))
            body_segments -= 3
        elif roll < 0.27:
            blocks.append("> " + _sentence(rng, 12))
            body_segments -= 1
        else:
            blocks.append(_paragraph(rng))
            body_segments -= 1
    return {
        "slug": f"article-{index:06d}",
        "language": "en",
        "title": _sentence(rng, 7).rstrip("."),
        "lede": _sentence(rng, 14),
        "byline": f"By {rng.choice(NAMES)}",
        "category": rng.choice(CATEGORIES),
        "tags": [rng.choice(WORDS) for _ in range(3)],
        "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "references": [f"[{n}] {rng.choice(NAMES)}, {_sentence(rng, 5)} Publisher, 2025." for n in (1, 2, 3)],
        "body": "\n\n".join(blocks) + "\n",
    }


def write_articles(folder: Path, count: int, per_file: int = 500, segments: int = 25) -> list[Path]:
    """Write ``count`` articles as JSON lists of ``per_file`` each; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for start in range(0, count, per_file):
        path = folder / f"articles-{start // per_file:04d}.json"
        batch = [make_article(i, segments) for i in range(start, min(start + per_file, count))]
        path.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    return files
