"""Numbers in any digit script, reference markers, addresses, Markdown and placeholders."""

from __future__ import annotations

import pytest

from tests.workflow.checks.cases import Case, verify

NUMBERS = "The archive holds 2,500 photographs from 2011 and 3.5 hours of film."

GOOD = [
    Case("numbers", "en", "fa", NUMBERS, "این بایگانی ۲٬۵۰۰ عکس از سال ۲۰۱۱ و ۳٫۵ ساعت فیلم دارد."),
    Case("numbers", "en", "fa", NUMBERS, "این بایگانی 2,500 عکس از سال 2011 و 3.5 ساعت فیلم دارد."),
    Case("numbers", "en", "ar", NUMBERS, "يضم الأرشيف ٢٬٥٠٠ صورة من عام ٢٠١١ و٣٫٥ ساعات من الأفلام."),
    Case("numbers", "en", "sq", NUMBERS, "Arkivi ka 2.500 fotografi nga viti 2011 dhe 3,5 orë film."),
    Case("numbers", "en", "sq", NUMBERS, "Arkivi ka 2\u00a0500 fotografi nga viti 2011 dhe 3,5 orë film."),
    Case("numbers", "fa", "en", "در سال ۱۴۰۲ بیش از ۱۲٬۰۰۰ نفر آمدند.", "More than 12,000 people came in 1402."),
    Case("numbers", "en", "fa", "See https://example.org/2011 and [1].", "نک. https://example.org/2011 و [۱]."),
    Case("references", "en", "fa", "As reported [1], [2].", "چنان که گزارش شد [۱]، [۲]."),
    Case("references", "en", "ar", "As reported [1].", "كما ورد [١]."),
    Case("references", "en", "sq", "As reported [1].", "Siç u raportua [1]."),
    Case("references", "fa", "en", "چنان که گزارش شد [۳].", "As reported [3]."),
    Case("addresses", "en", "fa", "Write to info@example.org.", "به info@example.org بنویسید."),
    Case("addresses", "en", "ar", "Details: https://example.org/room.", "التفاصيل: https://example.org/room."),
    Case("addresses", "en", "sq", "Details: https://example.org/room.", "Hollësi: https://example.org/room."),
    Case("addresses", "fa", "en", "جزئیات در https://example.org/fa", "Details at https://example.org/fa"),
    Case(
        "markdown",
        "en",
        "fa",
        "Read **the report** on [our site](https://example.org/report).",
        "**گزارش** را در [تارنمای ما](https://example.org/report) بخوانید.",
    ),
    Case("markdown", "en", "ar", "A *new* room.", "قاعة *جديدة*."),
    Case(
        "markdown",
        "en",
        "sq",
        "Run `make test` [here](https://example.org).",
        "Ekzekutoni `make test` [këtu](https://example.org).",
    ),
    Case("markdown", "fa", "en", "**تازه** در [اینجا](https://example.org)", "**New** [here](https://example.org)"),
    Case("placeholders", "en", "fa", "%(count)s pieces for {name}", "%(count)s متن برای {name}"),
    Case("placeholders", "en", "ar", "%d seats left", "بقي %d مقعدًا"),
    Case("placeholders", "en", "sq", "{n} hours left", "Mbeten {n} orë"),
    Case("placeholders", "fa", "en", "%s ساعت", "%s hours"),
]

BAD = [
    Case(
        "numbers", "en", "fa", NUMBERS, "این بایگانی ۲٬۵۰۰ عکس از سال ۲۰۱۲ و ۳٫۵ ساعت فیلم دارد.", 2, (None, (29, 33))
    ),
    Case("numbers", "en", "ar", NUMBERS, "يضم الأرشيف صورًا من عام ٢٠١١ و٣٫٥ ساعات من الأفلام.", 1),
    Case("numbers", "en", "sq", NUMBERS, "Arkivi ka 2.500 fotografi nga viti 2011 dhe 35 orë film.", 2),
    Case("numbers", "fa", "en", "در سال ۱۴۰۲ بیش از ۱۲٬۰۰۰ نفر آمدند.", "More than 1,200 people came in 1402.", 2),
    Case("references", "en", "fa", "As reported [1], [2].", "چنان که گزارش شد [۱].", 1),
    Case("references", "en", "ar", "As reported [1].", "كما ورد [٢].", 2),
    Case("references", "en", "sq", "As reported [1].", "Siç u raportua.", 1),
    Case("references", "fa", "en", "چنان که گزارش شد [۳].", "As reported [3] [4].", 1, ((16, 19),)),
    Case("addresses", "en", "fa", "Write to info@example.org.", "به info@example.com بنویسید.", 2),
    Case("addresses", "en", "ar", "Details: https://example.org/room.", "التفاصيل في موقعنا.", 1),
    Case("addresses", "en", "sq", "Details: https://example.org/room.", "Hollësi: http://example.org/room.", 2),
    Case("addresses", "fa", "en", "جزئیات در https://example.org/fa", "Details at https://example.org/en", 2),
    Case(
        "markdown",
        "en",
        "fa",
        "Read **the report** on [our site](https://example.org/report).",
        "گزارش را در [تارنمای ما](https://example.org/reports) بخوانید.",
        3,
    ),
    Case("markdown", "en", "ar", "A *new* room.", "قاعة جديدة.", 1),
    Case("markdown", "en", "sq", "Run `make test`.", "Ekzekutoni make test.", 1),
    Case("markdown", "fa", "en", "[اینجا](https://example.org)", "here", 1),
    Case("placeholders", "en", "fa", "%(count)s pieces for {name}", "%(count)s متن برای {نام}", 2),
    Case("placeholders", "en", "ar", "%d seats left", "بقيت مقاعد", 1),
    Case("placeholders", "en", "sq", "{n} hours left", "Mbeten {n} orë {n}", 1),
    Case("placeholders", "fa", "en", "%s ساعت", "%d hours", 2),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_markup_checks(case: Case) -> None:
    verify(case)
