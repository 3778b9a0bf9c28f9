"""Builds of editions' bundles: each one recorded (who, when, how much, what changed), and the bundle
store, a folder Dragoman owns (``DRAGOMAN_BUNDLE_DIR``, default ``data/bundles``), where the API builds
editions and keeps every build's zip for downloading.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from workflow.db import Database
from workflow.errors import NotFound
from workflow.messages import N_, msg
from workflow.models import BundleBuild, Edition
from workflow.permissions import ActingUser, Role, load_actor, require_role
from workflow.pieces import log

if TYPE_CHECKING:
    from workflow.bundle import BuildReport

__all__ = ["build_edition", "build_zip", "bundle_store", "list_builds", "record_build"]


def bundle_store() -> Path:
    """The folder the API's builds live in: ``DRAGOMAN_BUNDLE_DIR``, else ``data/bundles``."""
    return Path(os.environ.get("DRAGOMAN_BUNDLE_DIR") or "data/bundles").resolve()


def record_build(db: Database, actor: ActingUser, report: BuildReport, archive: Path | None) -> BundleBuild:
    """Record a finished build (logged as ``bundle_built``, which webhooks announce); with ``archive``,
    keep its zip there first.
    """
    now = db.now()
    zip_name = zip_bytes = None
    if archive is not None and report.zip_path is not None:
        archive.mkdir(parents=True, exist_ok=True)
        zip_name = f"{report.edition}-{now:%Y%m%dT%H%M%S%f}Z-{report.build_id[:16]}.zip"
        kept = archive / zip_name
        os.link(report.zip_path, kept)  # the next build replaces the folder's zip, never this one
        zip_bytes = kept.stat().st_size
    with db.write() as session:
        acting = load_actor(session, actor)
        row = BundleBuild(
            edition_code=report.edition,
            build_id=report.build_id,
            built_at=now,
            built_by=None if acting.console else acting.id,
            articles=report.articles,
            added=len(report.added),
            changed=len(report.changed),
            removed=len(report.removed),
            published=report.published,
            zip_name=zip_name,
            zip_bytes=zip_bytes,
        )
        session.add(row)
        session.flush()
        log(
            session,
            now,
            acting,
            "bundle_built",
            detail={
                "build": row.id,
                "edition": report.edition,
                "build_id": report.build_id,
                "articles": report.articles,
                "published": report.published,
            },
        )
        session.refresh(row)
        session.expunge(row)
        return row


def build_edition(
    db: Database,
    actor: ActingUser,
    edition_code: str,
    *,
    publish: bool = False,
    base_url: str = "https://www.example.org",
    store: Path | None = None,
) -> BundleBuild:
    """Build an edition's bundle in the store (incrementally, in ``<store>/<edition>/bundle``) and keep its
    zip in ``<store>/<edition>/builds``; editors only, and only an edition's editor publishes it.
    """
    from workflow.bundle import build_report

    with db.read() as session:
        if session.get(Edition, edition_code) is None:
            raise NotFound(msg("there is no edition {edition}", edition=edition_code))
    place = (store or bundle_store()) / edition_code
    report, _files = build_report(
        db, edition_code, place / "bundle", actor=actor, base_url=base_url, publish=publish, archive=place / "builds"
    )
    with db.read() as session:
        return session.exec(
            select(BundleBuild)
            .where(BundleBuild.edition_code == edition_code, BundleBuild.build_id == report.build_id)
            .order_by(col(BundleBuild.id).desc())
        ).first() or _missing(report.build_id)


def _missing(build_id: str) -> BundleBuild:
    raise NotFound(msg("build {build} is not recorded", build=build_id))


def list_builds(
    db: Database, actor: ActingUser, edition_code: str, *, limit: int = 50, offset: int = 0
) -> list[BundleBuild]:
    """An edition's builds, newest first (editors)."""
    with db.read() as session:
        require_role(load_actor(session, actor), Role.EDITOR, N_("list bundle builds"))
        if session.get(Edition, edition_code) is None:
            raise NotFound(msg("there is no edition {edition}", edition=edition_code))
        rows = session.exec(
            select(BundleBuild)
            .where(BundleBuild.edition_code == edition_code)
            .order_by(col(BundleBuild.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows)


def build_zip(db: Database, actor: ActingUser, build: int, store: Path | None = None) -> tuple[BundleBuild, Path]:
    """A kept build and the path of its zip (editors); NotFound when there is no such build or zip."""
    with db.read() as session:
        require_role(load_actor(session, actor), Role.EDITOR, N_("download bundle builds"))
        row = session.get(BundleBuild, build)
    if row is None:
        raise NotFound(msg("there is no build {build}", build=build))
    if row.zip_name is None:
        raise NotFound(msg("build {build} was made into a folder of its own; it has no zip kept here", build=build))
    path = (store or bundle_store()) / row.edition_code / "builds" / row.zip_name
    if not path.is_file():
        raise NotFound(
            msg("the zip of build {build} is no longer in the bundle store ({path})", build=build, path=path)
        )
    return row, path
