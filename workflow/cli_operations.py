"""The CLI's commands for running Dragoman beside other systems: webhooks (``dragoman webhook …``), e-mail
(``dragoman user set-email``), ``dragoman worker`` (which sends both), and ``dragoman backup`` and ``restore``.
"""

from __future__ import annotations

import os
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
    idle: Annotated[float, typer.Option(help="Seconds to rest after a round that left nothing due.", min=0.05)] = 1.0,
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
    if done.mail_error:
        typer.echo(f"error: {done.mail_error}", err=True)


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


wordpress_app = typer.Typer(
    rich_markup_mode=None,
    help="WordPress sites through their REST API: pull posts in as articles, push an edition's posts out.",
    no_args_is_help=True,
)
app.add_typer(wordpress_app, name="wordpress")
Site = Annotated[str, typer.Option("--site", help="The site's address, e.g. https://news.example.org.")]
WordPressUser = Annotated[
    str | None,
    typer.Option(
        "--user",
        envvar="DRAGOMAN_WORDPRESS_USER",
        help="A WordPress user; its Application Password is read from DRAGOMAN_WORDPRESS_PASSWORD.",
    ),
]


def _password(user: str | None) -> str | None:
    if user is None:
        return None
    secret = os.environ.get("DRAGOMAN_WORDPRESS_PASSWORD")
    if not secret:
        _fail(ValueError("set DRAGOMAN_WORDPRESS_PASSWORD to the user's Application Password (Users > Profile)"))
    return secret


@wordpress_app.command("pull")
def wordpress_pull(
    site: Site,
    user: WordPressUser = None,
    language: Annotated[
        str | None, typer.Option(help="The posts' language (en, ar, fa, sq); detected when not given.")
    ] = None,
    drafts: Annotated[bool, typer.Option(help="With --user: drafts, pending and scheduled posts too.")] = False,
) -> None:
    """Import the site's posts modified since the last pull (all of them the first time), all or nothing."""
    from workflow.errors import ImportFailed
    from workflow.wordpress_sync import pull

    try:
        report = pull(_ready(), CONSOLE, site, user=user, password=_password(user), language=language, drafts=drafts)
    except ImportFailed as error:
        for problem in error.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    except WorkflowError as error:
        _fail(error)
        return
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    through = f"{report.pulled_through:%Y-%m-%d %H:%M:%S} UTC" if report.pulled_through else "nothing yet"
    typer.echo(
        f"{report.posts} post(s) read: created {len(report.created)}, revised {len(report.revised)}, "
        f"unchanged {len(report.unchanged)}; pulled through {through}"
    )
    for label, slugs in (("created", report.created), ("revised", report.revised)):
        for slug in slugs:
            typer.echo(f"  {label}: {slug}")


@wordpress_app.command("push")
def wordpress_push(
    edition: Annotated[str, typer.Option("--edition", help="The edition: en, ar, fa or sq.")],
    site: Site,
    user: WordPressUser = None,
    draft: Annotated[bool, typer.Option(help="As drafts (nothing is marked published).")] = False,
) -> None:
    """Create or update the edition's posts on its site; pushing again changes nothing, and a post edited in
    WordPress since the last push is reported and left as it is."""
    from workflow.wordpress_sync import push

    if user is None:
        _fail(ValueError("pushing needs --user (or DRAGOMAN_WORDPRESS_USER) and DRAGOMAN_WORDPRESS_PASSWORD"))
        return
    try:
        report = push(_ready(), CONSOLE, edition, site, user=user, password=_password(user) or "", draft=draft)
    except WorkflowError as error:
        _fail(error)
        return
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(
        f"{edition} to {site}: created {len(report.created)}, updated {len(report.updated)}, unchanged "
        f"{len(report.unchanged)}, {report.published} piece(s) published"
    )
    for slug in report.conflicts:
        typer.echo(f"  left as it is (edited in WordPress since the last push): {slug}", err=True)
    if report.conflicts:
        raise typer.Exit(1)
