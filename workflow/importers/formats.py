"""The two import formats: Markdown with YAML front matter, and JSON (one article or a list)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from workflow.errors import ImportProblem
from workflow.importers.fields import slug_from, to_source
from workflow.messages import N_, Message, msg
from workflow.revisions import ArticleSource

Parsed = tuple[list[ArticleSource], list[ImportProblem]]


def parse_markdown(path: Path, text: str) -> Parsed:
    """A Markdown file: ``---`` front matter (YAML), then the body."""
    name = str(path)
    lines = text.split("\n")
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
        node = yaml.compose(header, Loader=yaml.SafeLoader)
        fields = yaml.safe_load(header)
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
    body = "\n".join(lines[end + 1 :]).lstrip("\n")
    source, problems = to_source(name, Message(""), fields, body, slug_from(path.stem), line_of)
    return ([source] if source else []), problems


def parse_json(path: Path, text: str) -> Parsed:
    """A JSON file: one article object, or a list of them."""
    name = str(path)
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [
            ImportProblem(
                name,
                msg("line {line}, column {column}", line=error.lineno, column=error.colno),
                msg("not valid JSON: {reason}", reason=error.msg),
            )
        ]
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
