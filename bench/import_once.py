"""Import benchmark files into a database in a fresh process; print time and peak memory as JSON.

Run by ``bench.run`` so that peak memory is the import's own.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from workflow.db import Database
from workflow.importers import import_sources, parse_paths
from workflow.permissions import CONSOLE


def _peak_kib() -> int:
    """This process's peak resident memory. VmHWM belongs to the address space and starts afresh at exec;
    ru_maxrss would carry over the peak of the benchmark process that started this one.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    url, *files = sys.argv[1:]
    db = Database(url)
    started = time.perf_counter()
    sources, problems, _warnings = parse_paths([Path(f) for f in files])
    parsed = time.perf_counter()
    if problems:
        raise SystemExit(f"benchmark data has problems: {problems[:3]}")
    report = import_sources(db, CONSOLE, sources)
    done = time.perf_counter()
    db.dispose()
    peak_kib = _peak_kib()
    print(
        json.dumps(
            {
                "articles": len(report.created),
                "parse_seconds": parsed - started,
                "write_seconds": done - parsed,
                "seconds": done - started,
                "peak_mib": peak_kib / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
