"""Honest comparisons: a baseline and Dragoman measured in turn (baseline, Dragoman, baseline, Dragoman…), so
that drift in the machine's speed falls on both; each figure is the minimum and the median over the runs, and
every result says on what machine, on what day and under what load it was measured.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The processor's name as the kernel gives it (``platform.processor()`` is often empty on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def environment() -> dict[str, Any]:
    """The machine, the date and the load average (1, 5, 15 minutes) now."""
    return {
        "machine": f"{cpu_model()}, {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
        "load": [round(value, 2) for value in os.getloadavg()],
    }


def figures(values: list[float], digits: int = 2) -> dict[str, Any]:
    """The minimum and median of several runs' values, and the values themselves in the order measured."""
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "runs": [round(v, digits) for v in values],
    }


def seconds(call: Callable[[], object]) -> float:
    """How long ``call`` takes, in seconds."""
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def interleaved(
    baseline: Callable[[], float],
    dragoman: Callable[[], float],
    pairs: int = 3,
    digits: int = 2,
) -> dict[str, Any]:
    """Run ``baseline`` and ``dragoman`` alternately, ``pairs`` times each (baseline first); each call returns
    its own measurement (seconds, or milliseconds at some percentile). The ratio is of the medians; the
    ratio of the minimums is given beside it."""
    if pairs < 1:
        raise ValueError("at least one pair of runs")
    runs: dict[str, list[float]] = {"baseline": [], "dragoman": []}
    for _pair in range(pairs):
        runs["baseline"].append(baseline())
        runs["dragoman"].append(dragoman())
    base, ours = figures(runs["baseline"], digits), figures(runs["dragoman"], digits)
    return {
        "baseline": base,
        "dragoman": ours,
        "ratio_of_medians": round(statistics.median(runs["dragoman"]) / statistics.median(runs["baseline"]), 2),
        "ratio_of_minimums": round(min(runs["dragoman"]) / min(runs["baseline"]), 2),
    }
