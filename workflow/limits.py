"""The limits Dragoman keeps on what people bring in, each in one place (sizes can be set in the environment)."""

from __future__ import annotations

import os
from pathlib import Path

from workflow.errors import ImportFailed, ImportProblem
from workflow.messages import Message, msg

PRIORITY = (-1_000_000, 1_000_000)  # a piece's priority, lowest and highest (higher comes first)
JSON_DEPTH = 32  # nesting of arrays and objects in an imported JSON file
#: the longest segment (a paragraph, a title, a catalog entry) an import takes, in characters: a longer one is
#: no paragraph a translator can work on in one box, and it would slow every page that shows it
MAX_SEGMENT_CHARS = 20_000


def max_import_bytes() -> int:
    """The largest file an import takes: ``DRAGOMAN_MAX_IMPORT_MB`` megabytes (10 unless set)."""
    try:
        megabytes = float(os.environ.get("DRAGOMAN_MAX_IMPORT_MB") or 10)
    except ValueError:
        megabytes = 10
    return int(max(megabytes, 0.001) * 1024 * 1024)


def too_large(size: int) -> Message | None:
    """Why a file of ``size`` bytes is refused, or None."""
    limit = max_import_bytes()
    if size <= limit:
        return None
    return msg(
        "the file is {size} MB; the limit is {limit} MB (DRAGOMAN_MAX_IMPORT_MB): split it into smaller files",
        size=f"{size / 1024 / 1024:.1f}",
        limit=f"{limit / 1024 / 1024:g}",
    )


def check_size(size: int, file: str) -> None:
    """ImportFailed, naming ``file``, when it is larger than an import takes."""
    reason = too_large(size)
    if reason is not None:
        raise ImportFailed([ImportProblem(file, "", reason)])


def read_limited(path: Path) -> bytes:
    """A file's bytes, refused by its size before it is read."""
    check_size(path.stat().st_size, str(path))
    return path.read_bytes()
