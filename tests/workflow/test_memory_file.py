"""The translation memory's shared index file: written whole, mapped by every process, refused when it is
another database's, rebuilt when the memory has grown, and never waited for by a page."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from tests.workflow.memory_process import open_and_suggest
from workflow import memory
from workflow.db import Database
from workflow.memory import MEMORY, add_entries, index_path, normalise, suggest, suggest_if_ready, tokens
from workflow.memory_file import MappedIndex, entry_key, identity_of, write_index

PAIRS = [
    ("The council opened the new library on Monday", "شورا کتابخانهٔ تازه را دوشنبه گشود"),
    ("Volunteers carried the books across the river", "داوطلبان کتاب‌ها را از رودخانه گذراندند"),
    ("The museum keeps the photographs of the harbour", "موزه عکس‌های بندر را نگه می‌دارد"),
]


def _wait(condition: object, what: str, timeout: float = 60.0) -> None:
    """Until ``condition()`` holds (checked whenever a short wait ends), or fail saying ``what``."""
    ended = threading.Event()
    timer = threading.Timer(timeout, ended.set)
    timer.start()
    try:
        while not condition():  # type: ignore[operator]
            assert not ended.wait(0.05), f"still waiting for {what} after {timeout} s"
    finally:
        timer.cancel()


def test_a_written_index_reads_back_every_entry_word_and_pair(tmp_path: Path) -> None:
    norms = [normalise(s) for s, _t in PAIRS] + ["کتاب‌ها و نمی‌دانم"]
    postings: dict[str, list[int]] = {}
    for position, norm in enumerate(norms):
        for word in tokens(norm):
            postings.setdefault(word, []).append(position)
    path = tmp_path / "en-fa.tm"
    write_index(
        path,
        norms=norms,
        table=bytes([0, 0, 1, 1]),
        rows=[11, 12, 13, 14],
        contexts=[5, -1, 7, -1],
        reviewed=bytes([1, 1, 0, 1]),
        postings=postings,
        keys=[entry_key(n, "t") for n in norms],
        header={"source": "en"},
    )
    mapped = MappedIndex(path)
    assert mapped.size == 4 and mapped.header["source"] == "en"
    assert [mapped.norm(i) for i in range(4)] == norms
    assert [int(r) for r in mapped.rows] == [11, 12, 13, 14] and [int(c) for c in mapped.contexts] == [5, -1, 7, -1]
    for word, entries in postings.items():
        found = mapped.posting(word)
        assert found is not None and found.tolist() == entries, word
    assert mapped.posting("کتاب‌ها") is not None and mapped.posting("کتابها") is None  # ZWNJ kept whole
    assert mapped.posting("absent") is None and mapped.posting("") is None
    assert all(mapped.has(entry_key(n, "t")) for n in norms) and not mapped.has(entry_key(norms[0], "other"))
    assert not list(tmp_path.glob(".*partial"))  # written beside, then renamed in


def test_a_second_process_maps_the_file_and_builds_nothing(db: Database) -> None:
    add_entries(db, "en", "fa", PAIRS, origin="newsroom.tmx", reviewed=True)
    first = MEMORY.index(db, "en", "fa")
    assert first is not None and first.base is not None and first.base_size == 3
    written = identity_of(index_path(db, "en", "fa"))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    other = context.Process(
        target=open_and_suggest, args=(db.url, "The council opened a new library on Monday", results)
    )
    other.start()
    mapped, base_size, own_entries, built, targets = results.get(timeout=120)
    other.join(timeout=60)
    assert (mapped, base_size, own_entries, built) == (True, 3, 0, [])
    assert targets == [PAIRS[0][1]]
    assert identity_of(index_path(db, "en", "fa")) == written  # nobody wrote it again


def test_entries_added_after_the_file_are_found_and_kept_unique(db: Database) -> None:
    add_entries(db, "en", "fa", PAIRS[:2], origin="a.tmx", reviewed=True)
    assert [s.target for s in suggest(db, PAIRS[0][0], "en", "fa")] == [PAIRS[0][1]]
    add_entries(db, "en", "fa", PAIRS, origin="b.tmx", reviewed=True)  # two again, one new
    index = MEMORY.index(db, "en", "fa", force=True)
    assert index is not None and (index.base_size, len(index.norms)) == (2, 1)
    assert [s.target for s in suggest(db, PAIRS[2][0], "en", "fa")] == [PAIRS[2][1]]


def test_a_file_of_another_database_is_rebuilt(db: Database) -> None:
    add_entries(db, "en", "fa", PAIRS[:1], origin="a.tmx", reviewed=True)
    assert suggest(db, PAIRS[0][0], "en", "fa")
    with db.write() as session:  # emptied and filled again: the same ids now hold other text
        from sqlalchemy import delete

        from workflow.models import MemoryEntry

        session.execute(delete(MemoryEntry))
    add_entries(db, "en", "fa", PAIRS[1:2], origin="b.tmx", reviewed=True)
    MEMORY.clear()
    assert suggest(db, PAIRS[0][0], "en", "fa") == []
    assert [s.target for s in suggest(db, PAIRS[1][0], "en", "fa")] == [PAIRS[1][1]]
    index = MEMORY.index(db, "en", "fa")
    assert index is not None and index.base_size == 1 and index.norm(0) == normalise(PAIRS[1][0])


def test_a_page_never_waits_for_the_index_and_gets_it_once_it_is_ready(db: Database) -> None:
    add_entries(db, "en", "fa", PAIRS, origin="newsroom.tmx", reviewed=True)
    assert suggest_if_ready(db, [PAIRS[1][0]], "en", "fa") is None  # opening has begun, in the background
    _wait(lambda: MEMORY.ready(db, "en", "fa"), "the index opened in the background")
    ready = suggest_if_ready(db, [PAIRS[1][0]], "en", "fa")
    assert ready is not None and [s.target for s in ready[0]] == [PAIRS[1][1]]
    assert index_path(db, "en", "fa").exists()  # built by a child process, mapped here


def test_a_server_start_opens_every_pair_in_the_background(db: Database) -> None:
    add_entries(db, "en", "fa", PAIRS, origin="a.tmx", reviewed=True)
    add_entries(db, "en", "ar", PAIRS[:1], origin="b.tmx", reviewed=True)
    MEMORY.warm(db)
    _wait(lambda: MEMORY.ready(db, "en", "fa") and MEMORY.ready(db, "en", "ar"), "both pairs opened")


def test_a_grown_memory_gets_a_new_file_that_every_process_maps(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "REBUILD_AFTER", 2)
    add_entries(db, "en", "fa", PAIRS[:1], origin="a.tmx", reviewed=True)
    first = MEMORY.index(db, "en", "fa")
    assert first is not None and first.base_size == 1
    old = identity_of(index_path(db, "en", "fa"))
    add_entries(
        db, "en", "fa", [*PAIRS[1:], ("A fourth sentence for the memory", "جملهٔ چهارم")], origin="b.tmx", reviewed=True
    )
    grown = MEMORY.index(db, "en", "fa", force=True)  # reads three new rows: more than allowed beside the file
    assert grown is not None and len(grown.norms) == 3
    _wait(lambda: identity_of(index_path(db, "en", "fa")) != old, "the rebuilt file")
    _wait(lambda: (MEMORY.index(db, "en", "fa", force=True) or first).base_size == 4, "the new file mapped")
    now = MEMORY.index(db, "en", "fa")
    assert now is not None and len(now.norms) == 0
    assert [s.target for s in suggest(db, PAIRS[2][0], "en", "fa")] == [PAIRS[2][1]]


def test_with_no_place_for_the_file_the_process_keeps_its_own_index(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the index folder would be", encoding="utf-8")
    monkeypatch.setenv("DRAGOMAN_MEMORY_DIR", str(blocked))
    add_entries(db, "en", "fa", PAIRS, origin="a.tmx", reviewed=True)
    assert [s.target for s in suggest(db, PAIRS[0][0], "en", "fa")] == [PAIRS[0][1]]
    index = MEMORY.index(db, "en", "fa")
    assert index is not None and index.base is None and len(index.norms) == 3
    assert blocked.read_text(encoding="utf-8") == "a file where the index folder would be"
