"""Persian and Arabic letters, ZWNJ, digits, quotation marks, direction controls, kashida, Latin left in."""

from __future__ import annotations

import pytest

from tests.workflow.checks.cases import Case, verify

EN = "The library opens a new reading room."
FA = "کتابخانه سالن مطالعهٔ تازه‌ای باز می‌کند."
AR = "تفتتح المكتبة قاعة مطالعة جديدة."
SQ = "Biblioteka hap një sallë të re leximi."
ZWNJ = "\u200c"
RLO, PDI = "\u202e", "\u2069"
COPIED = "The community library opens a new reading room"

GOOD = [
    Case("persian-letters", "en", "fa", EN, FA),
    Case("persian-letters", "en", "fa", "One year", "یک سال"),
    Case("arabic-letters", "en", "ar", EN, AR),
    Case("arabic-letters", "en", "ar", "In the library", "في المكتبة"),
    Case("zwnj", "en", "fa", EN, FA),
    Case("zwnj", "en", "ar", EN, AR),
    Case("mixed-digits", "en", "fa", "In 2011", "در سال ۲۰۱۱"),
    Case("mixed-digits", "en", "ar", "In 2011", "في عام ٢٠١١"),
    Case("digit-style", "en", "fa", "In 2011", "در سال ۲۰۱۱", digit_style="persian"),
    Case("digit-style", "en", "ar", "In 2011", "في عام ٢٠١١", digit_style="arabic_indic"),
    Case("digit-style", "en", "sq", "In 2011", "Në vitin 2011", digit_style="latin"),
    Case("digit-style", "fa", "en", "در سال ۲۰۱۱", "In 2011", digit_style="latin"),
    Case(
        "digit-style", "en", "fa", "See https://example.org/2011", "نک. https://example.org/2011", digit_style="persian"
    ),
    Case("digit-style", "en", "fa", "In 2011", "در سال 2011"),  # no policy given
    Case("guillemets", "en", "fa", 'The "Reading Room"', "«سالن مطالعه»"),
    Case("guillemets", "en", "fa", 'Visit "https://example.org/a"', "از https://example.org/a دیدن کنید"),
    *(Case("bidi-controls", "en", tgt, EN, text) for tgt, text in (("fa", FA), ("ar", AR), ("sq", SQ))),
    Case("bidi-controls", "fa", "en", FA, EN),
    Case("bidi-controls", "en", "fa", EN, "کتابخانه\u200fی تازه"),  # RLM marks are not controls that reorder
    Case("kashida", "en", "fa", EN, FA),
    Case("kashida", "en", "ar", EN, AR),
    Case("untranslated-latin", "en", "fa", "By Clara Hoxha", "نوشتهٔ Clara Hoxha"),
    Case("untranslated-latin", "en", "ar", "The New York Times wrote", "كتبت The New York Times"),
    Case(
        "untranslated-latin", "en", "fa", EN, "کتابخانه «Reading Room for Everyone in Town» را باز می‌کند"
    ),  # not in the source
]

BAD = [
    Case("persian-letters", "en", "fa", "One library", "يك كتابخانه", 3, ((0, 1), (1, 2), (3, 4)), "یک کتابخانه"),
    Case("persian-letters", "en", "fa", "In the room", "در سالنى", 1, fix="در سالنی"),
    Case("arabic-letters", "en", "ar", "The library", "المکتبة", 1, ((3, 4),), "المكتبة"),
    Case("arabic-letters", "en", "ar", "In the library", "فی المكتبة", 1, ((1, 2),)),
    Case("zwnj", "en", "fa", EN, f"کتاب{ZWNJ}{ZWNJ}ها", 1, ((4, 6),), f"کتاب{ZWNJ}ها"),
    Case("zwnj", "en", "fa", EN, f"کتاب {ZWNJ}ها", 1, fix="کتاب ها"),
    Case("zwnj", "en", "ar", EN, f"{ZWNJ}المكتبة", 1, ((0, 1),), "المكتبة"),
    Case("mixed-digits", "en", "fa", "In 2011", "در سال ۲٠۱۱", 1, ((8, 9),), "در سال ۲۰۱۱"),
    Case("mixed-digits", "en", "ar", "In 2011", "في عام ٢٠۱۱", 1, ((9, 11),), "في عام ٢٠١١"),
    Case("digit-style", "en", "fa", "In 2011", "در سال ٢٠١١", 1, ((7, 11),), "در سال ۲۰۱۱", digit_style="persian"),
    Case("digit-style", "en", "fa", "In 2011", "در سال 2011", 1, fix="در سال ۲۰۱۱", digit_style="persian"),
    Case("digit-style", "en", "ar", "In 2011", "في عام 2011", 1, fix="في عام ٢٠١١", digit_style="arabic_indic"),
    Case("digit-style", "en", "sq", "In 2011", "Në vitin ۲۰۱۱", 1, fix="Në vitin 2011", digit_style="latin"),
    Case("digit-style", "fa", "en", "در سال ۲۰۱۱", "In ۲۰۱۱", 1, fix="In 2011", digit_style="latin"),
    Case("guillemets", "en", "fa", 'The "Reading Room"', '"سالن مطالعه"', 2, ((0, 1), (12, 13))),
    Case("guillemets", "en", "fa", "The “Reading Room”", "“سالن مطالعه”", 2),
    Case("bidi-controls", "en", "fa", EN, f"کتابخانه{RLO}تازه", 1, ((8, 9),), "کتابخانهتازه"),
    Case("bidi-controls", "en", "ar", EN, f"المكتبة{PDI}", 1, fix="المكتبة"),
    Case("bidi-controls", "en", "sq", EN, f"Biblioteka{RLO} e re", 1),
    Case("bidi-controls", "fa", "en", FA, f"{RLO}The library", 1, fix="The library"),
    Case("kashida", "en", "fa", EN, "کتـابخانه", 1, ((2, 3),), "کتابخانه"),
    Case("kashida", "en", "ar", EN, "المكتـــبة", 3, fix="المكتبة"),
    Case("untranslated-latin", "en", "fa", COPIED, f"کتابخانه: {COPIED}", 1),
    Case("untranslated-latin", "en", "ar", COPIED, f"{COPIED} اليوم", 1, ((0, len(COPIED)),)),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_script_checks(case: Case) -> None:
    verify(case)
