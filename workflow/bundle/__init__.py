"""Edition bundles: collect an edition's publishable articles from the database, render them to files
(a pure step: path → bytes), and write the bundle atomically; verify a bundle against its manifest.
"""

from __future__ import annotations

from pathlib import Path

from workflow import actions
from workflow.bundle.collect import alternates, collect
from workflow.bundle.render import EditionInfo, render
from workflow.bundle.write import verify_bundle, write_bundle, zip_bundle
from workflow.db import Database
from workflow.editions import list_editions
from workflow.languages import language
from workflow.permissions import ActingUser

__all__ = ["build", "verify_bundle"]


def build(
    db: Database,
    edition_code: str,
    out: Path,
    *,
    as_zip: bool = False,
    base_url: str = "https://www.example.org",
    publish_as: ActingUser | None = None,
) -> dict[str, bytes]:
    """Collect, render and write one edition's bundle to ``out`` (and ``out``.zip); returns the files.

    With ``publish_as`` (an editor), the approved pieces the bundle holds become published once it is written.
    """
    edition = next((e for e in list_editions(db) if e.code == edition_code), None)
    if edition is None:
        raise ValueError(f"no edition {edition_code!r}")
    info = EditionInfo(
        edition.code, edition.name, language(edition.code).direction, edition.digit_style, edition.calendar, base_url
    )
    articles = collect(db, edition_code)
    files = render(info, articles, alternates(db))
    write_bundle(files, out)
    if as_zip:
        zip_bundle(files, out.with_name(out.name + ".zip"))
    if publish_as is not None:
        for article in articles:
            if article.piece_id is not None and article.status == "approved":
                actions.publish(db, publish_as, article.piece_id)
    return files
