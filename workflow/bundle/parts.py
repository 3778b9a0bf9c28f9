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
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from workflow.bundle.wxr import WXR_TAIL

if TYPE_CHECKING:
    from workflow.bundle.render import ArticleRecord

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
    records: list[ArticleRecord],
    size: Callable[[ArticleRecord], int],
    head: Callable[[list[ArticleRecord]], str],
    limit: int | None = None,
) -> dict[str, list[ArticleRecord]]:
    """Each part's file name and posts (in the order given, which is by slug); ``size`` is a post's item in
    bytes, ``head`` what comes before the items of some posts. The whole edition is one part while it fits."""
    limit = PART_LIMIT if limit is None else limit
    by_hash = sorted(((_bits(record.slug), index) for index, record in enumerate(records)))
    bits = [b for b, _i in by_hash]
    before = [0]  # the sizes of the posts before each one, in hash order
    for _b, index in by_hash:
        before.append(before[-1] + size(records[index]))
    fixed = len(WXR_TAIL.encode("utf-8"))
    parts: dict[str, list[ArticleRecord]] = {}

    def place(prefix: str, low: int, high: int) -> None:
        """The posts whose hashes start with ``prefix``: those from ``low`` to ``high`` in hash order."""
        posts = [records[index] for _b, index in sorted(by_hash[low:high], key=lambda pair: pair[1])]
        items = fixed + before[high] - before[low]  # the head is only measured when the items alone fit
        fits = items <= limit and items + len(head(posts).encode("utf-8")) <= limit
        if fits or high - low <= 1 or len(prefix) >= HASH_BITS:
            parts[part_name(prefix)] = posts
            return
        depth = len(prefix) + 1
        middle = bisect_left(bits, (int(prefix + "1", 2) << (HASH_BITS - depth)), low, high)
        for half, start, end in ((prefix + "0", low, middle), (prefix + "1", middle, high)):
            if end > start:
                place(half, start, end)

    place("", 0, len(records))
    return dict(sorted(parts.items()))


def part_key(posts: list[ArticleRecord], keys: Mapping[str, str]) -> str:
    """What a part's bytes depend on: its posts and each one's key (a changed article changes its key)."""
    digest = hashlib.sha256()
    for post in posts:
        digest.update(f"{post.slug}\0{keys[post.slug]}\n".encode())
    return digest.hexdigest()
