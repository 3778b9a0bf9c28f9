"""``python -m workflow.memory_build SOURCE TARGET``: build one language pair's translation memory index file
for the database in ``DRAGOMAN_DATABASE_URL`` (run by a server process, which then maps the file)."""

from __future__ import annotations

import sys

from workflow.db import Database
from workflow.memory import build_file


def main(argv: list[str]) -> int:
    source, target = argv
    db = Database()
    try:
        build_file(db, source, target)
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
