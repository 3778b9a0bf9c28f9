"""Albanian without ë or ç, and English left in Albanian."""

from __future__ import annotations

import pytest

from tests.workflow.checks.cases import Case, verify

EN = "The library is a place for everyone and it is open every day."

GOOD = [
    Case("albanian-marks", "en", "sq", EN, "Biblioteka është një vend për të gjithë dhe është e hapur çdo ditë."),
    Case("albanian-marks", "en", "sq", "They have two sisters.", "Ajo ka dy motra."),  # short, no marks needed
    Case("albanian-marks", "en", "sq", "Tirana", "Tirana"),
    Case("albanian-marks", "fa", "sq", "کتابخانه برای همه است.", "Biblioteka është për të gjithë."),
    Case("english-left", "en", "sq", EN, "Biblioteka është një vend për të gjithë dhe është e hapur çdo ditë."),
    Case(
        "english-left", "en", "sq", "Read “The Guardian and the Observer”.", "Lexoni „The Guardian and the Observer“."
    ),
    Case("english-left", "en", "sq", "The Hague", "Hagë (The Hague)"),  # one English word is not English left in
]

BAD = [
    Case(
        "albanian-marks",
        "en",
        "sq",
        EN,
        "Biblioteka eshte nje vend per te gjithe dhe eshte e hapur cdo dite.",
        6,
        fix=None,
    ),
    Case("albanian-marks", "en", "sq", "It is new.", "Eshte e re.", 1, ((0, 5),), "Është e re."),
    Case(
        "albanian-marks",
        "en",
        "sq",
        "The room stays open until nine in the evening on weekdays.",
        "Salla qendron e hapur deri ne nente te mbremjes gjate diteve te punes.",
        1,
        ((48, 53),),
    ),
    Case(
        "albanian-marks",
        "fa",
        "sq",
        "سالن تا ساعت نه شب باز است.",
        "Salla qendron e hapur deri ne oren nente te mbremjes ne dite pune.",
        1,
    ),
    Case("english-left", "en", "sq", EN, "Biblioteka është the place for everyone.", 2, ((17, 20), (27, 30))),
    Case("english-left", "fa", "sq", "کتابخانه برای همه است.", "Biblioteka is open and free.", 2),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_albanian_checks(case: Case) -> None:
    verify(case)


def test_a_word_without_its_marks_is_fixed_with_its_case() -> None:
    from tests.workflow.checks.cases import findings

    (first, second) = findings(Case("albanian-marks", "en", "sq", EN, "Nje sallë që eshte e re."))
    assert first.fix == "Një sallë që eshte e re." and second.fix == "Nje sallë që është e re."
