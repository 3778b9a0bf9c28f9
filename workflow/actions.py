"""One function per user intent. Each takes the acting user, checks permission, moves the piece
through the transition table and appends to the audit log, in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, func, select

from workflow.characters import stored
from workflow.db import Database
from workflow.errors import (
    AlreadyClaimed,
    IncompletePiece,
    NotFound,
    PermissionDenied,
    StaleEdit,
    TransitionNotAllowed,
)
from workflow.limits import PRIORITY
from workflow.memory import MEMORY, prefill_exact_matches
from workflow.messages import N_, msg, quoted
from workflow.models import (
    NO_DEADLINE,
    Article,
    AuditEvent,
    Piece,
    Revision,
    SegmentEdit,
    SourceSegment,
    TargetSegment,
    User,
)
from workflow.people import InvalidInput
from workflow.permissions import (
    CONSOLE,
    ROLE_PHRASES,
    ActingUser,
    Actor,
    Role,
    load_actor,
    require_edition,
    require_pair,
    require_person,
    require_role,
)
from workflow.pieces import (
    ConcurrentChange,
    expire_if_due,
    four_eyes,
    get_piece,
    has_pair,
    lease_until,
    log,
    materialise,
    move,
    record_edit,
    recount,
    store_approved,
    user_label,
    write_text,
)
from workflow.quality import require_no_errors
from workflow.saving import SavedSegment, save_held
from workflow.status import EVENT_PHRASES, FINISHED, HELD, STATUS_PHRASES, Event, Status, advance
from workflow.versions import mark_published, pin, repin

__all__ = [
    "approve",
    "assign",
    "claim",
    "mark_minor_edit",
    "publish",
    "reinstate",
    "release",
    "release_expired",
    "request_changes",
    "save_segment",
    "set_embargo",
    "set_priority",
    "start_review",
    "submit",
    "withdraw",
    "withdraw_article",
]


def _already_claimed(db: Database, piece_id: int) -> AlreadyClaimed:
    with db.read() as session:
        piece = get_piece(session, piece_id, lock=False)
        return AlreadyClaimed(user_label(session, piece.holder_id), piece.lease_expires_at, piece.status)


def _refuse_if_held_by_other(session: Session, piece: Piece, actor: Actor) -> None:
    if piece.status in HELD and piece.holder_id is not None and piece.holder_id != actor.id:
        raise AlreadyClaimed(user_label(session, piece.holder_id), piece.lease_expires_at, piece.status)


def require_holder(session: Session, piece: Piece, actor: Actor, doing: str) -> None:
    if piece.holder_id != actor.id:
        if piece.holder_id is None:
            raise PermissionDenied(
                msg(
                    "{user} may not {doing}: nobody holds piece {piece}; claim it first",
                    user=actor.username,
                    doing=doing,
                    piece=piece.id,
                )
            )
        raise PermissionDenied(
            msg(
                "{user} may not {doing}: piece {piece} is held by {holder}",
                user=actor.username,
                doing=doing,
                piece=piece.id,
                holder=user_label(session, piece.holder_id),
            )
        )


def _clean(text: str, what: str = N_("the text")) -> str:
    """Stored text is NFC; nothing else is changed (ZWNJ stays); control characters are refused."""
    return stored(text, what)


def _take(db: Database, actor: ActingUser, piece_id: int, *, review: bool, prefill: bool = False) -> Piece:
    """Take a piece under a lease, for translation or for review: one of several simultaneous takers wins."""
    role, event = (Role.REVIEWER, Event.START_REVIEW) if review else (Role.TRANSLATOR, Event.CLAIM)
    doing = N_("review this piece") if review else N_("claim this piece")
    try:
        with db.write() as session:
            now = db.now()
            acting = load_actor(session, actor)
            piece = get_piece(session, piece_id)
            require_pair(acting, role, piece.source_language, piece.edition_code, doing)
            user_id = require_person(acting, N_("reviewing") if review else N_("claiming"))
            expire_if_due(session, piece, now)
            _refuse_if_held_by_other(session, piece, acting)
            advance(piece.status, event)
            if review:
                four_eyes(session, piece, acting, doing)
            person: dict[str, Any] = {"reviewer_id" if review else "translator_id": user_id}
            lease = lease_until(session, piece, now, review=review)
            move(session, now, piece, event, acting, holder_id=user_id, lease_expires_at=lease, **person)
            if not review:
                materialise(session, piece)
                if prefill:
                    prefill_exact_matches(session, piece, now)
                recount(session, piece)
                session.add(piece)
            return piece
    except ConcurrentChange:
        raise _already_claimed(db, piece_id) from None


def claim(db: Database, actor: ActingUser, piece_id: int, *, prefill: bool = False) -> Piece:
    """Take an open piece for translation under a lease. Exactly one of several simultaneous claims wins.
    With ``prefill``, empty segments with an exact approved match become drafts marked as pre-filled.

    Raises AlreadyClaimed ("already claimed by X until T"), PermissionDenied, TransitionNotAllowed.
    """
    return _take(db, actor, piece_id, review=False, prefill=prefill)


def start_review(db: Database, actor: ActingUser, piece_id: int) -> Piece:
    """Take a submitted piece for review under a lease; exactly one of several simultaneous starts wins.

    Nobody reviews a piece they translated unless the edition allows self-approval (four eyes).
    """
    return _take(db, actor, piece_id, review=True)


def release(db: Database, actor: ActingUser, piece_id: int, comment: str | None = None) -> Piece:
    """Give a held piece back: translation to the queue (draft kept), review to the review queue.

    The holder may release their own piece; an editor may release anyone's.
    """
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id)
        if expire_if_due(session, piece, now):
            return piece
        if piece.holder_id != acting.id or acting.id is None:
            require_role(acting, Role.EDITOR, N_("release a piece somebody else holds"))
        move(
            session,
            now,
            piece,
            Event.RELEASE,
            acting,
            comment=comment,
            holder_id=None,
            lease_expires_at=None,
            detail={"holder": user_label(session, piece.holder_id)},
        )
        return piece


def assign(db: Database, actor: ActingUser, piece_id: int, assignee: str, comment: str | None = None) -> Piece:
    """An editor gives a piece to a translator (open or in translation) or a reviewer (submitted or in review).

    Giving a held piece to somebody else is a reassignment; both are logged with the previous holder.
    """
    try:
        with db.write() as session:
            now = db.now()
            acting = load_actor(session, actor)
            require_role(acting, Role.EDITOR, N_("assign work"))
            piece = get_piece(session, piece_id)
            expire_if_due(session, piece, now)
            person = session.exec(select(User).where(User.username == assignee.strip().lower())).first()
            if person is None:
                raise NotFound(msg("no user called {name}", name=quoted(assignee)))
            target = load_actor(session, person)
            status = Status(piece.status)
            review = status in (Status.SUBMITTED, Status.IN_REVIEW)
            role = Role.REVIEWER if review else Role.TRANSLATOR
            if not target.can_work(role, piece.source_language, piece.edition_code):
                raise PermissionDenied(
                    msg(
                        "{user} cannot take this piece: they need the {role} role and the {pair} language pair",
                        user=target.username,
                        role=ROLE_PHRASES[role],
                        pair=f"{piece.source_language}→{piece.edition_code}",
                    )
                )
            event = Event.ASSIGN if status in (Status.OPEN, Status.SUBMITTED) else Event.REASSIGN
            if review:
                four_eyes(session, piece, target, N_("review this piece"))
            previous = user_label(session, piece.holder_id)
            changes: dict[str, Any] = {
                "holder_id": target.id,
                "lease_expires_at": lease_until(session, piece, now, review=review),
            }
            if review:
                changes["reviewer_id"] = target.id
            else:
                changes["translator_id"] = target.id
            move(
                session,
                now,
                piece,
                event,
                acting,
                comment=comment,
                detail={"assignee": target.username, "previous": previous},
                **changes,
            )
            if not review:
                materialise(session, piece)
                recount(session, piece)
            return piece
    except ConcurrentChange:
        raise _already_claimed(db, piece_id) from None


def _refused(db: Database, actor: ActingUser, segment_id: int, text: str, base_version: int) -> None:
    """Keep a refused save in the segment's history so that the text is never lost."""
    if not isinstance(actor, User) or actor.id is None:
        return
    with db.write() as session:
        segment = session.get(TargetSegment, segment_id)
        if segment is None:
            return
        piece = get_piece(session, segment.piece_id, lock=False)
        source = session.get(SourceSegment, segment.source_segment_id)
        record_edit(
            session,
            piece,
            segment,
            "refused",
            text=text,
            source_text=source.text if source else "",
            at=db.now(),
            version=base_version,
            author_id=actor.id,
        )


def save_segment(
    db: Database, actor: ActingUser, segment_id: int, text: str, base_version: int, *, done: bool = True
) -> SavedSegment:
    """Save the translation of one segment, based on the version the person opened.

    Renews the lease. A save based on an older version raises StaleEdit carrying both texts; a save
    refused for any reason is kept in the segment's history. If the lease expired and the piece went
    back to the queue, the former holder's save claims it again when nobody else has. The common case (the
    holder, a running lease, the version they opened) takes :func:`workflow.saving.save_held`.
    """
    text = _clean(text)
    user_id = getattr(actor, "id", None)
    if isinstance(user_id, int):
        saved = save_held(db, user_id, segment_id, text, base_version, done)
        if saved is not None:
            return saved
    try:
        with db.write() as session:
            now = db.now()
            acting = load_actor(session, actor)
            user_id = require_person(acting, N_("saving"))
            segment = session.get(TargetSegment, segment_id)
            if segment is None or not segment.active:
                raise NotFound(msg("segment {segment} does not exist in any current piece", segment=segment_id))
            piece = get_piece(session, segment.piece_id)
            expire_if_due(session, piece, now)
            session.refresh(segment)
            status = Status(piece.status)
            if status is Status.OPEN:
                require_pair(acting, Role.TRANSLATOR, piece.source_language, piece.edition_code, N_("edit this piece"))
                move(
                    session,
                    now,
                    piece,
                    Event.CLAIM,
                    acting,
                    comment="claimed again by saving",
                    holder_id=user_id,
                    translator_id=user_id,
                    lease_expires_at=lease_until(session, piece, now),
                )
            elif status in (Status.IN_TRANSLATION, Status.CHANGES_REQUESTED, Status.IN_REVIEW):
                require_holder(session, piece, acting, N_("edit this piece"))
                if status is Status.CHANGES_REQUESTED:
                    move(session, now, piece, Event.RESUME, acting)
            else:
                raise TransitionNotAllowed(
                    status,
                    "edit",
                    msg(
                        "piece {piece} is {status}: nobody edits it now", piece=piece.id, status=STATUS_PHRASES[status]
                    ),
                )
            if segment.version != base_version:
                raise StaleEdit(
                    segment.id or segment_id,
                    base_version,
                    segment.version,
                    text,
                    segment.text,
                    user_label(session, segment.updated_by),
                    segment.updated_at,
                )
            write_text(
                session,
                piece,
                segment,
                text,
                "empty" if not text.strip() else ("done" if done else "draft"),
                user_id,
                now,
            )
            piece.lease_expires_at = lease_until(session, piece, now, review=piece.status == Status.IN_REVIEW)
            recount(session, piece, materialised=True)  # the segment saved is one of them
            session.add(piece)
            session.flush()
            return SavedSegment.of(segment)
    except (
        StaleEdit,
        PermissionDenied,
        AlreadyClaimed,
        TransitionNotAllowed,
        ConcurrentChange,
        StaleDataError,
    ) as error:
        _refused(db, actor, segment_id, text, base_version)
        if isinstance(error, (ConcurrentChange, StaleDataError)):
            with db.read() as session:
                current = session.get(TargetSegment, segment_id)
                assert current is not None
                raise StaleEdit(
                    segment_id,
                    base_version,
                    current.version,
                    text,
                    current.text,
                    user_label(session, current.updated_by),
                    current.updated_at,
                ) from None
        raise


def _incomplete(session: Session, piece: Piece) -> list[int]:
    rows = session.exec(
        select(TargetSegment.position, TargetSegment.state, TargetSegment.outdated)
        .where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
        .order_by(col(TargetSegment.position), col(TargetSegment.plural_form))
    ).all()
    if not rows:
        return [0]
    return [(pos or 0) + 1 for pos, state, outdated in rows if state == "empty" or outdated]


def _require_complete(session: Session, piece: Piece, doing: str) -> None:
    missing = _incomplete(session, piece)
    if missing:
        listed = ", ".join(f"#{n}" for n in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise IncompletePiece(
            msg(
                "cannot {doing} piece {piece}: these segments are empty or outdated: {listed}; translate or confirm "
                "them first",
                doing=doing,
                piece=piece.id,
                listed=listed,
            )
        )


def submit(db: Database, actor: ActingUser, piece_id: int, comment: str | None = None) -> Piece:
    """Hand a fully translated piece in for review."""
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id)
        expire_if_due(session, piece, now)
        advance(piece.status, Event.SUBMIT)
        require_holder(session, piece, acting, N_("submit this piece"))
        _require_complete(session, piece, EVENT_PHRASES[Event.SUBMIT])
        require_no_errors(session, piece)
        move(
            session,
            now,
            piece,
            Event.SUBMIT,
            acting,
            comment=comment,
            holder_id=None,
            lease_expires_at=None,
            translator_id=acting.id,
        )
        return piece


def request_changes(db: Database, actor: ActingUser, piece_id: int, reason: str) -> Piece:
    """Send a piece under review back to its translator, with a required reason."""
    if not reason or not reason.strip():
        raise InvalidInput(N_("say what should change: a reason is required to send a piece back"))
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id)
        expire_if_due(session, piece, now)
        advance(piece.status, Event.REQUEST_CHANGES)
        require_holder(session, piece, acting, N_("send this piece back"))
        translator = piece.translator_id
        back = has_pair(session, translator, Role.TRANSLATOR, piece.source_language, piece.edition_code)
        last_edit = session.exec(select(func.max(SegmentEdit.id)).where(SegmentEdit.piece_id == piece.id)).one()
        move(
            session,
            now,
            piece,
            Event.REQUEST_CHANGES,
            acting,
            comment=_clean(reason.strip(), N_("the reason")),
            detail={"last_edit": last_edit},  # the round as sent back: the next review's diff starts there
            holder_id=translator if back else None,
            lease_expires_at=lease_until(session, piece, now) if back else None,
        )
        return piece


def approve(db: Database, actor: ActingUser, piece_id: int, comment: str | None = None) -> Piece:
    """Approve a piece under review. Nobody approves what they translated, unless the edition allows
    audited self-approval; the event then says so. Approved segment pairs feed translation memory.
    """
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id)
        expire_if_due(session, piece, now)
        advance(piece.status, Event.APPROVE)
        require_holder(session, piece, acting, N_("approve this piece"))
        require_pair(acting, Role.REVIEWER, piece.source_language, piece.edition_code, N_("approve this piece"))
        self_approval = four_eyes(session, piece, acting, N_("approve this piece"))
        _require_complete(session, piece, EVENT_PHRASES[Event.APPROVE])
        require_no_errors(session, piece)
        move(
            session,
            now,
            piece,
            Event.APPROVE,
            acting,
            comment=comment,
            self_approval=self_approval,
            holder_id=None,
            lease_expires_at=None,
        )
        store_approved(session, piece, acting.id, now)
        pin(session, piece, now, acting.id)
    MEMORY.touch(db)  # suggested at once in this process; other processes read it at their next refresh
    return piece


def publish(db: Database, actor: ActingUser, piece_id: int) -> Piece:
    """Mark an approved piece as published on its edition's site (an editor of that edition)."""
    with db.write() as session:
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id)
        require_edition(acting, piece.edition_code, N_("publish pieces"))
        now = db.now()
        move(session, now, piece, Event.PUBLISH, acting)
        mark_published(session, piece, now)
        return piece


def withdraw(db: Database, actor: ActingUser, piece_id: int, reason: str) -> Piece:
    """Take a piece out of the workflow (the article was retracted); its text stays."""
    if not reason or not reason.strip():
        raise InvalidInput(N_("say why: a reason is required to withdraw a piece"))
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("withdraw pieces"))
        piece = get_piece(session, piece_id)
        move(
            session,
            db.now(),
            piece,
            Event.WITHDRAW,
            acting,
            comment=reason.strip(),
            holder_id=None,
            lease_expires_at=None,
        )
        return piece


def withdraw_article(db: Database, actor: ActingUser, slug: str, reason: str) -> list[Piece]:
    """Withdraw every piece of a retracted article."""
    with db.read() as session:
        article = session.exec(select(Article).where(Article.slug == slug)).first()
        if article is None:
            raise NotFound(msg("no article with the slug {slug}", slug=quoted(slug)))
        ids = session.exec(
            select(Piece.id).where(Piece.article_id == article.id, Piece.status != Status.WITHDRAWN.value)
        ).all()
    return [withdraw(db, actor, piece_id, reason) for piece_id in ids if piece_id is not None]


def reinstate(db: Database, actor: ActingUser, piece_id: int, comment: str | None = None) -> Piece:
    """Put a withdrawn piece back in the queue; its draft text is kept."""
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("reinstate pieces"))
        piece = get_piece(session, piece_id)
        move(session, db.now(), piece, Event.REINSTATE, acting, comment=comment)
        return piece


def set_priority(
    db: Database,
    actor: ActingUser,
    piece_id: int,
    *,
    priority: int | None = None,
    deadline: datetime | None = None,
    clear_deadline: bool = False,
) -> Piece:
    """Set a piece's priority (higher first) and deadline; logged."""
    if deadline is not None and deadline.tzinfo is None:
        raise InvalidInput(N_("give the deadline with a time zone (UTC if in doubt)"))
    lowest, highest = PRIORITY
    if priority is not None and not lowest <= priority <= highest:
        raise InvalidInput(
            msg("the priority must be a whole number from {lowest} to {highest}", lowest=lowest, highest=highest)
        )
    with db.write() as session:
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("set priorities and deadlines"))
        piece = get_piece(session, piece_id)
        detail: dict[str, object] = {}
        if priority is not None:
            detail["priority"] = [piece.priority, priority]
            piece.priority = priority
        if deadline is not None or clear_deadline:
            detail["deadline"] = [
                piece.deadline.isoformat() if piece.deadline else None,
                deadline.isoformat() if deadline else None,
            ]
            piece.deadline = deadline
            piece.deadline_key = deadline or NO_DEADLINE
        log(
            session,
            db.now(),
            acting,
            "set_priority",
            piece=piece,
            from_status=piece.status,
            to_status=piece.status,
            detail=detail,
        )
        session.add(piece)
        return piece


def expired_leases(session: Session, now: datetime) -> list[int]:
    """Ids of held pieces whose lease has run out (an indexed lookup)."""
    return [
        i
        for i in session.exec(
            select(Piece.id).where(col(Piece.lease_expires_at) <= now, col(Piece.status).in_([s.value for s in HELD]))
        ).all()
        if i is not None
    ]


def release_expired(db: Database, actor: ActingUser = CONSOLE) -> list[int]:
    """Return every piece whose lease has run out to its queue (draft kept, event logged); their ids."""
    now = db.now()
    with db.read() as session:
        due = expired_leases(session, now)
    expired = []
    for piece_id in due:
        with db.write() as session:
            piece = get_piece(session, piece_id)
            if expire_if_due(session, piece, now):
                expired.append(piece_id)
    return expired


def mark_minor_edit(
    db: Database, actor: ActingUser, slug: str, revision: int | None = None, comment: str | None = None
) -> list[Piece]:
    """Declare a source revision a minor edit (a typo fix): translations of changed segments stay valid,
    and pieces that the change sent back return to where they were, if nobody has touched them since.
    """
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("mark a source change minor"))
        article = session.exec(select(Article).where(Article.slug == slug)).first()
        if article is None:
            raise NotFound(msg("no article with the slug {slug}", slug=quoted(slug)))
        number = revision or article.current_revision
        rev = session.exec(select(Revision).where(Revision.article_id == article.id, Revision.number == number)).first()
        if rev is None:
            raise NotFound(msg("{slug} has no revision {number}", slug=slug, number=number))
        if number == 1:
            raise InvalidInput(
                msg("revision 1 of {slug} is the first: there is no earlier text to keep translations of", slug=slug)
            )
        rev.minor_edit = True
        session.add(rev)
        log(
            session, now, acting, "mark_minor_edit", article_id=article.id, comment=comment, detail={"revision": number}
        )
        pieces = session.exec(select(Piece).where(Piece.article_id == article.id, Piece.revision_id == rev.id)).all()
        changed = []
        for listed in pieces:
            piece = get_piece(session, listed.id)  # type: ignore[arg-type]
            if piece.status == Status.WITHDRAWN:
                continue
            for segment in session.exec(
                select(TargetSegment).where(
                    TargetSegment.piece_id == piece.id,
                    col(TargetSegment.active).is_(True),
                    col(TargetSegment.outdated).is_(True),
                )
            ).all():
                if segment.previous_source and segment.text.strip():
                    segment.outdated = False
                    segment.previous_source = None
                    session.add(segment)
            session.flush()
            recount(session, piece)
            to = Status(piece.status)
            last = session.exec(
                select(AuditEvent).where(AuditEvent.piece_id == piece.id).order_by(col(AuditEvent.id).desc()).limit(1)
            ).first()
            if (
                last is not None
                and last.action == Event.SOURCE_CHANGED
                and last.detail.get("revision") == number
                and last.from_status in (Status.SUBMITTED, *FINISHED)
                and not _incomplete(session, piece)
            ):
                to = Status(last.from_status)
            changes: dict[str, Any] = {}
            if to != piece.status:
                changes = {"holder_id": None, "lease_expires_at": None}
            move(
                session,
                now,
                piece,
                Event.MINOR_EDIT,
                acting,
                to=to,
                comment=comment,
                detail={"revision": number},
                **changes,
            )
            if to in FINISHED:
                repin(session, piece, now)
            changed.append(piece)
        return changed


def set_embargo(db: Database, actor: ActingUser, piece_id: int, publish_at: datetime | None) -> Piece:
    """Hold a piece's translation out of its edition's bundles until ``publish_at`` (None lifts the embargo);
    an editor of the edition sets it, logged.
    """
    if publish_at is not None and publish_at.tzinfo is None:
        raise InvalidInput(N_("give the time with a time zone (UTC if in doubt)"))
    with db.write() as session:
        acting = load_actor(session, actor)
        piece = get_piece(session, piece_id)
        require_edition(acting, piece.edition_code, N_("set embargoes"))
        before = piece.publish_at
        piece.publish_at = publish_at
        log(
            session,
            db.now(),
            acting,
            "embargo",
            piece=piece,
            from_status=piece.status,
            to_status=piece.status,
            detail={
                "publish_at": [before.isoformat() if before else None, publish_at.isoformat() if publish_at else None]
            },
        )
        session.add(piece)
        return piece
