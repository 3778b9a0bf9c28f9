"""Spacing, end punctuation, paired marks, repeated words and length: with the equivalents each script
uses (? and ؟, , and ،, ; and ؛, "…" and «…» and „…“).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from workflow.checks.model import Check, Issue, Pair, Settings, Severity
from workflow.checks.text import ZWNJ, prose, word_spans
from workflow.messages import N_, msg

_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def whitespace(pair: Pair, settings: Settings) -> Iterator[Issue]:
    target = pair.target
    stripped = target.strip()
    if not stripped:
        return
    lead, trail = len(target) - len(target.lstrip()), len(target) - len(target.rstrip())
    source_lead = len(pair.source) - len(pair.source.lstrip())
    source_trail = len(pair.source) - len(pair.source.rstrip())
    if lead and not source_lead:
        yield Issue(N_("the translation starts with a space"), 0, lead, target.lstrip())
    if trail and not source_trail:
        yield Issue(N_("the translation ends with a space"), len(target) - trail, len(target), target.rstrip())
    if not _DOUBLE_SPACE.search(pair.source):
        fixed = _DOUBLE_SPACE.sub(" ", target)
        for match in _DOUBLE_SPACE.finditer(target):
            yield Issue(N_("two spaces in a row"), match.start(), match.end(), fixed)


#: End marks, each with the marks that may stand for it in the other scripts.
_END_MARKS: dict[str, frozenset[str]] = {
    ".": frozenset({".", "。"}),
    "?": frozenset({"?", "؟"}),
    "!": frozenset({"!"}),
    ":": frozenset({":"}),
    ";": frozenset({";", "؛"}),
    ",": frozenset({",", "،"}),
    "…": frozenset({"…", "..."}),
}
_CLOSERS = "\"'”’»“)]*_ \u00a0\ufffc"  # U+FFFC: a placeable (a closing tag) after the mark


def _end_mark(text: str) -> str | None:
    body = text.rstrip(_CLOSERS)
    if body.endswith("..."):
        return "…"
    if not body:
        return None
    last = body[-1]
    for mark, equivalents in _END_MARKS.items():
        if last in equivalents:
            return mark
    return None


def end_punctuation(pair: Pair, settings: Settings) -> Iterator[Issue]:
    if not pair.target.strip():
        return
    wanted, found = _end_mark(pair.source), _end_mark(pair.target)
    if wanted == found:
        return
    end = len(pair.target.rstrip(_CLOSERS))
    if wanted is None:
        yield Issue(msg("the translation ends with {mark} and the source does not", mark=found), end - 1, end)
    elif found is None:
        yield Issue(msg("the source ends with {mark} and the translation does not", mark=wanted), end, end)
    else:
        yield Issue(
            msg("the source ends with {expected} and the translation with {found}", expected=wanted, found=found),
            end - 1,
            end,
        )


_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›"}


def _unbalanced(text: str) -> Iterator[tuple[str, int]]:
    closers = {close: open_ for open_, close in _PAIRS.items()}
    stack: list[tuple[str, int]] = []
    for index, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((ch, index))
        elif ch in closers:
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            else:
                yield ch, index
    yield from stack
    if text.count('"') % 2:
        yield '"', text.rfind('"')
    opening = "„" if "„" in text else "“"
    closing = "“" if opening == "„" else "”"
    opened, closed = text.count(opening), text.count(closing)
    if opened != closed:
        mark = opening if opened > closed else closing
        yield mark, text.rfind(mark)


def paired_marks(pair: Pair, settings: Settings) -> Iterator[Issue]:
    source_problems = {mark for mark, _index in _unbalanced(prose(pair.source))}
    for mark, index in _unbalanced(prose(pair.target)):
        if mark not in source_problems:
            yield Issue(msg("{mark} has no partner", mark=mark), index, index + 1)


#: Words that Persian, Arabic and English double on purpose (کم‌کم, آرام آرام; "had had").
_MEANT_TWICE = frozenset(
    {"had", "that", "very", "کم", "آرام", "آهسته", "تک", "دسته", "گاه", "جا", "یواش", "زود", "ذره", "قطره", "خرده"}
    | {"گروه", "دانه", "رفته", "نرم", "شيئا", "رويدا", "شوي", "كل"}
)


def repeated_word(pair: Pair, settings: Settings) -> Iterator[Issue]:
    spans = word_spans(prose(pair.target))
    for (first, _s1, end1), (second, start2, end2) in itertools.pairwise(spans):
        between = pair.target[end1:start2]
        if first.casefold() == second.casefold() and between.strip(" \u00a0" + ZWNJ) == "":
            if first.casefold() in _MEANT_TWICE or first.isdigit():
                continue
            fixed = pair.target[:end1] + pair.target[end2:]
            yield Issue(msg("{word} twice in a row", word=second), start2, end2, fixed)


#: Typical length of a translation against its source, in characters, per language pair.
LENGTH_NORMS: dict[tuple[str, str], float] = {
    ("en", "fa"): 0.95,
    ("en", "ar"): 0.9,
    ("en", "sq"): 1.15,
    ("fa", "en"): 1.05,
    ("ar", "en"): 1.1,
    ("sq", "en"): 0.85,
}
LENGTH_FACTOR = 2.5  # how far from the norm counts as far
LENGTH_MIN_SOURCE = 40  # shorter segments vary too much to judge


def length_ratio(pair: Pair, settings: Settings) -> Iterator[Issue]:
    source, target = pair.source.strip(), pair.target.strip()
    if len(source) < LENGTH_MIN_SOURCE or not target:
        return
    norm = LENGTH_NORMS.get((pair.source_lang, pair.target_lang), 1.0)
    ratio = len(target) / len(source)
    if ratio > norm * LENGTH_FACTOR or ratio < norm / LENGTH_FACTOR:
        yield Issue(
            msg(
                "the translation is {percent} percent of the source's length; about {usual} percent is usual",
                percent=round(ratio * 100),
                usual=round(norm * 100),
            )
        )


CHECKS = [
    Check(
        "whitespace",
        N_("Spaces at the start or end, or two in a row, that the source does not have."),
        Severity.WARNING,
        None,
        whitespace,
    ),
    Check(
        "end-punctuation",
        N_("The same end punctuation as the source, in the target script (? ؟, , ،, ; ؛)."),
        Severity.WARNING,
        None,
        end_punctuation,
    ),
    Check(
        "paired-marks",
        N_("Brackets and quotation marks that open and close."),
        Severity.WARNING,
        None,
        paired_marks,
    ),
    Check("repeated-word", N_("The same word twice in a row."), Severity.WARNING, None, repeated_word),
    Check(
        "length",
        N_("A translation far shorter or longer than usual for the language pair."),
        Severity.WARNING,
        None,
        length_ratio,
    ),
]
