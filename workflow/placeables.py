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


@dataclass(frozen=True)
class Placeable:
    """Something of the source a translator keeps, not translates: inserted whole (``text``), or put around the
    words it encloses (``open`` … ``close``: a tag pair, a Markdown link, emphasis). ``start`` is where it begins
    in the source, for the order of "insert the next placeable".
    """

    kind: str  # "tag", "link", "emphasis", "code", "url", "number"
    start: int
    text: str = ""
    open: str = ""
    close: str = ""


_MARKDOWN = re.compile(
    r"(?P<image>!\[)(?=[^\]\n]*\]\((?P<image_url>[^)\s]+)\))"
    r"|(?P<link>(?<!\\)\[)(?=[^\]\n]*\]\((?P<link_url>[^)\s]+(?:\s+\"[^\"\n]*\")?)\))"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?P<strong>(?<![*\\])\*\*(?=\S)(?:[^*\n]|\*(?!\*))+?(?<=\S)\*\*)"
    r"|(?P<em>(?<![*\\\w])\*(?=[^\s*])[^*\n]+?(?<=\S)\*(?!\*))"
)
_LITERALS = re.compile(
    r"(?P<url>\bhttps?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])"
    r"|(?P<number>(?<![\w.])\d(?:[\d,.:/-]*\d)?(?!\w))"
)
_KINDS = ("image", "link", "code", "strong", "em", "url", "number")
_LINK_TARGET = re.compile(r"(?<!\\)!?\[[^\]\n]*(\]\([^)\s]+(?:\s+\"[^\"\n]*\")?\))")


def placeables(text: str) -> list[Placeable]:
    """The placeables of a source segment in order: its tag tokens (a pair as one placeable), Markdown links,
    images, emphasis and inline code, addresses and numbers.

    >>> [(p.kind, p.text or p.open + "…" + p.close) for p in placeables("See **<1>page 12</1>** of [it](/a).")]
    [('emphasis', '**…**'), ('tag', '<1>…</1>'), ('number', '12'), ('link', '[…](/a)')]
    """
    found: list[Placeable] = []
    closes = {t.id: t.text for t in tokens(text) if t.role == "close"}
    for token in tokens(text):
        if token.role == "open":
            found.append(Placeable("tag", token.start, open=token.text, close=closes.get(token.id, "")))
        elif token.role == "alone":
            found.append(Placeable("tag", token.start, text=token.text))
    plain_text = TOKEN.sub(lambda m: "\0" * len(m.group(0)), text)  # tokens are not numbers or emphasis
    kept = [range(m.start(1), m.end(1)) for m in _LINK_TARGET.finditer(plain_text)]  # kept with the link
    matches = list(_MARKDOWN.finditer(plain_text))
    kept += [range(m.start(), m.end()) for m in matches if m.group("code")]
    matches += [m for m in _LITERALS.finditer(plain_text) if not any(m.start() in span for span in kept)]
    for match in matches:
        kind = next(name for name in _KINDS if match.groupdict().get(name))
        start = match.start()
        if kind == "image":
            found.append(Placeable("link", start, open="![", close=f"]({match.group('image_url')})"))
        elif kind == "link":
            found.append(Placeable("link", start, open="[", close=f"]({match.group('link_url')})"))
        elif kind in ("strong", "em"):
            marker = "**" if kind == "strong" else "*"
            found.append(Placeable("emphasis", start, open=marker, close=marker))
        elif kind in ("code", "url", "number"):
            found.append(Placeable(kind, start, text=match.group(0)))
    unique: dict[tuple[str, str, str], Placeable] = {}
    for placeable in sorted(found, key=lambda p: p.start):
        unique.setdefault((placeable.text, placeable.open, placeable.close), placeable)
    return list(unique.values())
