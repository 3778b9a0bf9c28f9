"""Work in desktop tools: hand the pieces a person holds out as XLIFF 1.2, and take the file back.

The import is all or nothing: every piece and unit is checked first (the person still holds the piece,
its source is the one exported, each unit belongs to it, nobody changed the segment in Dragoman since),
and each problem is named with the file and unit. Units the tool left as they were are not saved again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from workflow import characters
from workflow.actions import require_holder
from workflow.checks.model import Term
from workflow.db import Database
from workflow.errors import ImportFailed, ImportProblem, TransitionNotAllowed, WorkflowError
from workflow.glossary import as_terms, hits, pair_rows
from workflow.mdinline import from_tokens, matched, to_tokens
from workflow.messages import N_, msg
from workflow.models import Article, Comment, Piece, Revision, SourceSegment, TargetSegment, User
from workflow.permissions import ActingUser, Actor, load_actor, require_person
from workflow.pieces import (
    expire_if_due,
    get_piece,
    lease_until,
    move,
    recount,
    segment_rows,
    user_label,
    write_text,
)
from workflow.plurals import plural_forms, source_of_form
from workflow.segments import MARKDOWN_FORMATS
from workflow.status import STATUS_PHRASES, Event, Status
from workflow.xliff import STATE_OUT, PieceFile, Unit, imported_state, parse_xliff, to_xliff

EDITABLE = (Status.IN_TRANSLATION, Status.CHANGES_REQUESTED, Status.IN_REVIEW)


@dataclass(frozen=True)
class XliffImport:
    """What an XLIFF import changed: pieces touched and segments saved."""

    pieces: int
    saved: int
    unchanged: int


def _holding(session: Session, acting: Actor, piece_id: int, now: datetime, doing: str) -> Piece:
    """The piece, if the person holds it in a stage where its text is edited."""
    piece = get_piece(session, piece_id)
    expire_if_due(session, piece, now)
    status = Status(piece.status)
    if status not in EDITABLE:
        raise TransitionNotAllowed(
            status,
            "edit",
            msg("piece {piece} is {status}: nobody edits it now", piece=piece.id, status=STATUS_PHRASES[status]),
        )
    require_holder(session, piece, acting, doing)
    return piece


def _comments(session: Session, piece_id: int) -> dict[int, list[tuple[str, str]]]:
    """The comments on a piece's segments, by segment, as (author, text) in the order they were made."""
    found: dict[int, list[tuple[str, str]]] = {}
    for segment_id, name, text in session.exec(
        select(Comment.segment_id, User.display_name, Comment.text)
        .join(User, col(User.id) == Comment.author_id)
        .where(Comment.piece_id == piece_id, col(Comment.segment_id).is_not(None))
        .order_by(col(Comment.id))
    ).all():
        found.setdefault(segment_id or 0, []).append((name, text))
    return found


def _notes(
    piece: Piece,
    target: TargetSegment,
    source: SourceSegment,
    glossary: tuple[Term, ...],
    comments: list[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    notes: list[tuple[str, str]] = [("dragoman", f"kind: {source.kind}")]
    if target.plural_form is not None:
        forms = plural_forms(piece.edition_code)
        form = forms[target.plural_form]
        numbers = ", ".join(str(n) for n in form.examples)
        notes.append(("dragoman", f"plural form {form.index + 1} of {len(forms)} ({form.category}: {numbers})"))
    if source.note:
        notes.append(("developer", source.note))
    if target.outdated and target.previous_source is not None:
        notes.append(("dragoman", f"the source changed; it was: {target.previous_source}"))
    for hit in hits(source.text, glossary, piece.source_language):
        term = hit.term
        line = f"{term.term} → {' / '.join(term.translations) or '(keep as is)'}"
        if term.forbidden:
            line += f"; not: {' / '.join(term.forbidden)}"
        if term.note:
            line += f" ({term.note})"
        notes.append(("glossary", line))
    return (*notes, *comments)


def export_xliff(db: Database, actor: ActingUser, piece_ids: Sequence[int]) -> bytes:
    """The pieces the person holds, as one XLIFF 1.2 file (segment ids, source, target, state, notes)."""
    if not piece_ids:
        raise ValueError("name at least one piece to export")
    with db.read() as session:
        acting = load_actor(session, actor)
        now = db.now()
        files = []
        glossaries: dict[tuple[str, str], tuple[Term, ...]] = {}
        for piece_id in dict.fromkeys(piece_ids):
            piece = _holding(session, acting, piece_id, now, N_("export this piece"))
            article = session.get(Article, piece.article_id)
            assert article is not None
            pair = (piece.source_language, piece.edition_code)
            if pair not in glossaries:
                glossaries[pair] = as_terms(pair_rows(session, *pair))
            rows = segment_rows(session, piece)
            comments = _comments(session, piece.id or 0)
            markdown = _markdown(session, piece)
            units = tuple(
                Unit(
                    segment_id=target.id or 0,
                    kind=source.kind,
                    version=target.version,
                    source_hash=source.hash,
                    source=to_tokens(source.text)[0]
                    if markdown
                    else source_of_form(source.text, source.plural, piece.edition_code, target.plural_form),
                    target=matched(target.text, to_tokens(source.text)[1]) if markdown else target.text,
                    state="needs-review-translation" if target.outdated else STATE_OUT[target.state],
                    notes=_notes(piece, target, source, glossaries[pair], comments.get(target.id or 0, [])),
                )
                for target, source in rows
            )
            files.append(
                PieceFile(
                    piece.id or 0, piece.revision_id, article.slug, piece.source_language, piece.edition_code, units
                )
            )
    return to_xliff(files)


def _markdown(session: Session, piece: Piece) -> bool:
    """True if the piece's segments are Markdown, whose inline markup travels as placeables."""
    article = session.get(Article, piece.article_id)
    revision = session.get(Revision, piece.revision_id)
    return (
        article is not None
        and article.kind == "article"
        and revision is not None
        and revision.body_format in MARKDOWN_FORMATS
    )


def _text(unit: Unit, source: str | None = None) -> str:
    """What the tool sent back, as Dragoman stores text (NFC; whitespace-only counts as empty); with the
    Markdown ``source``, its placeables made that Markdown again.
    """
    text = unicodedata.normalize("NFC", unit.target) if unit.target.strip() else ""
    return from_tokens(text, to_tokens(source)[1]) if source is not None and text else text


def _check_piece(
    session: Session, file: str, piece_file: PieceFile, piece: Piece, problems: list[ImportProblem]
) -> dict[int, tuple[TargetSegment, Unit, str]]:
    """The units of one piece that change something, each checked; problems are appended."""
    where_piece = msg("piece {piece}", piece=piece.id)
    if piece.revision_id != piece_file.revision_id:
        problems.append(
            ImportProblem(
                file,
                where_piece,
                msg("its source changed since the export; export the piece again and carry your work over"),
            )
        )
        return {}
    changes: dict[int, tuple[TargetSegment, Unit, str]] = {}
    markdown = _markdown(session, piece)
    for unit in piece_file.units:
        where = msg("piece {piece}, unit {unit}", piece=piece.id, unit=unit.segment_id)
        target = session.get(TargetSegment, unit.segment_id)
        if target is None or target.piece_id != piece.id or not target.active:
            problems.append(ImportProblem(file, where, N_("this unit is not a current segment of the piece")))
            continue
        source = session.get(SourceSegment, target.source_segment_id)
        if source is None or source.hash != unit.source_hash:
            problems.append(ImportProblem(file, where, N_("its source is not the segment's current source")))
            continue
        bad = characters.problem(unit.target)
        if bad is not None:
            problems.append(ImportProblem(file, where, bad))
            continue
        text = _text(unit, source.text if markdown else None)
        if text == target.text and (
            unit.state == "needs-review-translation" if target.outdated else imported_state(unit) == target.state
        ):
            continue  # nothing to change: the tool left it as it was, or it was imported before
        if target.version != unit.version:
            problems.append(
                ImportProblem(
                    file,
                    where,
                    msg(
                        "{user} changed this segment in Dragoman after the export; "
                        "copy your text into the editor or export again",
                        user=user_label(session, target.updated_by),
                    ),
                )
            )
            continue
        changes[target.id or 0] = (target, unit, text)
    return changes


def import_xliff(db: Database, actor: ActingUser, data: bytes, file: str) -> XliffImport:
    """Take an XLIFF file back into the pieces it came from, all or nothing."""
    pieces = parse_xliff(data, file)
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        user_id = require_person(acting, N_("saving"))
        problems: list[ImportProblem] = []
        plans: list[tuple[Piece, PieceFile, dict[int, tuple[TargetSegment, Unit, str]]]] = []
        for piece_file in pieces:
            piece = session.get(Piece, piece_file.piece_id)
            if piece is None:
                where = msg("piece {piece}", piece=piece_file.piece_id)
                problems.append(ImportProblem(file, where, N_("there is no such piece")))
                continue
            try:
                piece = _holding(session, acting, piece_file.piece_id, now, N_("import into this piece"))
            except WorkflowError as error:  # not held by this person, or not in an editing stage
                problems.append(ImportProblem(file, msg("piece {piece}", piece=piece.id), error.message))
                continue
            plans.append((piece, piece_file, _check_piece(session, file, piece_file, piece, problems)))
        if problems:
            raise ImportFailed(problems)
        saved = unchanged = 0
        for piece, piece_file, changes in plans:
            unchanged += len(piece_file.units) - len(changes)
            if not changes:
                continue
            if piece.status == Status.CHANGES_REQUESTED:
                move(session, now, piece, Event.RESUME, acting)
            for target, unit, text in changes.values():
                write_text(session, piece, target, text, imported_state(unit), user_id, now)
                saved += 1
            piece.lease_expires_at = lease_until(session, piece, now, review=piece.status == Status.IN_REVIEW)
            recount(session, piece)
            session.add(piece)
        session.flush()
        return XliffImport(pieces=len(plans), saved=saved, unchanged=unchanged)
