"""Text helpers the checks share: digits in three scripts, numbers, words, and the parts of a segment
that are not prose (addresses, markers, placeholders).

>>> to_latin_digits("۲۰۱۱ and ٢٠١١")
'2011 and 2011'
>>> [str(n.value) for n in numbers("١٬٢٣٤٫٥ و 2,011 و 1.000,5", "ar")]
['1234.5', '2011', '1000.5']
>>> [str(n.value) for n in numbers("1.000 vende dhe 2,5 orë", "sq")], [str(n.value) for n in numbers("1.000", "en")]
(['1000', '2.5'], ['1.000'])
>>> words("کتاب‌ها را خواندم")
['کتاب\u200cها', 'را', 'خواندم']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

LATIN_DIGITS = "0123456789"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DIGITS_OF = {"latin": LATIN_DIGITS, "arabic_indic": ARABIC_INDIC_DIGITS, "persian": PERSIAN_DIGITS}
_TO_LATIN = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, LATIN_DIGITS * 2)

ZWNJ = "\u200c"
WORD = re.compile(r"[^\W_](?:[\w\u200c'’-]*[^\W_])?")  # ZWNJ, apostrophes and hyphens stay inside a word

URL = re.compile(r"\bhttps?://[^\s<>\"'«»()\[\]]+[^\s<>\"'«»()\[\].,;:!?،؛؟]")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
REFERENCE_MARKER = re.compile(r"\[([0-9٠-٩۰-۹]{1,3})\]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w*\}")
_DIGIT = "0-9٠-٩۰-۹"
_NUMBER = re.compile(rf"(?<![{_DIGIT}])[{_DIGIT}]+(?:[.,٫٬\u00a0\u202f][{_DIGIT}]+)*")


def to_latin_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits as 0-9."""
    return text.translate(_TO_LATIN)


def convert_digits(text: str, style: str) -> str:
    """``text`` with every digit written in ``style`` (latin, arabic_indic or persian)."""
    return to_latin_digits(text).translate(str.maketrans(LATIN_DIGITS, DIGITS_OF[style]))


def digit_styles(text: str) -> set[str]:
    """Which digit scripts ``text`` uses."""
    found = set()
    for ch in text:
        if ch in LATIN_DIGITS:
            found.add("latin")
        elif ch in ARABIC_INDIC_DIGITS:
            found.add("arabic_indic")
        elif ch in PERSIAN_DIGITS:
            found.add("persian")
    return found


@dataclass(frozen=True)
class Number:
    """A number as written in a text: its value, and where it stands."""

    value: Decimal
    start: int
    end: int


def _value(written: str, lang: str) -> Decimal | None:
    text = to_latin_digits(written).replace("\u00a0", "").replace("\u202f", "").replace("٬", "")
    text = text.replace("٫", ".") if "٫" in written else text
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # both: the last one is the decimal separator
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
    elif dots > 1 or commas > 1:
        decimal_mark = ""  # the same separator twice groups thousands
    elif dots or commas:
        mark = "." if dots else ","
        grouping = re.fullmatch(r"\d{1,3}[.,]\d{3}", text) is not None
        usual_grouping = "." if lang == "sq" else ","
        decimal_mark = "" if grouping and mark == usual_grouping else mark
    else:
        decimal_mark = ""
    grouping_mark = {"": "", ".": ",", ",": "."}[decimal_mark]
    if decimal_mark == "":
        text = text.replace(".", "").replace(",", "")
    else:
        text = text.replace(grouping_mark, "").replace(decimal_mark, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def numbers(text: str, lang: str) -> list[Number]:
    """The numbers of ``text`` read with ``lang``'s separators (``sq`` groups with '.', others with ',';
    ٬ always groups and ٫ is always the decimal mark), leaving out addresses, markers and placeholders.
    """
    masked = mask(text, URL, EMAIL, MARKDOWN_LINK_TARGET, REFERENCE_MARKER, PLACEHOLDER)
    found = []
    for match in _NUMBER.finditer(masked):
        value = _value(match.group(), lang)
        if value is not None:
            found.append(Number(value, match.start(), match.end()))
    return found


MARKDOWN_LINK_TARGET = re.compile(r"(?<=\])\([^)\s]+\)")


def mask(text: str, *patterns: re.Pattern[str]) -> str:
    """``text`` with every match of ``patterns`` replaced by spaces (positions are kept)."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def words(text: str) -> list[str]:
    """The words of ``text``; ZWNJ-joined Persian words stay whole."""
    return WORD.findall(text)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each word with its start and end."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def prose(text: str) -> str:
    """``text`` without addresses, link targets, markers and placeholders (positions kept)."""
    return mask(text, URL, EMAIL, MARKDOWN_LINK_TARGET, REFERENCE_MARKER, PLACEHOLDER)
