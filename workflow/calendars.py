"""The Solar Hijri calendar (the Persian edition's option): conversion from Gregorian dates and the long
form Persian readers expect. Babel formats Gregorian dates only.

>>> to_solar_hijri(date(2024, 3, 20)), to_solar_hijri(date(2025, 3, 21))
((1403, 1, 1), (1404, 1, 1))
>>> solar_hijri_long(date(2011, 12, 4))
'۱۳ آذر ۱۳۹۰'
"""

from __future__ import annotations

from datetime import date

from workflow.checks.text import convert_digits

MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def to_solar_hijri(day: date) -> tuple[int, int, int]:
    """(year, month, day) in the arithmetic Solar Hijri calendar (33-year cycles), for a Gregorian date."""
    year_for_leap = day.year + 1 if day.month > 2 else day.year
    days = (
        355666
        + 365 * day.year
        + (year_for_leap + 3) // 4
        - (year_for_leap + 99) // 100
        + (year_for_leap + 399) // 400
        + day.day
        + _DAYS_BEFORE_MONTH[day.month - 1]
    )
    year = -1595 + 33 * (days // 12053)
    days %= 12053
    year += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        year += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return year, 1 + days // 31, 1 + days % 31
    return year, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def solar_hijri_long(day: date, digits: str = "persian") -> str:
    """ "13 Azar 1390" as Persian readers write it, in the given digits."""
    year, month, dom = to_solar_hijri(day)
    return convert_digits(f"{dom} {MONTHS[month - 1]} {year}", digits)
