"""The four languages Dragoman knows, with direction, native name and plural rules from Babel."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from babel import Locale
from babel.messages.plurals import get_plural

CODES: tuple[str, ...] = ("en", "ar", "fa", "sq")


class DigitStyle(StrEnum):
    """Which digits an edition shows in displayed numbers and dates."""

    LATIN = "latin"
    ARABIC_INDIC = "arabic_indic"
    PERSIAN = "persian"


class Calendar(StrEnum):
    """Which calendar an edition shows dates in."""

    GREGORIAN = "gregorian"
    SOLAR_HIJRI = "solar_hijri"


class ReviewPolicy(StrEnum):
    """Whether a second person must approve, or a one-person team may approve its own work (audited)."""

    FOUR_EYES = "four_eyes"
    SELF_APPROVAL = "self_approval"


@dataclass(frozen=True)
class Language:
    """A language Dragoman can translate from and into.

    >>> language("fa").rtl, language("fa").native_name, language("fa").nplurals
    (True, 'فارسی', 2)
    """

    code: str
    english_name: str
    native_name: str
    rtl: bool
    nplurals: int
    plural_expr: str

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, for the HTML ``dir`` attribute."""
        return "rtl" if self.rtl else "ltr"


@cache
def language(code: str) -> Language:
    """The language with this code; raises ValueError for codes Dragoman does not know."""
    if code not in CODES:
        raise ValueError(f"unknown language {code!r}; Dragoman knows {', '.join(CODES)}")
    locale = Locale.parse(code)
    plural = get_plural(code)
    return Language(
        code=code,
        english_name=locale.get_display_name("en") or code,
        native_name=locale.get_display_name(code) or code,
        rtl=locale.character_order == "right-to-left",
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
    )


def all_languages() -> list[Language]:
    """Every language, in Dragoman's fixed order."""
    return [language(code) for code in CODES]


DEFAULT_DIGITS: dict[str, DigitStyle] = {
    "en": DigitStyle.LATIN,
    "ar": DigitStyle.ARABIC_INDIC,
    "fa": DigitStyle.PERSIAN,
    "sq": DigitStyle.LATIN,
}
DEFAULT_CALENDAR: dict[str, Calendar] = {
    "en": Calendar.GREGORIAN,
    "ar": Calendar.GREGORIAN,
    "fa": Calendar.SOLAR_HIJRI,
    "sq": Calendar.GREGORIAN,
}


def language_name(code: str) -> str:
    """Any language's English name as CLDR gives it (``zh`` → Chinese), or the code itself when unknown."""
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, TypeError):
        return code
