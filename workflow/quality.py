"""Quality checks on stored pieces: the edition's settings and glossary, findings per segment with the
waivers people gave, the gate that keeps errors from being submitted or approved, and the two ways to
set a finding aside: a translator mutes a warning, a reviewer overrides an error, each with a reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from workflow.characters import stored
from workflow.checks import CHECKS, Finding, Pair, Settings, Severity, run_checks
from workflow.checks.formats import flags_in_note
from workflow.db import Database
from workflow.errors import NotFound, PermissionDenied, WorkflowError
from workflow.glossary import as_terms, pair_rows
from workflow.messages import N_, msg
from workflow.models import AuditEvent, CheckWaiver, Piece, SourceSegment, TargetSegment, User
from workflow.people import InvalidInput
from workflow.permissions import ActingUser, Actor, Role, load_actor, require_person
from workflow.pieces import four_eyes, get_edition, get_piece, ident, log, segment_rows
from workflow.plurals import plural_forms, source_of_form


class QualityErrors(WorkflowError):
    """Error-level findings stand in the way: fix them, or have a reviewer override them."""

    def __init__(self, piece_id: int, blocking: list[tuple[int, Finding]]) -> None:
        self.piece_id = piece_id
        self.blocking = blocking
        positions = sorted({position for position, _finding in blocking})
        listed = ", ".join(f"#{p + 1}" for p in positions[:10]) + (" …" if len(positions) > 10 else "")
        super().__init__(
            msg(
                "piece {piece} has quality errors in segments {listed}; fix them or ask a reviewer to override them",
                piece=piece_id,
                listed=listed,
            )
        )


@dataclass(frozen=True)
class Waiver:
    """Why a finding is set aside, and by whom."""

    kind: str
    reason: str
    author_id: int
    at: datetime


@dataclass
class SegmentFindings:
    """One segment's findings, with the waivers that still hold for its current text."""

    segment_id: int
    position: int
    findings: list[Finding]
    waived: dict[str, Waiver] = field(default_factory=dict)

    def open(self) -> list[Finding]:
        """The findings nobody set aside."""
        return [f for f in self.findings if f.check not in self.waived]

    def errors(self) -> list[Finding]:
        return [f for f in self.open() if f.severity == Severity.ERROR]


def settings_for(session: Session, source: str, edition_code: str) -> Settings:
    """What checks need to know about an edition: digit style, severities, and its glossary."""
    edition = get_edition(session, edition_code)
    return Settings(
        digit_style=edition.digit_style,
        severities=dict(edition.check_severities or {}),
        glossary=as_terms(pair_rows(session, source, edition_code)),
    )


def edition_settings(db: Database, source: str, edition_code: str) -> Settings:
    """The settings the checks use for ``edition_code`` with sources in ``source``."""
    with db.read() as session:
        return settings_for(session, source, edition_code)


#: checks a plural form for a single number may fail by design
COUNT_CHECKS = frozenset({"numbers", "placeholders", "format"})


def _text_hash(text: str) -> str:
    """The exact text a waiver was given for (every character counts, spaces too)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def segment_findings(
    source: SourceSegment, form: int | None, text: str, piece: Piece, settings: Settings
) -> list[Finding]:
    """The findings of ``text`` as the translation of ``source`` (of its plural ``form``) in ``piece``."""
    code = piece.edition_code
    translates = source_of_form(source.text, source.plural, code, form)
    pair = Pair(translates, text, piece.source_language, code, flags_in_note(source.note), source.kind)
    findings = run_checks(pair, settings)
    if form is not None and len(plural_forms(code)[form].examples) == 1:
        # a form for one number ("one", "two", "zero") may spell the number out instead of a placeholder
        findings = [f for f in findings if f.check not in COUNT_CHECKS]
    return findings


#: findings already computed, by (source segment, plural form, text): they depend on nothing else but settings
Known = dict[tuple[int, int | None, str], list[Finding]]


def _piece_findings(
    session: Session, piece: Piece, settings: Settings | None = None, known: Known | None = None
) -> list[SegmentFindings]:
    settings = settings or settings_for(session, piece.source_language, piece.edition_code)
    rows = segment_rows(session, piece)
    waivers: dict[tuple[int, str], list[CheckWaiver]] = {}
    for waiver in session.exec(select(CheckWaiver).where(CheckWaiver.piece_id == piece.id)).all():
        waivers.setdefault((waiver.target_segment_id, waiver.check_id), []).append(waiver)
    result = []
    for target, source in rows:
        if target.state == "empty":
            continue  # an empty segment is reported as incomplete, not as a quality finding
        key = (source.id or 0, target.plural_form, target.text)
        findings = known.get(key) if known is not None else None
        if findings is None:
            findings = segment_findings(source, target.plural_form, target.text, piece, settings)
            if known is not None:
                known[key] = findings
        found = SegmentFindings(ident(target), target.position or 0, findings)
        current = _text_hash(target.text)
        for finding in found.findings:
            for waiver in waivers.get((found.segment_id, finding.check), []):
                if waiver.text_hash == current and (waiver.kind == "override" or finding.severity != Severity.ERROR):
                    found.waived[finding.check] = Waiver(waiver.kind, waiver.reason, waiver.author_id, waiver.at)
        result.append(found)
    return result


def piece_findings(
    db: Database, piece_id: int, settings: Settings | None = None, known: Known | None = None
) -> list[SegmentFindings]:
    """Every non-empty segment's findings, in order, with the waivers that hold (``settings``: the edition's,
    when the caller has read them already; ``known``: findings computed before with the same settings, reused
    for texts that did not change and filled with the others).
    """
    with db.read() as session:
        return _piece_findings(session, get_piece(session, piece_id, lock=False), settings, known)


def require_no_errors(session: Session, piece: Piece) -> None:
    """The quality gate of submit and approve: no error-level finding left that nobody overrode."""
    blocking = [(s.position, f) for s in _piece_findings(session, piece) for f in s.errors()]
    if blocking:
        raise QualityErrors(ident(piece), blocking)


def _waive(db: Database, actor: ActingUser, segment_id: int, check_id: str, reason: str, kind: str) -> None:
    reason = stored(reason, N_("the reason")).strip()
    if not reason:
        raise InvalidInput(N_("say why: a reason is required to set a finding aside"))
    if check_id not in CHECKS:
        raise NotFound(msg("there is no check called {check}", check=check_id))
    with db.write() as session:
        acting = load_actor(session, actor)
        user_id = require_person(acting, N_("setting a finding aside"))
        segment = session.get(TargetSegment, segment_id)
        if segment is None:
            raise NotFound(msg("segment {segment} does not exist in any current piece", segment=segment_id))
        piece = get_piece(session, segment.piece_id)
        findings = next((s for s in _piece_findings(session, piece) if s.segment_id == segment_id), None)
        finding = next((f for f in (findings.findings if findings else []) if f.check == check_id), None)
        if finding is None:
            raise InvalidInput(
                msg("the check {check} finds nothing in segment {segment} now", check=check_id, segment=segment_id)
            )
        _may_waive(session, acting, piece, finding, kind)
        session.add(
            CheckWaiver(
                target_segment_id=segment_id,
                piece_id=ident(piece),
                check_id=check_id,
                kind=kind,
                text_hash=_text_hash(segment.text),
                reason=reason,
                author_id=user_id,
                at=db.now(),
            )
        )
        log(
            session,
            db.now(),
            acting,
            "check_muted" if kind == "mute" else "check_overridden",
            piece=piece,
            comment=reason,
            detail={"segment": segment_id, "check": check_id, "severity": finding.severity},
        )


def _may_waive(session: Session, acting: Actor, piece: Piece, finding: Finding, kind: str) -> None:
    pair = (piece.source_language, piece.edition_code)
    if kind == "mute":
        if finding.severity == Severity.ERROR:
            raise PermissionDenied(
                N_("an error cannot be muted: fix it, or ask a reviewer to override it with a reason")
            )
        if piece.holder_id != acting.id:
            raise PermissionDenied(
                msg(
                    "{user} may not mute findings: only the person holding piece {piece} may",
                    user=acting.username,
                    piece=piece.id,
                )
            )
        return
    if not (acting.has(Role.EDITOR) or acting.can_work(Role.REVIEWER, *pair)):
        raise PermissionDenied(
            msg(
                "{user} may not override findings: this needs the reviewer role for {pair} or the editor role",
                user=acting.username,
                pair=f"{pair[0]}→{pair[1]}",
            )
        )
    four_eyes(session, piece, acting, N_("override findings on this piece"))


def mute(db: Database, actor: ActingUser, segment_id: int, check_id: str, reason: str) -> None:
    """The translator holding the piece sets a warning aside for this text of the segment."""
    _waive(db, actor, segment_id, check_id, reason, "mute")


def override(db: Database, actor: ActingUser, segment_id: int, check_id: str, reason: str) -> None:
    """A reviewer of the pair (or an editor) sets an error or a warning aside for this text, logged."""
    _waive(db, actor, segment_id, check_id, reason, "override")


@dataclass(frozen=True)
class OverrideRequest:
    """A translator's request that a reviewer set an error aside: which piece, segment and check, and why."""

    piece_id: int
    title: str
    edition: str
    status: str
    segment_id: int
    position: int
    check: str
    message: str
    text: str
    reason: str
    requested_by: str
    at: datetime


def request_override(db: Database, actor: ActingUser, segment_id: int, check_id: str, reason: str) -> None:
    """The translator holding the piece asks the pair's reviewers and the editors to override an error they
    think wrong, with a reason; logged. It waits in their lists until overridden, or the text changes.
    """
    reason = stored(reason, N_("the reason")).strip()
    if not reason:
        raise InvalidInput(N_("say why the finding is wrong: a reviewer reads it before overriding"))
    with db.write() as session:
        acting = load_actor(session, actor)
        segment = session.get(TargetSegment, segment_id)
        if segment is None:
            raise NotFound(msg("segment {segment} does not exist in any current piece", segment=segment_id))
        piece = get_piece(session, segment.piece_id)
        if piece.holder_id is None or piece.holder_id != acting.id:
            raise PermissionDenied(
                msg(
                    "{user} may not ask for an override: only the person holding piece {piece} may",
                    user=acting.username,
                    piece=piece.id,
                )
            )
        found = next((s for s in _piece_findings(session, piece) if s.segment_id == segment_id), None)
        if found is None or not any(f.check == check_id for f in found.errors()):
            raise InvalidInput(
                msg("the check {check} finds no error in segment {segment} now", check=check_id, segment=segment_id)
            )
        text_hash = _text_hash(segment.text)
        if any(r.segment_id == segment_id and r.check == check_id for r in _pending(session, [piece.id or 0])):
            raise InvalidInput(N_("this override was already asked for; a reviewer will see it"))
        log(
            session,
            db.now(),
            acting,
            "override_requested",
            piece=piece,
            comment=reason,
            detail={"segment": segment_id, "check": check_id, "text_hash": text_hash},
        )


def _pending(session: Session, piece_ids: list[int] | None = None) -> list[OverrideRequest]:
    """Requests whose segment still has the text they were made for, with the error open."""
    query = select(AuditEvent, Piece).join(Piece, col(Piece.id) == AuditEvent.piece_id)
    query = query.where(AuditEvent.action == "override_requested", col(Piece.status) != "withdrawn")
    if piece_ids is not None:
        query = query.where(col(Piece.id).in_(piece_ids))
    found: dict[tuple[int, str], OverrideRequest] = {}
    findings: dict[int, dict[int, SegmentFindings]] = {}
    for event, piece in session.exec(query.order_by(col(AuditEvent.id))).all():
        segment_id, check = int(event.detail["segment"]), str(event.detail["check"])
        segment = session.get(TargetSegment, segment_id)
        if segment is None or not segment.active or _text_hash(segment.text) != event.detail.get("text_hash"):
            continue
        if piece.id not in findings:
            findings[piece.id or 0] = {s.segment_id: s for s in _piece_findings(session, piece)}
        errors = [f for f in findings[piece.id or 0].get(segment_id, SegmentFindings(0, 0, [])).errors()]
        error = next((f for f in errors if f.check == check), None)
        if error is None:
            continue  # overridden meanwhile, or no longer found
        requester = session.get(User, event.actor_id) if event.actor_id is not None else None
        found[(segment_id, check)] = OverrideRequest(
            ident(piece),
            piece.title,
            piece.edition_code,
            piece.status,
            segment_id,
            segment.position or 0,
            check,
            error.message,
            segment.text,
            event.comment or "",
            requester.username if requester else "",
            event.at,
        )
    return list(found.values())


def override_requests(db: Database, actor: ActingUser) -> list[OverrideRequest]:
    """The open override requests this person may decide: a reviewer of the pair (not of their own
    translation, under four eyes) or an editor. Oldest first.
    """
    with db.read() as session:
        acting = load_actor(session, actor)
        mine = []
        for request in _pending(session):
            piece = get_piece(session, request.piece_id, lock=False)
            pair = (piece.source_language, piece.edition_code)
            if not (acting.has(Role.EDITOR) or acting.can_work(Role.REVIEWER, *pair)):
                continue
            try:
                four_eyes(session, piece, acting, N_("override findings on this piece"))
            except WorkflowError:
                continue
            mine.append(request)
        return sorted(mine, key=lambda r: r.at)
