"""Edition bundles: collect an edition's publishable articles from the database, render them to files
(a pure step: path → bytes), and write the bundle atomically; verify a bundle against its manifest.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

import babel
from sqlalchemy import text as sql

from workflow import actions
from workflow.builds import record_build
from workflow.bundle.cache import KeptPart, RenderCache
from workflow.bundle.collect import alternates, article_keys, collect
from workflow.bundle.parts import part_key, same_parts, wxr_parts
from workflow.bundle.place import check_folder, check_zip, read_manifest
from workflow.bundle.render import (
    FEED_ENTRIES,
    RENDERER,
    SCHEMA_VERSION,
    ArticleRecord,
    EditionInfo,
    article_files,
    catalog_files,
    channel,
    feed_file,
    index_file,
    manifest,
    sitemap_file,
)
from workflow.bundle.write import BundleFiles, Staging, staged_path, verify_bundle, zip_bundle
from workflow.bundle.wxr import WXR_TAIL, wxr_head
from workflow.catalog_export import edition_catalogs
from workflow.db import Database
from workflow.editions import list_editions
from workflow.languages import language
from workflow.messages import N_
from workflow.permissions import CONSOLE, ActingUser, Role, load_actor, require_edition, require_role
from workflow.pieces import log

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


def _previous(out: Path) -> tuple[dict[str, str], str | None]:
    """The files and build id of the bundle now in ``out`` (none when there is no readable manifest)."""
    found = read_manifest(out / "manifest.json")
    if found is None:
        return {}, None
    return dict(found["files"]), str(found["build_id"])


def build(
    db: Database,
    edition_code: str,
    out: Path,
    *,
    actor: ActingUser = CONSOLE,
    as_zip: bool = False,
    base_url: str = "https://www.example.org",
    publish: bool = False,
) -> Mapping[str, bytes]:
    """Collect, render and write one edition's bundle to ``out`` (and ``out``.zip); returns its files.

    Editors (and the console) build bundles; with ``publish``, the approved pieces the bundle holds become
    published once it is written.
    """
    return build_report(db, edition_code, out, actor=actor, as_zip=as_zip, base_url=base_url, publish=publish)[1]


BATCH = 500  # articles read and rendered at a time: memory stays flat however large the edition


PARALLEL_FROM = 2_000  # articles to render before more processes pay for their start


def render_batch(
    db: Database, edition_code: str, info: EditionInfo, slugs: list[str], folder: Path
) -> list[ArticleRecord]:
    """Read, render and stage some articles' own files; their records (with the files' SHA-256)."""
    made: set[Path] = set()
    records = []
    for article in collect(db, edition_code, slugs):
        own, record = article_files(article, info)
        for path, data in own.items():
            staged_path(folder, path, made).write_bytes(data)
        records.append(record)
    return records


_WORKER_DB: dict[str, Database] = {}


def _end_with_parent(parent: int) -> None:
    """Run in each worker: exit as soon as the building process is gone, even when it was killed (a worker
    otherwise waits for work forever).
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _render_in_worker(
    url: str, edition_code: str, info: EditionInfo, slugs: list[str], folder: str
) -> list[ArticleRecord]:
    db = _WORKER_DB.setdefault(url, Database(url))
    return render_batch(db, edition_code, info, slugs, Path(folder))


def _rendered(
    db: Database, edition_code: str, info: EditionInfo, slugs: list[str], staging: Staging
) -> Iterator[tuple[list[str], list[ArticleRecord]]]:
    """The changed articles rendered in batches: in this process, or in one per core for large editions."""
    batches = [slugs[start : start + BATCH] for start in range(0, len(slugs), BATCH)]
    workers = min(os.cpu_count() or 1, 4)
    if len(slugs) < PARALLEL_FROM or workers < 2 or db.url.endswith(":memory:"):
        for batch in batches:
            yield batch, render_batch(db, edition_code, info, batch, staging.folder)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a threaded server
    done = 0
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    )
    try:
        running: deque[Future[list[ArticleRecord]]] = deque()
        for batch in batches:  # a few batches in flight at a time: finished ones do not pile up in memory
            running.append(pool.submit(_render_in_worker, db.url, edition_code, info, batch, str(staging.folder)))
            if len(running) > workers:
                yield batches[done], running.popleft().result()
                done += 1
        while running:
            yield batches[done], running.popleft().result()
            done += 1
    except BrokenProcessPool:  # workers could not start here (a script without a main guard): go on alone
        for batch in batches[done:]:
            yield batch, render_batch(db, edition_code, info, batch, staging.folder)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _settings(info: EditionInfo) -> str:
    """Everything besides the articles that shapes their files: a change renders every article again."""
    return json.dumps([SCHEMA_VERSION, RENDERER, babel.__version__, *asdict(info).values()])


def build_report(
    db: Database,
    edition_code: str,
    out: Path,
    *,
    actor: ActingUser = CONSOLE,
    as_zip: bool = False,
    base_url: str = "https://www.example.org",
    publish: bool = False,
    archive: Path | None = None,
) -> tuple[BuildReport, Mapping[str, bytes]]:
    """:func:`build`, with a report of what changed since the bundle that was in ``out``. Every build is
    recorded (see :func:`workflow.builds.list_builds`); with ``archive`` (a folder Dragoman owns), its zip is
    kept there under a name of its own, for downloading later.

    Incremental: only the articles whose key changed since the previous build (see
    :func:`~workflow.bundle.collect.article_keys`) are read and rendered; the shared files are made from
    the entries kept for every article (the index and the sitemap only when an entry of theirs changed), and
    only the parts of wordpress.xml with a changed article are written again. The result is byte for byte
    what a build from nothing gives.
    """
    with db.read() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("build edition bundles"))
        if publish:  # before anything is written: only an editor of the edition publishes it
            require_edition(acting, edition_code, N_("publish this edition"))
    edition = next((e for e in list_editions(db) if e.code == edition_code), None)
    if edition is None:
        raise ValueError(f"no edition {edition_code!r}")
    info = EditionInfo(
        edition.code, edition.name, language(edition.code).direction, edition.digit_style, edition.calendar, base_url
    )
    settings = _settings(info)
    out = out.resolve()
    check_folder(out, edition_code)  # before anything is written, even the lock beside it
    if as_zip:
        check_zip(_zip_path(out), edition_code)
    # two editors building the same bundle at once: the second waits, then updates (on PostgreSQL, across hosts)
    with _exclusive(out), _edition_lock(db, edition_code), _cycles_paused():
        report, files = _build_locked(
            db, edition_code, out, info, settings, actor, as_zip or archive is not None, publish
        )
        record_build(db, actor, report, archive)
        return report, files


_PAUSING = threading.Lock()
_PAUSED = [0]  # builds running with the cycle collector paused


@contextmanager
def _cycles_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a build runs: it would walk the build's tens of thousands of
    rows and records again and again, and they hold no cycles (reference counting frees them)."""
    with _PAUSING:
        ours = _PAUSED[0] > 0 or gc.isenabled()  # else paused by someone else: theirs to resume
        if ours:
            _PAUSED[0] += 1
            gc.disable()
    try:
        yield
    finally:
        if ours:
            with _PAUSING:
                _PAUSED[0] -= 1
                if _PAUSED[0] == 0:
                    gc.enable()


def advisory_key(edition_code: str) -> int:
    """The PostgreSQL advisory lock key of an edition's bundle builds (a signed 64-bit number).

    >>> advisory_key("fa") == advisory_key("fa") != advisory_key("ar")
    True
    """
    digest = hashlib.sha256(f"dragoman bundle {edition_code}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _edition_lock(db: Database, edition_code: str) -> Iterator[None]:
    """On PostgreSQL, hold an advisory lock for the edition while it builds: builds on other hosts wait."""
    if db.is_sqlite:
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(sql("SELECT pg_advisory_lock(:key)"), {"key": advisory_key(edition_code)})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(sql("SELECT pg_advisory_unlock(:key)"), {"key": advisory_key(edition_code)})
            connection.commit()


def _zip_path(out: Path) -> Path:
    return out.with_name(out.name + ".zip")


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside the bundle: one build of a folder at a time, across processes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.with_name(f".{out.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_locked(
    db: Database,
    edition_code: str,
    out: Path,
    info: EditionInfo,
    settings: str,
    actor: ActingUser,
    as_zip: bool,
    publish: bool,
) -> tuple[BuildReport, Mapping[str, bytes]]:
    previous, previous_build = _previous(out)
    keys = article_keys(db, edition_code)
    cache = RenderCache(out)
    try:
        incremental = cache.matches(settings, previous_build) and out.is_dir()
        if not incremental:
            cache.reset()
        cached = cache.keys()
        changed = [slug for slug, (key, _piece) in keys.items() if cached.get(slug) != key]
        gone = {slug for slug in cached if slug not in keys}
        others = alternates(db)  # the editions that have each article, for the sitemap
        staging = Staging(out, incremental=incremental)
        try:
            for batch, found in _rendered(db, edition_code, info, changed, staging):
                for record in found:
                    staging.written.extend(record.hashes)
                cache.put(info, others, [(keys[record.slug][0], record) for record in found])
                gone |= set(batch) - {r.slug for r in found}  # withdrawn meanwhile
            cache.delete(gone)
            hashes = cache.hashes()
            exported_catalogs = edition_catalogs(db, edition_code)
            catalogs = {c.name: c.po for c in exported_catalogs}
            for path, data in catalog_files(info, catalogs).items():
                hashes[path] = staging.write(path, data)
            hashes.update(_shared_files(staging, cache, info, others, previous))
            posts = _write_parts(staging, cache, info)
            hashes.update({name: digest for name, (_count, digest) in posts.items()})
            counts = {name: count for name, (count, _digest) in posts.items()}
            articles = cache.count()
            manifest_bytes = manifest(info, hashes, articles, len(catalogs), cache.media(), cache.pending(), counts)
            staging.write("manifest.json", manifest_bytes)
            removed = [p for p in previous if p not in hashes]
            if as_zip:  # never a zip of one build beside a folder of another, whenever the build stops
                _zip_path(out).unlink(missing_ok=True)
            staging.commit(removed)
        except BaseException:
            staging.abort()
            raise
        build_id = json.loads(manifest_bytes[: manifest_bytes.index(b",")] + b"}")["build_id"]  # the first field
        cache.commit(settings, build_id)
        included = set(cache.keys()) if publish else set()
    finally:
        cache.close()
    files = BundleFiles(out, [*hashes, "manifest.json"])
    zip_path = _zip_path(out) if as_zip else None
    if zip_path is not None:
        zip_bundle(files, zip_path)
    published = 0
    if publish:
        for slug, (_key, piece_id) in keys.items():
            if piece_id is not None and slug in included:
                actions.publish(db, actor, piece_id)
                published += 1
        for exported in exported_catalogs:
            if exported.piece_id is not None and exported.status == "approved":
                actions.publish(db, actor, exported.piece_id)
                published += 1
        _log_published(db, actor, edition_code, build_id, articles, published)
    report = BuildReport(
        edition=edition_code,
        folder=out,
        articles=articles,
        build_id=build_id,
        added=tuple(sorted(set(hashes) - set(previous))),
        changed=tuple(sorted(p for p in hashes if p in previous and previous[p] != hashes[p])),
        removed=tuple(sorted(removed)),
        zip_path=zip_path,
        published=published,
    )
    return report, files


def _shared_files(
    staging: Staging, cache: RenderCache, info: EditionInfo, others: dict[str, list[str]], previous: dict[str, str]
) -> dict[str, str]:
    """Stage index.json, sitemap.xml and feed.atom, made from the cache's entries (what
    ``render.shared_files`` makes of every article's record); their SHA-256. An incremental build keeps the
    index and the sitemap in place when no entry of theirs changed."""

    def kept(path: str) -> bool:
        if not staging.incremental or path not in previous:
            return False
        try:
            return hashlib.sha256((staging.out / path).read_bytes()).hexdigest() == previous[path]
        except OSError:
            return False

    made: dict[str, str] = {}
    if cache.count():  # a sitemap lists at least one page: an edition with none has no sitemap
        if not cache.refresh_sitemap(info, others) and kept("sitemap.xml"):
            made["sitemap.xml"] = previous["sitemap.xml"]
        else:
            made["sitemap.xml"] = staging.write("sitemap.xml", sitemap_file(cache.sitemap()))
    if not cache.listing_changed and kept("index.json"):
        made["index.json"] = previous["index.json"]
    else:
        made["index.json"] = staging.write("index.json", index_file(*cache.index()))
    made["feed.atom"] = staging.write("feed.atom", feed_file(info, cache.newest(FEED_ENTRIES)))
    return made


def _write_parts(staging: Staging, cache: RenderCache, info: EditionInfo) -> dict[str, tuple[int, str]]:
    """Stage the parts of wordpress.xml that changed (all of them in a full build); each part's number of
    posts and SHA-256. A part whose posts and their keys are those of the bundle in place is kept as it is."""
    kept = cache.parts() if staging.incremental else {}
    plan = _same_parts(cache, info, kept) if kept and not cache.members_changed else None
    if plan is None:  # the parts made again from every article's size
        made = wxr_parts(cache.part_posts(), lambda post: post.size, lambda posts: wxr_head(channel(info, posts)))
        cache.assign_parts(made)
        counts = {name: len(posts) for name, posts in made.items()}
        heads = {name: wxr_head(channel(info, posts)) for name, posts in made.items()}
    else:
        counts, heads = plan
    written: dict[str, KeptPart] = {}
    for name in counts:
        there = (staging.out / name).is_file()
        if name not in heads and there:  # none of its posts changed
            written[name] = kept[name]
            continue
        key = part_key(cache.part_keys(name))
        if name in kept and kept[name].key == key and there:
            written[name] = kept[name]
            continue
        head = heads.get(name) or kept[name].head
        stream = chain([head.encode("utf-8")], cache.part_items(name), [WXR_TAIL.encode("utf-8")])
        written[name] = KeptPart(key, staging.stream(name, stream), head)
    cache.put_parts(written)
    return {name: (counts[name], part.sha256) for name, part in written.items()}


def _same_parts(
    cache: RenderCache, info: EditionInfo, kept: dict[str, KeptPart]
) -> tuple[dict[str, int], dict[str, str]] | None:
    """When the parts of the bundle in place stay as they are (see :func:`~workflow.bundle.parts.same_parts`),
    every part's number of posts and the head of each part with a changed article; None when they may not."""
    sizes = cache.part_sizes()
    if None in sizes or set(sizes) != set(kept):
        return None
    touched = {name for name in cache.parts_of_stored() if name is not None}
    if cache.heads_changed:
        heads = {name: wxr_head(channel(info, cache.part_posts(name))) for name in touched}
    else:
        heads = {name: kept[name].head for name in touched}
    counts = {name: count for name, (_size, count) in sizes.items() if name is not None}
    items = {name: size for name, (size, _count) in sizes.items() if name is not None}
    if not same_parts(items, {name: (counts[name], heads[name]) for name in touched}):
        return None
    return counts, heads


def _log_published(
    db: Database, actor: ActingUser, edition_code: str, build_id: str, articles: int, published: int
) -> None:
    """One line of the audit log for an edition published: by whom, which build, how much."""
    with db.write() as session:
        log(
            session,
            db.now(),
            load_actor(session, actor),
            "publish_edition",
            detail={"edition": edition_code, "build_id": build_id, "articles": articles, "published": published},
        )
