"""Glossary checks: an approved term translated otherwise, or a variant the edition avoids.

Terms are found with each language's word shapes in mind: English plurals and possessives,
Albanian case endings (bibliotekë, bibliotekën, biblioteka), Persian suffixes after a ZWNJ
(کتاب‌ها), and Arabic clitics (والمكتبة); Arabic-script letters are compared without
harakat or kashida and with ي/ی and ك/ک as one.

>>> [m for m in occurrences("The libraries' new library.", "library", "en")]
[(4, 13), (19, 26)]
>>> occurrences("بالمكتبة العامة", "مكتبة", "ar")
[(3, 8)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from workflow.checks.model import Check, Issue, Pair, Settings, Severity, Term
from workflow.messages import N_, msg

_SAME_LETTER = {"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا"}
_IGNORED = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, superscript alef, kashida


def fold(text: str, case_sensitive: bool = False) -> tuple[str, list[int]]:
    """``text`` as terms are compared, and for each of its characters the index it came from.

    >>> fold("مَكتبة")[0] == fold("مکتبة")[0]
    True
    """
    kept: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        if _IGNORED.match(ch):
            continue
        ch = _SAME_LETTER.get(ch, ch)
        if not case_sensitive and len(ch.casefold()) == 1:
            ch = ch.casefold()
        kept.append(ch)
        origin.append(index)
    return "".join(kept), origin


@lru_cache(maxsize=4096)
def _pattern(term: str, lang: str) -> re.Pattern[str]:
    body = re.escape(term).replace(r"\ ", r"[\s\u00a0]+")
    if lang == "en":
        plural = rf"|{re.escape(term[:-1])}ies" if term.endswith("y") else ""
        return re.compile(rf"(?<!\w)(?:{body}(?:s|es|'s|’s)?{plural})(?!\w)")
    if lang == "sq":
        stem = re.escape(term[:-1]) if len(term) > 4 and term[-1] in "ëea" else body
        return re.compile(rf"(?<!\w){stem}\w*")
    if lang == "fa":
        return re.compile(rf"(?<![\w\u200c]){body}(?=$|\u200c|[^\w])")
    # Arabic: the conjunction, a preposition and the article may be attached before the word
    return re.compile(rf"(?<![\w]){_ARABIC_CLITICS}({body})")


_ARABIC_CLITICS = "(?:[وف])?(?:[بلك])?(?:ال)?"


def occurrences(text: str, term: str, lang: str, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Where ``term`` stands in ``text`` (start, end of the term itself)."""
    if not term.strip():
        return []
    pattern = _pattern(fold(term.strip(), case_sensitive)[0], lang)
    haystack, origin = fold(text, case_sensitive)
    found = []
    for match in pattern.finditer(haystack):
        start, end = (match.start(1), match.end(1)) if match.re.groups else (match.start(), match.end())
        found.append((origin[start], origin[end - 1] + 1))
    return found


def _terms_in_source(pair: Pair, settings: Settings) -> Iterator[Term]:
    for term in settings.glossary:
        if occurrences(pair.source, term.term, pair.source_lang, term.case_sensitive):
            yield term


def term_translated(pair: Pair, settings: Settings) -> Iterator[Issue]:
    for term in _terms_in_source(pair, settings):
        wanted = [t for t in term.translations if t.strip()]
        if wanted and not any(occurrences(pair.target, t, pair.target_lang, term.case_sensitive) for t in wanted):
            yield Issue(
                msg(
                    "“{term}” is translated “{translation}” in this edition",
                    term=term.term,
                    translation=" / ".join(wanted),
                )
            )


def no_forbidden_variant(pair: Pair, settings: Settings) -> Iterator[Issue]:
    for term in settings.glossary:
        for variant in term.forbidden:
            for start, end in occurrences(pair.target, variant, pair.target_lang, term.case_sensitive):
                yield Issue(
                    msg(
                        "“{variant}” is avoided here; write “{translation}”",
                        variant=pair.target[start:end],
                        translation=" / ".join(term.translations) or term.term,
                    ),
                    start,
                    end,
                )


CHECKS = [
    Check(
        "glossary-term",
        N_("A glossary term of the source not translated as the glossary says."),
        Severity.WARNING,
        None,
        term_translated,
    ),
    Check(
        "glossary-forbidden",
        N_("A variant the glossary forbids."),
        Severity.ERROR,
        None,
        no_forbidden_variant,
    ),
]
