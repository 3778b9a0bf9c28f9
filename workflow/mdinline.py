"""The inline Markdown of a segment as placeables, for tools that protect tags (XLIFF): links, images,
emphasis, code, autolinks, footnote markers, inline HTML and hard line breaks become tokens, and come back
as the same Markdown.

>>> text, table = to_tokens("See [the **report**](https://x.org/r) and `code`.")
>>> text
'See <1>the <2>report</2></1> and <3/>.'
>>> from_tokens("Shih <1><2>raportin</2></1> dhe <3/>.", table)
'Shih [**raportin**](https://x.org/r) dhe `code`.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workflow.placeables import escape_literal, tokens, unescape_literal


@dataclass(frozen=True)
class Markup:
    """What a token stands for: the Markdown before the enclosed text and after it (``close`` None: alone)."""

    open: str
    close: str | None = None


_ALONE = re.compile(
    r"(?P<code>(`+)(?:(?!\2).)+?\2)"
    r"|(?P<auto><(?:https?://|mailto:)[^\s<>]+>)"
    r"|(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<note>\[\^[^\]\s]+\])"
    r"|(?P<brk>(?: {2,}|\\)\n)",
    re.DOTALL,
)
_PAIRS = [
    re.compile(r"(?P<open>!\[)(?P<inner>[^\]]*)(?P<close>\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\))"),
    re.compile(r"(?P<open>\[)(?P<inner>[^\]]+)(?P<close>\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\))"),
    re.compile(r"(?P<open>\[)(?P<inner>[^\]]+)(?P<close>\]\[[^\]]*\])"),
    re.compile(r"(?P<open>\*\*)(?P<inner>(?!\s).+?(?<!\s))(?P<close>\*\*)", re.DOTALL),
    re.compile(r"(?<!\w)(?P<open>__)(?P<inner>(?!\s).+?(?<!\s))(?P<close>__)(?!\w)", re.DOTALL),
    re.compile(r"(?P<open>\*)(?P<inner>(?![\s*]).+?(?<![\s*]))(?P<close>\*)", re.DOTALL),
    re.compile(r"(?<!\w)(?P<open>_)(?P<inner>(?![\s_]).+?(?<![\s_]))(?P<close>_)(?!\w)", re.DOTALL),
]


def to_tokens(text: str) -> tuple[str, dict[int, Markup]]:
    """A Markdown segment as text with tokens, and what each token stands for."""
    table: dict[int, Markup] = {}

    def walk(part: str) -> str:
        out: list[str] = []
        position = 0
        while position < len(part):
            best: tuple[int, int, re.Match[str], bool] | None = None  # start, priority, match, alone
            alone = _ALONE.search(part, position)
            if alone:
                best = (alone.start(), 0, alone, True)
            for priority, pattern in enumerate(_PAIRS, start=1):
                found = pattern.search(part, position)
                if found and (best is None or found.start() < best[0]):
                    best = (found.start(), priority, found, False)
            if best is None:
                break
            start, _priority, match, is_alone = best
            out.append(escape_literal(part[position:start]))
            number = len(table) + 1
            if is_alone:
                table[number] = Markup(match.group(0))
                out.append(f"<{number}/>")
            else:
                table[number] = Markup(match.group("open"), match.group("close"))
                out.append(f"<{number}>{walk(match.group('inner'))}</{number}>")
            position = match.end()
        out.append(escape_literal(part[position:]))
        return "".join(out)

    return walk(text), table


def from_tokens(text: str, table: dict[int, Markup]) -> str:
    """Text with tokens as Markdown again, each token its markup in ``table`` (unknown tokens left out)."""
    out: list[str] = []
    position = 0
    for token in tokens(text):
        out.append(unescape_literal(text[position : token.start]))
        position = token.end
        markup = table.get(token.id)
        if markup is None:
            continue
        if token.role == "close":
            out.append(markup.close or "")
        else:
            out.append(markup.open)
    out.append(unescape_literal(text[position:]))
    return "".join(out)


def matched(target: str, source_table: dict[int, Markup]) -> str:
    """A translation's Markdown as tokens numbered like the source's: each construct takes the number of the
    source's with the same markup (an added one gets a number the source does not use).
    """
    text, table = to_tokens(target)
    free = {number: markup for number, markup in source_table.items()}
    numbers: dict[int, int] = {}
    spare = max(source_table, default=0) + 1
    for number, markup in table.items():
        same = next((n for n, m in free.items() if m == markup), None)
        if same is None:
            numbers[number] = spare
            spare += 1
        else:
            numbers[number] = same
            del free[same]
    return re.sub(
        r"(\\[\\<])|<(/?)(\d+)(/?)>",
        lambda m: m.group(1) or f"<{m.group(2)}{numbers.get(int(m.group(3)), int(m.group(3)))}{m.group(4)}>",
        text,
    )
