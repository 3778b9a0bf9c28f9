"""Translation memory at 500,000 entries: build time, index memory, and lookup latency (p50/p95) beside
an exhaustive rapidfuzz ranking of the same queries in the same run, and how often the two agree on the
best match. ``python -m bench.memory [--entries N] [--queries N] [--exhaustive N]``.

The entries are generated: sentences of 6 to 24 words drawn from a Zipf-distributed vocabulary of
30,000 words (a few very common words, many rare ones, and recurring names, as in news), so that
rare-word candidate selection meets text shaped like real text rather than a tiny word list.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from sqlalchemy import insert

from bench.run import fresh_database
from workflow.memory import MEMORY, MIN_SCORE, _rank, normalise, suggest
from workflow.models import MemoryEntry

OUT = Path(__file__).resolve().parent / "out"
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "on",
    "at",
    "with",
    "from",
    "by",
    "is",
    "was",
    "were",
    "that",
    "this",
    "it",
    "as",
    "be",
    "has",
    "have",
    "will",
    "said",
    "new",
]
NAMES = ["Clara Hoxha", "Omar Haddad", "Elena Marku", "Sami Rahimi", "Maryam Ahmadi", "Arben Krasniqi", "Tirana"]


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ra", "te", "su", "vi", "ne", "do", "pa", "ri", "an", "el", "or", "us", "im"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Writer:
    """Sentences with Zipf-distributed words: word k is drawn with probability ~ 1/(k+1)."""

    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.words = COMMON + vocabulary(self.rng)
        weights = [1.0 / (rank + 1) for rank in range(len(self.words))]
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def word(self) -> str:
        import bisect

        return self.words[min(bisect.bisect(self.cumulative, self.rng.random()), len(self.words) - 1)]

    def sentence(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(6, 24))]
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(NAMES))
        return " ".join(words).capitalize() + "."

    def edited(self, sentence: str, fewest: int = 1, most: int = 3) -> str:
        """The sentence with ``fewest`` to ``most`` words replaced, dropped or added."""
        words = sentence.rstrip(".").split()
        for _ in range(self.rng.randint(fewest, most)):
            roll, at = self.rng.random(), self.rng.randrange(len(words))
            if roll < 0.5:
                words[at] = self.word()
            elif roll < 0.75 and len(words) > 4:
                del words[at]
            else:
                words.insert(at, self.word())
        return " ".join(words) + "."


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _p(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--exhaustive", type=int, default=600, help="queries also ranked exhaustively")
    parser.add_argument("--url", default=f"sqlite:///{OUT / 'memory.db'}")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    writer = Writer()
    sources = [writer.sentence() for _ in range(args.entries)]
    db = fresh_database(args.url)
    started = time.perf_counter()
    with db.write() as session:
        for start in range(0, len(sources), 50_000):
            session.execute(
                insert(MemoryEntry),
                [
                    {
                        "source_language": "en",
                        "target_language": "fa",
                        "source_hash": f"{i:032d}",
                        "source_text": text,
                        "target_text": f"ترجمهٔ {i}",
                        "reviewed": True,
                        "origin": "bench",
                        "created_at": db.now(),
                    }
                    for i, text in enumerate(sources[start : start + 50_000], start=start)
                ],
            )
    stored = time.perf_counter() - started
    rss_before = _rss_mib()
    started = time.perf_counter()
    index = MEMORY.index(db, "en", "fa", force=True)
    build = time.perf_counter() - started
    index_mib = _rss_mib() - rss_before

    rng = random.Random(7)
    queries = []  # what translators meet: sentences close to earlier ones, none repeated as it was
    for _i in range(args.queries):
        if rng.random() < 0.65:
            queries.append(writer.edited(rng.choice(sources)))  # a close variant: one to three words edited
        else:
            queries.append(writer.edited(rng.choice(sources), 4, 6))  # a heavier edit: four to six words
    lookups, ranking = [], []
    for query in queries:
        started = time.perf_counter()
        suggest(db, query, "en", "fa", limit=3)
        lookups.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        _rank(index, normalise(query), None, 3, MIN_SCORE)
        ranking.append((time.perf_counter() - started) * 1000)

    agree, compared, matched, exhaustive = 0, 0, 0, []
    for query in queries[: args.exhaustive]:
        norm = normalise(query)
        started = time.perf_counter()
        best = rf_process.extractOne(norm, index.norms, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        exhaustive.append((time.perf_counter() - started) * 1000)
        if best is None:  # nothing in the memory is close enough: not a question of agreement
            continue
        matched += 1
        ours = _rank(index, norm, None, 1, MIN_SCORE)
        compared += 1
        if ours and abs(ours[0][1] - best[1]) < 1e-9:  # the same best similarity (ties are equal answers)
            agree += 1

    result: dict[str, Any] = {
        "entries": len(index.norms),
        "store_s": round(stored, 1),
        "build_s": round(build, 1),
        "index_mib": round(index_mib, 1),
        "lookup (suggest, with the database read of the chosen entries)": _p(lookups),
        "lookup (index only)": _p(ranking),
        "baseline: exhaustive rapidfuzz over every entry": _p(exhaustive),
        "queries with a match at or above the minimum score (exhaustively)": f"{matched}/{len(exhaustive)}",
        "top-1 agreement on those": f"{agree}/{compared} ({100 * agree / max(1, compared):.2f}%)",
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (OUT / "memory.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
