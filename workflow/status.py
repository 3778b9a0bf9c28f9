"""The life of a piece: statuses, events, and the one transition table every change goes through.

>>> advance(Status.OPEN, Event.CLAIM)
<Status.IN_TRANSLATION: 'in_translation'>
>>> advance(Status.APPROVED, Event.CLAIM)
Traceback (most recent call last):
...
workflow.errors.TransitionNotAllowed: cannot claim a piece that is approved
"""

from __future__ import annotations

from enum import StrEnum

from workflow.errors import TransitionNotAllowed
from workflow.messages import N_, Message, msg


class Status(StrEnum):
    """Where a piece is in its life."""

    OPEN = "open"
    IN_TRANSLATION = "in_translation"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Event(StrEnum):
    """Something that happens to a piece and may change its status."""

    CLAIM = "claim"
    ASSIGN = "assign"
    REASSIGN = "reassign"
    RELEASE = "release"
    EXPIRE = "expire"
    RESUME = "resume"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    REINSTATE = "reinstate"
    SOURCE_CHANGED = "source_changed"
    MINOR_EDIT = "minor_edit"
    IMPORT_APPROVED = "import_approved"
    IMPORT_TRANSLATION = "import_translation"


S = Status
E = Event

#: (status, event) -> the statuses it may lead to; the first is the usual one.
TRANSITIONS: dict[tuple[Status, Event], tuple[Status, ...]] = {
    (S.OPEN, E.CLAIM): (S.IN_TRANSLATION,),
    (S.CHANGES_REQUESTED, E.CLAIM): (S.IN_TRANSLATION,),  # sent back while its translator had left
    (S.OPEN, E.ASSIGN): (S.IN_TRANSLATION,),
    (S.SUBMITTED, E.ASSIGN): (S.IN_REVIEW,),
    (S.IN_TRANSLATION, E.REASSIGN): (S.IN_TRANSLATION,),
    (S.CHANGES_REQUESTED, E.REASSIGN): (S.CHANGES_REQUESTED,),
    (S.IN_REVIEW, E.REASSIGN): (S.IN_REVIEW,),
    (S.IN_TRANSLATION, E.RELEASE): (S.OPEN,),
    (S.CHANGES_REQUESTED, E.RELEASE): (S.OPEN,),
    (S.IN_REVIEW, E.RELEASE): (S.SUBMITTED,),
    (S.IN_TRANSLATION, E.EXPIRE): (S.OPEN,),
    (S.CHANGES_REQUESTED, E.EXPIRE): (S.OPEN,),
    (S.IN_REVIEW, E.EXPIRE): (S.SUBMITTED,),
    (S.CHANGES_REQUESTED, E.RESUME): (S.IN_TRANSLATION,),
    (S.IN_TRANSLATION, E.SUBMIT): (S.SUBMITTED,),
    (S.CHANGES_REQUESTED, E.SUBMIT): (S.SUBMITTED,),
    (S.SUBMITTED, E.START_REVIEW): (S.IN_REVIEW,),
    (S.IN_REVIEW, E.REQUEST_CHANGES): (S.CHANGES_REQUESTED,),
    (S.IN_REVIEW, E.APPROVE): (S.APPROVED,),
    (S.APPROVED, E.PUBLISH): (S.PUBLISHED,),
    **{(s, E.WITHDRAW): (S.WITHDRAWN,) for s in Status if s is not S.WITHDRAWN},
    (S.WITHDRAWN, E.REINSTATE): (S.OPEN,),
    # A new source revision: work in progress stays where it is; finished work goes back
    # to its translator, or to the queue when that translator no longer has the language.
    (S.OPEN, E.SOURCE_CHANGED): (S.OPEN,),
    (S.IN_TRANSLATION, E.SOURCE_CHANGED): (S.IN_TRANSLATION,),
    (S.CHANGES_REQUESTED, E.SOURCE_CHANGED): (S.CHANGES_REQUESTED,),
    (S.SUBMITTED, E.SOURCE_CHANGED): (S.IN_TRANSLATION, S.OPEN),
    (S.IN_REVIEW, E.SOURCE_CHANGED): (S.IN_TRANSLATION, S.OPEN),
    (S.APPROVED, E.SOURCE_CHANGED): (S.IN_TRANSLATION, S.OPEN),
    (S.PUBLISHED, E.SOURCE_CHANGED): (S.IN_TRANSLATION, S.OPEN),
    # An editor declares the source change minor: the piece returns to where it was before.
    (S.OPEN, E.MINOR_EDIT): (S.OPEN, S.SUBMITTED, S.APPROVED, S.PUBLISHED),
    (S.IN_TRANSLATION, E.MINOR_EDIT): (S.IN_TRANSLATION, S.SUBMITTED, S.APPROVED, S.PUBLISHED),
    (S.CHANGES_REQUESTED, E.MINOR_EDIT): (S.CHANGES_REQUESTED,),
    (S.SUBMITTED, E.MINOR_EDIT): (S.SUBMITTED,),
    (S.IN_REVIEW, E.MINOR_EDIT): (S.IN_REVIEW,),
    (S.APPROVED, E.MINOR_EDIT): (S.APPROVED,),
    (S.PUBLISHED, E.MINOR_EDIT): (S.PUBLISHED,),
    # A catalog imported with its translations (a site's PO file): they were reviewed where they were made.
    (S.OPEN, E.IMPORT_APPROVED): (S.APPROVED,),
    # A site's own translation of a page, imported with it: somebody reviews it before it is published.
    (S.OPEN, E.IMPORT_TRANSLATION): (S.SUBMITTED,),
}

#: Each status as it reads inside a sentence ("a piece that is …").
STATUS_PHRASES: dict[Status, Message] = {
    S.OPEN: N_("open"),
    S.IN_TRANSLATION: N_("in translation"),
    S.SUBMITTED: N_("submitted"),
    S.IN_REVIEW: N_("in review"),
    S.CHANGES_REQUESTED: N_("waiting for changes"),
    S.APPROVED: N_("approved"),
    S.PUBLISHED: N_("published"),
    S.WITHDRAWN: N_("withdrawn"),
}

#: Each event as the thing a person tried to do ("cannot … a piece").
EVENT_PHRASES: dict[Event, Message] = {
    E.CLAIM: N_("claim"),
    E.ASSIGN: N_("assign"),
    E.REASSIGN: N_("reassign"),
    E.RELEASE: N_("release"),
    E.EXPIRE: N_("let the lease expire on"),
    E.RESUME: N_("resume work on"),
    E.SUBMIT: N_("submit"),
    E.START_REVIEW: N_("start reviewing"),
    E.REQUEST_CHANGES: N_("request changes to"),
    E.APPROVE: N_("approve"),
    E.PUBLISH: N_("publish"),
    E.WITHDRAW: N_("withdraw"),
    E.REINSTATE: N_("reinstate"),
    E.SOURCE_CHANGED: N_("change the source of"),
    E.MINOR_EDIT: N_("mark a minor source change on"),
    E.IMPORT_APPROVED: N_("approve imported translations of"),
    E.IMPORT_TRANSLATION: N_("import a translation into"),
}

#: Statuses in which somebody holds the piece under a lease.
HELD: frozenset[Status] = frozenset({S.IN_TRANSLATION, S.CHANGES_REQUESTED, S.IN_REVIEW})

#: Statuses in which the piece's translation is finished and valid.
FINISHED: frozenset[Status] = frozenset({S.APPROVED, S.PUBLISHED})


def allowed_events(status: Status) -> list[Event]:
    """The events a piece in this status accepts."""
    return [event for (s, event) in TRANSITIONS if s is status]


def advance(status: Status | str, event: Event | str, to: Status | str | None = None) -> Status:
    """The status after ``event``; ``to`` picks one where the table allows several.

    Raises TransitionNotAllowed when the table has no such move.
    """
    status, event = Status(status), Event(event)
    targets = TRANSITIONS.get((status, event))
    if targets is None:
        raise TransitionNotAllowed(
            status,
            event,
            msg("cannot {event} a piece that is {status}", event=EVENT_PHRASES[event], status=STATUS_PHRASES[status]),
        )
    if to is None:
        return targets[0]
    if Status(to) not in targets:
        raise TransitionNotAllowed(
            status,
            event,
            msg(
                "cannot {event} a piece that is {status} and make it {to}",
                event=EVENT_PHRASES[event],
                status=STATUS_PHRASES[status],
                to=STATUS_PHRASES[Status(to)],
            ),
        )
    return Status(to)
