"""Languages from Babel's CLDR data, and language detection with script evidence."""

from __future__ import annotations

import pytest

from workflow.detect import detect_language, script_agrees
from workflow.languages import CODES, all_languages, language


@pytest.mark.parametrize(
    ("code", "native", "rtl", "nplurals"),
    [("en", "English", False, 2), ("ar", "العربية", True, 6), ("fa", "فارسی", True, 2), ("sq", "shqip", False, 2)],
)
def test_language_data(code: str, native: str, rtl: bool, nplurals: int) -> None:
    lang = language(code)
    assert (lang.native_name, lang.rtl, lang.nplurals) == (native, rtl, nplurals)
    assert lang.direction == ("rtl" if rtl else "ltr")


def test_every_language_and_unknown_codes() -> None:
    assert [lang.code for lang in all_languages()] == list(CODES)
    with pytest.raises(ValueError, match="unknown language 'de'"):
        language("de")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The library on Market Street opened a new reading room on Saturday.", "en"),
        ("Biblioteka në rrugën e Tregut hapi një sallë të re leximi të shtunën.", "sq"),
        ("افتتحت المكتبة في شارع السوق قاعة مطالعة جديدة يوم السبت.", "ar"),
        ("کتابخانهٔ خیابان بازار روز شنبه سالن مطالعهٔ تازه‌ای گشود.", "fa"),
        # loanword-heavy Persian that the statistical detector alone may call Arabic
        ("اقتصاد و سیاست و فرهنگ در جامعه", "fa"),
        ("Sport", None),  # too short to tell
        ("123 456 — 789 !!", None),  # no letters
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    found = detect_language(text)
    assert (found.language if found else None) == expected


def test_detection_is_deterministic() -> None:
    text = "Kjo është një provë e shkurtër për zbulimin e gjuhës në tekst."
    assert len({detect_language(text) for _ in range(20)}) == 1


@pytest.mark.parametrize(
    ("text", "declared", "agrees"),
    [
        ("کتاب‌ها و گزارش‌ها", "fa", True),
        ("كتاب المكتبة العامة", "ar", True),
        ("كتاب المكتبة العامة", "fa", False),
        ("The library opened.", "fa", False),
        ("The library opened.", "en", True),
        ("Biblioteka është e hapur për të gjithë.", "sq", True),
        ("Biblioteka është e hapur për të gjithë.", "en", None),
        ("The library opened.", "sq", None),  # English or Albanian without ë: only langdetect can tell
        ("۱۲۳۴", "fa", None),
    ],
)
def test_script_evidence(text: str, declared: str, agrees: bool | None) -> None:
    assert script_agrees(text, declared) is agrees
