"""Plural forms per language, as gettext numbers them and CLDR names them (Babel knows both).

>>> [form.category for form in plural_forms("ar")]
['zero', 'one', 'two', 'few', 'many', 'other']
>>> plural_forms("fa")[0].examples
(0, 1)
>>> plural_header("sq")
'nplurals=2; plural=(n != 1);'
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.messages.plurals import get_plural

#: gettext's form order: Babel writes the plural expression with the CLDR categories in this order
CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@dataclass(frozen=True)
class PluralForm:
    """One plural form of a language: its gettext index, CLDR category and a few numbers that take it."""

    index: int
    category: str
    examples: tuple[int, ...]

    @property
    def singular(self) -> bool:
        """Whether the form translates the singular source (msgid) rather than the plural one."""
        return self.category == "one"


@cache
def plural_forms(code: str) -> tuple[PluralForm, ...]:
    """Every plural form of a language, in gettext order."""
    rule = Locale.parse(code).plural_form
    used = [c for c in CATEGORIES if c in rule.tags or c == "other"]
    if len(used) != get_plural(code).num_plurals:
        raise ValueError(f"{code}: CLDR categories {used} do not match gettext's plural forms")
    found: dict[str, list[int]] = {c: [] for c in used}
    for n in range(0, 1000):
        numbers = found[rule(n)]
        if len(numbers) < 4:
            numbers.append(n)
    return tuple(PluralForm(i, c, tuple(found[c])) for i, c in enumerate(used))


def plural_count(code: str) -> int:
    """How many plural forms a language has (Arabic six, Persian and Albanian two)."""
    return len(plural_forms(code))


def plural_header(code: str) -> str:
    """The Plural-Forms header of a catalog in that language."""
    plural = get_plural(code)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def source_of_form(singular: str, plural: str | None, code: str, form: int | None) -> str:
    """The source a target form translates: the singular for the form of one, else the plural.

    >>> source_of_form("%(n)d file", "%(n)d files", "ar", 1), source_of_form("%(n)d file", "%(n)d files", "ar", 3)
    ('%(n)d file', '%(n)d files')
    """
    if plural is None or form is None:
        return singular
    return singular if plural_forms(code)[form].singular else plural


@dataclass(frozen=True)
class FileForms:
    """How a PO file's own Plural-Forms maps onto the language's forms: for each of the language's forms (in
    gettext order), the file's form that the same numbers take.
    """

    header: str
    count: int
    mapping: tuple[int, ...]

    @property
    def same(self) -> bool:
        return self.mapping == tuple(range(self.count))


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*([^;]+)")


def file_forms(header: str | None, code: str) -> FileForms | None:
    """The mapping of a file's ``Plural-Forms`` onto ``code``'s forms; None when the header says nothing
    usable (then the file is read in the language's own order).

    >>> file_forms("nplurals=1; plural=0;", "fa").mapping
    (0, 0)
    >>> file_forms("nplurals=2; plural=(n > 1);", "fa").same
    True
    """
    if not header:
        return None
    count_found, plural_found = _NPLURALS.search(header), _PLURAL.search(header)
    if count_found is None or plural_found is None:
        return None
    count = int(count_found.group(1))
    try:
        rule = gettext.c2py(plural_found.group(1).strip())
    except ValueError:
        return None
    mapping = []
    for form in plural_forms(code):
        mapping.append(min(max(int(rule(form.examples[0])), 0), max(count - 1, 0)))
    return FileForms(" ".join(header.split()), count, tuple(mapping))
