"""The error types every workflow action can raise, each with a message in the user's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workflow.messages import Message, msg


class WorkflowError(Exception):
    """Base class of every error Dragoman reports to a person.

    ``message`` is a :class:`~workflow.messages.Message` where the raiser made one, so that the
    dashboard can show it in the reader's language; ``str(error)`` is the English text.
    """

    def __init__(self, message: str) -> None:
        self.message = message if isinstance(message, Message) else Message(message)
        super().__init__(self.message)


class NotFound(WorkflowError):
    """A piece, article, user or segment that does not exist."""


class PermissionDenied(WorkflowError):
    """The acting user may not do this."""


class FourEyesViolation(PermissionDenied):
    """A reviewer tried to review or approve a piece they translated."""


class TransitionNotAllowed(WorkflowError):
    """The piece's status does not allow this event."""

    def __init__(self, status: str, event: str, message: str | None = None) -> None:
        self.status = status
        self.event = event
        super().__init__(message or f"cannot {event.replace('_', ' ')} a piece that is {status.replace('_', ' ')}")


class AlreadyClaimed(TransitionNotAllowed):
    """Somebody else holds the piece: a transition refused because of who holds it."""

    def __init__(self, holder: str, until: datetime | None, status: str = "held") -> None:
        self.holder = holder
        self.until = until
        if until is None:
            message = msg("already claimed by {holder}", holder=holder)
        else:
            message = msg(
                "already claimed by {holder} until {until} UTC", holder=holder, until=f"{until:%Y-%m-%d %H:%M}"
            )
        super().__init__(status, "claim", message)


class StaleEdit(WorkflowError):
    """A save based on an older version of a segment than the stored one.

    Carries both texts so that nothing typed is lost: ``yours`` is the text that
    was refused, ``theirs`` the stored one.
    """

    def __init__(
        self,
        segment_id: int,
        base_version: int,
        current_version: int,
        yours: str,
        theirs: str,
        theirs_by: str,
        theirs_at: datetime | None = None,
    ) -> None:
        self.segment_id = segment_id
        self.theirs_at = theirs_at  # when the stored text was saved
        self.base_version = base_version
        self.current_version = current_version
        self.yours = yours
        self.theirs = theirs
        self.theirs_by = theirs_by
        super().__init__(
            msg(
                "segment {segment} was changed by {person} (version {current}) after you opened version {base}; "
                "your text was kept in its history, merge it with theirs and save again",
                segment=segment_id,
                person=theirs_by,
                current=current_version,
                base=base_version,
            )
        )


class IncompletePiece(WorkflowError):
    """A piece cannot be submitted while segments are empty or outdated."""


@dataclass(frozen=True)
class ImportProblem:
    """One reason an import was refused: which file, where in it, and why.

    ``location`` and ``reason`` are :class:`~workflow.messages.Message` values where the importer
    made them, so the dashboard shows them in the reader's language.
    """

    file: str
    location: str
    reason: str

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.file}{where}: {self.reason}"


class ImportFailed(WorkflowError):
    """An import was refused as a whole; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        if not problems:
            raise ValueError("ImportFailed needs at least one problem")
        self.problems = problems
        first = problems[0]
        self.file = first.file
        self.location = first.location
        self.reason = first.reason
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"nothing was imported; {len(problems)} problem(s):\n{lines}")
        self.message = msg("nothing was imported; every problem is listed below")
