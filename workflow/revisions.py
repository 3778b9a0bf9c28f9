"""Source revisions: storing an article's content, its segments, and what a new revision does to its pieces."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session, SQLModel, col, select

from workflow.bulk import insert_rows
from workflow.models import (
    NO_DEADLINE,
    Article,
    AuditEvent,
    Edition,
    Piece,
    Revision,
    SourceSegment,
    TargetSegment,
)
from workflow.permissions import Actor
from workflow.pieces import (
    forms,
    get_piece,
    has_pair,
    ident,
    lease_until,
    log,
    move,
    record_edit,
    recount,
    segment_rows,
    target_forms,
)
from workflow.segments import ArticleContent, Segment, split_article
from workflow.status import FINISHED, Event, Status
from workflow.tallies import add_inserted
from workflow.versions import repin


@dataclass(frozen=True)
class ArticleSource:
    """Everything an import says about one article: identity, metadata and content."""

    slug: str
    language: str
    content: ArticleContent
    tags: tuple[str, ...] = ()
    published_on: date | None = None
    source_url: str | None = None
    priority: int = 0
    deadline: datetime | None = None
    file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # the site's own front-matter fields, passed on
    translation: bool = False  # a translation of the article ``slug`` into ``language``, not an article
    marked: bool = False  # the file's name or folder says its language (fa/about.md, about.fa.md)
    kind: str = "article"  # or "catalog": ``content.body`` is then the catalog's template (a POT)

    def segments(self) -> list[Segment]:
        """The translatable units: an article's fields and blocks, or a catalog's entries."""
        if self.kind == "catalog":
            from workflow.catalogs import split_catalog

            return split_catalog(self.content.body)
        return split_article(self.content)

    def content_hash(self) -> str:
        """A hash of everything a revision stores; equal hashes mean nothing changed."""
        c = self.content
        payload: dict[str, Any] = {
            "language": self.language,
            "title": c.title,
            "lede": c.lede,
            "byline": c.byline,
            "category": c.category,
            "attribution": c.attribution,
            "references": list(c.references),
            "body": c.body,
            "tags": list(self.tags),
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "source_url": self.source_url,
        }
        if self.kind != "article":
            payload["kind"] = self.kind
        if c.body_format != "markdown":
            payload["body_format"] = c.body_format
        if c.corrections:
            payload["corrections"] = [list(correction) for correction in c.corrections]
        if self.meta:
            payload["meta"] = self.meta
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _table(model: type[SQLModel]) -> Table:
    """The Core table of a model: bulk statements on it skip the ORM's per-row bookkeeping."""
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _revision_row(
    source: ArticleSource, article_id: int, number: int, now: datetime, actor: Actor, minor: bool
) -> dict[str, Any]:
    c = source.content
    return {
        "article_id": article_id,
        "number": number,
        "content_hash": source.content_hash(),
        "created_at": now,
        "created_by": actor.id,
        "minor_edit": minor,
        "source_file": source.file,
        "title": c.title,
        "lede": c.lede,
        "byline": c.byline,
        "category": c.category,
        "tags": list(source.tags),
        "published_on": source.published_on,
        "source_url": source.source_url,
        "attribution": c.attribution,
        "references": list(c.references),
        "body": c.body,
        "body_format": c.body_format,
        "meta": source.meta,
        "corrections": [{"on": on, "note": note} for on, note in c.corrections],
    }


def _segment_row(revision_id: int, position: int, segment: Segment) -> dict[str, Any]:
    return {
        "revision_id": revision_id,
        "position": position,
        "kind": segment.kind,
        "text": segment.text,
        "hash": segment.hash,
        "words": segment.words,
        "plural": segment.plural,
        "note": segment.note,
    }


def create_articles(
    session: Session, now: datetime, actor: Actor, sources: list[ArticleSource], editions: list[Edition]
) -> None:
    """New articles with their first revisions and one open piece per enabled edition of another language.

    Written in bulk (one multi-row statement per table), so importing thousands of articles stays fast.
    """
    if not sources:
        return
    article_ids = (
        session.execute(
            insert(_table(Article)).returning(_table(Article).c.id, sort_by_parameter_order=True),
            [
                {
                    "slug": s.slug,
                    "source_language": s.language,
                    "kind": s.kind,
                    "current_revision": 1,
                    "created_at": now,
                }
                for s in sources
            ],
        )
        .scalars()
        .all()
    )
    revision_ids = (
        session.execute(
            insert(_table(Revision)).returning(_table(Revision).c.id, sort_by_parameter_order=True),
            [
                _revision_row(s, article_id, 1, now, actor, False)
                for s, article_id in zip(sources, article_ids, strict=True)
            ],
        )
        .scalars()
        .all()
    )
    segment_rows: list[dict[str, Any]] = []
    piece_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    for source, article_id, revision_id in zip(sources, article_ids, revision_ids, strict=True):
        segments = source.segments()
        segment_rows.extend(_segment_row(revision_id, i, seg) for i, seg in enumerate(segments))
        targets = [e.code for e in editions if e.enabled and e.code != source.language]
        piece_rows.extend(
            {
                "article_id": article_id,
                "edition_code": code,
                "source_language": source.language,
                "revision_id": revision_id,
                "status": Status.OPEN.value,
                "priority": source.priority,
                "deadline": source.deadline,
                "deadline_key": source.deadline or NO_DEADLINE,
                "title": source.content.title,
                "created_at": now,
                "updated_at": now,
                "segments_total": sum(len(target_forms(code, seg.plural)) for seg in segments),
                "words_total": sum(len(target_forms(code, seg.plural)) * seg.words for seg in segments),
                "segments_done": 0,
                "words_done": 0,
                "version": 1,
            }
            for code in targets
        )
        event_rows.append(
            {
                "at": now,
                "actor_id": actor.id,
                "piece_id": None,
                "article_id": article_id,
                "action": "import",
                "from_status": None,
                "to_status": None,
                "comment": None,
                "self_approval": False,
                "detail": {
                    "slug": source.slug,
                    "revision": 1,
                    "file": source.file,
                    "editions": targets,
                    **({"via": "console"} if actor.console else {}),
                },
            }
        )
    insert_rows(session, _table(SourceSegment), segment_rows)
    insert_rows(session, _table(Piece), piece_rows)
    add_inserted(session, piece_rows)
    insert_rows(session, _table(AuditEvent), event_rows)


def _store_revision(
    session: Session, now: datetime, actor: Actor, article: Article, number: int, source: ArticleSource, minor: bool
) -> tuple[Revision, list[Segment]]:
    revision = Revision(**_revision_row(source, ident(article), number, now, actor, minor))
    session.add(revision)
    session.flush()
    segments = source.segments()
    session.execute(insert(SourceSegment), [_segment_row(ident(revision), i, s) for i, s in enumerate(segments)])
    return revision, segments


def add_revision(
    session: Session, now: datetime, actor: Actor, article: Article, source: ArticleSource, *, minor: bool = False
) -> Revision | None:
    """Store a new revision if the content changed (else None) and bring every piece onto it.

    Unchanged segments keep their translation; changed ones keep the old translation as a draft but are
    marked outdated with the old source beside the new; new ones wait empty; removed ones leave the piece
    (their rows and history stay). With ``minor`` the old translations stay valid.
    """
    latest = session.exec(
        select(Revision).where(Revision.article_id == article.id, Revision.number == article.current_revision)
    ).one()
    if latest.corrections and not source.content.corrections:  # a correction stays with the article
        kept = tuple((c["on"], c["note"]) for c in latest.corrections)
        source = replace(source, content=replace(source.content, corrections=kept))
    if latest.content_hash == source.content_hash():
        return None
    if latest.body_format == "markdown" and source.content.body_format == "commonmark":
        legacy = replace(source, content=replace(source.content, body_format="markdown"))
        if latest.content_hash == legacy.content_hash():
            return None  # the same text: an article imported before keeps its revision (and its segments)
    if source.kind != article.kind:
        raise ValueError(f"{source.slug} is already an {article.kind}; choose another name for this {source.kind}")
    if source.language != article.source_language:
        raise ValueError(
            f"{source.slug} was imported in {article.source_language}; a revision cannot change it to {source.language}"
        )
    number = article.current_revision + 1
    revision, _ = _store_revision(session, now, actor, article, number, source, minor)
    article.current_revision = number
    session.add(article)
    log(
        session,
        now,
        actor,
        "import",
        article_id=article.id,
        detail={"slug": source.slug, "revision": number, "file": source.file, "minor": minor},
    )
    new_sources = session.exec(
        select(SourceSegment).where(SourceSegment.revision_id == revision.id).order_by(col(SourceSegment.position))
    ).all()
    old_hashes = [
        s.hash
        for s in session.exec(
            select(SourceSegment).where(SourceSegment.revision_id == latest.id).order_by(col(SourceSegment.position))
        ).all()
    ]
    segments_changed = old_hashes != [s.hash for s in new_sources]
    for piece_id in session.exec(select(Piece.id).where(Piece.article_id == article.id)).all():
        piece = get_piece(session, piece_id)  # type: ignore[arg-type]
        _realign(session, now, piece, list(new_sources), minor)
        piece.revision_id = revision.id  # type: ignore[assignment]
        piece.title = source.content.title
        recount(session, piece)
        if piece.status == Status.WITHDRAWN or not segments_changed:
            session.add(piece)
            if piece.status in FINISHED:
                repin(session, piece, now)  # the same segments: the live translation translates this one too
            continue
        detail = {"revision": number}
        if minor:
            move(session, now, piece, Event.MINOR_EDIT, actor, detail=detail)
            if piece.status in FINISHED:
                repin(session, piece, now)
            continue
        status = Status(piece.status)
        if status in (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED):
            back = has_pair(session, piece.translator_id, "translator", piece.source_language, piece.edition_code)
            if back:
                move(
                    session,
                    now,
                    piece,
                    Event.SOURCE_CHANGED,
                    actor,
                    to=Status.IN_TRANSLATION,
                    detail=detail,
                    holder_id=piece.translator_id,
                    lease_expires_at=lease_until(session, piece, now),
                )
            else:
                move(
                    session,
                    now,
                    piece,
                    Event.SOURCE_CHANGED,
                    actor,
                    to=Status.OPEN,
                    detail=detail,
                    holder_id=None,
                    lease_expires_at=None,
                )
        else:
            move(session, now, piece, Event.SOURCE_CHANGED, actor, detail=detail)
    return revision


def _realign(session: Session, now: datetime, piece: Piece, new_sources: list[SourceSegment], minor: bool) -> None:
    """Point the piece's target segments at the new revision's source segments, matching by hash.

    A source segment's targets move together (a plural catalog entry has one per plural form).
    """
    rows = segment_rows(session, piece)
    if not rows:
        return  # nobody has opened the piece yet: it simply starts from the new revision
    groups: list[tuple[SourceSegment, list[TargetSegment]]] = []
    for target, source in rows:
        if groups and groups[-1][0].id == source.id and groups[-1][1][-1].position == target.position:
            groups[-1][1].append(target)
        else:
            groups.append((source, [target]))
    old_hashes = [source.hash for source, _targets in groups]
    new_hashes = [s.hash for s in new_sources]
    matcher = difflib.SequenceMatcher(None, old_hashes, new_hashes, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                for target in groups[i1 + k][1]:
                    _repoint(target, new_sources[j1 + k])
                    session.add(target)
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            old, targets = groups[i1 + k]
            new = new_sources[j1 + k]
            wanted = forms(piece, new.plural)
            kept = targets[: len(wanted)]
            for target, form in zip(kept, wanted, strict=False):
                _repoint(target, new)
                target.plural_form = form
                if not minor:
                    target.outdated = True
                    target.previous_source = old.text
                session.add(target)
                session.flush()
                record_edit(session, piece, target, "source_changed", text=target.text, source_text=old.text, at=now)
            for target in targets[len(wanted) :]:
                _remove(session, now, piece, target, old)
            for form in wanted[len(kept) :]:
                _add_target(session, piece, new, form)
        for k in range(i1 + pairs, i2):
            old, targets = groups[k]
            for target in targets:
                _remove(session, now, piece, target, old)
        for k in range(j1 + pairs, j2):
            for form in forms(piece, new_sources[k].plural):
                _add_target(session, piece, new_sources[k], form)
    session.flush()


def _remove(session: Session, now: datetime, piece: Piece, target: TargetSegment, old: SourceSegment) -> None:
    target.active = False
    target.position = None
    session.add(target)
    session.flush()
    record_edit(session, piece, target, "removed", text=target.text, source_text=old.text, at=now)


def _add_target(session: Session, piece: Piece, source: SourceSegment, form: int | None) -> None:
    session.add(
        TargetSegment(
            piece_id=ident(piece),
            source_segment_id=ident(source),
            position=source.position,
            plural_form=form,
            text="",
            state="empty",
            outdated=True,
            previous_source="",
            version=1,
        )
    )


def _repoint(target: TargetSegment, source: SourceSegment) -> None:
    target.source_segment_id = source.id  # type: ignore[assignment]
    target.position = source.position


def content_of(revision: Revision) -> ArticleContent:
    """A stored revision's content, as split into segments."""
    return ArticleContent(
        title=revision.title,
        body=revision.body,
        lede=revision.lede,
        byline=revision.byline,
        category=revision.category,
        attribution=revision.attribution,
        references=tuple(revision.references),
        body_format=revision.body_format,
        corrections=tuple((c["on"], c["note"]) for c in revision.corrections),
    )


def source_of(article: Article, revision: Revision) -> ArticleSource:
    """A stored revision as the import that made it said it (to make the next revision from)."""
    return ArticleSource(
        slug=article.slug,
        language=article.source_language,
        content=content_of(revision),
        tags=tuple(revision.tags),
        published_on=revision.published_on,
        source_url=revision.source_url,
        file=revision.source_file,
        meta=dict(revision.meta or {}),
        kind=article.kind,
    )
