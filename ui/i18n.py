"""Interface strings through gettext: each person picks English, العربية, فارسی or Shqip for the dashboard."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from workflow.languages import CODES, language

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "dragoman"
INTERFACE_LANGUAGES = CODES


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog for ``code`` (``make locales`` builds them), or the English strings as written."""
    return gettext.translation(DOMAIN, LOCALES, languages=[code], fallback=True)


def label(code: str) -> str:
    """A language as its own speakers name it, for the language picker."""
    names = {"en": "English", "ar": "العربية", "fa": "فارسی", "sq": "Shqip"}
    return names.get(code, language(code).native_name)


def direction(code: str) -> str:
    """``rtl`` or ``ltr`` for the interface language."""
    return language(code).direction
