"""The values quality checks work on: a segment pair, the edition's settings, and what a check finds.

>>> pair = Pair("Open 24 hours.", "۲۴ ساعت باز است.", "en", "fa")
>>> Finding("numbers", "error", "a message", 0, 2).span
(0, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from workflow.messages import Message


class Severity(StrEnum):
    """How much a finding matters: errors block submission, warnings inform; ``off`` disables a check."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True)
class Pair:
    """A source segment and its translation, with their languages."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    flags: frozenset[str] = frozenset()  # a catalog entry's flags (python-format, …)
    kind: str = ""  # the source segment's kind: "message" and "plural" are a catalog's interface strings


@dataclass(frozen=True)
class Term:
    """A glossary entry for one language pair: the approved translations and the variants to avoid."""

    term: str
    translations: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    note: str = ""
    case_sensitive: bool = False
    is_name: bool = False
    definition: str = ""


@dataclass(frozen=True)
class Settings:
    """What an edition decides about checks: its digit style, a severity per check, its glossary."""

    digit_style: str | None = None
    severities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    glossary: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Issue:
    """What one check function reports: a message, where in the target (or None), and a safe fix."""

    message: Message
    start: int | None = None
    end: int | None = None
    fix: str | None = None  # the whole target with the fix applied


@dataclass(frozen=True)
class Finding:
    """An issue as the registry reports it: which check, how severe, what, where, and a fix if safe."""

    check: str
    severity: str
    message: str
    start: int | None = None
    end: int | None = None
    fix: str | None = None

    @property
    def span(self) -> tuple[int, int] | None:
        return None if self.start is None or self.end is None else (self.start, self.end)


CheckFunction = Callable[[Pair, Settings], Iterable[Issue]]


@dataclass(frozen=True)
class Check:
    """One registered check: an id, a one-line description, its default severity, the target languages
    it applies to (None: all), and the pure function that compares a pair.
    """

    id: str
    description: Message
    severity: Severity
    targets: frozenset[str] | None
    function: CheckFunction

    def applies_to(self, pair: Pair) -> bool:
        return self.targets is None or pair.target_lang in self.targets
