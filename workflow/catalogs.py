"""A site's interface strings: a gettext catalog (POT or PO) translated through the same workflow.

A catalog is stored as an article of kind ``catalog``: each revision keeps the catalog as a template (every
entry, comment, flag, context, plural and previous msgid; no translations) and each translatable entry is a
source segment. A plural entry gets one target segment per plural form of the edition's language (Arabic
six). Exports fill the template with a piece's approved translations: PO with polib, MO with Babel.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime

import polib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlmodel import Session, col, select

from workflow import characters
from workflow.db import Database
from workflow.errors import ImportFailed, ImportProblem, NotFound
from workflow.limits import check_size
from workflow.memory import MEMORY
from workflow.messages import N_, msg
from workflow.models import Article, Edition, Piece, Revision, TargetSegment
from workflow.permissions import CONSOLE, ActingUser, Actor, Role, load_actor, require_role
from workflow.pieces import materialise, move, recount, segment_rows, store_approved, write_text
from workflow.plurals import plural_count, plural_header, source_of_form
from workflow.revisions import ArticleSource, add_revision, create_articles
from workflow.segments import ArticleContent, Segment
from workflow.status import FINISHED, Event, Status

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
EXTENSIONS = (".po", ".pot")


def read_catalog(data: bytes, file: str) -> polib.POFile:
    """A PO or POT file as polib reads it; ImportFailed says what is wrong and where."""
    check_size(len(data), file)
    found = _CHARSET.search(data[:4000])
    charset = found.group(1).decode("ascii").upper() if found else "UTF-8"
    if charset == "CHARSET":  # a fresh POT's placeholder
        charset = "UTF-8"
    try:
        text = data.decode(charset)
    except LookupError:
        reason = msg("it declares the unknown character set {charset}; save it as UTF-8", charset=charset)
        raise ImportFailed([ImportProblem(file, "", reason)]) from None
    except UnicodeDecodeError as error:
        reason = msg(
            "it is not valid {charset} text (byte {position}); save it as UTF-8", charset=charset, position=error.start
        )
        raise ImportFailed([ImportProblem(file, "", reason)]) from None
    bad = characters.problem(text)
    if bad is not None:
        raise ImportFailed([ImportProblem(file, "", bad)])
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:  # polib names the line: "Syntax error in po file (line 12)"
        raise ImportFailed(
            [ImportProblem(file, "", msg("this is not a readable PO file: {error}", error=str(error)))]
        ) from None


def translatable(po: polib.POFile) -> list[polib.POEntry]:
    """The entries people translate, in file order: not the header, not obsolete ones."""
    return [entry for entry in po if entry.msgid and not entry.obsolete]


def template(po: polib.POFile) -> str:
    """The catalog without translations: what a revision keeps and every export starts from."""
    copy = polib.pofile(str(po), wrapwidth=0)
    copy.metadata_is_fuzzy = po.metadata_is_fuzzy
    for entry in copy:
        entry.msgstr = ""
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "", 1: ""}
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    for key in ("Language", "Plural-Forms", "Last-Translator", "Language-Team", "PO-Revision-Date"):
        copy.metadata.pop(key, None)
    return str(copy)


def _note(entry: polib.POEntry) -> str | None:
    lines = []
    if entry.msgctxt:
        lines.append(f"context: {entry.msgctxt}")
    lines += [line for line in (entry.comment, entry.tcomment) if line]
    flags = [flag for flag in entry.flags if flag != "fuzzy"]
    if flags:
        lines.append("flags: " + ", ".join(flags))
    return "\n".join(lines) or None


def split_catalog(body: str) -> list[Segment]:
    """The source segments of a catalog template: one per translatable entry."""
    return [
        Segment(
            "plural" if entry.msgid_plural else "message",
            entry.msgid,
            plural=entry.msgid_plural or None,
            note=_note(entry),
        )
        for entry in translatable(polib.pofile(body, wrapwidth=0))
    ]


Key = tuple[str, str, str]  # msgctxt, msgid, msgid_plural: what identifies an entry


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _translations(po: polib.POFile, code: str) -> dict[Key, tuple[list[str], bool]]:
    """Per translatable entry: its forms' texts (one for a message) and whether it is fuzzy."""
    forms = plural_count(code)
    found = {}
    for entry in translatable(po):
        texts = [entry.msgstr_plural.get(i, "") for i in range(forms)] if entry.msgid_plural else [entry.msgstr]
        found[_key(entry)] = (texts, "fuzzy" in entry.flags)
    return found


def fill(body: str, code: str, texts: dict[tuple[int, int | None], str], *, team: str) -> str:
    """The template in one language: headers for it, and each translated entry's text (position, form).

    No clock goes in (no PO-Revision-Date): the same translations give the same bytes.
    """
    po = polib.pofile(body, wrapwidth=0)
    po.metadata_is_fuzzy = False
    po.metadata["Language"] = code
    po.metadata["Language-Team"] = team
    po.metadata["Plural-Forms"] = plural_header(code)
    po.metadata["MIME-Version"] = "1.0"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Content-Transfer-Encoding"] = "8bit"
    po.metadata.setdefault("POT-Creation-Date", "2000-01-01 00:00+0000")  # Babel would put the clock there
    for position, entry in enumerate(translatable(po)):
        if entry.msgid_plural:
            forms = [texts.get((position, form), "") for form in range(plural_count(code))]
            entry.msgstr_plural = dict(enumerate(forms)) if all(forms) else dict.fromkeys(range(len(forms)), "")
        else:
            entry.msgstr = texts.get((position, None), "")
    return str(po)


def compile_mo(po_text: str, code: str) -> bytes:
    """The MO file of a PO text, compiled with Babel (polib's MO writer is quadratic)."""
    catalog = read_po(io.StringIO(po_text), locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@dataclass
class CatalogImport:
    """What importing a catalog did."""

    name: str
    created: bool
    revised: bool
    entries: int
    translations: dict[str, str] = field(default_factory=dict)  # edition -> what happened to the file's texts


def import_catalog(
    db: Database,
    actor: ActingUser,
    data: bytes,
    file: str,
    name: str,
    *,
    source_language: str = "en",
    language_code: str | None = None,
) -> CatalogImport:
    """Import a POT as the catalog ``name``: new, or a new revision of it. A PO with translations (in its
    ``Language`` header's language, or ``language_code``) creates the catalog if there is none, and its
    translations are kept for that edition, matched by context, msgid and plural: complete and not fuzzy,
    the piece is approved; otherwise they wait in the open piece as done segments and drafts (fuzzy).
    """
    if not NAME.match(name):
        raise ImportFailed(
            [ImportProblem(file, "", msg("{name} is not a catalog name: use a-z, 0-9, - and _", name=name))]
        )
    po = read_catalog(data, file)
    entries = translatable(po)
    if not entries:
        raise ImportFailed([ImportProblem(file, "", N_("the catalog holds no entries to translate"))])
    code = (language_code or po.metadata.get("Language") or "").split("_")[0].split("-")[0].lower() or None
    has_texts = any(entry.msgstr or any(entry.msgstr_plural.values()) for entry in entries)
    source = ArticleSource(
        slug=name,
        language=source_language,
        content=ArticleContent(title=name, body=template(po)),
        file=file,
        kind="catalog",
    )
    with db.write() as session:
        now = db.now()
        acting = load_actor(session, actor)
        require_role(acting, Role.EDITOR, N_("import site strings"))
        article = session.exec(select(Article).where(Article.slug == name)).first()
        if article is not None and (article.kind != "catalog" or article.source_language != source_language):
            raise ImportFailed(
                [ImportProblem(file, "", msg("{name} is already in Dragoman as another article or catalog", name=name))]
            )
        report = CatalogImport(name, created=article is None, revised=False, entries=len(entries))
        translated = has_texts and code is not None and code != source_language
        if article is None:
            create_articles(session, now, acting, [source], list(session.exec(select(Edition)).all()))
            article = session.exec(select(Article).where(Article.slug == name)).one()
        elif not translated:  # a POT (or a PO in the source language) revises the catalog
            report.revised = add_revision(session, now, acting, article, source) is not None
        if translated and code is not None:  # a PO of one language brings its translations only
            report.translations[code] = _keep_translations(session, now, acting, article, code, po, file)
    if report.translations:
        MEMORY.touch(db)
    return report


def _keep_translations(
    session: Session, now: datetime, acting: Actor, article: Article, code: str, po: polib.POFile, file: str
) -> str:
    """Put a PO's translations in the catalog's open piece for its language; approve it when complete."""
    piece = session.exec(select(Piece).where(Piece.article_id == article.id, Piece.edition_code == code)).first()
    if piece is None:
        return f"no {code} edition takes this catalog; its translations were not kept"
    if piece.status != Status.OPEN:
        return f"the {code} piece is {piece.status}; the file's translations were not applied"
    materialise(session, piece)
    session.flush()
    rows = segment_rows(session, piece)
    revision = session.get(Revision, piece.revision_id)
    assert revision is not None
    keys = [_key(entry) for entry in translatable(polib.pofile(revision.body, wrapwidth=0))]
    texts = _translations(po, code)
    for target, source in rows:
        forms, fuzzy = texts.get(keys[target.position or 0], ([], False))
        text = forms[target.plural_form or 0] if (target.plural_form or 0) < len(forms) else ""
        if not text or text == target.text:
            continue
        translates = source_of_form(source.text, source.plural, code, target.plural_form)
        write_text(session, piece, target, text, "draft" if fuzzy else "done", None, now, source_text=translates)
    recount(session, piece)
    session.add(piece)
    if piece.segments_total and piece.segments_done == piece.segments_total:
        move(session, now, piece, Event.IMPORT_APPROVED, acting, detail={"file": file})
        store_approved(session, piece, None, now)
        return "approved"
    return f"{piece.segments_done} of {piece.segments_total} segments kept; the piece stays open for the rest"


@dataclass(frozen=True)
class CatalogExport:
    """One catalog in one edition's language: the PO text, and whether it carries approved translations."""

    name: str
    edition: str
    po: str
    translated: bool
    status: str  # the piece's status, or "source" for the catalog's own language
    piece_id: int | None = None


def _export(session: Session, article: Article, edition: Edition) -> CatalogExport:
    piece = session.exec(
        select(Piece).where(Piece.article_id == article.id, Piece.edition_code == edition.code)
    ).first()
    revision_id = piece.revision_id if piece is not None and piece.status in FINISHED else None
    revision = (
        session.get(Revision, revision_id)
        if revision_id is not None
        else session.exec(
            select(Revision).where(Revision.article_id == article.id, Revision.number == article.current_revision)
        ).one()
    )
    assert revision is not None
    texts: dict[tuple[int, int | None], str] = {}
    if piece is not None and revision_id is not None:
        for target in session.exec(
            select(TargetSegment).where(TargetSegment.piece_id == piece.id, col(TargetSegment.active).is_(True))
        ).all():
            texts[(target.position or 0, target.plural_form)] = target.text
    status = "source" if article.source_language == edition.code else (piece.status if piece else "none")
    po = fill(revision.body, edition.code, texts, team=edition.name)
    return CatalogExport(article.slug, edition.code, po, bool(texts), status, piece.id if piece else None)


def export_catalog(db: Database, name: str, edition_code: str, actor: ActingUser = CONSOLE) -> CatalogExport:
    """A catalog for one edition: with its approved (or published) translations, else untranslated."""
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
    """Every catalog an edition publishes: its own language's, and those whose piece is approved or published."""
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
