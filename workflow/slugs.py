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
from urllib.parse import quote, unquote

_SLUG = re.compile(r"^[^\W_](?:(?:[^\W_]|[\u200c-]){0,198}[^\W_])?$")


def is_slug(text: str) -> bool:
    """True for a safe slug (see the module)."""
    return bool(_SLUG.match(text)) and text == text.lower() and text == unicodedata.normalize("NFC", text)


def slugify(text: str) -> str:
    """A slug made from a name or a post name (percent-encoded UTF-8 is decoded): lower case, NFC, letters
    and digits of any script (ZWNJ kept), anything else one hyphen; direction marks and other invisible
    format characters are left out.

    >>> [slugify(s) for s in ("About.Us", "%d8%b3%d9%84%d8%a7%d9%85", "hello-w\u202eorld\u202c-\U0001f4ab-x")]
    ['about-us', 'سلام', 'hello-world-x']
    """
    decoded = unicodedata.normalize("NFC", unquote(text)).lower()
    decoded = "".join(c for c in decoded if unicodedata.category(c) != "Cf" or c == "\u200c")
    return re.sub(r"(?:[^\w\u200c]|_)+", "-", decoded).strip("-\u200c")[:200].strip("-\u200c")


def url_path(slug: str) -> str:
    """The slug as it goes into an address: UTF-8, percent-encoded, as WordPress writes its post names."""
    return quote(slug, safe="-")
