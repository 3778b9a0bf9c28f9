"""The ``dragoman`` command: each command a few lines over one workflow call."""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError
from typer.core import TyperGroup

from workflow import actions, editions, people, queries, tokens
from workflow.db import Database, DatabaseUnavailable, database_url, describe_failure, shown_url
from workflow.errors import ImportFailed, WorkflowError
from workflow.importers import import_paths
from workflow.limits import max_import_bytes, read_limited
from workflow.models import User
from workflow.permissions import CONSOLE
from workflow.versions import behind


class _Commands(TyperGroup):
    """Every command's database failures end in one sentence (what, where, how to fix) and exit 1."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, which Typer bundles privately
        try:
            return super().invoke(ctx)
        except (SQLAlchemyError, DatabaseUnavailable) as error:
            typer.echo(f"error: {describe_failure(error, database_url())}", err=True)
            raise typer.Exit(1) from None
        finally:
            while _OPENED:
                _OPENED.pop().dispose()


app = typer.Typer(
    cls=_Commands,
    rich_markup_mode=None,  # plain help that wraps, never cuts an option's name short
    help="Dragoman: translation workflow for multilingual publications.",
    no_args_is_help=True,
    add_completion=False,
)
user_app = typer.Typer(
    rich_markup_mode=None, help="Manage accounts: add, list, roles, language pairs, passwords.", no_args_is_help=True
)
app.add_typer(user_app, name="user")
edition_app = typer.Typer(
    rich_markup_mode=None, help="Edition settings: review policy, leases, digits, calendar.", no_args_is_help=True
)
app.add_typer(edition_app, name="edition")
tm_app = typer.Typer(
    rich_markup_mode=None, help="The translation memory: suggestions, and TMX in and out.", no_args_is_help=True
)
app.add_typer(tm_app, name="tm")
xliff_app = typer.Typer(
    rich_markup_mode=None,
    help="XLIFF 1.2 for desktop tools: export held pieces, import them back.",
    no_args_is_help=True,
)
app.add_typer(xliff_app, name="xliff")
strings_app = typer.Typer(
    rich_markup_mode=None, help="Site interface strings: import a POT or PO, export PO and MO.", no_args_is_help=True
)
app.add_typer(strings_app, name="strings")
piece_app = typer.Typer(
    rich_markup_mode=None,
    help="Work on pieces as a person (--as NAME): list, claim, submit, review, approve, send back, release.",
    no_args_is_help=True,
)
app.add_typer(piece_app, name="piece")
glossary_app = typer.Typer(
    rich_markup_mode=None, help="The glossary of a language pair: import and export CSV or TBX.", no_args_is_help=True
)
app.add_typer(glossary_app, name="glossary")
token_app = typer.Typer(
    rich_markup_mode=None, help="API tokens: a program acts as a person through the HTTP API.", no_args_is_help=True
)
app.add_typer(token_app, name="token")

UI_SERVER = Path(__file__).resolve().parent.parent / "ui" / "server.py"


_OPENED: list[Database] = []


def _db() -> Database:
    """The database of this command, closed when the command ends."""
    db = Database()
    _OPENED.append(db)
    return db


def _fail(error: Exception, code: int = 1) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code)


def _ready() -> Database:
    """The database, which must exist and have its tables: a command that reads never creates one."""
    url = database_url()
    if url.startswith("sqlite") and not _sqlite_file_exists(url):
        _fail(WorkflowError(f"there is no database at {shown_url(url)}; run 'dragoman init' (or 'make run') first"))
    db = _db()
    if not db.has_schema():
        _fail(WorkflowError(f"the database at {shown_url(db.url)} has no tables yet; run 'dragoman init' first"))
    return db


def _sqlite_file_exists(url: str) -> bool:
    path = make_url(url).database or ""
    if path.startswith("file:"):  # a URI filename (?mode=ro&uri=true)
        path = path.removeprefix("file:").split("?", 1)[0]
    return path == ":memory:" or Path(path).is_file()


def _read_password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@app.command()
def init() -> None:
    """Create the database, or migrate it to the current schema."""
    db = _db()
    db.migrate()
    typer.echo(f"database ready: {db.url}")


@app.command()
def demo() -> None:
    """Load the sample articles and demo accounts for every role and language; print their logins."""
    from workflow.demo import DEMO_PASSWORD, load_demo

    db = _db()
    db.migrate()
    try:
        accounts = load_demo(db)
    except WorkflowError as error:
        _fail(error)
    if not accounts:
        typer.echo("the demo content is already loaded")
        return
    typer.echo(f"demo loaded into {db.url}; every account's password is {DEMO_PASSWORD!r}")
    for username, roles, pairs in accounts:
        typer.echo(f"  {username:<10} {', '.join(roles):<22} {' '.join(pairs)}")


@app.command("import")
def import_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Markdown (.md), JSON (.json) or WordPress (.xml) files, or folders of them.")
    ],
    minor: Annotated[bool, typer.Option(help="A minor edit (typo fix): translations stay valid.")] = False,
    drafts: Annotated[
        bool, typer.Option(help="From WordPress exports, also drafts, pending and scheduled posts.")
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(help="The language (en, ar, fa, sq) of articles that declare none, if too short to tell."),
    ] = None,
    correction: Annotated[
        str | None,
        typer.Option(help="Mark each revised article a correction, with this note for readers (and translators)."),
    ] = None,
    urgent: Annotated[
        bool, typer.Option(help="With --correction: to the top of every queue; translators and reviewers told.")
    ] = False,
) -> None:
    """Import articles, all or nothing: one bad file and nothing is imported."""
    from workflow.languages import CODES

    if language is not None and language not in CODES:
        _fail(ValueError(f"--language {language!r} is not one of {', '.join(CODES)}"))
    if correction is not None and not correction.strip():
        _fail(ValueError("--correction needs a note: what was corrected, as readers will see it"))
    if urgent and correction is None:
        _fail(ValueError("--urgent goes with --correction"))
    db = _ready()
    try:
        report = import_paths(db, CONSOLE, list(paths), minor=minor, drafts=drafts, language=language)
    except ImportFailed as error:
        _fail(error)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"created {len(report.created)}, revised {len(report.revised)}, unchanged {len(report.unchanged)}")
    for label, slugs in (("created", report.created), ("revised", report.revised)):
        for slug in slugs:
            typer.echo(f"  {label}: {slug}")
    for applied in report.translations:
        typer.echo(f"  translation: {applied.slug} ({applied.edition}): {applied.outcome}")
    if correction is not None:
        if not report.revised:
            typer.echo("no article was revised: nothing to mark as a correction", err=True)
        for slug in report.revised:
            _correct(db, slug, correction, urgent)


def _correct(db: Database, slug: str, note: str, urgent: bool) -> None:
    from workflow.corrections import mark_correction

    try:
        revision = mark_correction(db, CONSOLE, slug, note, urgent=urgent)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"  correction: {slug} (revision {revision.number}{', urgent' if urgent else ''})")


@app.command("correction")
def correction_command(
    slug: Annotated[str, typer.Argument(help="The article's slug.")],
    note: Annotated[str, typer.Option("--note", help="What was corrected, as readers will see it.")],
    urgent: Annotated[
        bool, typer.Option(help="To the top of every queue; its last translators and reviewers are told.")
    ] = False,
) -> None:
    """Mark the article's newest change a correction: its note is translated into every edition."""
    _correct(_ready(), slug, note, urgent)


@app.command()
def progress(as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False) -> None:
    """Progress per edition: pieces per status, segments and words translated, and the published translations
    whose source has changed since (update pending)."""
    db = _ready()
    rows = queries.progress(db)
    waiting = behind(db)
    if as_json:
        report = [
            {
                **row.__dict__,
                "update_pending": [
                    {**b.__dict__, "since": b.since.isoformat()} for b in waiting if b.edition == row.edition
                ],
            }
            for row in rows
        ]
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    statuses = list(rows[0].pieces) if rows else []
    widths = [max(len(s), 5) for s in statuses]  # every header whole ("changes_requested" too)
    typer.echo(
        "edition " + " ".join(f"{s:>{w}}" for s, w in zip(statuses, widths, strict=True)) + "   segments      words"
    )
    for row in rows:
        counts = " ".join(f"{row.pieces[s]:>{w}}" for s, w in zip(statuses, widths, strict=True))
        typer.echo(
            f"{row.edition:<7} {counts}   {row.segments_done:>4}/{row.segments_total:<5} "
            f"{row.words_done:>5}/{row.words_total}"
        )
    if waiting:
        typer.echo("\npublished, update pending (the source changed since):")
        for b in waiting:
            typer.echo(
                f"{b.edition:<7} {b.slug}  revision {b.translates} of {b.current}, since {b.since:%Y-%m-%d %H:%M}"
                f"  ({b.status})"
            )


@app.command("release-expired")
def release_expired() -> None:
    """Return pieces whose lease ran out to their queues (drafts are kept)."""
    expired = actions.release_expired(_ready())
    typer.echo(f"released {len(expired)} piece(s)" + (f": {', '.join(map(str, expired))}" if expired else ""))


@app.command("minor-edit")
def minor_edit(
    slug: str,
    revision: Annotated[int | None, typer.Option(help="Revision number; the latest if left out.")] = None,
    comment: Annotated[str | None, typer.Option(help="Why the change is minor.")] = None,
) -> None:
    """Declare an article's source change minor, so translations stay valid."""
    try:
        changed = actions.mark_minor_edit(_ready(), CONSOLE, slug, revision, comment)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{slug}: {len(changed)} piece(s) kept their translations")


def dashboard_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """How the dashboard is started (by ``serve`` and by the browser tests alike): Streamlit with Dragoman's own
    routes (ui/server.py), on ``address``, without developer menus or error details for visitors.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(UI_SERVER),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",  # no Deploy button, no developer options
        "viewer",
        "--client.showErrorDetails",  # a failure is said in one sentence by the page, never as a traceback
        "none",
        "--server.maxUploadSize",  # megabytes: an upload larger than an import takes is refused by the browser
        str(max(1, math.ceil(max_import_bytes() / 1024 / 1024))),
    ]


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8501,
    address: Annotated[
        str, typer.Option(help="Address to listen on: 127.0.0.1 (this machine), or 0.0.0.0 behind a reverse proxy.")
    ] = "127.0.0.1",
) -> None:
    """Start the dashboard (on 127.0.0.1 unless --address says otherwise)."""
    with socket.socket() as probe:
        try:
            probe.bind((address, port))
        except OSError as error:
            _fail(
                WorkflowError(
                    f"port {port} on {address} cannot be used ({error.strerror}); another program (perhaps a "
                    "dashboard already running) holds it, or the address is not this machine's: choose another "
                    "--port or --address"
                )
            )
    command = dashboard_command(port, address)
    typer.echo(f"Dragoman dashboard on http://{address}:{port}")
    raise typer.Exit(subprocess.call(command, env=os.environ.copy()))


@app.command()
def api(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8600,
) -> None:
    """Start the HTTP API (version 1 under /api/v1, its schema at /api/v1/openapi.json); calls need a token."""
    import uvicorn

    from workflow.api import create_app

    db = _ready()
    typer.echo(f"Dragoman API on http://{host}:{port}/api/v1 (schema: /api/v1/openapi.json)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[
        list[str] | None, typer.Option("--role", "-r", help="translator, reviewer, editor or admin; repeat for more.")
    ] = None,
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair", "-p", help="A language pair such as 'en->fa' (quoted: > redirects in a shell); repeat for more."
        ),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address (for single sign-on).")] = None,
    edition: Annotated[
        list[str] | None,
        typer.Option("--edition", "-e", help="An edition an editor publishes; repeat for more (default: every one)."),
    ] = None,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Create an account; the password comes from a prompt or standard input, never the command line."""
    db = _ready()
    try:
        pairs = [people.parse_pair(p) for p in pair or []]
        people.create_user(
            db,
            CONSOLE,
            username,
            _read_password(password_stdin),
            display_name=name,
            email=email,
            roles=role or [],
            pairs=pairs,
            editions=edition,
        )
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"created {username}")


@user_app.command("list")
def user_list() -> None:
    """List accounts with roles, language pairs and the editions an editor publishes."""
    db = _ready()
    for user, roles, pairs in people.list_users(db):
        state = " (disabled)" if user.disabled else ""
        published = people.editions_of(db, user.username) if "editor" in roles else []
        editions = f" publishes {' '.join(published)}" if published else ""
        typer.echo(
            f"{user.username:<16} {', '.join(roles):<30} {' '.join(f'{s}->{t}' for s, t in pairs)}{editions}{state}"
        )


@user_app.command("set-role")
def user_set_role(
    username: str, roles: Annotated[list[str], typer.Argument(help="The roles the user has from now on.")]
) -> None:
    """Replace a user's roles."""
    try:
        people.set_roles(_ready(), CONSOLE, username, roles)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{username}: {', '.join(roles)}")


@user_app.command("set-languages")
def user_set_languages(
    username: str,
    pairs: Annotated[list[str], typer.Argument(help="Pairs such as 'en->fa' 'fa->en' (quoted in a shell).")],
) -> None:
    """Replace a user's language pairs."""
    try:
        people.set_languages(_ready(), CONSOLE, username, [people.parse_pair(p) for p in pairs])
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{username}: {' '.join(pairs)}")


@user_app.command("set-editions")
def user_set_editions(
    username: str,
    editions: Annotated[list[str], typer.Argument(help="The editions the editor publishes, such as fa ar.")],
) -> None:
    """Replace the editions an editor publishes (builds with --publish, marks pieces published, sets embargoes)."""
    try:
        people.set_editions(_ready(), CONSOLE, username, editions)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{username} publishes: {' '.join(sorted(editions))}")


@user_app.command("passwd")
def user_passwd(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Set a user's password (from a prompt or standard input)."""
    try:
        people.set_password(_ready(), CONSOLE, username, _read_password(password_stdin))
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"password changed for {username}")


@user_app.command("disable")
def user_disable(
    username: str, enable: Annotated[bool, typer.Option(help="Enable the account again.")] = False
) -> None:
    """Disable an account (or enable it again with --enable)."""
    try:
        people.set_disabled(_ready(), CONSOLE, username, not enable)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{username} {'enabled' if enable else 'disabled'}")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", "-u", help="The person the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for (the CMS, a script).")] = "",
    expires: Annotated[int | None, typer.Option(help="Days it holds (default: until revoked).")] = None,
) -> None:
    """Make a token and print its secret, this once; Dragoman keeps only its hash."""
    try:
        made = tokens.create_token(_ready(), CONSOLE, user, name=name, expires_days=expires)
    except WorkflowError as error:
        _fail(error)
        return
    until = f"until {made.expires_at:%Y-%m-%d %H:%M} UTC" if made.expires_at else "until revoked"
    typer.echo(f"token {made.id} for {user}, {until}; keep it now, it is not shown again:")
    typer.echo(made.secret)


@token_app.command("list")
def token_list(user: Annotated[str | None, typer.Option("--user", "-u", help="Only this person's.")] = None) -> None:
    """List tokens without their secrets: id, person, name, first characters, state."""
    try:
        rows = tokens.list_tokens(_ready(), CONSOLE, user)
    except WorkflowError as error:
        _fail(error)
        return
    for t in rows:
        state = (
            f"revoked {t.revoked_at:%Y-%m-%d}"
            if t.revoked_at
            else f"expires {t.expires_at:%Y-%m-%d}"
            if t.expires_at
            else "no expiry"
        )
        used = f"last used {t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never used"
        typer.echo(f"{t.id:>5} {t.username:<16} {t.prefix}… {t.name or '-':<24} {state}, {used}")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="The token's id (from token list).")]) -> None:
    """End a token now: calls made with it are refused from then on."""
    try:
        tokens.revoke_token(_ready(), CONSOLE, token_id)
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"token {token_id} revoked")


@edition_app.command("list")
def edition_list() -> None:
    """List the editions and their settings."""
    for e in editions.list_editions(_ready()):
        state = "" if e.enabled else " (disabled)"
        typer.echo(
            f"{e.code}  {e.name:<8} {e.review_policy:<13} translation {e.translation_lease_hours} h, "
            f"review {e.review_lease_hours} h, digits {e.digit_style}, calendar {e.calendar}{state}"
        )


@edition_app.command("set")
def edition_set(
    code: str,
    review_policy: Annotated[str | None, typer.Option(help="four_eyes or self_approval.")] = None,
    translation_lease_hours: Annotated[int | None, typer.Option(help="Hours a translation claim lasts.")] = None,
    review_lease_hours: Annotated[int | None, typer.Option(help="Hours a review claim lasts.")] = None,
    digit_style: Annotated[str | None, typer.Option(help="latin, arabic_indic or persian.")] = None,
    calendar: Annotated[str | None, typer.Option(help="gregorian or solar_hijri.")] = None,
    enabled: Annotated[
        bool | None, typer.Option("--enabled/--disabled", help="Whether new articles get pieces for it.")
    ] = None,
    check: Annotated[
        list[str] | None,
        typer.Option(help="CHECK=error|warning|off for one quality check; repeat for more (others keep theirs)."),
    ] = None,
) -> None:
    """Change an edition's settings (logged)."""
    try:
        db = _ready()
        severities = None
        if check:
            severities = dict(next(e for e in editions.list_editions(db) if e.code == code).check_severities or {})
            for item in check:
                name, _, severity = item.partition("=")
                severities[name.strip()] = severity.strip()
        edition = editions.update_edition(
            db,
            CONSOLE,
            code,
            check_severities=severities,
            review_policy=review_policy,
            translation_lease_hours=translation_lease_hours,
            review_lease_hours=review_lease_hours,
            digit_style=digit_style,
            calendar=calendar,
            enabled=enabled,
        )
    except WorkflowError as error:
        _fail(error)
    typer.echo(
        f"{edition.code}: {edition.review_policy}, translation {edition.translation_lease_hours} h, "
        f"review {edition.review_lease_hours} h, digits {edition.digit_style}, calendar {edition.calendar}"
        + "".join(f", {name} {severity}" for name, severity in sorted((edition.check_severities or {}).items()))
    )


@app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help='JSON lines: {"id": …, "source": …, "target": …}; - for stdin.')],
    source_lang: Annotated[str, typer.Option("--source-lang", help="en, ar, fa or sq.")],
    target_lang: Annotated[str, typer.Option("--target-lang", help="en, ar, fa or sq.")],
    edition: Annotated[
        str | None, typer.Option(help="Use this edition's digit style, severities and glossary (reads the database).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines instead of text.")] = False,
) -> None:
    """Run the quality checks over segment pairs; exit status 1 when any error-level finding exists."""
    from workflow.checks.batch import check_records, parse_lines
    from workflow.languages import CODES
    from workflow.quality import edition_settings

    for option, code in (("--source-lang", source_lang), ("--target-lang", target_lang)):
        if code not in CODES:
            _fail(ValueError(f"{option} {code!r} is not one of {', '.join(CODES)}"))
    try:
        text = sys.stdin.read() if str(file) == "-" else read_limited(file).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _fail(ValueError(f"{file}: cannot read it as UTF-8 text ({error})"), code=2)  # 1 means findings
    except ImportFailed as failed:
        _fail(failed, code=2)
    try:
        records = parse_lines(text, "stdin" if str(file) == "-" else str(file))
        settings = edition_settings(_ready(), source_lang, edition) if edition else None
    except ImportFailed as failed:
        for problem in failed.problems:
            typer.echo(f"error: {problem}", err=True)
        typer.echo("nothing was checked: fix these lines and run again", err=True)
        raise typer.Exit(2) from None
    except WorkflowError as error:
        _fail(error)
    findings = check_records(records, source_lang, target_lang, settings)
    for key, finding in findings:
        if as_json:
            row = {
                "id": key,
                "check": finding.check,
                "severity": str(finding.severity),
                "message": str(finding.message),
            }
            typer.echo(json.dumps({**row, "start": finding.start, "end": finding.end}, ensure_ascii=False))
        else:
            where = f" [{finding.start}:{finding.end}]" if finding.span else ""
            typer.echo(f"{key}: {finding.severity} {finding.check}{where}: {finding.message}")
    if not as_json:
        errors = sum(1 for _key, f in findings if f.severity == "error")
        typer.echo(f"{len(records)} pairs checked: {errors} errors, {len(findings) - errors} warnings", err=True)
    if any(f.severity == "error" for _key, f in findings):
        raise typer.Exit(1)


@contextmanager
def _importing(file: Path) -> Iterator[None]:
    """A file brought in: unreadable, refused (every problem listed) or a refused action each end the command."""
    try:
        yield
    except (OSError, UnicodeDecodeError) as error:
        _fail(ValueError(f"{file}: cannot read it ({error})"))
    except ImportFailed as failed:
        _problems(failed, "imported")
    except WorkflowError as error:
        _fail(error)


def _problems(failed: ImportFailed, what: str) -> None:
    for problem in failed.problems:
        typer.echo(f"error: {problem}", err=True)
    typer.echo(f"nothing was {what}: fix these problems and run again", err=True)
    raise typer.Exit(1)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[
        Path,
        typer.Argument(help="A .csv (term,translations,forbidden,note,case_sensitive,is_name,definition) or .tbx."),
    ],
    source: Annotated[str, typer.Option("--source", help="The source language: en, ar, fa or sq.")],
    target: Annotated[str, typer.Option("--target", help="The target language.")],
) -> None:
    """Add or change the terms of a file in one pair's glossary, all or nothing."""
    from workflow import glossary
    from workflow.tbx import parse_tbx

    try:
        data = read_limited(file)
        if file.suffix.lower() == ".csv":
            entries = glossary.parse_csv(data.decode("utf-8"), str(file))
        else:
            entries = parse_tbx(data, str(file), source, target)
        added, changed = glossary.import_terms(_ready(), CONSOLE, source, target, entries)
        unchanged = len(entries) - added - changed
    except (OSError, UnicodeDecodeError) as error:
        _fail(ValueError(f"{file}: cannot read it as UTF-8 text ({error})"))
    except ImportFailed as failed:
        _problems(failed, "imported")
    except WorkflowError as error:
        _fail(error)
    typer.echo(f"{source}→{target}: {added} terms added, {changed} changed, {unchanged} unchanged")


@glossary_app.command("export")
def glossary_export(
    source: Annotated[str, typer.Option("--source", help="The source language: en, ar, fa or sq.")],
    target: Annotated[str, typer.Option("--target", help="The target language.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write: .csv or .tbx.")],
) -> None:
    """Write one pair's glossary as CSV or TBX."""
    from workflow import glossary
    from workflow.tbx import to_tbx

    rows = glossary.terms(_ready(), source, target)
    data = to_tbx(rows, source, target) if out.suffix.lower() == ".tbx" else glossary.to_csv(rows).encode("utf-8")
    out.write_bytes(data)
    typer.echo(f"{len(rows)} terms written to {out}")


@tm_app.command("suggest")
def tm_suggest(
    file: Annotated[Path, typer.Argument(help='JSON lines: {"id": …, "source": …}; - for stdin.')],
    source_lang: Annotated[str, typer.Option("--source-lang", help="en, ar, fa or sq.")],
    target_lang: Annotated[str, typer.Option("--target-lang", help="en, ar, fa or sq.")],
    limit: Annotated[int, typer.Option(help="Suggestions per segment.")] = 3,
    min_score: Annotated[float, typer.Option(help="The lowest similarity shown, 0-100.")] = 75.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines instead of text.")] = False,
) -> None:
    """Print translation memory suggestions for each source segment, best first."""
    from workflow.checks.batch import parse_lines
    from workflow.memory import suggest_many

    try:
        text = sys.stdin.read() if str(file) == "-" else read_limited(file).decode("utf-8")
        records = parse_lines(text, "stdin" if str(file) == "-" else str(file), with_target=False)
        found = suggest_many(
            _ready(), [r.source for r in records], source_lang, target_lang, limit=limit, min_score=min_score
        )
    except (OSError, UnicodeDecodeError) as error:
        _fail(ValueError(f"{file}: cannot read it as UTF-8 text ({error})"))
    except ImportFailed as failed:
        _problems(failed, "looked up")
    except WorkflowError as error:
        _fail(error)
    for record, suggestions in zip(records, found, strict=True):
        if not suggestions and not as_json:
            typer.echo(f"{record.id}: no match of {min_score:.0f}% or more in the {source_lang}→{target_lang} memory")
        for rank, s in enumerate(suggestions, start=1):
            if as_json:
                row = {"id": record.id, "rank": rank, "score": s.score, "source": s.source, "target": s.target}
                row |= {"origin": s.origin, "reviewed": s.reviewed}
                typer.echo(json.dumps(row, ensure_ascii=False))
            else:
                flag = "" if s.reviewed else ", not reviewed"
                typer.echo(f"{record.id}: {s.score:.0f}% ({s.origin}{flag}): {s.target}")


@tm_app.command("import")
def tm_import(
    file: Annotated[Path, typer.Argument(help="A TMX 1.4 file.")],
    source: Annotated[str, typer.Option("--source", help="The source language: en, ar, fa or sq.")],
    target: Annotated[str, typer.Option("--target", help="The target language.")],
    reviewed: Annotated[
        bool, typer.Option("--reviewed/--unreviewed", help="Whether people already reviewed these translations.")
    ] = False,
) -> None:
    """Add the units of a TMX file to the memory of one pair, all or nothing."""
    from workflow.memory import add_entries
    from workflow.tmx import parse_tmx

    with _importing(file):
        units = parse_tmx(read_limited(file), str(file), source, target)
        added = add_entries(
            _ready(), source, target, [(u.source, u.target) for u in units], origin=file.name, reviewed=reviewed
        )
    typer.echo(f"{source}→{target}: {added} units added ({'reviewed' if reviewed else 'not reviewed'})")


@tm_app.command("export")
def tm_export(
    file: Annotated[Path, typer.Argument(help="The TMX file to write.")],
    source: Annotated[str, typer.Option("--source", help="The source language: en, ar, fa or sq.")],
    target: Annotated[str, typer.Option("--target", help="The target language.")],
) -> None:
    """Write the memory of one pair (approved segments and imported units) as TMX 1.4."""
    from workflow.memory import units
    from workflow.tmx import Unit, to_tmx

    rows = units(_ready(), source, target)
    file.write_bytes(to_tmx((Unit(s, t, origin, at) for s, t, origin, at in rows), source, target))
    typer.echo(f"{len(rows)} units written to {file}")


@xliff_app.command("export")
def xliff_export(
    out: Annotated[Path, typer.Option("--out", help="The .xlf file to write.")],
    user: Annotated[str, typer.Option("--as", help="The person who holds the pieces (and works on them).")],
    pieces: Annotated[
        list[int] | None, typer.Option("--piece", help="A piece to export (repeat it); default: every piece held.")
    ] = None,
) -> None:
    """Write pieces a person holds as one XLIFF 1.2 file for Trados, memoQ, OmegaT and the like."""
    from workflow.desktop import export_xliff

    db = _ready()
    try:
        person = people.get_user(db, user)
        chosen = pieces or [row.piece_id for row in queries.my_work(db, person)]
        if not chosen:
            _fail(ValueError(f"{user} holds no pieces; claim one first"))
        out.write_bytes(export_xliff(db, person, chosen))
    except (OSError, ValueError, WorkflowError) as error:
        _fail(error)
    typer.echo(f"{len(chosen)} piece(s) written to {out}")


@xliff_app.command("import")
def xliff_import(
    file: Annotated[Path, typer.Argument(help="An XLIFF 1.2 file exported by Dragoman and filled in by a tool.")],
    user: Annotated[str, typer.Option("--as", help="The person who holds the pieces.")],
) -> None:
    """Take an XLIFF file back into its pieces, all or nothing (each problem named with its unit)."""
    from workflow.desktop import import_xliff

    db = _ready()
    with _importing(file):
        report = import_xliff(db, people.get_user(db, user), read_limited(file), str(file))
    typer.echo(f"{report.pieces} piece(s): {report.saved} segment(s) saved, {report.unchanged} unchanged")


@strings_app.command("import")
def strings_import(
    file: Annotated[Path, typer.Argument(help="A .pot, or a .po whose translations are kept for its language.")],
    catalog: Annotated[str, typer.Option("--catalog", help="The catalog's name, such as site (a-z, 0-9, - and _).")],
    source_language: Annotated[str, typer.Option("--source-language", help="The language of the msgids.")] = "en",
    language_code: Annotated[
        str | None, typer.Option("--language", help="The language of a PO's translations (default: its header).")
    ] = None,
) -> None:
    """Import a site's catalog: its entries become a piece per edition (a new revision if it exists)."""
    from workflow.catalogs import import_catalog

    with _importing(file):
        report = import_catalog(
            _ready(),
            CONSOLE,
            read_limited(file),
            str(file),
            catalog,
            source_language=source_language,
            language_code=language_code,
        )
    done = "created" if report.created else ("revised" if report.revised else "unchanged")
    typer.echo(f"{catalog}: {done}, {report.entries} entries")
    for note in report.notes:
        typer.echo(f"  {note}")
    for code, what in report.translations.items():
        typer.echo(f"  {code} translations: {what.summary()}")


@strings_app.command("export")
def strings_export(
    catalog: Annotated[str, typer.Option("--catalog", help="The catalog's name.")],
    edition: Annotated[str, typer.Option("--edition", help="The edition: en, ar, fa or sq.")],
    out: Annotated[Path, typer.Option("--out", help="The .po file to write; the .mo goes beside it.")],
) -> None:
    """Write a catalog in an edition's language as PO and MO, with its approved translations."""
    from workflow.catalog_export import compile_mo, export_catalog

    try:
        exported = export_catalog(_ready(), catalog, edition)
        out.write_text(exported.po, encoding="utf-8")
        out.with_suffix(".mo").write_bytes(compile_mo(exported.po, edition))
    except (OSError, WorkflowError) as error:
        _fail(error)
    typer.echo(
        f"{catalog} ({edition}) written to {out} and {out.with_suffix('.mo')}:"
        f" {exported.approved} approved, {exported.fuzzy} fuzzy (the piece is {exported.status})"
    )


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The bundle folder (with --all: the folder for one per edition).")],
    edition: Annotated[str | None, typer.Option(help="The edition: en, ar, fa or sq.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Build every edition, each in OUT/<code>.")] = False,
    as_zip: Annotated[bool, typer.Option("--zip", help="Also write OUT.zip.")] = False,
    publish: Annotated[
        bool, typer.Option("--publish", help="Then mark the approved pieces it holds published.")
    ] = False,
    base_url: Annotated[
        str, typer.Option(help="Where the sites live: URLs are BASE/<edition>/articles/<slug>.html.")
    ] = ("https://www.example.org"),
) -> None:
    """Build an edition's bundle from its approved and published articles (the same data, the same bytes)."""
    from workflow.bundle import build_report

    if every == (edition is not None):
        _fail(ValueError("name one --edition, or --all"))
    db = _ready()
    codes = [e.code for e in editions.list_editions(db)] if every else [edition or ""]
    for code in codes:
        target = out / code if every else out
        try:
            report, report_files = build_report(db, code, target, as_zip=as_zip, base_url=base_url, publish=publish)
        except (ValueError, OSError, WorkflowError) as error:
            _fail(error)
        manifest = json.loads(report_files["manifest.json"])
        line = f"{code}: {manifest['counts']['articles']} articles, build {manifest['build_id']} in {target}"
        if publish:
            line += f"; {report.published} piece(s) published"
        typer.echo(line)


@app.command("verify-bundle")
def verify_bundle_command(folder: Annotated[Path, typer.Argument(help="A bundle folder.")]) -> None:
    """Check a bundle against its manifest: every file there, unchanged, and nothing more."""
    from workflow.bundle import verify_bundle

    try:
        result = verify_bundle(folder)
    except (OSError, ValueError, KeyError) as error:
        _fail(ValueError(f"{folder}: no readable manifest.json ({error})"))
    for kind, paths in (
        ("missing", result.missing),
        ("changed", result.changed),
        ("not in the manifest", result.extra),
    ):
        for path in paths:
            typer.echo(f"{kind}: {path}", err=True)
    if not result.ok:
        raise typer.Exit(1)
    typer.echo(f"{folder}: every file matches the manifest")


As = Annotated[str, typer.Option("--as", help="The person acting: their rights, pairs and four eyes apply.")]
PieceId = Annotated[int, typer.Argument(help="The piece's number (see 'dragoman piece list').")]


@contextmanager
def _acting(name: str) -> Iterator[tuple[Database, User]]:
    """The database and the person named by --as; a refusal ends the command with its reason."""
    db = _ready()
    try:
        yield db, people.get_user(db, name)
    except WorkflowError as error:
        _fail(error)


@piece_app.command("list")
def piece_list(
    name: As,
    queue: Annotated[
        str, typer.Option(help="available (to claim), mine (held or in progress) or review (to review).")
    ] = "mine",
) -> None:
    """The pieces in one of a person's queues: number, status, pair, title."""
    if queue not in ("available", "mine", "review"):
        _fail(ValueError(f"--queue {queue!r}: choose available, mine or review"), code=2)
    with _acting(name) as (db, user):
        rows = {
            "available": lambda: queries.available_for(db, user),
            "mine": lambda: queries.my_work(db, user),
            "review": lambda: queries.review_queue(db, user),
        }[queue]()
    if not rows:
        typer.echo(f"{name} has nothing in the {queue} queue")
    for row in rows:
        typer.echo(f"{row.piece_id:>6}  {row.status:<17} {row.source_language}->{row.edition}  {row.title}")


@piece_app.command("claim")
def piece_claim(piece: PieceId, name: As) -> None:
    """Claim an open piece to translate it (a lease starts)."""
    with _acting(name) as (db, user):
        done = actions.claim(db, user, piece)
    typer.echo(f"piece {piece}: {done.status}, held by {name}")


@piece_app.command("submit")
def piece_submit(piece: PieceId, name: As) -> None:
    """Submit a translated piece for review."""
    with _acting(name) as (db, user):
        done = actions.submit(db, user, piece)
    typer.echo(f"piece {piece}: {done.status}")


@piece_app.command("review")
def piece_review(piece: PieceId, name: As) -> None:
    """Start reviewing a submitted piece (four eyes: not one's own translation)."""
    with _acting(name) as (db, user):
        done = actions.start_review(db, user, piece)
    typer.echo(f"piece {piece}: {done.status}, reviewed by {name}")


@piece_app.command("approve")
def piece_approve(
    piece: PieceId, name: As, comment: Annotated[str | None, typer.Option(help="A note for the history.")] = None
) -> None:
    """Approve a piece under review."""
    with _acting(name) as (db, user):
        done = actions.approve(db, user, piece, comment)
    typer.echo(f"piece {piece}: {done.status}")


@piece_app.command("send-back")
def piece_send_back(
    piece: PieceId, name: As, reason: Annotated[str, typer.Option(help="What to change (required).")]
) -> None:
    """Send a piece under review back to its translator, with the reason."""
    with _acting(name) as (db, user):
        done = actions.request_changes(db, user, piece, reason)
    typer.echo(f"piece {piece}: {done.status}")


@piece_app.command("embargo")
def piece_embargo(
    piece: PieceId,
    name: As,
    until: Annotated[
        datetime | None,
        typer.Option(
            help="Publish from this time on, UTC (2026-12-24T06:00); the bundle leaves it out before.",
            formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d"],
        ),
    ] = None,
    clear: Annotated[bool, typer.Option(help="Lift the embargo.")] = False,
) -> None:
    """Hold a piece's translation out of its edition's bundles until a time, or lift that."""
    if (until is None) == (not clear):
        _fail(ValueError("give --until TIME or --clear"))
    with _acting(name) as (db, user):
        done = actions.set_embargo(db, user, piece, until.replace(tzinfo=UTC) if until else None)
    when = f"{done.publish_at:%Y-%m-%d %H:%M} UTC" if done.publish_at else "now (no embargo)"
    typer.echo(f"piece {piece}: published from {when}")


@piece_app.command("release")
def piece_release(
    piece: PieceId, name: As, comment: Annotated[str | None, typer.Option(help="A note for the history.")] = None
) -> None:
    """Give a held piece back to its queue (the drafts stay with it)."""
    with _acting(name) as (db, user):
        done = actions.release(db, user, piece, comment)
    typer.echo(f"piece {piece}: {done.status}")


from workflow import cli_operations  # noqa: E402, F401  (adds its commands to app)

if __name__ == "__main__":
    app()
