"""Quality checks: pure functions over a segment pair and the edition's settings, in one registry.

>>> from workflow.checks import Pair, Settings, run_checks
>>> [f.check for f in run_checks(Pair("Since 2011.", "از سال ٢٠١٢", "en", "fa"), Settings(digit_style="persian"))]
['numbers', 'numbers', 'end-punctuation', 'digit-style']
"""

from __future__ import annotations

from dataclasses import replace

from workflow.checks import albanian, basic, formats, glossary, markup, punctuation, script
from workflow.checks.model import Check, Finding, Issue, Pair, Settings, Severity, Term
from workflow.placeables import mask

__all__ = ["CHECKS", "Check", "Finding", "Issue", "Pair", "Settings", "Severity", "Term", "run_checks"]

#: Every check by id, in the order findings are reported.
CHECKS: dict[str, Check] = {
    check.id: check
    for check in [
        *basic.CHECKS,
        *markup.CHECKS,
        *formats.CHECKS,
        *punctuation.CHECKS,
        *script.CHECKS,
        *albanian.CHECKS,
        *glossary.CHECKS,
    ]
}


def severity_of(check: Check, settings: Settings) -> str:
    """The edition's severity for ``check``, or the check's own."""
    chosen = settings.severities.get(check.id, check.severity)
    return chosen if chosen in set(Severity) else check.severity


#: checks that read the placeables themselves; the others see each token as U+FFFC characters
#: (so a placeable's number is no number of the text, and offsets stay those of the text)
_READ_TAGS = frozenset({"placeables", "typed-html"})


def run_checks(pair: Pair, settings: Settings | None = None) -> list[Finding]:
    """Every finding for ``pair``: an empty translation reports only that it is empty."""
    settings = settings or Settings()
    findings = []
    masked = replace(pair, source=mask(pair.source), target=mask(pair.target))
    for check in CHECKS.values():
        severity = severity_of(check, settings)
        if severity == Severity.OFF or not check.applies_to(pair):
            continue
        for issue in check.function(pair if check.id in _READ_TAGS else masked, settings):
            findings.append(Finding(check.id, severity, issue.message, issue.start, issue.end, issue.fix))
        if check.id == "empty" and findings:
            break
    return findings
