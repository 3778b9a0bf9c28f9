"""Format strings of interface strings, checked for the entry's format flag as GNU ``msgfmt --check`` does:
``python-format`` and ``c-format`` (the same conversions in the same order, or named ones the source has),
``python-brace-format`` (the same replacement fields).

>>> pair = Pair("{count} files in {folder}", "{count} پرونده", "en", "fa", frozenset({"python-brace-format"}))
>>> [str(issue.message) for issue in same_format(pair, Settings())]
['the format field {folder} of the source is missing']
>>> pair = Pair("%(n)s of %(total)d", "%(n)s از %(all)d", "en", "fa", frozenset({"python-format"}))
>>> [issue.message.params["item"] for issue in same_format(pair, Settings())]
['%(total)d', '%(all)d']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workflow.checks.model import Check, Issue, Pair, Settings, Severity
from workflow.messages import N_, msg

#: the flags that say a text is a format string; ``no-…-format`` says it is not
FORMAT_FLAGS = frozenset({"python-format", "c-format", "python-brace-format"})

_PRINTF = re.compile(
    r"%(?:(?P<position>\d+)\$)?(?:\((?P<name>[^)]*)\))?[#0\- +'I]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?(?P<conversion>[diouxXeEfFgGaAcsrp%])"
)
_BRACE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}!:]*)(?:![rsa])?(?::(?:[^{}]|\{[^{}]*\})*)?\}")
_KIND = {"d": "i", "i": "i", "o": "i", "u": "i", "x": "i", "X": "i", "c": "c", "r": "s", "s": "s", "a": "s"}


def flags_in_note(note: str | None) -> frozenset[str]:
    """The flags a catalog entry's note lists (``flags: python-format, …``; see workflow.catalogs)."""
    for line in (note or "").splitlines():
        if line.startswith("flags: "):
            return frozenset(flag.strip() for flag in line.removeprefix("flags: ").split(","))
    return frozenset()


def _printf(text: str) -> list[tuple[str | None, str, str]]:
    """Each directive: its name or position (or None), its kind of value, and how it reads."""
    found = []
    for match in _PRINTF.finditer(text):
        conversion = match.group("conversion")
        if conversion == "%":
            continue
        key = match.group("name") if match.group("name") is not None else match.group("position")
        found.append((key, _KIND.get(conversion, "f"), match.group()))
    return found


def _printf_issues(pair: Pair) -> Iterator[Issue]:
    source, target = _printf(pair.source), _printf(pair.target)
    named = {key: kind for key, kind, _text in source if key is not None}
    if named or any(key is not None for key, _kind, _text in target):
        used = {key for key, _kind, _text in target}
        for key, _kind, text in source:
            if key is not None and key not in used:
                yield Issue(msg("the format {item} of the source is missing", item=text))
        for key, kind, text in target:
            if key not in named:
                yield Issue(msg("the format {item} is not in the source", item=text))
            elif named[key] != kind:
                yield Issue(msg("the format {item} takes another kind of value than in the source", item=text))
        return
    if [kind for _key, kind, _text in source] != [kind for _key, kind, _text in target]:
        yield Issue(
            msg(
                "the source has the formats {expected} and the translation {found}",
                expected=" ".join(text for _k, _kind, text in source) or "—",
                found=" ".join(text for _k, _kind, text in target) or "—",
            )
        )


def _fields(text: str) -> list[str]:
    """The named and numbered fields (``{}``, numbered automatically, msgfmt leaves alone, and so do we)."""
    return [m.group("field") for m in _BRACE.finditer(text) if m.group("field")]


def _brace_issues(pair: Pair) -> Iterator[Issue]:
    source, target = _fields(pair.source), _fields(pair.target)
    for field in dict.fromkeys(source):
        if field not in target:
            yield Issue(msg("the format field {item} of the source is missing", item="{" + field + "}"))
    for field in dict.fromkeys(target):
        if field not in source:
            yield Issue(msg("the format field {item} is not in the source", item="{" + field + "}"))


def same_format(pair: Pair, settings: Settings) -> Iterator[Issue]:
    if "python-brace-format" in pair.flags:
        yield from _brace_issues(pair)
    if pair.flags & {"python-format", "c-format"}:
        yield from _printf_issues(pair)


CHECKS = [
    Check(
        "format",
        N_("The same format directives as the source, as the entry's format flag says (msgfmt --check)."),
        Severity.ERROR,
        None,
        same_format,
    ),
]
