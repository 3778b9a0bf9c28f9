"""wordpress.xml in parts that WordPress's importer takes (each under :data:`PART_LIMIT` bytes, the upload limit
many sites keep), with stable membership: a change to an article rewrites its part only.

An article's part follows from a hash of its slug: the edition's posts go in one ``wordpress.xml`` while they
fit; a part that would be too large is split in two by the next bit of its posts' hashes (``wordpress-0.xml``,
``wordpress-1.xml``, then ``wordpress-10.xml``…), and only that part. The parts are a function of the
articles alone, so a rebuild gives what a build from nothing gives. An article larger than the limit on its
own is put in a part of its own.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from workflow.bundle.wxr import WXR_TAIL


class Post(Protocol):
    """What placing a post in a part needs of it."""

    @property
    def slug(self) -> str: ...


P = TypeVar("P", bound=Post)

PART_LIMIT = 10_000_000  # bytes of one file: WordPress's importer refuses uploads over the server's limit
HASH_BITS = 32


def _bits(slug: str) -> int:
    return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:4], "big")


def part_name(prefix: str) -> str:
    """The file of the part whose posts' hashes start with the bits ``prefix`` ('' for the whole edition).

    >>> part_name(""), part_name("10")
    ('wordpress.xml', 'wordpress-10.xml')
    """
    return f"wordpress-{prefix}.xml" if prefix else "wordpress.xml"


def is_part(path: str) -> bool:
    """Whether a bundle path is a part of wordpress.xml.

    >>> is_part("wordpress.xml"), is_part("wordpress-01.xml"), is_part("articles/wordpress-1.md")
    (True, True, False)
    """
    return path == "wordpress.xml" or (
        path.startswith("wordpress-") and path.endswith(".xml") and set(path[10:-4]) <= {"0", "1"}
    )


def wxr_parts(
    records: Sequence[P],
    size: Callable[[P], int],
    head: Callable[[list[P]], str],
    limit: int | None = None,
) -> dict[str, list[P]]:
    """Each part's file name and posts (in the order given, which is by slug); ``size`` is a post's item in
    bytes, ``head`` what comes before the items of some posts. The whole edition is one part while it fits."""
    limit = PART_LIMIT if limit is None else limit
    by_hash = sorted(((_bits(record.slug), index) for index, record in enumerate(records)))
    bits = [b for b, _i in by_hash]
    before = [0]  # the sizes of the posts before each one, in hash order
    for _b, index in by_hash:
        before.append(before[-1] + size(records[index]))
    fixed = len(WXR_TAIL.encode("utf-8"))
    parts: dict[str, list[P]] = {}

    def place(prefix: str, low: int, high: int) -> None:
        """The posts whose hashes start with ``prefix``: those from ``low`` to ``high`` in hash order."""
        items = fixed + before[high] - before[low]  # the head is only made when the items alone fit
        last = high - low <= 1 or len(prefix) >= HASH_BITS
        if items <= limit or last:
            posts = [records[index] for index in sorted(index for _b, index in by_hash[low:high])]
            if last or items + len(head(posts).encode("utf-8")) <= limit:
                parts[part_name(prefix)] = posts
                return
        depth = len(prefix) + 1
        middle = bisect_left(bits, (int(prefix + "1", 2) << (HASH_BITS - depth)), low, high)
        for half, start, end in ((prefix + "0", low, middle), (prefix + "1", middle, high)):
            if end > start:
                place(half, start, end)

    place("", 0, len(records))
    return dict(sorted(parts.items()))


def part_key(posts: Iterable[tuple[str, str]]) -> str:
    """What a part's bytes depend on: its posts (slug and key, in order); a changed article changes its key."""
    digest = hashlib.sha256()
    for slug, key in posts:
        digest.update(f"{slug}\0{key}\n".encode())
    return digest.hexdigest()


def part_prefix(name: str) -> str:
    """The hash bits of a part's file name (see :func:`part_name`).

    >>> part_prefix("wordpress.xml"), part_prefix("wordpress-10.xml")
    ('', '10')
    """
    return name[len("wordpress-") : -len(".xml")] if name != "wordpress.xml" else ""


def same_parts(items: Mapping[str, int], changed: Mapping[str, tuple[int, str]], limit: int | None = None) -> bool:
    """Whether :func:`wxr_parts` gives the parts it gave before when no post was added or removed and only the
    posts of the ``changed`` parts changed: each part's items in bytes now (``items``, by file name), and each
    changed part's number of posts and head. So it does when every changed part still fits (or cannot be
    split) and no part it was split from would fit now."""
    limit = PART_LIMIT if limit is None else limit
    fixed = len(WXR_TAIL.encode("utf-8"))
    prefixes = {part_prefix(name): size for name, size in items.items()}
    for name, (count, head) in changed.items():
        prefix = part_prefix(name)
        total = fixed + items[name]
        fits = total <= limit and total + len(head.encode("utf-8")) <= limit
        if not (fits or count <= 1 or len(prefix) >= HASH_BITS):
            return False
        for depth in range(len(prefix)):
            above = prefix[:depth]
            if fixed + sum(size for other, size in prefixes.items() if other.startswith(above)) <= limit:
                return False
    return True
