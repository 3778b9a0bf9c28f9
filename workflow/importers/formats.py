"""The article formats: Markdown with front matter, JSON (one article or a list), and an HTML page."""

from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from selectolax.lexbor import LexborHTMLParser

from workflow.errors import ImportProblem
from workflow.importers.fields import slug_from, to_source
from workflow.importers.sites import path_language
from workflow.limits import JSON_DEPTH
from workflow.messages import N_, Message, msg, quoted
from workflow.revisions import ArticleSource
from workflow.slugs import slugify

Parsed = tuple[list[ArticleSource], list[ImportProblem]]


class FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, with dates and times left as text (our fields read them, and name a bad one) and
    whole numbers of at most 18 digits (a longer one is text, refused by the field that reads it).
    """


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _bounded_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    digits = str(node.value)
    if sum(c.isdigit() for c in digits) > 18:
        return digits
    return int(yaml.SafeLoader.construct_yaml_int(loader, node))


FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def _first_anchor(header: str) -> int | None:
    """The line (from 0) of the first YAML anchor or alias: refused, as their expansion can be made to grow
    without bound (a "billion laughs").
    """
    for event in yaml.parse(header, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return int(event.start_mark.line) if event.start_mark is not None else 0
    return None


def parse_markdown(path: Path, text: str) -> Parsed:
    """A Markdown file: ``---`` front matter (YAML) or ``+++`` front matter (TOML, as Hugo writes it), then
    the body. A language in the file's name or folder (``about.fa.md``, ``fa/about.md``) is its language
    unless the front matter says otherwise.
    """
    name = str(path)
    lines = text.split("\n")
    if lines and lines[0].strip() == "+++":
        return _toml_page(path, lines)
    if not lines or lines[0].strip() != "---":
        return [], [
            ImportProblem(
                name,
                msg("line {line}", line=1),
                N_("the file must start with front matter: a line '---', fields such as 'title: …', and another '---'"),
            )
        ]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return [], [
            ImportProblem(
                name,
                msg("line {line}", line=1),
                N_("the front matter is not closed: add a line '---' after the last field"),
            )
        ]
    header = "\n".join(lines[1:end])
    try:
        shared = _first_anchor(header)
        if shared is not None:
            return [], [
                ImportProblem(
                    name,
                    msg("line {line}", line=shared + 2),
                    N_("the front matter uses a YAML anchor or alias (&name, *name); write each value out in full"),
                )
            ]
        node = yaml.compose(header, Loader=FrontMatterLoader)
        fields = yaml.load(header, Loader=FrontMatterLoader)
    except (ValueError, TypeError, RecursionError) as error:  # an explicit tag on a value that is not one
        reason = "the front matter nests too deeply" if isinstance(error, RecursionError) else str(error)
        return [], [
            ImportProblem(
                name, N_("front matter"), msg("the front matter is not valid: {reason}", reason=quoted(reason))
            )
        ]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = msg("line {line}", line=mark.line + 2) if mark is not None else N_("front matter")
        reason = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context_mark", None)
        if context is not None and mark is not None and context.line != mark.line:
            why = msg(
                "the front matter is not valid YAML: {reason} (in what starts on line {line}: {context})",
                reason=reason,
                line=context.line + 2,
                context=getattr(error, "context", ""),
            )
        else:
            why = msg("the front matter is not valid YAML: {reason}", reason=reason)
        return [], [ImportProblem(name, where, why)]
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        return [], [
            ImportProblem(name, msg("line {line}", line=2), N_("the front matter must be 'field: value' lines"))
        ]
    line_of: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            line_of[str(key_node.value)] = key_node.start_mark.line + 2
    return _page(path, fields, "\n".join(lines[end + 1 :]), line_of)


#: the front-matter field that says the title was the body's first heading, and goes back there on export
TITLE_HEADING = "title_heading"
_FIRST_HEADING = re.compile(r"^\s*# +([^\n#][^\n]*?)[ #]*\n")


def _page(path: Path, fields: dict[str, Any], body: str, line_of: dict[str, int]) -> Parsed:
    page, language = path_language(path)
    named = {str(key).lower() for key in fields}
    if language and not ({"language", "lang"} & named):
        fields = {**fields, "language": language}
    heading = _FIRST_HEADING.match(body + "\n")
    if "title" not in named and heading:  # the page's first heading is its title (as Docusaurus reads it)
        fields = {**fields, "title": heading.group(1), TITLE_HEADING: True}
        body = body[heading.end() :]
    source, problems = to_source(str(path), Message(""), fields, body.lstrip("\n"), slugify(Path(page).name), line_of)
    return ([source] if source else []), problems


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _toml_page(path: Path, lines: list[str]) -> Parsed:
    """A page with TOML front matter between ``+++`` lines."""
    name = str(path)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "+++"), None)
    if end is None:
        where = msg("line {line}", line=1)
        return [], [
            ImportProblem(name, where, N_("the front matter is not closed: add a line '+++' after the last field"))
        ]
    try:
        fields = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        where = msg("line {line}", line=int(found.group(1)) + 1) if found else N_("front matter")
        reason = _TOML_LINE.sub("", str(error)).strip()
        return [], [ImportProblem(name, where, msg("the front matter is not valid TOML: {reason}", reason=reason))]
    line_of: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        key = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", line)
        if key:
            line_of.setdefault(key.group(1), number)
    return _page(path, fields, "\n".join(lines[end + 1 :]), line_of)


class JsonRefused(ValueError):
    """JSON that parses but that Dragoman refuses: the reason says why."""

    def __init__(self, reason: Message) -> None:
        self.reason = reason
        super().__init__(reason)


def _no_constants(name: str) -> Any:
    raise JsonRefused(msg("{name} is not a number JSON allows; write the value out or leave the field out", name=name))


def _bounded(digits: str) -> int:
    if len(digits.lstrip("-")) > 18:
        raise JsonRefused(msg("the number {number} is too long; numbers have at most 18 digits", number=quoted(digits)))
    return int(digits)


def _finite(digits: str) -> float:
    number = float(digits)
    if math.isinf(number):
        raise JsonRefused(msg("the number {number} is too large", number=quoted(digits)))
    return number


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise JsonRefused(msg("the key {key} appears twice in one object; keep one", key=quoted(key)))
        found[key] = value
    return found


def _depth(text: str) -> int:
    """How deeply arrays and objects nest, counted outside strings (before the parser recurses)."""
    deepest = depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def strict_json(text: str) -> Any:
    """JSON as Dragoman reads it: no NaN or Infinity, no repeated keys, numbers of at most 18 digits, at most
    :data:`~workflow.limits.JSON_DEPTH` levels deep. Raises JSONDecodeError or JsonRefused.

    >>> strict_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    workflow.importers.formats.JsonRefused: the key 'a' appears twice in one object; keep one
    """
    if _depth(text) > JSON_DEPTH:
        raise JsonRefused(msg("the JSON nests more than {most} levels deep", most=JSON_DEPTH))
    return json.loads(
        text, parse_constant=_no_constants, parse_int=_bounded, parse_float=_finite, object_pairs_hook=_unique
    )


def parse_json(path: Path, text: str) -> Parsed:
    """A JSON file: one article object, or a list of them."""
    name = str(path)
    try:
        data: Any = strict_json(text)
    except json.JSONDecodeError as error:
        return [], [
            ImportProblem(
                name,
                msg("line {line}, column {column}", line=error.lineno, column=error.colno),
                msg("not valid JSON: {reason}", reason=error.msg),
            )
        ]
    except JsonRefused as refused:
        return [], [ImportProblem(name, "", refused.reason)]
    single = isinstance(data, dict)
    items = [data] if single else data
    if not isinstance(items, list):
        return [], [ImportProblem(name, "", N_("the JSON must be an article object or a list of article objects"))]
    sources: list[ArticleSource] = []
    problems: list[ImportProblem] = []
    for index, item in enumerate(items, start=1):
        where = Message("") if single else msg("item {index}", index=index)
        if not isinstance(item, dict):
            problems.append(ImportProblem(name, where, N_("each article must be a JSON object")))
            continue
        default = slug_from(path.stem) if single else None
        source, found = to_source(name, where, item, None, default)
        problems.extend(found)
        if source:
            sources.append(source)
    if not items:
        problems.append(ImportProblem(name, "", N_("the list holds no articles")))
    return sources, problems


def _meta(tree: LexborHTMLParser, selector: str, attribute: str = "content") -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attribute) if node is not None else None
    return value.strip() if value and value.strip() else None


def parse_html(path: Path, text: str) -> Parsed:
    """An HTML page: its article (``<article>``, else ``<main>``, else ``<body>``) as the body, kept as HTML;
    title, lede, author, date, section, tags, slug and address from the page's own markup (``<title>`` or
    the first ``<h1>``, ``<meta name="description">``, ``author``, Open Graph ``article:*``,
    ``<link rel="canonical">``, ``<meta name="dragoman:slug">``); ``<html lang>`` its language.
    """
    tree = LexborHTMLParser(text)
    body_node = tree.css_first("article") or tree.css_first("main") or tree.body
    if body_node is None:
        return [], [ImportProblem(str(path), "", N_("the page has no body: nothing to translate"))]
    for node in body_node.css("script, style, template, noscript"):
        node.decompose()
    heading = body_node.css_first("h1")
    named = tree.css_first("title")
    title = _meta(tree, 'meta[property="og:title"]') or (named.text(strip=True) if named is not None else None)
    if heading is not None and (not title or heading.text(strip=True) == title):
        title = title or heading.text(strip=True)
        heading.decompose()  # the title is a field of its own, not a heading of the body as well
    html = tree.css_first("html")
    fields: dict[str, Any] = {
        "title": title or "",
        "language": html.attributes.get("lang") if html is not None else None,
        "lede": _meta(tree, 'meta[name="description"]') or _meta(tree, 'meta[property="og:description"]'),
        "byline": _meta(tree, 'meta[name="author"]'),
        "published_on": (_meta(tree, 'meta[property="article:published_time"]') or "")[:10] or None,
        "category": _meta(tree, 'meta[property="article:section"]'),
        "tags": [
            t for n in tree.css('meta[property="article:tag"]') if (t := (n.attributes.get("content") or "").strip())
        ],
        "source_url": _meta(tree, 'link[rel="canonical"]', "href"),
        "slug": _meta(tree, 'meta[name="dragoman:slug"]'),
    }
    fields = {k: v for k, v in fields.items() if v not in (None, [])}
    body = (body_node.inner_html or "").strip()
    source, problems = to_source(str(path), Message(""), fields, body, slugify(path.stem), body_format="html")
    return ([source] if source else []), problems
