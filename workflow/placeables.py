"""Placeables: the inline tags of a segment as numbered tokens a translator moves but never retypes.

A segment of an HTML body carries its inline markup as tokens: ``<1>`` … ``</1>`` around text that a tag
encloses (a link, bold, a span with its language), ``<2/>`` for a tag that stands alone (a line break, an
image, a shortcode). The tags themselves, with their attributes, stay in the body's template and come
back when the body is rebuilt, so no translation can change an address or unbalance the HTML.

>>> [t.text for t in tokens("See <1>the <2>report</2></1>.<3/>")]
['<1>', '<2>', '</2>', '</1>', '<3/>']
>>> strip_tokens("See <1>the report</1>.")
'See the report.'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

#: a token, or a backslash escape (``\\\\`` a backslash, ``\\<`` a "<" that starts no token)
TOKEN = re.compile(r"\\([\\<])|<(/?)([1-9][0-9]{0,3})(/?)>")
_ESCAPED = re.compile(r"\\([\\<])")
_LITERAL = re.compile(r"<(?=/?[1-9][0-9]{0,3}/?>)")


@dataclass(frozen=True)
class Token:
    """One token in a segment's text: its id, what it is, and where it stands."""

    id: int
    role: str  # "open", "close" or "alone"
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` in order (a token written with a backslash before it is text)."""
    found = []
    for match in TOKEN.finditer(text):
        if match.group(1):
            continue  # an escaped character
        closing, number, alone = match.group(2), int(match.group(3)), match.group(4)
        if closing and alone:
            continue
        role = "close" if closing else "alone" if alone else "open"
        found.append(Token(number, role, match.start(), match.end(), match.group(0)))
    return found


def escape_literal(text: str) -> str:
    """Source text as segment text: a backslash doubled, and a "<" that would start a token escaped.

    >>> print(escape_literal("press <1> to start, or \\\\"))
    press \\<1> to start, or \\\\
    """
    return _LITERAL.sub(r"\\<", text.replace("\\", "\\\\"))


def unescape_literal(text: str) -> str:
    """The inverse of :func:`escape_literal`, for text between tokens."""
    return _ESCAPED.sub(r"\1", text)


def strip_tokens(text: str) -> str:
    """The words of a segment without its tokens (for word counts, spelling and language checks)."""
    return TOKEN.sub(lambda match: match.group(1) or "", text)


def mask(text: str) -> str:
    """``text`` with each token made as many U+FFFC (object replacement) characters: the words and their
    offsets stay, the tokens' digits and brackets are gone.

    >>> mask("In <1>2011</1>.")
    'In \ufffc\ufffc\ufffc2011\ufffc\ufffc\ufffc\ufffc.'
    """
    if "<" not in text:
        return text
    return TOKEN.sub(lambda m: m.group(0) if m.group(1) else "\ufffc" * len(m.group(0)), text)


def signature(text: str) -> Counter[str]:
    """How many of each token ``text`` has: equal signatures mean the same placeables."""
    return Counter(token.text for token in tokens(text))


@dataclass(frozen=True)
class Problem:
    """A placeable a translation has wrong: ``kind`` is missing, extra or broken; ``token`` as written."""

    kind: str
    token: str
    start: int = 0
    end: int = 0


def compare(source: str, target: str) -> Iterator[Problem]:
    """What ``target`` has wrong in its tokens against ``source``: missing, extra, or out of order.

    >>> [(p.kind, p.token) for p in compare("a <1>b</1> <2/>", "a </1>b<1> <2/> <2/> <3/>")]
    [('extra', '<2/>'), ('extra', '<3/>'), ('broken', '</1>')]
    >>> list(compare("a <1>b</1>", "<1>b</1> a"))
    []
    """
    wanted = signature(source)
    have = signature(target)
    for written, count in (wanted - have).items():
        for _ in range(count):
            yield Problem("missing", written)
    surplus = have - wanted
    found = tokens(target)
    for extra in found:
        if surplus[extra.text] > 0:
            surplus[extra.text] -= 1
            yield Problem("extra", extra.text, extra.start, extra.end)
    opened: list[int] = []
    broken: set[int] = set()
    for token in found:
        if token.role == "open":
            opened.append(token.id)
        elif token.role == "close":
            if opened and opened[-1] == token.id:
                opened.pop()
            else:
                broken.add(token.id)
                yield Problem("broken", token.text, token.start, token.end)
                if token.id in opened:
                    opened.remove(token.id)
    for number in opened:
        if number not in broken:
            yield Problem("broken", f"<{number}>")
