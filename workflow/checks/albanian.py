"""Checks for Albanian: ë and ç left out (they are among the commonest letters), and English left in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workflow.checks.model import Check, Issue, Pair, Settings, Severity
from workflow.checks.text import prose, word_spans
from workflow.messages import N_, msg

#: Common words that are only ever written with ë or ç, as they come out when the marks are left off.
#: (Not nouns in -ë such as punë or ditë: "pune", "dite" are their own oblique forms, as in "ditë pune".)
WITHOUT_MARKS = {
    "eshte": "është",
    "nje": "një",
    "per": "për",
    "jane": "janë",
    "kane": "kanë",
    "kete": "këtë",
    "keto": "këto",
    "ketu": "këtu",
    "ketij": "këtij",
    "ketyre": "këtyre",
    "keshtu": "kështu",
    "gjate": "gjatë",
    "gjithe": "gjithë",
    "vetem": "vetëm",
    "tjeter": "tjetër",
    "shume": "shumë",
    "mire": "mirë",
    "behet": "bëhet",
    "bere": "bërë",
    "cdo": "çdo",
    "cfare": "çfarë",
    "shqiperi": "shqipëri",
    "shqiperise": "shqipërisë",
}

#: Albanian prose this long without a single ë or ç is very unlikely.
MARKLESS_WORDS = 8
_MARKS = re.compile(r"[ëËçÇ]")


def _cased(word: str, replacement: str) -> str:
    return replacement.capitalize() if word[:1].isupper() else replacement


def missing_marks(pair: Pair, settings: Settings) -> Iterator[Issue]:
    text = prose(pair.target)
    spans = word_spans(text)
    found = False
    for word, start, end in spans:
        right = WITHOUT_MARKS.get(word.casefold())
        if right:
            found = True
            fixed = pair.target[:start] + _cased(word, right) + pair.target[end:]
            yield Issue(msg("{word} is written {right}", word=word, right=_cased(word, right)), start, end, fixed)
    if not found and len(spans) >= MARKLESS_WORDS and not _MARKS.search(text):
        yield Issue(N_("no ë or ç in the whole text: were the marks left off?"))


#: English words that are not Albanian words; two of them in Albanian text mean English was left in.
ENGLISH_ONLY = frozenset(
    [
        "the",
        "and",
        "of",
        "with",
        "is",
        "are",
        "was",
        "were",
        "this",
        "that",
        "for",
        "from",
        "which",
        "have",
        "has",
        "will",
        "would",
        "their",
        "they",
        "into",
        "about",
    ]
)
_QUOTED = re.compile(r"„[^“]*“|“[^”]*”|«[^»]*»|\"[^\"]*\"")


def english_left(pair: Pair, settings: Settings) -> Iterator[Issue]:
    text = _QUOTED.sub(lambda m: " " * len(m.group()), prose(pair.target))  # quoted titles may stay English
    hits = [(word, start, end) for word, start, end in word_spans(text) if word.casefold() in ENGLISH_ONLY]
    if len(hits) >= 2:
        for word, start, end in hits:
            yield Issue(msg("{word} is English", word=word), start, end)


CHECKS = [
    Check(
        "albanian-marks",
        N_("Albanian written without ë or ç where the language needs them."),
        Severity.WARNING,
        frozenset({"sq"}),
        missing_marks,
    ),
    Check(
        "english-left", N_("English words left in Albanian text."), Severity.WARNING, frozenset({"sq"}), english_left
    ),
]
