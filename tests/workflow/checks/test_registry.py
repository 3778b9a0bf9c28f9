"""The registry: every check has an id, a description, a severity, and good and bad cases in every
language it applies to; run_checks honours the edition's severities.
"""

from __future__ import annotations

import re

import pytest

from tests.workflow.checks import (
    test_albanian,
    test_basic,
    test_formats,
    test_glossary,
    test_markup,
    test_punctuation,
    test_script,
)
from tests.workflow.checks.cases import Case
from workflow.checks import CHECKS, Pair, Settings, Severity, run_checks
from workflow.languages import CODES

MODULES = [test_basic, test_markup, test_formats, test_punctuation, test_script, test_albanian, test_glossary]
GOOD: list[Case] = [case for module in MODULES for case in module.GOOD]
BAD: list[Case] = [case for module in MODULES for case in module.BAD]


@pytest.mark.parametrize("check_id", list(CHECKS))
def test_every_check_is_described_and_has_cases_in_every_language_it_applies_to(check_id: str) -> None:
    check = CHECKS[check_id]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", check.id)
    assert check.description.endswith(".") and len(check.description) > 10
    assert check.severity in (Severity.ERROR, Severity.WARNING)
    for lang in sorted(check.targets or CODES):
        assert any(c.check == check_id and c.tgt == lang for c in GOOD), f"no good case for {check_id} in {lang}"
        assert any(c.check == check_id and c.tgt == lang and c.found for c in BAD), (
            f"no bad case for {check_id} in {lang}"
        )


def test_bad_cases_find_something_and_good_cases_nothing() -> None:
    assert all(case.found > 0 for case in BAD)
    assert all(case.found == 0 for case in GOOD)


def test_an_empty_translation_reports_only_that() -> None:
    findings = run_checks(Pair("A new room [1] at https://example.org.", "", "en", "fa"))
    assert [f.check for f in findings] == ["empty"]


def test_the_edition_sets_the_severity_or_turns_a_check_off() -> None:
    pair = Pair("The room?", "سالن.", "en", "fa")
    assert [(f.check, f.severity) for f in run_checks(pair)] == [("end-punctuation", "warning")]
    raised = Settings(severities={"end-punctuation": "error"})
    assert [(f.check, f.severity) for f in run_checks(pair, raised)] == [("end-punctuation", "error")]
    assert run_checks(pair, Settings(severities={"end-punctuation": "off"})) == []


def test_checks_apply_only_to_their_target_languages() -> None:
    arabic_kaf = Pair("One", "يك", "en", "ar")
    assert "persian-letters" not in {f.check for f in run_checks(arabic_kaf)}
    assert "persian-letters" in {f.check for f in run_checks(Pair("One", "يك", "en", "fa"))}
