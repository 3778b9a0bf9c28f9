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
    Case("placeables", "en", "fa", "See <1>the report</1>.<2/>Now.", "<1>گزارش</1> را ببینید.<2/>اکنون."),
    Case("placeables", "en", "ar", "See <1>the <2>report</2></1>.", "انظر <1><2>التقرير</2></1>."),
    Case("placeables", "en", "sq", "A <1>new</1> room <2/>", "Një sallë <2/> e <1>re</1>"),  # moved freely
    Case("placeables", "fa", "en", "<1>کتاب‌ها</1> رسیدند.", "The <1>books</1> arrived."),
    Case("placeables", "en", "sq", "Press \\<1> to start.", "Shtypni \\<1> për të nisur."),  # text, no tag
    Case("typed-html", "en", "fa", "A new room.", "یک سالن تازه."),
    Case("typed-html", "en", "ar", "A <br> in the source", "<br> في المصدر"),  # as the source has it
    Case("typed-html", "en", "sq", "A new room.", "Një sallë e re."),
    Case("typed-html", "fa", "en", "سالن تازه.", "A new room."),
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
    Case("placeables", "en", "fa", "See <1>the report</1>.<2/>Now.", "گزارش را ببینید.<2/>اکنون.", 2, ((None), (None))),
    Case("placeables", "en", "ar", "See <1>the report</1>.", "انظر <1>التقرير</1> <3/>.", 1, ((20, 24),)),
    Case("placeables", "en", "sq", "A <1>new <2>room</2></1>", "Një <1>sallë <2>e re</1></2>", 1),
    Case("placeables", "fa", "en", "<1>کتاب‌ها</1> رسیدند.", "The </1>books<1> arrived.", 1, ((4, 8),)),
    Case("typed-html", "en", "fa", "A new room.", "یک <b>سالن</b> تازه.", 2, ((3, 6), (10, 14))),
    Case("typed-html", "en", "ar", "A <1>new</1> room.", "قاعة <script>alert(1)</script>", 2),
    Case("typed-html", "en", "sq", "A new room.", 'Një <a href="x">sallë</a> e re.', 2),
    Case("typed-html", "fa", "en", "سالن تازه.", "A new<br>room.", 1, ((5, 9),)),
]


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda c: c.id)
def test_markup_checks(case: Case) -> None:
    verify(case)
