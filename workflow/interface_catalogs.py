"""The interface's gettext catalogs (``locales/``), for the dashboard and for what Dragoman writes to people
(e-mail) in their interface language.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "dragoman"


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
