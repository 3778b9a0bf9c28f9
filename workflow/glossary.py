"""The glossary of each language pair: editors keep its terms; checks and the editor read them; CSV and
TBX files carry it in and out (all or nothing on the way in, every bad line or entry named).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from workflow.characters import InvalidText, stored
from workflow.checks import Term
from workflow.checks.glossary import occurrences
from workflow.db import Database
from workflow.errors import ImportFailed, ImportProblem, NotFound
from workflow.languages import CODES
from workflow.limits import check_size
from workflow.messages import N_, msg, quoted
from workflow.models import GlossaryTerm
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Role, load_actor, require_role
from workflow.pieces import log

CSV_FIELDS = ["term", "translations", "forbidden", "note", "case_sensitive", "is_name", "definition"]
SEPARATOR = "|"  # between several translations or forbidden variants in one CSV cell
MAX_TERM = 200


@dataclass(frozen=True)
class Hit:
    """A glossary term found in a source segment: where, and what the glossary says about it."""

    start: int
    end: int
    term: Term


def _nfc(text: str) -> str:
    return stored(text, N_("the glossary entry")).strip()


def _pair(source: str, target: str) -> tuple[str, str]:
    if source not in CODES or target not in CODES or source == target:
        raise InvalidInput(
            msg(
                "{pair} is not a language pair of Dragoman; use two of {codes}",
                pair=f"{source}→{target}",
                codes=", ".join(CODES),
            )
        )
    return source, target


def pair_rows(session: Session, source: str, target: str) -> list[GlossaryTerm]:
    """Every term of a language pair, alphabetically."""
    return list(
        session.exec(
            select(GlossaryTerm)
            .where(GlossaryTerm.source_language == source, GlossaryTerm.target_language == target)
            .order_by(col(GlossaryTerm.term))
        ).all()
    )


def terms(db: Database, source: str, target: str) -> list[GlossaryTerm]:
    """Every term of a language pair, alphabetically."""
    with db.read() as session:
        return pair_rows(session, source, target)


def as_terms(rows: Iterable[GlossaryTerm]) -> tuple[Term, ...]:
    """Stored terms as the checks read them."""
    return tuple(
        Term(r.term, tuple(r.translations), tuple(r.forbidden), r.note, r.case_sensitive, r.is_name, r.definition)
        for r in rows
    )


def hits(text: str, glossary: Iterable[Term], lang: str) -> list[Hit]:
    """The glossary terms that stand in ``text``, in reading order (longer terms first where they overlap)."""
    found = [
        Hit(start, end, term)
        for term in glossary
        for start, end in occurrences(text, term.term, lang, term.case_sensitive)
    ]
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _clean(entry: Term) -> Term:
    term = _nfc(entry.term)
    translations = tuple(t for t in (_nfc(x) for x in entry.translations) if t)
    forbidden = tuple(t for t in (_nfc(x) for x in entry.forbidden) if t)
    if not term:
        raise InvalidInput(N_("the term is empty"))
    if len(term) > MAX_TERM:
        raise InvalidInput(msg("the term is longer than {most} characters", most=MAX_TERM))
    if not translations:
        raise InvalidInput(msg("give {term} at least one approved translation", term=quoted(term)))
    if set(translations) & set(forbidden):
        raise InvalidInput(msg("{term} has a translation that is also forbidden", term=quoted(term)))
    return Term(
        term, translations, forbidden, _nfc(entry.note), entry.case_sensitive, entry.is_name, _nfc(entry.definition)
    )


def _store(session: Session, source: str, target: str, entry: Term, user_id: int | None, now: datetime) -> str:
    """Insert or update by (pair, term): "added", "changed", or "unchanged" (then nothing is written)."""
    row = session.exec(
        select(GlossaryTerm).where(
            GlossaryTerm.source_language == source,
            GlossaryTerm.target_language == target,
            GlossaryTerm.term == entry.term,
        )
    ).first()
    new = row is None
    if row is None:
        row = GlossaryTerm(source_language=source, target_language=target, term=entry.term, updated_at=now)
    elif (list(row.translations), list(row.forbidden), row.note, row.case_sensitive, row.is_name, row.definition) == (
        list(entry.translations),
        list(entry.forbidden),
        entry.note,
        entry.case_sensitive,
        entry.is_name,
        entry.definition,
    ):
        return "unchanged"
    row.translations = list(entry.translations)
    row.forbidden = list(entry.forbidden)
    row.note = entry.note
    row.definition = entry.definition
    row.case_sensitive = entry.case_sensitive
    row.is_name = entry.is_name
    row.updated_by = user_id
    row.updated_at = now
    session.add(row)
    return "added" if new else "changed"


def save_term(db: Database, actor: ActingUser, source: str, target: str, entry: Term) -> None:
    """Add a term to a pair's glossary, or change it; editors only, logged."""
    source, target = _pair(source, target)
    entry = _clean(entry)
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("change the glossary"))
        outcome = _store(session, source, target, entry, acting.id, db.now())
        if outcome == "unchanged":
            return
        log(
            session,
            db.now(),
            acting,
            "glossary_changed",
            detail={"pair": f"{source}->{target}", "term": entry.term, outcome: 1},
        )


def delete_term(db: Database, actor: ActingUser, term_id: int) -> None:
    """Remove a term; editors only, logged."""
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("change the glossary"))
        row = session.get(GlossaryTerm, term_id)
        if row is None:
            raise NotFound(msg("glossary term {id} does not exist", id=term_id))
        session.delete(row)
        log(
            session,
            db.now(),
            acting,
            "glossary_changed",
            detail={"pair": f"{row.source_language}->{row.target_language}", "term": row.term, "deleted": 1},
        )


def import_terms(db: Database, actor: ActingUser, source: str, target: str, entries: list[Term]) -> tuple[int, int]:
    """Store many terms in one transaction: (added, changed); terms that are the same as stored count in neither."""
    source, target = _pair(source, target)
    cleaned = [_clean(e) for e in entries]
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("change the glossary"))
        now = db.now()
        outcomes = [_store(session, source, target, e, acting.id, now) for e in cleaned]
        added, changed = outcomes.count("added"), outcomes.count("changed")
        log(
            session,
            now,
            acting,
            "glossary_imported",
            detail={"pair": f"{source}->{target}", "added": added, "changed": changed},
        )
    return added, changed


_YES = {"yes", "true", "1", "y", "x"}
_NO = {"no", "false", "0", "n", ""}


def _flag(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    return True if text in _YES else False if text in _NO else None


def parse_csv(text: str, file: str) -> list[Term]:
    """Terms from CSV with a header: term, translations, forbidden, note, case_sensitive, is_name, definition
    (several translations or variants separated by ``|``; only term and translations are required).
    ImportFailed names every bad line.
    """
    check_size(len(text.encode()), file)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    problems: list[ImportProblem] = []
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [name for name in ("term", "translations") if name not in header]
    if missing:
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    msg("line {line}", line=1),
                    msg(
                        "the header lacks {columns}; the columns are {known}",
                        columns=", ".join(missing),
                        known=", ".join(CSV_FIELDS),
                    ),
                )
            ]
        )
    entries: list[Term] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        where = msg("line {line}", line=line)
        values = {k.strip(): (v or "") for k, v in row.items() if k is not None}
        flags = {name: _flag(values.get(name)) for name in ("case_sensitive", "is_name")}
        bad = [name for name, flag in flags.items() if flag is None]
        if bad:
            problems.append(ImportProblem(file, where, msg("{columns} must be yes or no", columns=", ".join(bad))))
            continue
        entry = Term(
            values.get("term", ""),
            tuple(values.get("translations", "").split(SEPARATOR)),
            tuple(values.get("forbidden", "").split(SEPARATOR)),
            values.get("note", ""),
            bool(flags["case_sensitive"]),
            bool(flags["is_name"]),
            values.get("definition", ""),
        )
        try:
            entry = _clean(entry)
        except (InvalidInput, InvalidText) as error:
            problems.append(ImportProblem(file, where, error.message))
            continue
        if entry.term in seen:
            problems.append(
                ImportProblem(
                    file, where, msg("{term} is also on line {other}", term=quoted(entry.term), other=seen[entry.term])
                )
            )
            continue
        seen[entry.term] = line
        entries.append(entry)
    if problems:
        raise ImportFailed(problems)
    return entries


def to_csv(rows: Iterable[GlossaryTerm]) -> str:
    """The glossary as CSV, in the format :func:`parse_csv` reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in rows:
        writer.writerow(
            [
                r.term,
                SEPARATOR.join(r.translations),
                SEPARATOR.join(r.forbidden),
                r.note,
                "yes" if r.case_sensitive else "no",
                "yes" if r.is_name else "no",
                r.definition,
            ]
        )
    return out.getvalue()
