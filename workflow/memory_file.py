"""The translation memory's index on disk: one file per database and language pair, which every process on
the host maps read-only, so the operating system keeps one copy in memory for all of them.

A file holds the normalised sources (UTF-8, one blob with offsets), where each entry comes from (table, row
id, article, reviewed), the words in byte order with their postings (entry numbers, ascending), a sorted
key per (source, target) pair to keep entries unique, and a JSON header: where each array lies, how far
each table was read, and the last row read of each table, by which a file left from another database (or
one emptied since) is recognised and rebuilt. Files are written whole beside their place and renamed in.

>>> entry_key("kitāb", "کتاب") == entry_key("kitāb", "کتاب") != entry_key("kitāb", "کتابها")
True
"""

from __future__ import annotations

import bisect
import hashlib
import json
import mmap
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

__all__ = ["FORMAT", "MappedIndex", "entry_key", "write_index"]

MAGIC = b"DRAGOMAN-TM-IDX\n"
FORMAT = 1
_ALIGN = 8


def entry_key(norm: str, target: str) -> int:
    """A stable 64-bit key of a (normalised source, target) pair, the same in every process."""
    digest = hashlib.blake2b(f"{norm}\x00{target}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _blob(texts: Sequence[str]) -> tuple[np.ndarray, bytes]:
    """Offsets (N + 1) and the concatenated UTF-8 of ``texts``."""
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.uint64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return offsets, b"".join(encoded)


def write_index(
    path: Path,
    *,
    norms: Sequence[str],
    table: bytes,
    rows: Sequence[int],
    contexts: Sequence[int],
    reviewed: bytes,
    postings: Mapping[str, Sequence[int]],
    keys: Sequence[int],
    header: dict[str, Any],
) -> None:
    """Write an index file at ``path`` (whole, then renamed into place)."""
    words = sorted(postings, key=str.encode)
    word_offsets, word_bytes = _blob(words)
    posting_offsets = np.zeros(len(words) + 1, dtype=np.uint64)
    np.cumsum([len(postings[w]) for w in words], out=posting_offsets[1:])
    all_postings = np.fromiter((p for w in words for p in postings[w]), dtype=np.uint32, count=int(posting_offsets[-1]))
    norm_offsets, norm_bytes = _blob(norms)
    arrays: dict[str, np.ndarray] = {
        "norm_offsets": norm_offsets,
        "norm_bytes": np.frombuffer(norm_bytes, dtype=np.uint8),
        "table": np.frombuffer(table, dtype=np.uint8),
        "rows": np.asarray(rows, dtype=np.uint32),
        "contexts": np.asarray(contexts, dtype=np.int32),
        "reviewed": np.frombuffer(reviewed, dtype=np.uint8),
        "word_offsets": word_offsets,
        "word_bytes": np.frombuffer(word_bytes, dtype=np.uint8),
        "posting_offsets": posting_offsets,
        "postings": all_postings,
        "keys": np.unique(np.asarray(keys, dtype=np.uint64)),
    }
    layout: dict[str, list[Any]] = {}
    position = 0
    for name, array in arrays.items():
        layout[name] = [position, str(array.dtype), int(array.size)]
        position += -(-array.nbytes // _ALIGN) * _ALIGN
    head = json.dumps({"format": FORMAT, "entries": len(norms), "arrays": layout, **header}).encode()
    start = -(-(len(MAGIC) + 8 + len(head)) // _ALIGN) * _ALIGN
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as out:
            out.write(MAGIC + len(head).to_bytes(8, "little") + head)
            out.write(b"\0" * (start - out.tell()))
            for name, array in arrays.items():
                offset = start + layout[name][0]
                out.write(b"\0" * (offset - out.tell()))
                out.write(array.tobytes())
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)  # a write that failed half-way leaves nothing behind


class _Words(Sequence[bytes]):
    """The index's words as a sorted sequence of bytes, read from the map (for bisect)."""

    def __init__(self, offsets: np.ndarray, blob: memoryview) -> None:
        self._offsets = offsets
        self._blob = blob

    def __len__(self) -> int:
        return int(self._offsets.size) - 1

    @overload
    def __getitem__(self, i: int) -> bytes: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[bytes]: ...
    def __getitem__(self, i: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return bytes(self._blob[int(self._offsets[i]) : int(self._offsets[i + 1])])


@dataclass(frozen=True)
class FileIdentity:
    """Which file a map was made of: another one at the same path means the index was rebuilt."""

    inode: int
    modified_ns: int
    size: int


def identity_of(path: Path) -> FileIdentity | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return FileIdentity(stat.st_ino, stat.st_mtime_ns, stat.st_size)


class MappedIndex:
    """An index file mapped read-only: entries by number, words' postings, and the pairs it holds."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            self.identity = FileIdentity(*(lambda s: (s.st_ino, s.st_mtime_ns, s.st_size))(os.fstat(handle.fileno())))
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{path} is not a Dragoman memory index")
        length = int.from_bytes(self._map[len(MAGIC) : len(MAGIC) + 8], "little")
        self.header: dict[str, Any] = json.loads(self._map[len(MAGIC) + 8 : len(MAGIC) + 8 + length])
        if self.header.get("format") != FORMAT:
            raise ValueError(f"{path} is a memory index of another format")
        start = -(-(len(MAGIC) + 8 + length) // _ALIGN) * _ALIGN
        arrays = {
            name: np.frombuffer(self._map, dtype=np.dtype(dtype), count=count, offset=start + offset)
            for name, (offset, dtype, count) in self.header["arrays"].items()
        }
        self.size = int(self.header["entries"])
        self._norm_offsets = arrays["norm_offsets"]
        self._norms = arrays["norm_bytes"].data
        self.table = arrays["table"]
        self.rows = arrays["rows"]
        self.contexts = arrays["contexts"]
        self.reviewed = arrays["reviewed"]
        self._words = _Words(arrays["word_offsets"], arrays["word_bytes"].data)
        self._posting_offsets = arrays["posting_offsets"]
        self._postings = arrays["postings"]
        self._keys = arrays["keys"]

    def norm(self, entry: int) -> str:
        """The normalised source of entry ``entry``."""
        return bytes(self._norms[int(self._norm_offsets[entry]) : int(self._norm_offsets[entry + 1])]).decode()

    def posting(self, word: str) -> np.ndarray | None:
        """The entries holding ``word`` (ascending), or None."""
        wanted = word.encode()
        at = bisect.bisect_left(self._words, wanted)
        if at == len(self._words) or self._words[at] != wanted:
            return None
        return self._postings[int(self._posting_offsets[at]) : int(self._posting_offsets[at + 1])]

    def has(self, key: int) -> bool:
        """Whether the file holds the pair with this :func:`entry_key`."""
        at = int(np.searchsorted(self._keys, np.uint64(key)))
        return at < self._keys.size and int(self._keys[at]) == key
