"""Glossary terms found with each language's word shapes, translated as approved, forbidden variants refused."""

from __future__ import annotations

import pytest

from tests.workflow.checks.cases import Case, verify
from workflow.checks import Term
from workflow.checks.glossary import occurrences

READING_ROOM = {
    "fa": Term("reading room", ("سالن مطالعه",), forbidden=("قرائت‌خانه",)),
    "ar": Term("reading room", ("قاعة المطالعة", "قاعة مطالعة"), forbidden=("غرفة القراءة",)),
    "sq": Term("reading room", ("sallë leximi", "salla e leximit"), forbidden=("dhomë leximi",)),
}
LIBRARY_FA_EN = Term("کتابخانه", ("library",), forbidden=("bookshop",))
EN = "The reading room opens on Saturday."

GOOD = [
    Case("glossary-term", "en", "fa", EN, "سالن مطالعه روز شنبه باز می‌شود.", glossary=(READING_ROOM["fa"],)),
    Case("glossary-term", "en", "ar", EN, "تُفتح قاعة المطالعة يوم السبت.", glossary=(READING_ROOM["ar"],)),
    Case("glossary-term", "en", "sq", EN, "Salla e leximit hapet të shtunën.", glossary=(READING_ROOM["sq"],)),
    Case("glossary-term", "fa", "en", "کتابخانه‌ها باز هستند.", "The libraries are open.", glossary=(LIBRARY_FA_EN,)),
    Case("glossary-term", "en", "fa", "The library opens.", "کتابخانه باز می‌شود.", glossary=(READING_ROOM["fa"],)),
    Case("glossary-forbidden", "en", "fa", EN, "سالن مطالعه باز می‌شود.", glossary=(READING_ROOM["fa"],)),
    Case("glossary-forbidden", "en", "ar", EN, "تُفتح قاعة المطالعة.", glossary=(READING_ROOM["ar"],)),
    Case("glossary-forbidden", "en", "sq", EN, "Salla e leximit hapet.", glossary=(READING_ROOM["sq"],)),
    Case("glossary-forbidden", "fa", "en", "کتابخانه", "The library", glossary=(LIBRARY_FA_EN,)),
]

BAD = [
    Case("glossary-term", "en", "fa", EN, "قرائت‌خانه روز شنبه باز می‌شود.", 1, glossary=(READING_ROOM["fa"],)),
    Case("glossary-term", "en", "ar", EN, "تُفتح غرفة القراءة يوم السبت.", 1, glossary=(READING_ROOM["ar"],)),
    Case("glossary-term", "en", "sq", EN, "Dhoma e leximit hapet të shtunën.", 1, glossary=(READING_ROOM["sq"],)),
    Case("glossary-term", "fa", "en", "کتابخانه باز است.", "The bookshop is open.", 1, glossary=(LIBRARY_FA_EN,)),
    Case("glossary-forbidden", "en", "fa", EN, "قرائت‌خانه باز می‌شود.", 1, ((0, 10),), glossary=(READING_ROOM["fa"],)),
    Case("glossary-forbidden", "en", "ar", EN, "تُفتح غرفة القراءة.", 1, ((6, 18),), glossary=(READING_ROOM["ar"],)),
    Case("glossary-forbidden", "en", "sq", EN, "Dhomë leximi e re.", 1, ((0, 12),), glossary=(READING_ROOM["sq"],)),
    Case("glossary-forbidden", "fa", "en", "کتابخانه", "The Bookshops", 1, ((4, 13),), glossary=(LIBRARY_FA_EN,)),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_glossary_checks(case: Case) -> None:
    verify(case)


@pytest.mark.parametrize(
    ("text", "term", "lang", "expected"),
    [
        ("The libraries' new library.", "library", "en", [(4, 13), (19, 26)]),
        ("The Library's hours", "library", "en", [(4, 13)]),
        ("kitabxhi library", "Library", "en", [(9, 16)]),
        ("Bibliotekën e re dhe biblioteka e vjetër", "bibliotekë", "sq", [(0, 11), (21, 31)]),
        ("کتابخانه‌ها و کتابخانه", "کتابخانه", "fa", [(0, 8), (14, 22)]),
        ("کتابخانه‌ها", "کتاب", "fa", []),  # a word is not its prefix
        ("وبالمكتبة والمكتبات", "مكتبة", "ar", [(4, 9)]),
        ("مَكتبة", "مكتبة", "ar", [(0, 6)]),  # harakat do not hide a term
        ("كتابخانه", "کتابخانه", "fa", [(0, 8)]),  # nor Arabic kaf in Persian
    ],
)
def test_terms_are_found_with_each_language_s_word_shapes(
    text: str, term: str, lang: str, expected: list[tuple[int, int]]
) -> None:
    assert occurrences(text, term, lang) == expected


def test_case_sensitive_terms_match_only_their_case() -> None:
    assert occurrences("The Times and the times", "Times", "en", case_sensitive=True) == [(4, 9)]
