"""Translation memory: approved segment pairs of every language pair (and imported units), searched by
exact hash first and then by similarity.

Fuzzy lookup has two stages, all in memory: candidates from the query's rarer words (an inverted index
of normalised words; ZWNJ-joined Persian words stay whole), ranked by rarity-weighted overlap; then the
best few hundred are rescored with an edit-distance ratio (rapidfuzz), a few thousand when those hold no
close match. Each process keeps one index per language pair and
reads only the rows added since its last look: at once after an approval in the same process, and
within ``REFRESH_SECONDS`` of one in another process.

>>> normalise("  Kitāb‌ها  ي  ك ")
'kitāb\\u200cها ی ک'
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import logging
import os
import re
import subprocess
import sys
import threading
import time
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from sqlalchemy import Connection, insert, make_url
from sqlalchemy import select as select_rows
from sqlmodel import Session, col, or_, select

from workflow.checks.text import WORD
from workflow.db import Database
from workflow.memory_file import MappedIndex, entry_key, identity_of, write_index
from workflow.models import ApprovedSegment, MemoryEntry, Piece, SourceSegment, TargetSegment
from workflow.pieces import record_edit
from workflow.segments import segment_hash

LOG = logging.getLogger("dragoman.memory")

#: How old a process's view of the memory may get before it looks for rows other processes added.
REFRESH_SECONDS = float(os.environ.get("DRAGOMAN_MEMORY_REFRESH_SECONDS", "30"))
CANDIDATES = 300  # candidates rescored first
WIDE_CANDIDATES = 1000  # rescored too when the first ones hold no strong match
STRONG = 90.0  # a match this close ends the search early
POSTINGS_BUDGET = 30_000  # word postings read per query, rarest words first
MIN_WORDS = 3
MIN_SCORE = 75.0  # below this a match rarely saves a translator time (and is mostly shared short words)
OTHER_CONTEXT_PENALTY = 1.0  # points a match from another article loses in the ranking (not in its score)
UNREVIEWED_PENALTY = 5.0  # points an unreviewed entry loses in the ranking

_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه"})
_IGNORED = re.compile("[\u064b-\u0652\u0670\u0640]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as the memory compares it: NFC, case-folded, Arabic-script letters folded, harakat and
    kashida dropped, whitespace collapsed; ZWNJ kept.
    """
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    return _SPACE.sub(" ", _IGNORED.sub("", text)).strip()


def tokens(text: str) -> list[str]:
    """The distinct words of already normalised text, in order."""
    return list(dict.fromkeys(WORD.findall(text)))


@dataclass(frozen=True)
class Suggestion:
    """One translation memory match for a source segment."""

    score: float  # similarity of the sources, 0-100
    source: str
    target: str
    origin: str  # "approved" or the imported file
    reviewed: bool
    same_context: bool
    approved_at: datetime | None = None


GAP_SECONDS = 600.0  # how long an id skipped by a commit is looked for again (a transaction still open)


@dataclass
class ReadPosition:
    """How far a process has read a table whose ids are handed out at insert but seen at commit: the highest
    id read, and the ids below it that no committed row had yet (a transaction that took a lower id may commit
    later, as happens on PostgreSQL). Those are asked for again until they come or ``GAP_SECONDS`` pass (the
    transaction rolled back). Gaps are found from the whole table's ids, so other pairs' rows are none.

    >>> position = ReadPosition(last=32)
    >>> position.saw(committed=[33, 34, 36], now=0.0)
    >>> position.last, sorted(position.gaps)
    (36, [35])
    >>> position.saw(committed=[35, 37], now=1.0)
    >>> position.last, 35 in position.gaps
    (37, False)
    """

    last: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # id → when it was first found missing

    def missing(self, now: float) -> list[int]:
        """The skipped ids still worth asking for (older ones are dropped: their transaction rolled back)."""
        for stale in [row for row, since in self.gaps.items() if now - since > GAP_SECONDS]:
            del self.gaps[stale]
        return sorted(self.gaps)

    def saw(self, committed: Iterable[int], now: float) -> None:
        """Note the ids the whole table holds now, above the last one read or among the gaps."""
        present = sorted(set(committed))
        for row in present:
            self.gaps.pop(row, None)
        if present and present[-1] > self.last:
            holding = set(present)
            self.gaps.update((row, now) for row in range(self.last + 1, present[-1]) if row not in holding)
            self.last = present[-1]


@dataclass
class _Index:
    """One language pair's entries: a mapped file shared by the host's processes (``base``), and the entries
    this process read since that file was written, kept in lists. Entry numbers run on from the file's."""

    source_lang: str
    target_lang: str
    base: MappedIndex | None = None
    norms: list[str] = field(default_factory=list)
    table: bytearray = field(default_factory=bytearray)  # 0 approved_segment, 1 memory_entry
    rows: array = field(default_factory=lambda: array("I"))  # type: ignore[type-arg]
    contexts: array = field(default_factory=lambda: array("i"))  # type: ignore[type-arg]  # article id or -1
    reviewed: bytearray = field(default_factory=bytearray)
    postings: dict[str, array] = field(default_factory=dict)  # type: ignore[type-arg]
    seen: set[int] = field(default_factory=set)  # entry_key of (normalised source, target): one entry each
    approved_read: ReadPosition = field(default_factory=lambda: ReadPosition())
    imported_read: ReadPosition = field(default_factory=lambda: ReadPosition())
    checked_at: float = 0.0

    @property
    def base_size(self) -> int:
        return self.base.size if self.base is not None else 0

    @property
    def size(self) -> int:
        return self.base_size + len(self.norms)

    def add(self, norm: str, target: str, table: int, row: int, context: int, reviewed: bool) -> None:
        key = entry_key(norm, target)  # a key, not the texts: the targets stay in the database
        if key in self.seen or (self.base is not None and self.base.has(key)):
            return
        self.seen.add(key)
        position = self.size
        self.norms.append(norm)
        self.table.append(table)
        self.rows.append(row)
        self.contexts.append(context)
        self.reviewed.append(1 if reviewed else 0)
        for word in tokens(norm):
            posting = self.postings.get(word)
            if posting is None:
                posting = self.postings[word] = array("I")
            posting.append(position)

    def norm(self, entry: int) -> str:
        base = self.base_size
        return self.base.norm(entry) if self.base is not None and entry < base else self.norms[entry - base]

    def where(self, entry: int) -> tuple[int, int]:
        """(table, row id) of an entry."""
        base = self.base_size
        if self.base is not None and entry < base:
            return int(self.base.table[entry]), int(self.base.rows[entry])
        return self.table[entry - base], self.rows[entry - base]

    def context(self, entry: int) -> int:
        base = self.base_size
        return int(self.base.contexts[entry]) if self.base is not None and entry < base else self.contexts[entry - base]

    def is_reviewed(self, entry: int) -> bool:
        base = self.base_size
        if self.base is not None and entry < base:
            return bool(self.base.reviewed[entry])
        return bool(self.reviewed[entry - base])

    def all_norms(self) -> list[str]:
        """Every entry's normalised source, in entry order (for comparing against an exhaustive search)."""
        mapped = [self.base.norm(i) for i in range(self.base_size)] if self.base is not None else []
        return mapped + self.norms

    def _postings_of(self, word: str) -> list[np.ndarray]:
        found = []
        if self.base is not None:
            mapped = self.base.posting(word)
            if mapped is not None:
                found.append(mapped)
        own = self.postings.get(word)
        if own is not None:
            found.append(np.frombuffer(own, dtype=np.uint32))
        return found

    def candidates(self, norm: str) -> np.ndarray:
        """Entries sharing the query's words, best rarity-weighted overlap first.

        Words are taken rarest first until their postings reach ``POSTINGS_BUDGET`` (always at least
        ``MIN_WORDS`` of them), so that a query of common words still finds its neighbours and a query
        with rare words stays cheap.
        """
        held = {w: self._postings_of(w) for w in tokens(norm)}
        sizes = {w: sum(p.size for p in parts) for w, parts in held.items() if parts}
        words = sorted(sizes, key=lambda w: sizes[w])
        total = self.size
        chosen: list[str] = []
        used = 0
        for word in words:
            if len(chosen) >= MIN_WORDS and used + sizes[word] > POSTINGS_BUDGET:
                break
            chosen.append(word)
            used += sizes[word]
        if not chosen:
            return np.empty(0, dtype=np.int64)
        arrays = [part for w in chosen for part in held[w]]
        weights = np.repeat([np.log(total / sizes[w]) + 1.0 for w in chosen for _ in held[w]], [a.size for a in arrays])
        # the work grows with the postings read, never with the whole memory
        entries, slot = np.unique(np.concatenate(arrays), return_inverse=True)
        scores = np.bincount(slot, weights=weights)
        if entries.size > WIDE_CANDIDATES:
            best = np.argpartition(-scores, WIDE_CANDIDATES)[:WIDE_CANDIDATES]
            entries, scores = entries[best], scores[best]
        order = np.lexsort((entries, -scores))  # best overlap first; equal ones oldest entry first
        return entries[order].astype(np.int64)


REBUILD_AFTER = 20_000  # entries read since the file was written that make a process ask for a new file


def memory_folder(db: Database) -> Path:
    """Where ``db``'s index files live: ``DRAGOMAN_MEMORY_DIR`` if set, else beside an SQLite file, else
    ``data/memory``; one folder per database."""
    url = make_url(db.url)
    named = os.environ.get("DRAGOMAN_MEMORY_DIR")
    if not named and db.is_sqlite and url.database and url.database != ":memory:":
        return Path(f"{url.database}.memory")
    who = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(named or Path("data") / "memory") / who


def index_path(db: Database, source: str, target: str) -> Path:
    return memory_folder(db) / f"{source}-{target}.tm"


def _last_rows(session: Session, index: _Index) -> dict[str, list[object]]:
    """The last row read of each table, with its source hash: a file whose rows differ is another database's."""
    found: dict[str, list[object]] = {}
    for name, table, position in (
        ("approved", ApprovedSegment, index.approved_read),
        ("imported", MemoryEntry, index.imported_read),
    ):
        hash_ = session.execute(select_rows(col(table.source_hash)).where(col(table.id) == position.last)).scalar()
        found[name] = [position.last, hash_]
    return found


def build_file(db: Database, source: str, target: str) -> Path:
    """Read the pair's whole memory from the database and write its index file; returns the file."""
    index = _Index(source, target)
    _load(db, index)
    with db.read() as session:
        last = _last_rows(session, index)
    path = index_path(db, source, target)
    write_index(
        path,
        norms=index.norms,
        table=bytes(index.table),
        rows=index.rows,
        contexts=index.contexts,
        reviewed=bytes(index.reviewed),
        postings=index.postings,
        keys=sorted(index.seen),
        header={
            "source": source,
            "target": target,
            "approved_read": [index.approved_read.last, sorted(index.approved_read.gaps)],
            "imported_read": [index.imported_read.last, sorted(index.imported_read.gaps)],
            "last_rows": last,
        },
    )
    return path


def _mapped(db: Database, path: Path, source: str, target: str) -> _Index | None:
    """The file at ``path`` as an index, with what was added since read; None if there is no such file or it
    is not this database's."""
    try:
        base = MappedIndex(path)
    except (FileNotFoundError, ValueError, OSError):
        return None
    index = _Index(source, target, base=base)
    now = time.monotonic()
    for position, (last, gaps) in (
        (index.approved_read, base.header["approved_read"]),
        (index.imported_read, base.header["imported_read"]),
    ):
        position.last = int(last)
        position.gaps = {int(g): now for g in gaps}
    with db.read() as session:
        if _last_rows(session, index) != base.header["last_rows"]:
            return None
    _load(db, index)
    return index


@contextmanager
def _building(path: Path) -> Iterator[None]:
    """One process of the host at a time builds a pair's file; the others wait here, then map it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_in_child(db: Database, source: str, target: str) -> None:
    """Build the pair's file in a child process (its reading and indexing never hold this process's GIL)."""
    subprocess.run(
        [sys.executable, "-m", "workflow.memory_build", source, target],
        env={**os.environ, "DRAGOMAN_DATABASE_URL": db.url},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


_M_MMAP_THRESHOLD = -3


def _keep_heap_small() -> None:
    """Give back to the system the lookups' temporary arrays (a few hundred KiB each) once they are freed.

    glibc raises its mmap threshold after the first such array is freed, and from then on keeps them in the
    heap: every dashboard process would hold tens of MiB it no longer uses beside the shared index. A fixed
    threshold (glibc's default, 128 KiB) keeps each process's own memory flat. Elsewhere this does nothing.
    """
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


def _open(db: Database, source: str, target: str, *, in_process: bool) -> _Index:
    """The pair's index: its file mapped (built first when missing or another database's: in this process, or
    in a child process that leaves this one's interpreter free), plus what was added since."""
    _keep_heap_small()
    path = index_path(db, source, target)
    try:
        with _building(path):
            index = _mapped(db, path, source, target)
            if index is not None:
                return index
            if in_process:
                build_file(db, source, target)
            else:
                _build_in_child(db, source, target)
            index = _mapped(db, path, source, target)
            if index is not None:
                return index
    except (OSError, subprocess.CalledProcessError) as error:  # no place to keep a file: this process's own
        LOG.warning("translation memory index for %s→%s kept in this process only: %s", source, target, error)
    index = _Index(source, target)
    _load(db, index)
    return index


class _Memory:
    """The indexes of one process, one per (database, language pair), each opened once and then refreshed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._indexes: dict[tuple[str, str, str], _Index] = {}
        self._opening: dict[tuple[str, str, str], threading.Lock] = {}
        self._background: set[tuple[str, str, str]] = set()

    def index(self, db: Database, source: str, target: str, *, force: bool = False, wait: bool = True) -> _Index | None:
        """The pair's index, read up to now when due (or ``force``). With ``wait=False``, None while it is
        still being opened (in the background: nobody waits for it)."""
        key = (db.url, source, target)
        with self._lock:
            opening = self._opening.setdefault(key, threading.Lock())
        index = self._indexes.get(key)
        if index is None:
            if not wait:
                self._open_in_background(db, source, target)
                return None
            with opening:
                index = self._indexes.get(key)
                if index is None:
                    index = self._indexes[key] = _open(db, source, target, in_process=True)
                    return index
        due = force or time.monotonic() - index.checked_at >= REFRESH_SECONDS
        if due and opening.acquire(blocking=wait):  # not waiting: another thread is reading; use it as it is
            try:
                index = self._refreshed(db, key, self._indexes.get(key) or index)
            finally:
                opening.release()
        return index

    def _refreshed(self, db: Database, key: tuple[str, str, str], index: _Index) -> _Index:
        """The index with the rows added since its last look; a file rebuilt meanwhile is mapped instead."""
        _db_url, source, target = key
        path = index_path(db, source, target)
        if index.base is not None and identity_of(path) not in (None, index.base.identity):
            newer = _mapped(db, path, source, target)
            if newer is not None:
                self._indexes[key] = newer
                return newer
        _load(db, index)
        if len(index.norms) > max(REBUILD_AFTER, index.base_size // 10):
            self._open_in_background(db, source, target, rebuild=True)
        return index

    def _open_in_background(self, db: Database, source: str, target: str, *, rebuild: bool = False) -> None:
        key = (db.url, source, target)
        with self._lock:
            if key in self._background:
                return
            self._background.add(key)

        def run() -> None:
            try:
                if rebuild:
                    with _building(index_path(db, source, target)):
                        _build_in_child(db, source, target)
                    self.touch(db)
                else:
                    opened = _open(db, source, target, in_process=False)
                    with self._lock:
                        self._indexes.setdefault(key, opened)
            except Exception:  # the next lookup tries again; the editor goes on without suggestions
                LOG.exception("translation memory index for %s→%s could not be opened", source, target)
            finally:
                with self._lock:
                    self._background.discard(key)

        threading.Thread(target=run, name=f"memory-{source}-{target}", daemon=True).start()

    def warm(self, db: Database) -> None:
        """Open every language pair's index in the background (when a server starts)."""
        for source, target in memory_pairs(db):
            self.index(db, source, target, wait=False)

    def ready(self, db: Database, source: str, target: str) -> bool:
        return (db.url, source, target) in self._indexes

    def touch(self, db: Database) -> None:
        """Make every index of ``db`` read new rows at its next lookup (after an approval or an import)."""
        with self._lock:
            for (url, _source, _target), index in self._indexes.items():
                if url == db.url:
                    index.checked_at = 0.0

    def clear(self) -> None:
        with self._lock:
            self._indexes.clear()


def memory_pairs(db: Database) -> list[tuple[str, str]]:
    """The language pairs the memory holds entries of."""
    with db.read() as session:
        pairs = set(
            session.execute(
                select_rows(col(ApprovedSegment.source_language), col(ApprovedSegment.target_language)).distinct()
            ).all()
        ) | set(
            session.execute(
                select_rows(col(MemoryEntry.source_language), col(MemoryEntry.target_language)).distinct()
            ).all()
        )
    return sorted((str(s), str(t)) for s, t in pairs)


MEMORY = _Memory()


def _ids(session: Session, table: type[ApprovedSegment] | type[MemoryEntry], position: ReadPosition) -> list[int]:
    """The ids the whole table holds (any pair) above the last one read, and among the gaps."""
    wanted = position.missing(time.monotonic())[-GAP_QUERY:]
    found = session.execute(
        select_rows(col(table.id)).where(or_(col(table.id) > position.last, col(table.id).in_(wanted)))
    ).all()
    return [row[0] for row in found]


def _load(db: Database, index: _Index) -> None:
    """Read the rows committed since the index last looked, whatever order their transactions committed in."""
    now = time.monotonic()
    with db.read() as session:
        approved_ids = _ids(session, ApprovedSegment, index.approved_read)
        imported_ids = _ids(session, MemoryEntry, index.imported_read)
        new_approved = set(approved_ids) - {0}
        approved = session.execute(
            select_rows(
                col(ApprovedSegment.id),
                col(ApprovedSegment.source_text),
                col(ApprovedSegment.target_text),
                col(ApprovedSegment.article_id),
            )
            .where(
                col(ApprovedSegment.source_language) == index.source_lang,
                col(ApprovedSegment.target_language) == index.target_lang,
                or_(
                    col(ApprovedSegment.id) > index.approved_read.last,
                    col(ApprovedSegment.id).in_(sorted(new_approved & set(index.approved_read.gaps))),
                ),
            )
            .order_by(col(ApprovedSegment.id))
        ).all()
        imported = session.execute(
            select_rows(
                col(MemoryEntry.id),
                col(MemoryEntry.source_text),
                col(MemoryEntry.target_text),
                col(MemoryEntry.reviewed),
            )
            .where(
                col(MemoryEntry.source_language) == index.source_lang,
                col(MemoryEntry.target_language) == index.target_lang,
                or_(
                    col(MemoryEntry.id) > index.imported_read.last,
                    col(MemoryEntry.id).in_(sorted(set(imported_ids) & set(index.imported_read.gaps))),
                ),
            )
            .order_by(col(MemoryEntry.id))
        ).all()
    approved = [row for row in approved if row[0] in new_approved]  # what committed after the ids were read waits
    imported_set = set(imported_ids)
    imported = [row for row in imported if row[0] in imported_set]
    for row_id, source, target, article in reversed(approved):  # newest first: re-approved text wins the slot
        index.add(normalise(source), target, 0, row_id, article, True)
    for row_id, source, target, reviewed in imported:
        index.add(normalise(source), target, 1, row_id, -1, reviewed)
    index.approved_read.saw(approved_ids, now)
    index.imported_read.saw(imported_ids, now)
    index.checked_at = time.monotonic()


GAP_QUERY = 1000  # skipped ids asked for at a time (the newest: an old gap is a rolled-back transaction)


Details = dict[int, tuple[str, str, str, datetime | None]]


def _details(connection: Connection, table: int, row_ids: list[int]) -> Details:
    """Source, target, origin and approval time of the chosen entries of one table."""
    if not row_ids:
        return {}
    if table == 0:
        approved = connection.execute(
            select_rows(
                col(ApprovedSegment.id),
                col(ApprovedSegment.source_text),
                col(ApprovedSegment.target_text),
                col(ApprovedSegment.approved_at),
            ).where(col(ApprovedSegment.id).in_(row_ids))
        ).all()
        return {r[0] or 0: (r[1], r[2], "approved", r[3]) for r in approved}
    imported = connection.execute(
        select_rows(
            col(MemoryEntry.id), col(MemoryEntry.source_text), col(MemoryEntry.target_text), col(MemoryEntry.origin)
        ).where(col(MemoryEntry.id).in_(row_ids))
    ).all()
    return {r[0] or 0: (r[1], r[2], r[3] or "import", None) for r in imported}


def suggest(
    db: Database,
    text: str,
    source: str,
    target: str,
    *,
    context: int | None = None,
    limit: int = 3,
    min_score: float = MIN_SCORE,
) -> list[Suggestion]:
    """The best matches for a source segment, by similarity of the sources; matches from another
    article (``context`` is the article id) and unreviewed entries rank lower.
    """
    return suggest_many(db, [text], source, target, context=context, limit=limit, min_score=min_score)[0]


def suggest_many(
    db: Database,
    texts: list[str],
    source: str,
    target: str,
    *,
    context: int | None = None,
    limit: int = 3,
    min_score: float = MIN_SCORE,
) -> list[list[Suggestion]]:
    """:func:`suggest` for several segments at once (one read of the chosen entries for all)."""
    index = MEMORY.index(db, source, target)
    assert index is not None  # waited for
    return _suggestions(db, index, texts, context, limit, min_score)


def suggest_if_ready(
    db: Database,
    texts: list[str],
    source: str,
    target: str,
    *,
    context: int | None = None,
    limit: int = 3,
) -> list[list[Suggestion]] | None:
    """:func:`suggest_many`, or None at once while the pair's index is still being opened (in the
    background, started by this call when nobody has): a page never waits for the memory."""
    index = MEMORY.index(db, source, target, wait=False)
    if index is None:
        return None
    return _suggestions(db, index, texts, context, limit, MIN_SCORE)


def _suggestions(
    db: Database, index: _Index, texts: list[str], context: int | None, limit: int, min_score: float
) -> list[list[Suggestion]]:
    chosen_per_text = [_rank(index, normalise(text), context, limit, min_score) for text in texts]
    wanted: dict[int, list[int]] = {0: [], 1: []}
    for chosen in chosen_per_text:
        for _rank_value, _score, entry, _same, _reviewed in chosen:
            table, row_id = index.where(entry)
            wanted[table].append(row_id)
    with db.engine.connect() as connection:  # one short read: no transaction to begin and commit
        details = {table: _details(connection, table, ids) for table, ids in wanted.items()}
    results = []
    for chosen in chosen_per_text:
        found = []
        for _rank_value, score, entry, same, reviewed in chosen:
            table, row_id = index.where(entry)
            row = details[table].get(row_id)
            if row is not None:
                source_text, target_text, origin, at = row
                found.append(Suggestion(round(score, 1), source_text, target_text, origin, reviewed, same, at))
        results.append(found)
    return results


def _rank(
    index: _Index, norm: str, context: int | None, limit: int, min_score: float
) -> list[tuple[float, float, int, bool, bool]]:
    """(rank, score, entry, same article, reviewed) of the best entries for one normalised source."""
    if not norm:
        return []
    picked = index.candidates(norm)
    if picked.size == 0:
        return []
    want = max(limit * 4, 10)
    first = picked[:CANDIDATES]
    scored = _scored(index, norm, first, want, min_score)
    if (not scored or scored[0][1] < STRONG) and picked.size > CANDIDATES:
        scored = sorted(scored + _scored(index, norm, picked[CANDIDATES:], want, min_score), key=lambda s: -s[1])
    ranked = []
    for entry, score in scored:
        same = context is not None and index.context(entry) == context
        reviewed = index.is_reviewed(entry)
        rank = score - (0 if same else OTHER_CONTEXT_PENALTY) - (0 if reviewed else UNREVIEWED_PENALTY)
        ranked.append((rank, score, entry, same, reviewed))
    ranked.sort(key=lambda r: (-r[0], -index.where(r[2])[1]))
    return ranked[:limit]


def _scored(index: _Index, norm: str, entries: np.ndarray, want: int, min_score: float) -> list[tuple[int, float]]:
    """(entry, similarity) of the closest ``want`` of ``entries`` at or above ``min_score``."""
    choices = [index.norm(int(i)) for i in entries]
    found = rf_process.extract(norm, choices, scorer=fuzz.ratio, limit=want, score_cutoff=min_score)
    return [(int(entries[position]), float(score)) for _choice, score, position in found]


def _exact(session: Session, source_hash: str, source: str, target: str) -> str | None:
    row = session.exec(
        select(ApprovedSegment.target_text)
        .where(
            ApprovedSegment.source_language == source,
            ApprovedSegment.target_language == target,
            ApprovedSegment.source_hash == source_hash,
        )
        .order_by(col(ApprovedSegment.id).desc())
        .limit(1)
    ).first()
    return row


@dataclass(frozen=True)
class ConcordanceRow:
    """A memory entry that contains the searched words, on either side."""

    source: str
    target: str
    origin: str


def concordance(db: Database, phrase: str, source: str, target: str, *, limit: int = 50) -> list[ConcordanceRow]:
    """Entries whose source or target contains ``phrase`` (newest first)."""
    phrase = unicodedata.normalize("NFC", phrase).strip()
    if not phrase:
        return []
    pattern = f"%{phrase}%"
    with db.read() as session:
        approved = session.exec(
            select(ApprovedSegment.source_text, ApprovedSegment.target_text)
            .where(
                ApprovedSegment.source_language == source,
                ApprovedSegment.target_language == target,
                or_(col(ApprovedSegment.source_text).ilike(pattern), col(ApprovedSegment.target_text).ilike(pattern)),
            )
            .order_by(col(ApprovedSegment.id).desc())
            .limit(limit * 3)
        ).all()
        imported = session.exec(
            select(MemoryEntry.source_text, MemoryEntry.target_text, MemoryEntry.origin)
            .where(
                MemoryEntry.source_language == source,
                MemoryEntry.target_language == target,
                or_(col(MemoryEntry.source_text).ilike(pattern), col(MemoryEntry.target_text).ilike(pattern)),
            )
            .order_by(col(MemoryEntry.id).desc())
            .limit(limit)
        ).all()
    rows = [ConcordanceRow(s, t, "approved") for s, t in approved] + [ConcordanceRow(s, t, o) for s, t, o in imported]
    unique = list(dict.fromkeys(rows))
    return unique[:limit]


def add_entries(
    db: Database,
    source: str,
    target: str,
    pairs: Iterable[tuple[str, str]],
    *,
    origin: str,
    reviewed: bool,
    context: str | None = None,
) -> int:
    """Store translation units that come from outside the workflow (a TMX file); returns how many."""
    now = db.now()
    rows = (
        {
            "source_language": source,
            "target_language": target,
            "source_hash": segment_hash(s),
            "source_text": unicodedata.normalize("NFC", s),
            "target_text": unicodedata.normalize("NFC", t),
            "reviewed": reviewed,
            "origin": origin[:200],
            "context": context,
            "created_at": now,
        }
        for s, t in pairs
        if s.strip() and t.strip()
    )
    added = 0
    with db.write() as session:  # one transaction, written in batches: a large TMX never builds ORM objects
        while batch := list(islice(rows, 5000)):
            session.execute(insert(MemoryEntry), batch)
            added += len(batch)
    MEMORY.touch(db)
    return added


def prefill_exact_matches(session: Session, piece: Piece, now: datetime) -> int:
    """Empty segments of a just-claimed piece whose source has an exact approved match become drafts,
    marked as pre-filled (never done, never approved: a person confirms each). Returns how many.
    """
    rows = session.exec(
        select(TargetSegment, SourceSegment)
        .join(SourceSegment, col(SourceSegment.id) == TargetSegment.source_segment_id)
        .where(
            TargetSegment.piece_id == piece.id,
            col(TargetSegment.active).is_(True),
            TargetSegment.state == "empty",
            col(TargetSegment.outdated).is_(False),
        )
    ).all()
    filled = 0
    for target, source in rows:
        text = _exact(session, source.hash, piece.source_language, piece.edition_code)
        if not text:
            continue
        target.text = text
        target.state = "draft"
        target.prefilled = True
        target.updated_at = now
        session.add(target)
        session.flush()
        record_edit(session, piece, target, "prefill", text=text, source_text=source.text, at=now)
        filled += 1
    return filled


def units(db: Database, source: str, target: str) -> list[tuple[str, str, str, datetime | None]]:
    """Every distinct pair of the memory for export: approved ones first (newest first), then imported ones,
    as (source, target, origin, when).
    """
    with db.read() as session:
        approved = session.execute(
            select_rows(
                col(ApprovedSegment.source_text), col(ApprovedSegment.target_text), col(ApprovedSegment.approved_at)
            )
            .where(col(ApprovedSegment.source_language) == source, col(ApprovedSegment.target_language) == target)
            .order_by(col(ApprovedSegment.id).desc())
        ).all()
        imported = session.execute(
            select_rows(col(MemoryEntry.source_text), col(MemoryEntry.target_text), col(MemoryEntry.origin))
            .where(col(MemoryEntry.source_language) == source, col(MemoryEntry.target_language) == target)
            .order_by(col(MemoryEntry.id))
        ).all()
    seen: set[tuple[str, str]] = set()
    result: list[tuple[str, str, str, datetime | None]] = []
    for s, t, at in approved:
        if (s, t) not in seen:
            seen.add((s, t))
            result.append((s, t, "approved", at))
    for s, t, origin in imported:
        if (s, t) not in seen:
            seen.add((s, t))
            result.append((s, t, origin, None))
    return result
