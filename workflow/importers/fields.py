"""Turning the fields of one imported article (from front matter or JSON) into an ArticleSource, or problems."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from workflow import characters
from workflow.errors import ImportProblem
from workflow.languages import CODES
from workflow.limits import PRIORITY
from workflow.messages import N_, Message, joined, msg, quoted
from workflow.revisions import ArticleSource
from workflow.segments import ArticleContent
from workflow.slugs import is_slug, slugify

#: the names other tools give our fields (Hugo, Jekyll, Docusaurus, WordPress)
ALIASES = {
    "lang": "language",
    "date": "published_on",
    "published": "published_on",
    "publishdate": "published_on",
    "url": "source_url",
    "description": "lede",
    "author": "byline",
    "categories": "category",
}
#: fields static site generators use that are near ours but no typo of them
SITE_FIELDS = {"tag", "titles", "languages", "slugs"}
TEXT_FIELDS = ("title", "lede", "byline", "category", "attribution", "source_url", "slug", "language")
KNOWN = {*TEXT_FIELDS, "tags", "published_on", "references", "priority", "deadline", "body"}


def slug_from(name: str) -> str:
    """A slug from a file name: lower case, runs of other characters made one hyphen.

    >>> slug_from("Book Launch_2026")
    'book-launch-2026'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _date(value: Any) -> date:
    """A date, or the date of an ISO 8601 date and time ("2019-12-02T08:15:41-03:00", as Hugo writes them)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        return date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text).date()
    raise ValueError


def _jsonable(value: Any) -> Any:
    """A front-matter value as JSON keeps it: dates and times as ISO 8601 text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _texts_in(value: Any) -> list[str]:
    """Every text inside a metadata value (to check its characters)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (str(k), *_texts_in(v))]
    if isinstance(value, list):
        return [t for v in value for t in _texts_in(v)]
    return []


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 23, 59, tzinfo=UTC)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.strip())
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise ValueError


def to_source(
    file: str,
    where: Message,
    fields: dict[str, Any],
    body: str | None,
    default_slug: str | None,
    line_of: dict[str, int] | None = None,
    *,
    body_format: str = "commonmark",
    untitled: bool = False,
) -> tuple[ArticleSource | None, list[ImportProblem]]:
    """Validate the fields of one article; ``where`` prefixes locations (e.g. "item 2"). ``untitled`` lets
    an article have no title (a WordPress post may have none).
    """
    problems: list[ImportProblem] = []
    line_of = line_of or {}

    keys: dict[str, str] = {}

    def place(name: str) -> Message:
        key = keys.get(name, name)
        line = line_of.get(key)
        return joined(
            [where, msg("line {line}", line=line) if line else Message(""), msg("field {name}", name=quoted(key))]
        )

    def problem(name: str, reason: Message) -> None:
        problems.append(ImportProblem(file, place(name), reason))

    values: dict[str, Any] = {}
    meta: dict[str, Any] = {}  # fields of the site's own (layout, weight, aliases…): kept and passed on
    for key, value in fields.items():
        name = ALIASES.get(str(key).lower(), str(key))
        if name not in KNOWN or (name in values and keys.get(name) in KNOWN):
            if name not in KNOWN:
                close = difflib.get_close_matches(str(key).lower(), sorted(KNOWN), n=1, cutoff=0.8)
                if close and str(key).lower() not in SITE_FIELDS:
                    problem(str(key), msg("unknown field; did you mean {name}?", name=quoted(close[0])))
                    continue
            meta[str(key)] = _jsonable(value)
            continue
        if name == "category" and isinstance(value, list):  # Hugo's categories: the first is ours, all are kept
            meta[str(key)] = _jsonable(value)
            value = value[0] if value else None
        values[name] = value
        keys[name] = str(key)

    for name in TEXT_FIELDS:
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            if name in ("title", "byline", "category", "lede", "attribution") and isinstance(value, (int, float)):
                values[name] = str(value)
            else:
                problem(name, msg("must be text, not {kind}", kind=type(value).__name__))
                values[name] = None
        elif isinstance(value, str):
            values[name] = _nfc(value.strip()) or None

    title = values.get("title")
    if not title and not untitled:
        problem("title", N_("the title is missing or empty; every article needs a title"))

    slug = values.get("slug") or default_slug
    if isinstance(slug, str) and slug and not is_slug(slug) and is_slug(slugify(slug)):
        if values.get("slug"):
            meta.setdefault("slug", slug)  # as the site writes it ("About.Us"), for its addresses
        slug = slugify(slug)
    if not slug:
        problem("slug", N_("the slug is missing; add slug: a-short-name"))
    elif not is_slug(slug):
        problem(
            "slug",
            msg(
                "{slug} is not a valid slug: use lower-case letters (of any script), digits and hyphens",
                slug=quoted(slug),
            ),
        )

    language = values.get("language")
    if language is not None:
        language = re.split(r"[-_]", language.lower(), maxsplit=1)[0]  # fa-IR is fa
        if language not in CODES:
            problem(
                "language",
                msg("unknown language {code}; use one of {codes}", code=quoted(language), codes=", ".join(CODES)),
            )
            language = None

    tags: tuple[str, ...] = ()
    raw_tags = values.get("tags")
    if isinstance(raw_tags, str):
        tags = tuple(_nfc(t.strip()) for t in raw_tags.split(",") if t.strip())
    elif isinstance(raw_tags, list) and all(isinstance(t, str) for t in raw_tags):
        tags = tuple(_nfc(t.strip()) for t in raw_tags if t.strip())
    elif raw_tags is not None:
        problem("tags", N_("must be a list of texts or one comma-separated text"))

    references: tuple[str, ...] = ()
    raw_refs = values.get("references")
    if isinstance(raw_refs, list) and all(isinstance(r, str) for r in raw_refs):
        references = tuple(_nfc(r.strip()) for r in raw_refs if r.strip())
    elif raw_refs is not None:
        problem("references", N_('must be a list of texts, e.g. ["[1] Author, Title, Publisher, 2026"]'))

    published_on = None
    if values.get("published_on") is not None:
        try:
            published_on = _date(values["published_on"])
        except ValueError:
            problem(
                "published_on",
                msg("{value} is not a date; write it as YYYY-MM-DD", value=quoted(values["published_on"])),
            )

    deadline = None
    if values.get("deadline") is not None:
        try:
            deadline = _datetime(values["deadline"])
        except ValueError:
            problem(
                "deadline",
                msg("{value} is not a date or time; write YYYY-MM-DD or ISO 8601", value=quoted(values["deadline"])),
            )

    priority = values.get("priority", 0)
    lowest, highest = PRIORITY
    if isinstance(priority, bool) or not isinstance(priority, int) or not lowest <= priority <= highest:
        problem(
            "priority",
            msg(
                "must be a whole number from {lowest} to {highest} (higher comes first)", lowest=lowest, highest=highest
            ),
        )
        priority = 0

    url = values.get("source_url")
    if url and not re.match(r"^https?://\S+$", url):
        problem(
            "source_url", msg("{url} is not a web address; it must start with http:// or https://", url=quoted(url))
        )

    if body is None:
        raw_body = values.get("body", "")
        if not isinstance(raw_body, str):
            problem("body", N_("must be Markdown text"))
            raw_body = ""
        body = _nfc(raw_body.replace("\r\n", "\n"))
    elif "body" in values:
        problem("body", N_("a Markdown file has its body after the front matter, not in a 'body' field"))

    for name, value in (
        *((n, values.get(n)) for n in TEXT_FIELDS),
        *(("tags", t) for t in tags),
        *(("references", r) for r in references),
        ("body", body),
    ):
        reason = characters.problem(value) if isinstance(value, str) else None
        if reason is not None:
            problem(name, reason)
    for key, value in meta.items():
        reason = next((found for text in _texts_in(value) if (found := characters.problem(text))), None)
        if reason is not None:
            problem(key, reason)

    if problems:
        return None, problems
    content = ArticleContent(
        title=title or "",
        body=body,
        lede=values.get("lede"),
        byline=values.get("byline"),
        category=values.get("category"),
        attribution=values.get("attribution"),
        references=references,
        body_format=body_format,
    )
    return ArticleSource(
        slug=slug or "",
        language=language or "",
        content=content,
        tags=tags,
        published_on=published_on,
        source_url=url,
        priority=priority,
        deadline=deadline,
        file=f"{file}{' ' + where if where else ''}",
        meta=meta,
    ), []
