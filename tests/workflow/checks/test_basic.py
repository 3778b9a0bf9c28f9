"""Empty, identical and wrong-language translations, in every target language."""

from __future__ import annotations

import pytest

from tests.workflow.checks.cases import Case, verify

EN = "The community library opened its new reading room on Saturday."
FA = "کتابخانهٔ محله روز شنبه سالن مطالعهٔ تازهٔ خود را گشود."
AR = "افتتحت مكتبة الحي قاعة المطالعة الجديدة يوم السبت."
SQ = "Biblioteka e lagjes hapi të shtunën sallën e re të leximit."

GOOD = [
    *(Case("empty", "en", tgt, EN, text) for tgt, text in (("fa", FA), ("ar", AR), ("sq", SQ))),
    Case("empty", "fa", "en", FA, EN),
    Case("empty", "en", "fa", "", ""),  # nothing to translate
    *(Case("identical", "en", tgt, EN, text) for tgt, text in (("fa", FA), ("ar", AR), ("sq", SQ))),
    Case("identical", "fa", "en", FA, EN),
    Case("identical", "en", "sq", "Tirana", "Tirana"),  # one name stays as it is
    Case("identical", "en", "fa", "2026", "2026"),
    *(Case("language", "en", tgt, EN, text) for tgt, text in (("fa", FA), ("ar", AR), ("sq", SQ))),
    Case("language", "fa", "en", FA, EN),
    Case("language", "en", "sq", "Sport", "Sport"),  # too short to tell
    Case("language", "en", "fa", "By Clara Hoxha", "نوشتهٔ کلارا هوجا"),
    Case("language", "en", "ar", "Culture", "ثقافة"),
    Case("language", "en", "sq", "The room stays open late.", "Salla qëndron e hapur deri vonë në mbrëmje."),
]

BAD = [
    *(Case("empty", "en", tgt, EN, text, 1) for tgt, text in (("fa", ""), ("ar", "  "), ("sq", "\n"))),
    Case("empty", "fa", "en", FA, "", 1),
    *(Case("identical", "en", tgt, EN, EN, 1, ((0, len(EN)),)) for tgt in ("fa", "ar", "sq")),
    Case("identical", "fa", "en", "Market Street library", "Market Street library", 1),
    Case("language", "en", "fa", EN, EN, 1),  # English left as it was
    Case("language", "en", "fa", EN, AR, 1),  # Arabic where Persian was wanted
    Case("language", "en", "ar", EN, FA, 1),  # Persian where Arabic was wanted
    Case("language", "en", "sq", EN, "The library opened a new reading room for the whole neighbourhood.", 1),
    Case("language", "fa", "en", FA, "کتابخانهٔ محله سالن تازه‌ای را برای همه گشود.", 1),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_basic_checks(case: Case) -> None:
    verify(case)
