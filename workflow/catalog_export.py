"""A catalog in one edition's language: the template filled with every approved entry, the other translated
entries as fuzzy ones (with the msgid they translated, when the source changed since), and the header fields,
translators' comment and obsolete entries of the edition's last imported file. PO with polib, MO with Babel.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

import polib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlmodel import Session, col, select

from workflow.catalogs import translatable
from workflow.db import Database
from workflow.errors import NotFound
from workflow.messages import N_, msg
from workflow.models import Article, CatalogFile, Edition, Piece, Revision, TargetSegment, User
from workflow.permissions import CONSOLE, ActingUser, Role, load_actor, require_role
from workflow.plurals import plural_count, plural_header
from workflow.status import Status


@dataclass(frozen=True)
class EntryText:
    """What an export writes for one form of one entry."""

    text: str
    fuzzy: bool = False
    previous: str | None = None  # the msgid it translated, when the source has changed since


@dataclass(frozen=True)
class FileParts:
    """An edition's own parts of its PO file: header fields, translators' comment, obsolete entries."""

    header: dict[str, str] = field(default_factory=dict)
    comment: str = ""
    obsolete: str = ""


def fill(
    body: str, code: str, texts: dict[tuple[int, int | None], EntryText], *, team: str, parts: FileParts | None = None
) -> str:
    """The template in one language: headers for it, and each entry's text by (position, plural form). A
    plural entry is written when every form has a text, fuzzy when any of them is.

    No clock goes in: the same translations give the same bytes.
    """
    parts = parts or FileParts()
    po = polib.pofile(body, wrapwidth=0)
    po.metadata_is_fuzzy = False
    if parts.comment:
        po.header = parts.comment
    po.metadata.update(parts.header)
    po.metadata["Language"] = code
    po.metadata.setdefault("Language-Team", team)
    po.metadata["Plural-Forms"] = plural_header(code)
    po.metadata["MIME-Version"] = "1.0"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Content-Transfer-Encoding"] = "8bit"
    po.metadata.setdefault("POT-Creation-Date", "2000-01-01 00:00+0000")  # Babel would put the clock there
    for position, entry in enumerate(translatable(po)):
        if entry.msgid_plural:
            forms = [texts.get((position, form)) for form in range(plural_count(code))]
            found = [form for form in forms if form is not None]
            if len(found) < len(forms):
                entry.msgstr_plural = dict.fromkeys(range(len(forms)), "")
                continue
            entry.msgstr_plural = {i: form.text for i, form in enumerate(found)}
        else:
            single = texts.get((position, None))
            if single is None:
                continue
            entry.msgstr = single.text
            found = [single]
        if any(form.fuzzy for form in found) and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        previous = next((form.previous for form in found if form.previous), None)
        if previous and not entry.previous_msgid:
            entry.previous_msgid = previous
    if parts.obsolete:
        for entry in polib.pofile(parts.obsolete, wrapwidth=0):
            po.append(entry)
    return str(po)


def compile_mo(po_text: str, code: str) -> bytes:
    """The MO file of a PO text, compiled with Babel (polib's MO writer is quadratic); fuzzy entries stay out."""
    catalog = read_po(io.StringIO(po_text), locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class CatalogExport:
    """One catalog in one edition's language: the PO text, and how many entries it carries approved and fuzzy."""

    name: str
    edition: str
    po: str
    translated: bool
    status: str  # the piece's status, or "source" for the catalog's own language
    piece_id: int | None = None
    approved: int = 0  # target segments (plural forms count one each) written as approved
    fuzzy: int = 0  # written as fuzzy: waiting for review or for a changed source


def _texts(targets: list[TargetSegment]) -> dict[tuple[int, int | None], EntryText]:
    """Each form's text to write: the approved one, else the draft as fuzzy."""
    texts = {}
    for target in targets:
        key = (target.position or 0, target.plural_form)
        previous = target.previous_source if target.outdated else None
        if target.approved_text is not None and not target.outdated:
            texts[key] = EntryText(target.approved_text)
        elif target.text.strip():
            texts[key] = EntryText(target.text, fuzzy=True, previous=previous)
        elif target.approved_text:
            texts[key] = EntryText(target.approved_text, fuzzy=True, previous=previous)
    return texts


def _revised(session: Session, targets: list[TargetSegment], kept: CatalogFile | None) -> dict[str, str]:
    """Last-Translator and PO-Revision-Date: the person and time of the newest approval made in Dragoman,
    when it is newer than the imported file (whose own values stay otherwise).
    """
    since = kept.imported_at if kept is not None else None
    newest = max(
        (t for t in targets if t.approved_at is not None and (since is None or t.approved_at > since)),
        key=lambda t: (t.approved_at, t.id or 0),
        default=None,
    )
    if newest is None or newest.approved_at is None:
        return {}
    found = {"PO-Revision-Date": _po_date(newest.approved_at)}
    writer = session.get(User, newest.approved_by) if newest.approved_by is not None else None
    if writer is not None:
        found["Last-Translator"] = f"{writer.display_name} <{writer.email}>" if writer.email else writer.display_name
    return found


def _po_date(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M%z")


def _export(session: Session, article: Article, edition: Edition) -> CatalogExport:
    revision = session.exec(
        select(Revision).where(Revision.article_id == article.id, Revision.number == article.current_revision)
    ).one()
    piece = session.exec(
        select(Piece).where(Piece.article_id == article.id, Piece.edition_code == edition.code)
    ).first()
    status = "source" if article.source_language == edition.code else (piece.status if piece else "none")
    texts: dict[tuple[int, int | None], EntryText] = {}
    parts = FileParts()
    if piece is not None and piece.status != Status.WITHDRAWN:
        targets = list(
            session.exec(
                select(TargetSegment).where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
            ).all()
        )
        texts = _texts(targets)
        kept = session.get(CatalogFile, piece.id)
        header = dict(kept.header) if kept is not None else {}
        header.update(_revised(session, targets, kept))
        parts = FileParts(header, kept.header_comment if kept else "", kept.obsolete if kept else "")
    po = fill(revision.body, edition.code, texts, team=edition.name, parts=parts)
    approved = sum(not text.fuzzy for text in texts.values())
    return CatalogExport(
        article.slug,
        edition.code,
        po,
        approved > 0,
        status,
        piece.id if piece else None,
        approved=approved,
        fuzzy=len(texts) - approved,
    )


def export_catalog(db: Database, name: str, edition_code: str, actor: ActingUser = CONSOLE) -> CatalogExport:
    """A catalog for one edition, with every approved entry (and the others' drafts as fuzzy)."""
    with db.read() as session:
        require_role(load_actor(session, actor), Role.EDITOR, N_("export site strings"))
        article = session.exec(select(Article).where(Article.slug == name, Article.kind == "catalog")).first()
        if article is None:
            raise NotFound(msg("there is no catalog {name}", name=name))
        edition = session.get(Edition, edition_code)
        if edition is None:
            raise NotFound(msg("there is no edition {code}", code=edition_code))
        return _export(session, article, edition)


def edition_catalogs(db: Database, edition_code: str) -> list[CatalogExport]:
    """Every catalog an edition publishes: its own language's, and those with approved entries in it."""
    with db.read() as session:
        edition = session.get(Edition, edition_code)
        if edition is None:
            raise NotFound(msg("there is no edition {code}", code=edition_code))
        found = []
        for article in session.exec(select(Article).where(Article.kind == "catalog").order_by(col(Article.slug))).all():
            exported = _export(session, article, edition)
            if exported.status == "source" or exported.translated:
                found.append(exported)
        return found
