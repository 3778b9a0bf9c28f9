"""A check case: one segment pair, the check it is about, and what that check must find."""

from __future__ import annotations

from dataclasses import dataclass

from workflow.checks import CHECKS, Finding, Pair, Settings, Term


@dataclass(frozen=True)
class Case:
    """``found`` is the number of findings the check must report (0 for a good case); ``spans`` and ``fix``,
    when given, are the findings' spans in the target and the safe fix.
    """

    check: str
    src: str
    tgt: str
    source: str
    target: str
    found: int = 0
    spans: tuple[tuple[int, int] | None, ...] | None = None
    fix: str | None = None
    digit_style: str | None = None
    glossary: tuple[Term, ...] = ()
    flags: frozenset[str] = frozenset()  # a catalog entry's flags

    @property
    def id(self) -> str:
        return f"{self.check}:{self.src}-{self.tgt}:{self.target[:24]}"


def findings(case: Case) -> list[Finding]:
    """What the case's check reports, alone, through the same path as every check."""
    check = CHECKS[case.check]
    pair = Pair(case.source, case.target, case.src, case.tgt, case.flags)
    assert check.applies_to(pair), f"{case.check} does not apply to {case.tgt}"
    settings = Settings(digit_style=case.digit_style, glossary=case.glossary)
    return [
        Finding(check.id, check.severity, issue.message, issue.start, issue.end, issue.fix)
        for issue in check.function(pair, settings)
    ]


def verify(case: Case) -> None:
    found = findings(case)
    assert len(found) == case.found, [str(f.message) for f in found]
    if case.spans is not None:
        assert tuple(f.span for f in found) == case.spans, [f.span for f in found]
    if case.fix is not None:
        assert {f.fix for f in found} == {case.fix}
    for finding in found:
        assert str(finding.message)
        if finding.span is not None:
            assert 0 <= finding.start <= finding.end <= len(case.target)  # type: ignore[operator]
