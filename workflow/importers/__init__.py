"""Importing articles from files, all or nothing: one bad file and nothing is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlmodel import col, select

from workflow.db import Database
from workflow.detect import detect_language, script_agrees
from workflow.errors import ImportFailed, ImportProblem, NotFound
from workflow.importers.files import ReadError, check_kind, decode_text, expand, read_bytes, read_text
from workflow.importers.formats import parse_html, parse_json, parse_markdown
from workflow.importers.sites import path_language
from workflow.importers.translations import Applied, apply_translation
from workflow.importers.wordpress import parse_wxr
from workflow.languages import CODES
from workflow.limits import MAX_SEGMENT_CHARS, too_large
from workflow.messages import N_, msg, quoted
from workflow.models import Article, Edition
from workflow.permissions import ActingUser, Role, load_actor, require_role
from workflow.revisions import ArticleSource, add_revision, create_articles

__all__ = ["ImportReport", "import_paths", "import_sources", "parse_paths", "parse_upload", "revise_article"]

BATCH = 1000  # new articles written per round of bulk statements
BULK = 500  # after importing this many new articles, the query planner's statistics are refreshed


@dataclass
class ImportReport:
    """What an import did: slugs created, revised (new revision) and unchanged, and warnings."""

    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    translations: list[Applied] = field(default_factory=list)  # a site's own translations of its pages


def _text_of(source: ArticleSource) -> str:
    c = source.content
    return "\n".join(filter(None, [c.title, c.lede, c.body]))


def settle_language(
    source: ArticleSource, warnings: list[ImportProblem], language: str | None = None
) -> tuple[ArticleSource | None, ImportProblem | None]:
    """The declared language, checked against the text (a mismatch is a warning), or the detected one;
    ``language`` is the one an import names for articles that declare none.
    """
    if not source.language and language:
        source = replace(source, language=language)
    text = _text_of(source)
    file = source.file or source.slug
    if source.language and script_agrees(text, source.language):
        return source, None  # the letters settle it; no need for the slower statistical detector
    detected = detect_language(text)
    if source.language:
        if detected and detected.language != source.language and detected.probability >= 0.9:
            warnings.append(
                ImportProblem(
                    file,
                    msg("field {name}", name="'language'"),
                    msg(
                        "declared {declared}, but the text reads as {detected}; check the metadata",
                        declared=source.language,
                        detected=detected.language,
                    ),
                )
            )
        return source, None
    if detected is None:
        return None, ImportProblem(
            file,
            msg("field {name}", name="'language'"),
            N_(
                "the text is too short to tell its language; add language: en, ar, fa or sq (or import with --language)"
            ),
        )
    return replace(source, language=detected.language), None


def _parse_one(path: Path, data: str | bytes, *, drafts: bool) -> tuple[list[ArticleSource], list[ImportProblem]]:
    """One file's articles by its kind: a WordPress export (bytes, by its declared encoding), JSON, HTML or
    Markdown.
    """
    if isinstance(data, bytes):
        return parse_wxr(path, data, drafts=drafts)
    suffix = path.suffix.lower()
    parse = {".json": parse_json, ".html": parse_html, ".htm": parse_html}.get(suffix, parse_markdown)
    return parse(path, data)


def parse_upload(
    name: str, data: bytes, *, drafts: bool = False, language: str | None = None
) -> tuple[list[ArticleSource], list[ImportProblem], list[ImportProblem]]:
    """Read and validate one file sent over the API, by its name's extension: (articles, problems,
    warnings), as :func:`parse_paths` does for files on disk. Writes nothing.
    """
    warnings: list[ImportProblem] = []
    try:
        check_kind(name)
        reason = too_large(len(data))
        if reason is not None:
            raise ReadError(ImportProblem(name, "", reason))
        path = Path(name)
        found, problems = _parse_one(
            path, data if path.suffix.lower() == ".xml" else decode_text(name, data), drafts=drafts
        )
    except ReadError as error:
        return [], [error.problem], warnings
    sources = []
    for source in found:
        settled, problem = settle_language(source, warnings, language)
        if problem:
            problems.append(problem)
        elif settled:
            sources.append(settled)
    slugs = [s.slug for s in sources]
    problems += [
        ImportProblem(
            name,
            msg("field {name}", name="'slug'"),
            msg("the slug {slug} is used twice; each article needs its own slug", slug=quoted(slug)),
        )
        for slug in sorted({s for s in slugs if slugs.count(s) > 1})
    ]
    return sources, problems, warnings


def parse_paths(
    paths: list[Path], *, drafts: bool = False, language: str | None = None
) -> tuple[list[ArticleSource], list[ImportProblem], list[ImportProblem]]:
    """Read and validate every file: (articles, problems, warnings). Writes nothing. With ``drafts``, a
    WordPress export's drafts (and pending and scheduled posts) come in too; ``language`` is the language
    of articles that declare none and are too short to tell.
    """
    files, problems = expand(paths)
    sources: list[ArticleSource] = []
    warnings: list[ImportProblem] = []
    pages: dict[int, tuple[str, str | None]] = {}  # a Markdown page's source: (its page, its language mark)
    for path in files:
        suffix = path.suffix.lower()
        if suffix in (".md", ".markdown"):
            page, mark = path_language(path)
            if mark is not None and mark not in CODES:
                warnings.append(ImportProblem(str(path), "", msg("left out: no edition is in {code}", code=mark)))
                continue
        try:
            data = read_bytes(path) if suffix == ".xml" else read_text(path)  # XML: by its declared encoding
        except ReadError as error:
            problems.append(error.problem)
            continue
        found, found_problems = _parse_one(path, data, drafts=drafts)
        problems.extend(found_problems)
        for source in found:
            settled, problem = settle_language(source, warnings, language)
            if problem:
                problems.append(problem)
            elif settled:
                if suffix in (".md", ".markdown"):
                    settled = replace(settled, marked=mark is not None)
                    pages[id(settled)] = (page, mark)
                sources.append(settled)
    sources = _translations_of_pages(sources, pages, problems)
    seen: dict[str, str] = {}
    for source in sources:
        if source.translation:
            continue
        if source.slug in seen:
            problems.append(
                ImportProblem(
                    source.file or "",
                    msg("field {name}", name="'slug'"),
                    msg(
                        "the slug {slug} is also used by {file}; each article in one import needs its own slug",
                        slug=quoted(source.slug),
                        file=seen[source.slug],
                    ),
                )
            )
        else:
            seen[source.slug] = source.file or ""
    return sources, problems, warnings


def _translations_of_pages(
    sources: list[ArticleSource], pages: dict[int, tuple[str, str | None]], problems: list[ImportProblem]
) -> list[ArticleSource]:
    """Files of one page in several languages: one is the article (the file without a language mark, else the
    English one, else the first), the others its translations.
    """
    groups: dict[str, list[tuple[ArticleSource, str | None]]] = {}
    for source in sources:
        if id(source) in pages:
            page, mark = pages[id(source)]
            groups.setdefault(page, []).append((source, mark))
    becomes: dict[int, ArticleSource] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        unmarked = [source for source, mark in members if mark is None]
        english = [source for source, _mark in members if source.language == "en"]
        main = unmarked[0] if len(unmarked) == 1 else (english or [members[0][0]])[0]
        for source, _mark in members:
            if source is main:
                continue
            if source.language == main.language:
                problems.append(
                    ImportProblem(
                        source.file or "",
                        "",
                        msg("{file} is this page in the same language; keep one of them", file=main.file or main.slug),
                    )
                )
            becomes[id(source)] = replace(source, slug=main.slug, translation=True)
    return [becomes.get(id(source), source) for source in sources]


def _oversized(source: ArticleSource) -> list[ImportProblem]:
    """Segments longer than a translator can work on in one box, each named by its number and kind."""
    c = source.content
    fields = [c.title, c.lede, c.byline, c.category, c.body, c.attribution, *c.references]
    if max((len(f or "") for f in fields), default=0) <= MAX_SEGMENT_CHARS:
        return []  # no field is that long, so no segment is: the article is not split twice
    return [
        ImportProblem(
            source.file or source.slug,
            msg("segment {number} ({kind})", number=number, kind=segment.kind),
            msg(
                "it is {length} characters long; the limit is {most}: split it into paragraphs",
                length=f"{len(segment.text):,}",
                most=f"{MAX_SEGMENT_CHARS:,}",
            ),
        )
        for number, segment in enumerate(source.segments(), start=1)
        if len(segment.text) > MAX_SEGMENT_CHARS
    ]


def import_sources(
    db: Database,
    actor: ActingUser,
    sources: list[ArticleSource],
    *,
    minor: bool = False,
    warnings: list[ImportProblem] | None = None,
) -> ImportReport:
    """Write validated articles in one transaction: new articles get pieces, changed ones a new revision."""
    report = ImportReport(warnings=list(warnings or []))
    translations = [s for s in sources if s.translation]
    sources = [s for s in sources if not s.translation]
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("import articles"))
        editions = list(session.exec(select(Edition)).all())
        slugs = [s.slug for s in sources]
        existing = {a.slug: a for a in session.exec(select(Article).where(col(Article.slug).in_(slugs))).all()}
        # a page's translation in its language folder, imported after the page itself
        later = [
            s for s in sources if s.marked and s.slug in existing and existing[s.slug].source_language != s.language
        ]
        translations += [replace(s, translation=True) for s in later]
        sources = [s for s in sources if not any(s is t for t in later)]
        problems = [
            ImportProblem(
                s.file or "",
                msg("field {name}", name="'language'"),
                msg(
                    "{slug} is already in Dragoman as {old}; a new revision cannot change its source language to {new}",
                    slug=s.slug,
                    old=existing[s.slug].source_language,
                    new=s.language,
                ),
            )
            for s in sources
            if s.slug in existing and existing[s.slug].source_language != s.language
        ]
        problems += [problem for source in sources for problem in _oversized(source)]
        if problems:
            raise ImportFailed(problems)
        new = [s for s in sources if s.slug not in existing]
        for start in range(0, len(new), BATCH):
            create_articles(session, now, acting, new[start : start + BATCH], editions)
        report.created = [s.slug for s in new]
        for source in sources:
            article = existing.get(source.slug)
            if article is None:
                continue
            if add_revision(session, now, acting, article, source, minor=minor) is None:
                report.unchanged.append(source.slug)
            else:
                report.revised.append(source.slug)
        session.flush()
        report.translations = [apply_translation(session, now, acting, t) for t in translations]
    if len(report.created) >= BULK:
        db.refresh_statistics()
    return report


def import_paths(
    db: Database,
    actor: ActingUser,
    paths: Sequence[Path | str],
    *,
    minor: bool = False,
    drafts: bool = False,
    language: str | None = None,
) -> ImportReport:
    """Import Markdown, JSON and WordPress files (or folders of them). Raises ImportFailed, naming every bad
    file and place, and then nothing is written.
    """
    sources, problems, warnings = parse_paths([Path(p) for p in paths], drafts=drafts, language=language)
    if problems:
        raise ImportFailed(problems)
    return import_sources(db, actor, sources, minor=minor, warnings=warnings)


def revise_article(
    db: Database,
    actor: ActingUser,
    slug: str,
    name: str,
    data: bytes,
    *,
    minor: bool = False,
    language: str | None = None,
) -> ImportReport:
    """A new revision of the article ``slug`` from one file (its slug is the article's, whatever the file
    says). NotFound when there is no such article; ImportFailed, with every problem, when the file is not
    one valid article; nothing is written then.
    """
    with db.read() as session:
        article = session.exec(select(Article).where(Article.slug == slug)).first()
    if article is None:
        raise NotFound(msg("there is no article {slug}; import it first", slug=quoted(slug)))
    sources, problems, warnings = parse_upload(name, data, language=language or article.source_language)
    if not problems and len(sources) != 1:
        problems.append(
            ImportProblem(name, "", msg("a revision is one article; the file holds {count}", count=len(sources)))
        )
    if problems:
        raise ImportFailed(problems)
    return import_sources(db, actor, [replace(sources[0], slug=slug)], minor=minor, warnings=warnings)
