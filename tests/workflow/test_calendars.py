"""Solar Hijri dates for the Persian edition, checked against dates Persian readers know."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.calendars import solar_hijri_long, to_solar_hijri


@pytest.mark.parametrize(
    ("gregorian", "solar_hijri"),
    [
        (date(1979, 2, 11), (1357, 11, 22)),  # 22 Bahman 1357
        (date(1989, 6, 4), (1368, 3, 14)),  # 14 Khordad 1368
        (date(2011, 12, 4), (1390, 9, 13)),
        (date(2023, 3, 21), (1402, 1, 1)),  # Nowruz
        (date(2024, 3, 20), (1403, 1, 1)),  # Nowruz after a leap year
        (date(2025, 3, 20), (1403, 12, 30)),  # the leap day of 1403
        (date(2025, 3, 21), (1404, 1, 1)),
        (date(2026, 10, 5), (1405, 7, 13)),
    ],
)
def test_gregorian_to_solar_hijri(gregorian: date, solar_hijri: tuple[int, int, int]) -> None:
    assert to_solar_hijri(gregorian) == solar_hijri


def test_the_long_form_in_each_digit_style() -> None:
    assert solar_hijri_long(date(2026, 10, 5)) == "۱۳ مهر ۱۴۰۵"
    assert solar_hijri_long(date(2026, 10, 5), "latin") == "13 مهر 1405"
