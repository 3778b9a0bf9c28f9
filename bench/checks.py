"""Quality checks: pairs per second over 10,000 segment pairs, and the time to check a whole article of
40 segments (language detection included), per target language, beside the cost of only reading the
pairs (the baseline of the same loop with no checks), interleaved (``--runs`` of each, min and median).
``python -m bench.checks [--pairs N] [--runs 3]``.

The pairs are the sample translations (data/translations), repeated with small changes so that
some findings occur: a number changed, a space doubled, Arabic letters in Persian.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from bench.interleave import environment, interleaved, seconds
from tests.workflow.checks.test_clean_corpus import TRANSLATIONS, _pairs
from workflow.checks import Pair, Settings, run_checks
from workflow.detect import detect_language

OUT = Path(__file__).resolve().parent / "out"
DIGITS = {"en": "latin", "ar": "arabic_indic", "fa": "persian", "sq": "latin"}


def corpus() -> list[Pair]:
    return [pair for path in TRANSLATIONS for pair in _pairs(path)]


def varied(pairs: list[Pair], count: int, seed: int = 2026) -> list[Pair]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        pair = pairs[i % len(pairs)]
        target = pair.target
        roll = rng.random()
        if roll < 0.1:
            target = target.replace(" ", "  ", 1)
        elif roll < 0.15 and pair.target_lang == "fa":
            target = target.replace("ی", "ي")
        elif roll < 0.2:
            target = target + " 7"
        out.append(Pair(pair.source, target, pair.source_lang, pair.target_lang))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs of reading and checking the pairs")
    args = parser.parse_args()
    base = corpus()
    pairs = varied(base, args.pairs)
    settings = {lang: Settings(digit_style=style) for lang, style in DIGITS.items()}

    touched = sum(len(p.source) + len(p.target) for p in pairs)
    found: list[int] = []

    def reading() -> float:  # the baseline: reading every pair once
        return seconds(lambda: sum(len(p.source) + len(p.target) for p in pairs))

    def checking() -> float:
        return seconds(lambda: found.append(sum(len(run_checks(p, settings[p.target_lang])) for p in pairs)))

    at_start = environment()
    comparison = interleaved(reading, checking, args.runs, digits=4)
    findings, elapsed = found[-1], comparison["dragoman"]["median"]

    articles = {}
    for lang in ("fa", "ar", "sq", "en"):
        mine = [p for p in base if p.target_lang == lang]
        article = [mine[i % len(mine)] for i in range(40)]
        samples, detecting, forced = [], [], []
        for _ in range(args.rounds):
            started = time.perf_counter()
            for pair in article:
                run_checks(pair, settings[lang])
            samples.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            for pair in article:  # the statistical detector alone, on every segment: the costliest single part
                detect_language(pair.target)
            detecting.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            for pair in article:  # every check, and the detector run on every segment whatever the script says
                run_checks(pair, settings[lang])
                detect_language(pair.target)
            forced.append((time.perf_counter() - started) * 1000)
        articles[lang] = {
            "checks p50_ms": round(statistics.median(samples), 1),
            "checks max_ms": round(max(samples), 1),
            "baseline: langdetect alone p50_ms": round(statistics.median(detecting), 1),
            "checks + langdetect on every segment p50_ms": round(statistics.median(forced), 1),
        }

    result = {
        **at_start,
        "load at the end": environment()["load"],
        "pairs": len(pairs),
        "checks": "all registered",
        "findings": findings,
        "pairs_per_second": round(len(pairs) / elapsed),
        "checking every pair (s) beside reading every pair only (s), interleaved": comparison,
        "characters read": touched,
        "article of 40 segments, per target language": articles,
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    OUT.mkdir(exist_ok=True)
    (OUT / "checks.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
