"""Edition bundles: collect an edition's publishable articles from the database, render them to files
(a pure step: path → bytes), and write the bundle atomically; verify a bundle against its manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workflow import actions
from workflow.bundle.collect import alternates, collect
from workflow.bundle.render import EditionInfo, render
from workflow.bundle.write import verify_bundle, write_bundle, zip_bundle
from workflow.catalogs import edition_catalogs
from workflow.db import Database
from workflow.editions import list_editions
from workflow.languages import language
from workflow.messages import N_
from workflow.permissions import CONSOLE, ActingUser, Role, load_actor, require_role

__all__ = ["BuildReport", "build", "build_report", "verify_bundle"]


@dataclass(frozen=True)
class BuildReport:
    """One built bundle: where, how many articles, its build id, and what changed since the previous build."""

    edition: str
    folder: Path
    articles: int
    build_id: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    zip_path: Path | None
    published: int


def _previous_files(out: Path) -> dict[str, str]:
    try:
        return dict(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError):
        return {}


def build(
    db: Database,
    edition_code: str,
    out: Path,
    *,
    actor: ActingUser = CONSOLE,
    as_zip: bool = False,
    base_url: str = "https://www.example.org",
    publish: bool = False,
) -> dict[str, bytes]:
    """Collect, render and write one edition's bundle to ``out`` (and ``out``.zip); returns the files.

    Editors (and the console) build bundles; with ``publish``, the approved pieces the bundle holds become
    published once it is written.
    """
    return build_report(db, edition_code, out, actor=actor, as_zip=as_zip, base_url=base_url, publish=publish)[1]


def build_report(
    db: Database,
    edition_code: str,
    out: Path,
    *,
    actor: ActingUser = CONSOLE,
    as_zip: bool = False,
    base_url: str = "https://www.example.org",
    publish: bool = False,
) -> tuple[BuildReport, dict[str, bytes]]:
    """:func:`build`, with a report of what changed since the bundle that was in ``out``."""
    with db.read() as session:
        require_role(load_actor(session, actor), Role.EDITOR, N_("build edition bundles"))
    edition = next((e for e in list_editions(db) if e.code == edition_code), None)
    if edition is None:
        raise ValueError(f"no edition {edition_code!r}")
    info = EditionInfo(
        edition.code, edition.name, language(edition.code).direction, edition.digit_style, edition.calendar, base_url
    )
    previous = _previous_files(out)
    articles = collect(db, edition_code)
    catalogs = {c.name: c.po for c in edition_catalogs(db, edition_code)}
    files = render(info, articles, alternates(db), catalogs)
    write_bundle(files, out)
    zip_path = out.with_name(out.name + ".zip") if as_zip else None
    if zip_path is not None:
        zip_bundle(files, zip_path)
    published = 0
    if publish:
        for article in articles:
            if article.piece_id is not None and article.status == "approved":
                actions.publish(db, actor, article.piece_id)
                published += 1
    manifest = json.loads(files["manifest.json"])
    current: dict[str, str] = manifest["files"]
    report = BuildReport(
        edition=edition_code,
        folder=out,
        articles=len(articles),
        build_id=manifest["build_id"],
        added=tuple(sorted(set(current) - set(previous))),
        changed=tuple(sorted(p for p in current if p in previous and previous[p] != current[p])),
        removed=tuple(sorted(set(previous) - set(current))),
        zip_path=zip_path,
        published=published,
    )
    return report, files
