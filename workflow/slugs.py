"""Slugs: an article's name in file names and addresses, in any script.

A slug is lower case, NFC, letters and digits of any script joined by hyphens (a Persian slug keeps its
ZWNJ); nothing in it can leave a folder, hide text (no direction marks) or differ by case alone.

>>> [is_slug(s) for s in ("book-launch-2026", "سلام-دنیا", "کتاب‌ها", "UPPER", "../etc", "\\u202eslug", "a_b")]
[True, True, True, False, False, False, False]
>>> url_path("سلام-دنیا")
'%D8%B3%D9%84%D8%A7%D9%85-%D8%AF%D9%86%DB%8C%D8%A7'
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_SLUG = re.compile(r"^[^\W_](?:(?:[^\W_]|[\u200c-]){0,198}[^\W_])?$")


def is_slug(text: str) -> bool:
    """True for a safe slug (see the module)."""
    return bool(_SLUG.match(text)) and text == text.lower() and text == unicodedata.normalize("NFC", text)


def url_path(slug: str) -> str:
    """The slug as it goes into an address: UTF-8, percent-encoded, as WordPress writes its post names."""
    return quote(slug, safe="-")
