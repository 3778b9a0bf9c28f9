"""The error types every workflow action can raise, each with a message in the user's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class WorkflowError(Exception):
    """Base class of every error Dragoman reports to a person."""


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
        when = f" until {until:%Y-%m-%d %H:%M} UTC" if until else ""
        super().__init__(status, "claim", f"already claimed by {holder}{when}")


class StaleEdit(WorkflowError):
    """A save based on an older version of a segment than the stored one.

    Carries both texts so that nothing typed is lost: ``yours`` is the text that
    was refused, ``theirs`` the stored one.
    """

    def __init__(
        self, segment_id: int, base_version: int, current_version: int, yours: str, theirs: str, theirs_by: str
    ) -> None:
        self.segment_id = segment_id
        self.base_version = base_version
        self.current_version = current_version
        self.yours = yours
        self.theirs = theirs
        self.theirs_by = theirs_by
        super().__init__(
            f"segment {segment_id} was changed by {theirs_by} (version {current_version}) after you opened "
            f"version {base_version}; your text was kept in its history, merge it with theirs and save again"
        )


class IncompletePiece(WorkflowError):
    """A piece cannot be submitted while segments are empty or outdated."""


@dataclass(frozen=True)
class ImportProblem:
    """One reason an import was refused: which file, where in it, and why."""

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
