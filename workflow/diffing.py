"""Word-level differences between two versions of a translation, for reviewers."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Change:
    """One run of the new text: kept, inserted, or deleted (from the old text)."""

    kind: str  # "same", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Change]:
    """The changes from ``old`` to ``new``, word by word (whitespace kept; ZWNJ-joined words stay whole).

    >>> [(c.kind, c.text) for c in word_diff("the old house", "the new house")]
    [('same', 'the '), ('delete', 'old'), ('insert', 'new'), ('same', ' house')]
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            changes.append(Change("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("delete", "".join(a[i1:i2])))
        if j2 > j1:
            changes.append(Change("insert", "".join(b[j1:j2])))
    return changes


def diff_html(old: str, new: str) -> str:
    """The word diff as HTML: ``<del>`` for removed words, ``<ins>`` for added ones, all text escaped."""
    parts = []
    for change in word_diff(old, new):
        text = html.escape(change.text)
        parts.append({"same": text, "insert": f"<ins>{text}</ins>", "delete": f"<del>{text}</del>"}[change.kind])
    return "".join(parts)
