"""Site catalogs at the size of a large project: import a POT of N entries, then a Persian PO of it (every
entry through the quality checks), then export the Persian catalog, beside the cost of merely reading and
writing the same PO with polib (the baseline), interleaved (``--pairs`` of each, each import into a new
database; min and median). ``python -m bench.catalogs [--entries N] [--url URL] [--pairs 3]``.

The catalog is generated (bench.generate's words): one entry in ten is plural, one in four a python-format
string, one in eight has a context, one in twenty is fuzzy, and one in a hundred has a broken placeholder,
which the checks hold back for review.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

import polib

from bench.generate import WORDS
from bench.interleave import environment, figures, interleaved, seconds
from bench.run import OUT, fresh_database
from workflow.catalog_export import export_catalog
from workflow.catalogs import import_catalog
from workflow.permissions import CONSOLE


def catalog(entries: int, seed: int = 2026) -> tuple[bytes, bytes]:
    """A POT of ``entries`` entries and a Persian PO translating it."""
    rng = random.Random(seed)
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Project-Id-Version": "bench 1.0", "Content-Type": "text/plain; charset=UTF-8"}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "bench 1.0",
        "Language": "fa",
        "Language-Team": "Persian <fa@example.org>",
        "Last-Translator": "Mina <mina@example.org>",
        "PO-Revision-Date": "2026-12-01 10:00+0000",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
        "Content-Type": "text/plain; charset=UTF-8",
    }
    for index in range(entries):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9))).capitalize()
        formatted = rng.random() < 0.25
        text = f"{words} %(name)s" if formatted else words
        flags = ["python-format"] if formatted else []
        context = f"screen {index % 40}" if rng.random() < 0.125 else None
        source = polib.POEntry(
            msgid=f"{text} #{index}", msgctxt=context, flags=list(flags), occurrences=[("a.py", "1")]
        )
        translated = polib.POEntry(msgid=source.msgid, msgctxt=context, flags=list(flags))
        target = f"ترجمهٔ {index} %(name)s" if formatted else f"ترجمهٔ {index}"
        if formatted and rng.random() < 0.04:
            target = target.replace("%(name)s", "%(nam)s")  # broken: held back by the checks
        if rng.random() < 0.1:
            source.msgid_plural = translated.msgid_plural = f"{text} #{index} (many)"
            source.msgstr_plural = {0: "", 1: ""}
            translated.msgstr_plural = {0: target, 1: target + " ها"}
        else:
            translated.msgstr = target
        if rng.random() < 0.05:
            translated.flags.append("fuzzy")
        pot.append(source)
        po.append(translated)
    return str(pot).encode("utf-8"), str(po).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5_000)
    parser.add_argument("--url", default=f"sqlite:///{OUT / 'catalogs.db'}")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved runs of polib alone and the import")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    pot, po = catalog(args.entries)
    pot_s: list[float] = []
    export_s: list[float] = []
    outcome: dict[str, Any] = {}

    def polib_alone() -> float:
        return seconds(lambda: str(polib.pofile(po.decode("utf-8"), wrapwidth=0)))

    def dragoman() -> float:
        db = fresh_database(args.url)
        pot_s.append(seconds(lambda: import_catalog(db, CONSOLE, pot, "bench.pot", "bench")))
        started = time.perf_counter()
        outcome["report"] = import_catalog(db, CONSOLE, po, "bench.fa.po", "bench")
        imported = time.perf_counter() - started
        export_s.append(seconds(lambda: outcome.__setitem__("exported", export_catalog(db, "bench", "fa"))))
        db.dispose()
        return imported

    at_start = environment()
    comparison = interleaved(polib_alone, dragoman, args.pairs)
    kept, exported = outcome["report"].translations["fa"], outcome["exported"]
    baseline_median = comparison["baseline"]["median"]
    result = {
        **at_start,
        "load at the end": environment()["load"],
        "database": args.url.split(":")[0],
        "entries": args.entries,
        "import the Persian PO, checks included (s), beside polib reading and writing it (s), interleaved": comparison,
        "import the POT_s": figures(pot_s),
        "export the Persian catalog_s": figures(export_s),
        "export / baseline, medians": round(statistics.median(export_s) / baseline_median, 1),
        "segments approved, held, fuzzy": [kept.approved, kept.held, kept.fuzzy],
        "written approved, fuzzy": [exported.approved, exported.fuzzy],
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (OUT / "catalogs.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
