"""Translation memory at 500,000 entries: the shared index file (built once; a new process opens it and
answers its first lookup; the memory of one and of four dashboard processes, beside each process building its
own index as before, the builds interleaved ``--pairs`` times), and lookup latency (p50/p95) beside an
exhaustive rapidfuzz ranking of the same queries in the same run (each query looked up, ranked by the index
alone, then exhaustively, in turn), with how often the two agree on the best match (on the queries that have
one). ``python -m bench.memory [--entries N] [--queries N] [--exhaustive N] [--url URL] [--pairs 3]``.

The entries are generated: sentences of 6 to 24 words drawn from a Zipf-distributed vocabulary of
30,000 words (a few very common words, many rare ones, and recurring names, as in news), so that
rare-word candidate selection meets text shaped like real text rather than a tiny word list.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from sqlalchemy import insert

from bench.interleave import environment, figures, interleaved, seconds
from bench.run import fresh_database
from workflow.db import Database
from workflow.memory import MEMORY, MIN_SCORE, _Index, _load, _rank, build_file, index_path, normalise, suggest
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


def store_entries(db: Database, sources: list[str]) -> None:
    """Reviewed en→fa memory entries of ``sources``, written 50,000 at a time."""
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


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pss_mib() -> float:
    """This process's proportional set size: shared pages count once across the processes sharing them."""
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _dashboard(url: str, probe: str, start: Any, results: Any) -> None:
    """One dashboard process: opens the shared index, answers a first lookup, then 200 more."""
    from workflow.db import Database
    from workflow.memory import MEMORY, suggest

    db = Database(url)
    suggest(db, "warm the engine and the imports", "en", "ar")
    writer = Writer(seed=os.getpid())
    queries = [writer.sentence() for _ in range(200)]
    before = _pss_mib()
    start.wait()
    started = time.perf_counter()
    MEMORY.index(db, "en", "fa")
    suggest(db, probe, "en", "fa")
    first = time.perf_counter() - started
    for query in queries:
        suggest(db, query, "en", "fa")
    start.wait()  # every process is still alive when each reads its share of the pages they map together
    results.put({"first_s": round(first, 3), "pss_mib": _pss_mib() - before})
    start.wait()
    db.dispose()


def _processes(url: str, probe: str, count: int) -> list[dict[str, Any]]:
    """``count`` dashboard processes started together on the shared index file."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(count + 1), context.Queue()
    workers = [context.Process(target=_dashboard, args=(url, probe, start, results)) for _ in range(count)]
    for worker in workers:
        worker.start()
    start.wait()  # all begin
    start.wait()  # all looked up
    found = [results.get(timeout=600) for _ in workers]
    start.wait()  # all measured
    for worker in workers:
        worker.join(timeout=60)
    return found


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
    parser.add_argument("--pairs", type=int, default=3, help="interleaved builds of the baseline and the file")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    writer = Writer()
    sources = [writer.sentence() for _ in range(args.entries)]
    db = fresh_database(args.url)
    started = time.perf_counter()
    store_entries(db, sources)
    stored = time.perf_counter() - started
    MEMORY.clear()
    if index_path(db, "en", "fa").exists():
        index_path(db, "en", "fa").unlink()

    # baseline: the index as each process used to keep it, built in its own lists; beside it, the shared file
    # built once per host; interleaved
    own_mib: list[float] = []

    def own_index() -> float:
        pss_before = _pss_mib()
        started = time.perf_counter()
        own = _Index("en", "fa")
        _load(db, own)
        elapsed = time.perf_counter() - started
        own_mib.append(_pss_mib() - pss_before)
        del own
        gc.collect()
        return elapsed

    def shared_file() -> float:
        index_path(db, "en", "fa").unlink(missing_ok=True)
        return seconds(lambda: build_file(db, "en", "fa"))  # what a child process does once, for every process

    at_start = environment()
    builds = interleaved(own_index, shared_file, args.pairs, digits=1)
    file_mib = index_path(db, "en", "fa").stat().st_size / 2**20
    probe = writer.edited(sources[0])
    processes = {n: _processes(args.url, probe, n) for n in (1, 4)}

    index = MEMORY.index(db, "en", "fa", force=True)
    assert index is not None and index.base is not None
    rng = random.Random(7)
    queries = []  # what translators meet: sentences close to earlier ones, none repeated as it was
    for _i in range(args.queries):
        if rng.random() < 0.65:
            queries.append(writer.edited(rng.choice(sources)))  # a close variant: one to three words edited
        else:
            queries.append(writer.edited(rng.choice(sources), 4, 6))  # a heavier edit: four to six words
    every = index.all_norms()
    lookups, ranking = [], []
    agree, compared, matched, exhaustive = 0, 0, 0, []
    for number, query in enumerate(queries):  # the three ways in turn for each query
        norm = normalise(query)
        started = time.perf_counter()
        suggest(db, query, "en", "fa", limit=3)
        lookups.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        ours = _rank(index, norm, None, 3, MIN_SCORE)
        ranking.append((time.perf_counter() - started) * 1000)
        if number >= args.exhaustive:
            continue
        started = time.perf_counter()
        best = rf_process.extractOne(norm, every, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        exhaustive.append((time.perf_counter() - started) * 1000)
        if best is None:  # nothing in the memory is close enough: not a question of agreement
            continue
        matched += 1
        compared += 1
        if ours and abs(ours[0][1] - best[1]) < 1e-9:  # the same best similarity (ties are equal answers)
            agree += 1

    result: dict[str, Any] = {
        **at_start,
        "load at the end": environment()["load"],
        "entries": index.size,
        "store_s": round(stored, 1),
        "the shared file built once (s), beside each process building its own index (s), interleaved": builds,
        "baseline: memory of a process's own index (MiB)": figures(own_mib, 1),
        "the shared file's size (MiB)": round(file_mib, 1),
        "a new process opens the file and answers its first lookup (s)": processes[1][0]["first_s"],
        "memory of one process (PSS MiB, after 200 lookups)": round(processes[1][0]["pss_mib"], 1),
        "memory of four processes together (PSS MiB)": round(sum(p["pss_mib"] for p in processes[4]), 1),
        "four processes: each one's first lookup (s)": [p["first_s"] for p in processes[4]],
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
