"""Markdown sites as they are laid out (Hugo, Jekyll, Docusaurus): a page's translations beside it.

A page's language can be in its file name (Hugo's ``about.fa.md``, ``code-of-conduct.fa-ir.md``) or in a
language folder (Jekyll's ``_articles/fa/about.md`` beside ``_articles/about.md``, Hugo's
``content/fa/about.md`` beside ``content/en/about.md``). Files of one page are one group: the one without a
language mark (else the English one, else the first) is the article, the others its translations.

>>> path_language(Path("content/version/1/4/code-of-conduct.fa-ir.md"))
('content/version/1/4/code-of-conduct', 'fa')
>>> path_language(Path("_articles/ar/how-to-contribute.md"))
('_articles/how-to-contribute', 'ar')
>>> path_language(Path("content/en/posts/hello.md"))
('content/posts/hello', 'en')
>>> path_language(Path("blog/2026/winter.md"))
('blog/2026/winter', None)
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import localedata

_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}|[a-z]{4}|\d{3}))?$", re.IGNORECASE)


def language_code(name: str) -> str | None:
    """The language of a file-name suffix or folder name ("fa", "fa-IR", "pt_br"), if it is one.

    >>> [language_code(n) for n in ("fa", "fa-IR", "zh-hans", "blog", "docs", "pcm")]
    ['fa', 'fa', 'zh', None, None, 'pcm']
    """
    found = _TAG.match(name)
    if found is None:
        return None
    code = found.group(1).lower()
    return code if localedata.exists(code) else None


def path_language(path: Path) -> tuple[str, str | None]:
    """The page a Markdown file is (its path without the language mark and the extension) and the language
    its name or folder gives, if any.
    """
    stem, suffix = path.stem, None
    if "." in stem:
        base, _dot, mark = stem.rpartition(".")
        suffix = language_code(mark)
        if suffix:
            stem = base
    parts = list(path.parent.parts)
    folder = None
    for index in range(len(parts) - 1, max(len(parts) - 3, -1), -1):  # content/fa/posts/x.md at most
        code = language_code(parts[index])
        if code is not None:
            folder = code
            del parts[index]
            break
    page = "/".join([*parts, stem])
    return page, suffix or folder
