"""What a translation must carry over unchanged: numbers (in any digit script), reference markers,
addresses, Markdown links and emphasis, and interface placeholders.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workflow import placeables
from workflow.checks.formats import FORMAT_FLAGS
from workflow.checks.model import Check, Issue, Pair, Settings, Severity
from workflow.checks.text import (
    EMAIL,
    MARKDOWN_LINK,
    PLACEHOLDER,
    REFERENCE_MARKER,
    URL,
    numbers,
    to_latin_digits,
)
from workflow.messages import N_, Message, msg


def _compare(
    source: list[tuple[str, str]], target: list[tuple[str, str, int, int]], missing: Message, extra: Message
) -> Iterator[Issue]:
    """Report what the source has and the target lacks, and what the target adds (with its span).

    ``source`` holds (key, as written); ``target`` holds (key, as written, start, end).
    """
    wanted = Counter(key for key, _written in source)
    have = Counter(key for key, _written, _s, _e in target)
    written = dict(source)
    for key, count in (wanted - have).items():
        for _ in range(count):
            yield Issue(Message(missing.template, {"item": written[key]}))
    surplus = have - wanted
    for key, shown, start, end in target:
        if surplus[key] > 0:
            surplus[key] -= 1
            yield Issue(Message(extra.template, {"item": shown}), start, end)


def same_numbers(pair: Pair, settings: Settings) -> Iterator[Issue]:
    source = [(str(n.value), pair.source[n.start : n.end]) for n in numbers(pair.source, pair.source_lang)]
    target = [
        (str(n.value), pair.target[n.start : n.end], n.start, n.end) for n in numbers(pair.target, pair.target_lang)
    ]
    source = [(_canonical(key), shown) for key, shown in source]
    target = [(_canonical(key), shown, s, e) for key, shown, s, e in target]
    yield from _compare(
        source, target, N_("the number {item} of the source is missing"), N_("the number {item} is not in the source")
    )


def _canonical(value: str) -> str:
    return value.rstrip("0").rstrip(".") if "." in value else value


def same_references(pair: Pair, settings: Settings) -> Iterator[Issue]:
    source = [(to_latin_digits(m.group(1)), m.group()) for m in REFERENCE_MARKER.finditer(pair.source)]
    target = [
        (to_latin_digits(m.group(1)), m.group(), m.start(), m.end()) for m in REFERENCE_MARKER.finditer(pair.target)
    ]
    yield from _compare(
        source,
        target,
        N_("the reference marker {item} of the source is missing"),
        N_("the reference marker {item} is not in the source"),
    )


def _addresses(text: str) -> list[tuple[str, str, int, int]]:
    found = [(m.group(), m.group(), m.start(), m.end()) for m in URL.finditer(text)]
    found += [(m.group().lower(), m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)]
    return found


def same_addresses(pair: Pair, settings: Settings) -> Iterator[Issue]:
    source = [(key, shown) for key, shown, _s, _e in _addresses(pair.source)]
    yield from _compare(
        source,
        _addresses(pair.target),
        N_("the address {item} of the source is missing or changed"),
        N_("the address {item} is not in the source"),
    )


_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?!\*)|(?<!\*)\*(?![*\w])")
_CODE = re.compile(r"`+")


def _emphasis(text: str) -> Counter[str]:
    plain = MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    return Counter(
        {
            "**": len(_STRONG.findall(plain)),
            "*": len(_EMPHASIS.findall(plain)),
            "`": len(_CODE.findall(plain)),
        }
    )


def same_markdown(pair: Pair, settings: Settings) -> Iterator[Issue]:
    if pair.kind in ("message", "plural"):
        return  # interface strings are plain text: a backtick or asterisk there is a character
    source = [(m.group(2), m.group(2)) for m in MARKDOWN_LINK.finditer(pair.source)]
    target = [(m.group(2), m.group(2), m.start(), m.end()) for m in MARKDOWN_LINK.finditer(pair.target)]
    yield from _compare(
        source, target, N_("the link to {item} of the source is missing"), N_("the link to {item} is not in the source")
    )
    wanted, have = _emphasis(pair.source), _emphasis(pair.target)
    for mark in ("**", "*", "`"):
        if wanted[mark] != have[mark]:
            yield Issue(
                msg(
                    "the source has {expected} {mark} marks and the translation {found}",
                    mark=mark,
                    expected=wanted[mark],
                    found=have[mark],
                )
            )


def same_placeholders(pair: Pair, settings: Settings) -> Iterator[Issue]:
    if pair.flags & FORMAT_FLAGS:
        return  # a format string: the format check compares its directives as msgfmt does
    source = [(m.group(), m.group()) for m in PLACEHOLDER.finditer(pair.source)]
    target = [(m.group(), m.group(), m.start(), m.end()) for m in PLACEHOLDER.finditer(pair.target)]
    yield from _compare(
        source,
        target,
        N_("the placeholder {item} of the source is missing"),
        N_("the placeholder {item} is not in the source"),
    )


_MISSING = N_("the tag {item} of the source is missing; copy it from the source")
_EXTRA = N_("the tag {item} is not in the source")
_BROKEN = N_("the tag {item} is out of order: close each tag after it opens, nested as in the source")


def same_placeables(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """The source's placeables (<1>…</1>, <2/>), each once and properly nested, in the translation."""
    messages = {"missing": _MISSING, "extra": _EXTRA, "broken": _BROKEN}
    for problem in placeables.compare(pair.source, pair.target):
        found = messages[problem.kind]
        span = (problem.start, problem.end) if problem.end else (None, None)
        yield Issue(Message(found.template, {"item": problem.token}), *span)


_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def typed_html(pair: Pair, settings: Settings) -> Iterator[Issue]:
    """HTML typed into a translation (never a tag of the page: it is shown as text or removed)."""
    wanted = Counter(m.group().lower() for m in _HTML_TAG.finditer(pair.source))
    for match in _HTML_TAG.finditer(pair.target):
        written = match.group().lower()
        if wanted[written] > 0:
            wanted[written] -= 1
            continue
        yield Issue(
            msg(
                "{item} is HTML typed into the translation; use the placeables of the source instead",
                item=match.group(),
            ),
            match.start(),
            match.end(),
        )


CHECKS = [
    Check(
        "numbers",
        N_("The same numbers on both sides, whatever the digits (2011 = ٢٠١١ = ۲۰۱۱)."),
        Severity.ERROR,
        None,
        same_numbers,
    ),
    Check("references", N_("The same reference markers [n] on both sides."), Severity.ERROR, None, same_references),
    Check("addresses", N_("The same web and e-mail addresses on both sides."), Severity.ERROR, None, same_addresses),
    Check("markdown", N_("The same Markdown links and emphasis on both sides."), Severity.ERROR, None, same_markdown),
    Check(
        "placeables",
        N_("The source's tags (placeables such as <1>…</1> and <2/>) on both sides, nested as in the source."),
        Severity.ERROR,
        None,
        same_placeables,
    ),
    Check("typed-html", N_("No HTML typed into a translation."), Severity.ERROR, None, typed_html),
    Check(
        "placeholders",
        N_("The same placeholders of interface strings (named, numbered or in braces) on both sides."),
        Severity.ERROR,
        None,
        same_placeholders,
    ),
]
