"""Interface strings through gettext: each person picks English, العربية, فارسی or Shqip for the dashboard."""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from workflow.languages import CODES, language

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "dragoman"
INTERFACE_LANGUAGES = CODES


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog for ``code``: the compiled .mo that ``make locales`` builds, or else the .po compiled in
    memory; English is the strings as written.
    """
    folder = LOCALES / code / "LC_MESSAGES"
    if (folder / f"{DOMAIN}.mo").exists():
        return gettext.translation(DOMAIN, LOCALES, languages=[code])
    po = folder / f"{DOMAIN}.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


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
