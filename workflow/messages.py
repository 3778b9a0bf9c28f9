"""Messages the workflow says to people, kept translatable.

A :class:`Message` is the English text (it is a ``str``, so logs, the CLI and tests read it as
usual) that also remembers its template and parameters, so that the dashboard can show it in the
reader's interface language from the gettext catalogs. Templates are marked for extraction with
:func:`msg` (with parameters) or :func:`N_` (a fixed phrase).

>>> refused = msg("{user} may not {doing}", user="mina", doing=N_("approve this piece"))
>>> refused
'mina may not approve this piece'
>>> refused.template, refused.params["doing"].template
('{user} may not {doing}', 'approve this piece')
>>> translate(refused, {"{user} may not {doing}": "{user} نمی‌تواند {doing}",
...                     "approve this piece": "این قطعه را تأیید کند"}.get)
'mina نمی\u200cتواند این قطعه را تأیید کند'
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any


class Message(str):
    """English text that knows its template and parameters."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None) -> Message:
        values = dict(params or {})
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template = template
        text.params = MappingProxyType(values)
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, dict(self.params)))


def msg(template: str, /, **params: object) -> Message:
    """A message with ``{name}`` parameters; phrases among the parameters should be :func:`N_` too."""
    return Message(template, params)


def N_(phrase: str) -> Message:  # noqa: N802
    """A fixed phrase, marked for extraction and translated where it is shown."""
    return Message(phrase)


_EXCERPT = reprlib.Repr()
_EXCERPT.maxlevel, _EXCERPT.maxstring, _EXCERPT.maxother, _EXCERPT.maxlong = 2, 60, 60, 40
_EXCERPT.maxdict = _EXCERPT.maxlist = _EXCERPT.maxtuple = _EXCERPT.maxset = 4


def quoted(value: object) -> str:
    """A value as a message quotes it: its repr, cut to a short excerpt however large or deep it is.

    >>> quoted("Tehran")
    "'Tehran'"
    >>> len(quoted("x" * 10_000)) <= 60
    True
    >>> quoted([[["a"] * 9] * 9] * 9)
    '[[[...], [...], [...], [...], ...], [[...], [...], [...], [...], ...], ...]'
    """
    return _EXCERPT.repr(value)


def translate(text: str, lookup: Callable[[str], str | None]) -> str:
    """``text`` in another language: templates and phrases through ``lookup`` (``gettext``), other
    values (names, numbers, file names) as they are. An untranslated template stays English.
    """
    if not isinstance(text, Message) or not text.template:
        return str(text)
    template = lookup(text.template) or text.template
    if not text.params:
        return template
    values = {
        name: translate(value, lookup) if isinstance(value, str) else value for name, value in text.params.items()
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return text.template.format(**values)


def joined(parts: list[Message]) -> Message:
    """Parts of one location ("item 2, line 5, field 'title'") as one message; an empty list is empty."""
    present = [part for part in parts if part]
    if not present:
        return Message("")
    if len(present) == 1:
        return present[0]
    return msg("{first}, {rest}", first=present[0], rest=joined(present[1:]))
