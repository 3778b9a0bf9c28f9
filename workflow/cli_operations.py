"""The CLI's commands for running Dragoman beside other systems: webhooks (``dragoman webhook …``), e-mail
(``dragoman user set-email``), ``dragoman worker`` (which sends both), and ``dragoman backup`` and ``restore``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow import webhooks
from workflow.cli import _fail, _ready, app, user_app
from workflow.db import shown_url
from workflow.errors import WorkflowError
from workflow.outbox import EVENTS
from workflow.permissions import CONSOLE
from workflow.worker import Round

webhook_app = typer.Typer(
    rich_markup_mode=None,
    help="Webhooks: signed messages (Standard Webhooks) to other systems when things happen.",
    no_args_is_help=True,
)
app.add_typer(webhook_app, name="webhook")


@webhook_app.command("add")
def webhook_add(
    url: Annotated[str, typer.Argument(help="Where to send: an http:// or https:// address.")],
    events: Annotated[
        list[str], typer.Option("--events", "-e", help=f"One of {', '.join(EVENTS)}; repeat or separate with commas.")
    ],
) -> None:
    """Subscribe an address to events; prints the secret its receiver verifies signatures with (once)."""
    wanted = [e.strip() for item in events for e in item.split(",") if e.strip()]
    try:
        hook = webhooks.add_webhook(_ready(), CONSOLE, url, wanted)
    except WorkflowError as error:
        _fail(error)
        return
    typer.echo(f"webhook {hook.id}: {hook.url} ({', '.join(hook.events)})")
    typer.echo(f"secret (shown once; the receiver verifies with it): {hook.secret}")


@webhook_app.command("list")
def webhook_list() -> None:
    """Every webhook: address, events, whether it is on, its messages delivered, waiting and given up."""
    try:
        rows = webhooks.list_webhooks(_ready(), CONSOLE)
    except WorkflowError as error:
        _fail(error)
        return
    for row in rows:
        state = "on" if row.enabled else "off"
        typer.echo(
            f"{row.id:>4} {state:<3} {row.url} [{', '.join(row.events)}] "
            f"delivered {row.delivered}, waiting {row.waiting}, given up {row.failed}"
        )


@webhook_app.command("disable")
def webhook_disable(webhook_id: Annotated[int, typer.Argument(help="The webhook's id (from webhook list).")]) -> None:
    """Stop sending to a webhook; what it was sent stays in the log."""
    try:
        webhooks.disable_webhook(_ready(), CONSOLE, webhook_id)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"webhook {webhook_id} disabled")


@webhook_app.command("log")
def webhook_log(
    webhook_id: Annotated[int | None, typer.Option("--webhook", help="Only this webhook's attempts.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.", min=1, max=10_000)] = 50,
) -> None:
    """The newest attempts at sending: when, which message, the answer or the error, how long it took."""
    try:
        rows = webhooks.webhook_attempts(_ready(), CONSOLE, webhook_id, limit)
    except WorkflowError as error:
        _fail(error)
        return
    for row in rows:
        answer = f"HTTP {row.status_code}" if row.status_code else (row.error or "no answer")
        if row.status_code and row.error:
            answer = row.error
        when = f"{row.at:%Y-%m-%d %H:%M:%S}"
        typer.echo(f"{when} #{row.webhook} {row.event_type:<22} {row.message_id} {answer} {row.milliseconds} ms")


@app.command("worker")
def worker(
    once: Annotated[bool, typer.Option(help="Do what is due now (webhooks and e-mail), then stop.")] = False,
    idle: Annotated[float, typer.Option(help="Seconds to rest when nothing is due.", min=0.05)] = 1.0,
) -> None:
    """Send webhook messages as they fall due (retries with backoff) and e-mail notices (when
    DRAGOMAN_SMTP_HOST is set); run one or more beside the API and the dashboard."""
    from workflow.mail import MailSettings
    from workflow.worker import run_once, run_worker

    db = _ready()
    try:
        mail = MailSettings.from_env()
    except ValueError as error:
        _fail(error)
        return
    if once:
        _report(run_once(db, mail))
        return
    typer.echo(
        f"Dragoman worker: webhooks{', e-mail' if mail else ' (no DRAGOMAN_SMTP_HOST: no e-mail)'} (Ctrl+C stops)"
    )
    try:
        for done in run_worker(db, idle=idle):
            if done.busy:
                _report(done)
    except KeyboardInterrupt:
        return


def _report(done: Round) -> None:
    w = done.webhooks
    line = f"webhooks: delivered {w.delivered}, to retry {w.retried}, given up {w.failed}"
    if done.mails is not None:
        line += f"; e-mails sent {done.mails}"
    typer.echo(line)


@user_app.command("set-email")
def user_set_email(
    username: Annotated[str, typer.Argument(help="The person.")],
    mode: Annotated[str, typer.Option("--mode", help="immediate, digest (daily) or none.")],
) -> None:
    """How a person hears of their notices by e-mail (at their account's address, in their interface language)."""
    from workflow.mail import set_email_mode

    try:
        set_email_mode(_ready(), CONSOLE, username, mode)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{username}: e-mail {mode}")


@app.command("backup")
def backup_command(out: Annotated[Path, typer.Argument(help="A new file to write the backup to.")]) -> None:
    """Copy the whole database to a new file while people keep working (SQLite's online backup; pg_dump's
    custom format for PostgreSQL)."""
    from workflow.backups import BackupError, backup, snapshot

    db = _ready()
    try:
        written = backup(db, out)
    except BackupError as error:
        _fail(error)
        return
    held = snapshot(db)
    typer.echo(
        f"backup of {shown_url(db.url)} written to {written}: {sum(held.rows.values())} rows in {len(held.rows)} tables"
    )


@app.command("restore")
def restore_command(backup_file: Annotated[Path, typer.Argument(help="A file written by 'dragoman backup'.")]) -> None:
    """Bring a backup into an empty database (DRAGOMAN_DATABASE_URL: a new SQLite file or an empty PostgreSQL
    database), then migrate it to this version's schema."""
    from workflow.backups import BackupError, restore
    from workflow.db import Database

    try:
        db = Database()
        held = restore(db, backup_file)
    except BackupError as error:
        _fail(error)
        return
    typer.echo(
        f"restored {backup_file} into {shown_url(db.url)}: {sum(held.rows.values())} rows in {len(held.rows)} tables"
    )
