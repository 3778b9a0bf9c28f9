"""Interface strings through gettext: each person picks English, العربية, فارسی or Shqip for the dashboard."""

from __future__ import annotations

from workflow.interface_catalogs import DOMAIN, LOCALES, translations
from workflow.languages import CODES, language

__all__ = ["DOMAIN", "INTERFACE_LANGUAGES", "LOCALES", "N_", "direction", "label", "translations"]

INTERFACE_LANGUAGES = CODES


def N_(message: str) -> str:  # noqa: N802
    """Mark a string for extraction where it is defined; it is translated where it is shown."""
    return message


def label(code: str) -> str:
    """A language as its own speakers name it, for the language picker."""
    names = {"en": "English", "ar": "العربية", "fa": "فارسی", "sq": "Shqip"}
    return names.get(code, language(code).native_name)


def direction(code: str) -> str:
    """``rtl`` or ``ltr`` for the interface language."""
    return language(code).direction
