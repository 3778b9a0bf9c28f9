"""``dragoman worker``: what runs beside the dashboard and the API, round after round: webhook messages as they
fall due, and e-mail notices (when SMTP is set) every ``DRAGOMAN_MAIL_INTERVAL`` seconds (default 60).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

from workflow.db import Database
from workflow.mail import MailError, MailSettings, send_notices
from workflow.webhooks import Delivery, deliver_due

__all__ = ["Round", "run_once", "run_worker"]


@dataclass(frozen=True)
class Round:
    """What one round did: webhook messages delivered, to retry and given up, and e-mails sent (None: not
    this round)."""

    webhooks: Delivery
    mails: int | None
    mail_error: str | None = None

    @property
    def busy(self) -> bool:
        w = self.webhooks
        return bool(w.delivered or w.retried or w.failed or self.mails or self.mail_error)


def run_once(db: Database, mail: MailSettings | None, *, with_mail: bool = True) -> Round:
    """One round: the due webhook messages, then e-mail if set and asked for."""
    delivered = deliver_due(db)
    if mail is None or not with_mail:
        return Round(delivered, None)
    try:
        return Round(delivered, send_notices(db, mail))
    except MailError as error:  # the worker goes on; the notices wait for the next round
        return Round(delivered, None, str(error))


def run_worker(db: Database, *, idle: float = 1.0, rounds: int | None = None) -> Iterator[Round]:
    """Rounds forever (or ``rounds`` times), resting ``idle`` seconds after each round that left nothing due
    behind it: messages that fall due meanwhile go out together in the next round, not one round each."""
    mail = MailSettings.from_env()
    interval = float(os.environ.get("DRAGOMAN_MAIL_INTERVAL") or 60)
    last_mail = float("-inf")
    done = 0
    while rounds is None or done < rounds:
        now = time.monotonic()
        result = run_once(db, mail, with_mail=now - last_mail >= interval)
        if result.mails is not None or result.mail_error is not None:
            last_mail = now
        done += 1
        yield result
        if not result.webhooks.more:
            time.sleep(idle)
