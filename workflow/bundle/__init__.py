"""Edition bundles: collect an edition's publishable articles from the database, render them to files
(a pure step: path → bytes), and write the bundle atomically; verify a bundle against its manifest.
"""

from __future__ import annotations

from pathlib import Path

from workflow.bundle.collect import collect
from workflow.bundle.render import EditionInfo, render
from workflow.bundle.write import verify_bundle, write_bundle, zip_bundle
from workflow.db import Database
from workflow.editions import list_editions
from workflow.languages import language

__all__ = ["build", "verify_bundle"]


def build(db: Database, edition_code: str, out: Path, *, as_zip: bool = False) -> dict[str, bytes]:
    """Collect, render and write one edition's bundle to ``out`` (and ``out``.zip); returns the files."""
    edition = next((e for e in list_editions(db) if e.code == edition_code), None)
    if edition is None:
        raise ValueError(f"no edition {edition_code!r}")
    info = EditionInfo(
        edition.code, edition.name, language(edition.code).direction, edition.digit_style, edition.calendar
    )
    files = render(info, collect(db, edition_code))
    write_bundle(files, out)
    if as_zip:
        zip_bundle(files, out.with_name(out.name + ".zip"))
    return files
