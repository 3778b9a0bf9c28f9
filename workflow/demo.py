"""Demo content: the sample articles in ``data/``, an account for every role and language, and pieces
moved through the workflow so that every status appears on the dashboard.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import select

from workflow import actions, glossary, queries
from workflow.catalogs import import_catalog
from workflow.db import Database
from workflow.importers import import_paths
from workflow.models import Article, Piece, User
from workflow.people import create_user, get_user, parse_pair
from workflow.permissions import CONSOLE

DATA = Path(__file__).resolve().parent.parent / "data"
DEMO_PASSWORD = "dragoman-demo"

#: username, display name, roles, language pairs
ACCOUNTS: list[tuple[str, str, list[str], list[str]]] = [
    ("admin", "Ada Admin", ["admin"], []),
    ("editor", "Edi Editor", ["editor"], []),
    ("mina", "Mina Tehrani", ["translator"], ["en->fa", "fa->en"]),
    ("layla", "Layla Nasser", ["translator"], ["en->ar"]),
    ("arben", "Arben Krasniqi", ["translator"], ["en->sq"]),
    ("dariush", "Dariush Farahani", ["translator"], ["fa->en", "fa->ar", "fa->sq"]),
    ("reza", "Reza Sadeghi", ["reviewer"], ["en->fa", "fa->en"]),
    ("huda", "Huda Salem", ["reviewer"], ["en->ar", "fa->ar"]),
    ("drita", "Drita Berisha", ["reviewer"], ["en->sq", "fa->sq"]),
    ("sara", "Sara Nouri", ["translator", "reviewer"], ["en->fa"]),
]


def _piece(db: Database, slug: str, edition: str) -> Piece:
    with db.read() as session:
        article = session.exec(select(Article).where(Article.slug == slug)).one()
        return session.exec(select(Piece).where(Piece.article_id == article.id, Piece.edition_code == edition)).one()


def _translate(db: Database, user: User, piece_id: int, texts: list[str], upto: int | None = None) -> None:
    for row, text in zip(queries.piece_segments(db, piece_id)[:upto], texts[:upto], strict=False):
        actions.save_segment(db, user, row.segment_id, text, row.version)


def _translation(slug: str, edition: str) -> list[str]:
    data = json.loads((DATA / "translations" / f"{slug}.{edition}.json").read_text(encoding="utf-8"))
    return list(data["segments"])


def _through(db: Database, slug: str, edition: str, translator: str, reviewer: str | None, until: str) -> None:
    """Move one piece from open to ``until`` with real actions by the named people."""
    t, piece_id = get_user(db, translator), _piece(db, slug, edition).id
    assert piece_id is not None
    actions.claim(db, t, piece_id)
    texts = _translation(slug, edition)
    if until == "in_translation":
        _translate(db, t, piece_id, texts, upto=3)
        return
    _translate(db, t, piece_id, texts)
    actions.submit(db, t, piece_id)
    if until == "submitted" or reviewer is None:
        return
    r = get_user(db, reviewer)
    actions.start_review(db, r, piece_id)
    if until == "in_review":
        return
    if until == "changes_requested":
        actions.request_changes(db, r, piece_id, "Please check the numbers in the second paragraph against the source.")
        return
    actions.approve(db, r, piece_id)
    if until == "published":
        actions.publish(db, get_user(db, "editor"), piece_id)


def load_demo(db: Database) -> list[tuple[str, list[str], list[str]]]:
    """Load the demo once; returns the accounts created (empty if the demo was already there)."""
    with db.read() as session:
        if session.exec(select(User).where(User.username == "admin")).first() is not None:
            return []
    for username, name, roles, pairs in ACCOUNTS:
        create_user(
            db,
            CONSOLE,
            username,
            DEMO_PASSWORD,
            display_name=name,
            roles=roles,
            pairs=[parse_pair(p) for p in pairs],
        )
    editor = get_user(db, "editor")
    import_paths(db, editor, [DATA / "articles"])
    _through(db, "library-reading-room-opens", "fa", "mina", "reza", "published")
    _through(db, "library-reading-room-opens", "ar", "layla", "huda", "approved")
    _through(db, "library-reading-room-opens", "sq", "arben", "drita", "in_review")
    _through(db, "volunteer-day-report", "fa", "mina", None, "submitted")
    _through(db, "volunteer-day-report", "sq", "arben", "drita", "changes_requested")
    _through(db, "volunteer-day-report", "ar", "layla", None, "in_translation")
    _through(db, "book-club-evening", "en", "dariush", "reza", "approved")
    actions.withdraw_article(
        db, editor, "photo-exhibition-harbour", "The museum postponed the exhibition; the article was retracted."
    )
    for path in sorted((DATA / "glossary").glob("*.csv")):  # en-fa.csv: the glossary of en→fa
        source, target = path.stem.split("-")
        glossary.import_terms(
            db, editor, source, target, glossary.parse_csv(path.read_text(encoding="utf-8"), path.name)
        )
    for path in (DATA / "strings" / "site.pot", DATA / "strings" / "site.sq.po"):  # the site's interface strings
        import_catalog(db, editor, path.read_bytes(), path.name, "site")  # the Albanian PO comes approved
    return [(u, roles, pairs) for u, _n, roles, pairs in ACCOUNTS]
