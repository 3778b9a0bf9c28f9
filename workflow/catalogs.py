"""A site's interface strings: a gettext catalog (POT or PO) translated through the same workflow.

A catalog is stored as an article of kind ``catalog``: each revision keeps the catalog as a template (every
entry, comment, flag, context, plural and previous msgid; no translations) and each translatable entry is a
source segment. A plural entry gets one target segment per plural form of the edition's language (Arabic
six). Entries are approved one by one, as in Weblate and Pontoon: each target segment keeps its newest
approved text, from a reviewer's approval or from a PO file whose entry passed the quality checks. Exports
fill the template with every approved entry, and with drafts (fuzzy, outdated, or held back by a check) as
fuzzy entries; the header, translators' comment and obsolete entries of the edition's last imported file come
along: PO with polib, MO with Babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import polib
from sqlmodel import Session, select

from workflow import characters
from workflow.checks import Severity
from workflow.db import Database
from workflow.errors import ImportFailed, ImportProblem
from workflow.languages import language_name
from workflow.limits import check_size
from workflow.memory import MEMORY
from workflow.messages import N_, Message, msg
from workflow.models import Article, CatalogFile, Edition, Piece, Revision, TargetSegment
from workflow.permissions import ActingUser, Actor, Role, load_actor, require_role
from workflow.pieces import ident, materialise, move, recount, segment_rows, store_approved, write_texts
from workflow.plurals import FileForms, file_forms, plural_count, plural_forms, source_of_form
from workflow.quality import segment_findings, settings_for
from workflow.revisions import ArticleSource, add_revision, create_articles
from workflow.segments import ArticleContent, Segment
from workflow.status import FINISHED, STATUS_PHRASES, Event, Status

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
    """The catalog without translations: what a revision keeps and every export starts from. Obsolete
    entries and the translators' comment belong to one language's file: they are kept per edition.
    """
    copy = polib.pofile(str(po), wrapwidth=0)
    copy.metadata_is_fuzzy = po.metadata_is_fuzzy
    copy.header = "" if _translated_file(po) else copy.header
    for entry in copy.obsolete_entries():
        copy.remove(entry)
    for entry in copy:
        entry.msgstr = ""
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "", 1: ""}
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    for key in ("Language", "Plural-Forms", "Last-Translator", "Language-Team", "PO-Revision-Date"):
        copy.metadata.pop(key, None)
    return str(copy)


def _translated_file(po: polib.POFile) -> bool:
    return any(entry.msgstr or any(entry.msgstr_plural.values()) for entry in po if entry.msgid and not entry.obsolete)


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


def _translations(po: polib.POFile, code: str, forms: FileForms | None) -> dict[Key, tuple[list[str], bool]]:
    """Per translatable entry: the texts of the language's forms (one for a message), read through the
    file's own plural forms, and whether it is fuzzy.
    """
    count = plural_count(code)
    mapping = forms.mapping if forms is not None else tuple(range(count))
    found = {}
    for entry in translatable(po):
        if entry.msgid_plural:
            texts = [entry.msgstr_plural.get(mapping[form], "") for form in range(count)]
        else:
            texts = [entry.msgstr]
        found[_key(entry)] = (texts, "fuzzy" in entry.flags)
    return found


def file_language(po: polib.POFile, file: str, language_code: str | None) -> str | None:
    """The language of a PO's translations: ``language_code``, or its ``Language`` header (``fa_IR.UTF-8``
    reads as fa). A header naming another language than ``language_code`` is refused with its name.
    """
    header = (po.metadata.get("Language") or "").strip()
    named = header.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower() or None
    if language_code is not None and named is not None and named != language_code:
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    "Language",
                    msg(
                        "the file's Language header says {header} ({name}), not {code}; import it for its own"
                        " language, or fix the header",
                        header=header,
                        name=language_name(named),
                        code=language_code,
                    ),
                )
            ]
        )
    return language_code or named


@dataclass
class CatalogImport:
    """What importing a catalog did."""

    name: str
    created: bool
    revised: bool
    entries: int
    translations: dict[str, KeptTranslations] = field(default_factory=dict)  # edition -> what became of the texts
    notes: list[Message] = field(default_factory=list)  # what was read differently from the file, one line each


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
    translations are kept for that edition entry by entry, matched by context, msgid and plural: an entry
    that is translated, not fuzzy and passes the quality checks is approved; the others wait as drafts for
    review. When every entry is approved, so is the piece.
    """
    if not NAME.match(name):
        raise ImportFailed(
            [ImportProblem(file, "", msg("{name} is not a catalog name: use a-z, 0-9, - and _", name=name))]
        )
    po = read_catalog(data, file)
    entries = translatable(po)
    if not entries:
        raise ImportFailed([ImportProblem(file, "", N_("the catalog holds no entries to translate"))])
    code = file_language(po, file, language_code)
    has_texts = _translated_file(po)
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
        translated = has_texts and code is not None and code != source_language
        if translated and code is not None and session.get(Edition, code) is None:
            raise ImportFailed(
                [
                    ImportProblem(
                        file,
                        "Language",
                        msg(
                            "the file is in {name} ({code}), and no edition is in that language",
                            name=language_name(code),
                            code=po.metadata.get("Language") or code,
                        ),
                    )
                ]
            )
        article = session.exec(select(Article).where(Article.slug == name)).first()
        if article is not None and (article.kind != "catalog" or article.source_language != source_language):
            raise ImportFailed(
                [ImportProblem(file, "", msg("{name} is already in Dragoman as another article or catalog", name=name))]
            )
        report = CatalogImport(name, created=article is None, revised=False, entries=len(entries))
        if article is None:
            create_articles(session, now, acting, [source], list(session.exec(select(Edition)).all()))
            article = session.exec(select(Article).where(Article.slug == name)).one()
        elif not translated:  # a POT (or a PO in the source language) revises the catalog
            report.revised = add_revision(session, now, acting, article, source) is not None
        if translated and code is not None:  # a PO of one language brings its translations only
            forms = file_forms(po.metadata.get("Plural-Forms"), code)
            if forms is not None and not forms.same and any(entry.msgid_plural for entry in entries):
                report.notes.append(_forms_note(forms, code))
            report.translations[code] = _keep_translations(session, now, acting, article, code, po, file, forms)
    if report.translations:
        MEMORY.touch(db)
    return report


def _forms_note(forms: FileForms, code: str) -> Message:
    """One line: how the file's plural forms were read."""
    names = [form.category for form in plural_forms(code)]
    read = ", ".join(f"{names[i]} ← {file_form}" for i, file_form in enumerate(forms.mapping))
    return msg(
        "Plural-Forms: the file has {count} ({header}); {name} has {ours} ({names}): read as {read}",
        count=forms.count,
        header=forms.header,
        name=language_name(code),
        ours=len(names),
        names=", ".join(names),
        read=read,
    )


@dataclass
class KeptTranslations:
    """What became of a PO file's translations for one edition, counted in target segments (a plural entry
    has one per form of the language).
    """

    approved: int = 0
    fuzzy: int = 0  # fuzzy in the file: drafts
    held: int = 0  # translated, but a quality check found an error: drafts for review
    missing: int = 0  # untranslated in the file (or the file lacks the entry)
    unchanged: int = 0  # already so in Dragoman
    unknown: int = 0  # translated entries of the file that the catalog does not have (import its POT first)
    status: str = ""  # the piece's status afterwards
    refused: Message | None = None  # why nothing was applied

    def summary(self) -> Message:
        """One line for people."""
        if self.refused is not None:
            return self.refused
        return msg(
            "approved: {approved}; fuzzy, kept as drafts: {fuzzy}; held for review by a quality error: {held};"
            " untranslated: {missing}; unchanged: {unchanged}; not in the catalog: {unknown}; the piece is {status}",
            approved=self.approved,
            fuzzy=self.fuzzy,
            held=self.held,
            missing=self.missing,
            unchanged=self.unchanged,
            unknown=self.unknown,
            status=STATUS_PHRASES[Status(self.status)] if self.status else "",
        )


def _keep_translations(
    session: Session,
    now: datetime,
    acting: Actor,
    article: Article,
    code: str,
    po: polib.POFile,
    file: str,
    forms: FileForms | None,
) -> KeptTranslations:
    """Put a PO's translations in the catalog's piece for its language, entry by entry, and keep the file's
    header, translators' comment and obsolete entries for its exports; approve the piece when every entry is.
    """
    piece = session.exec(select(Piece).where(Piece.article_id == article.id, Piece.edition_code == code)).first()
    if piece is None:
        refused = msg("no {code} piece takes this catalog; its translations were not kept", code=code)
        return KeptTranslations(refused=refused)
    if piece.status not in (Status.OPEN, *FINISHED):
        refused = msg(
            "the {code} piece is {status}; the file's translations were not applied (somebody is working on it)",
            code=code,
            status=STATUS_PHRASES[Status(piece.status)],
        )
        return KeptTranslations(status=piece.status, refused=refused)
    materialise(session, piece)
    session.flush()
    rows = segment_rows(session, piece)
    revision = session.get(Revision, piece.revision_id)
    assert revision is not None
    keys = [_key(entry) for entry in translatable(polib.pofile(revision.body, wrapwidth=0))]
    texts = _translations(po, code, forms)
    settings = settings_for(session, piece.source_language, code)
    kept = KeptTranslations()
    known = set(keys)
    kept.unknown = sum(1 for key, (found, _fuzzy) in texts.items() if key not in known and any(found))
    changes: list[tuple[TargetSegment, str, str, str]] = []
    for target, source in rows:
        found, fuzzy = texts.get(keys[target.position or 0], ([], False))
        form = target.plural_form or 0
        text = found[form] if form < len(found) else ""
        if not text:
            kept.missing += 1
            continue
        translates = source_of_form(source.text, source.plural, code, target.plural_form)
        findings = [] if fuzzy else segment_findings(source, target.plural_form, text, piece, settings)
        errors = [f for f in findings if f.severity == Severity.ERROR]
        state = "draft" if fuzzy or errors else "done"
        kept.fuzzy += fuzzy
        kept.held += bool(errors)
        kept.approved += state == "done"
        if text == target.text and state == target.state and (state == "draft" or target.approved_text == text):
            kept.unchanged += 1
            continue
        changes.append((target, text, state, translates))
    if changes and piece.status != Status.OPEN:
        kept.status = piece.status
        kept.refused = msg(
            "the {code} piece is {status} and the file differs in {count} segments; nothing was applied: import it"
            " once the piece is open again",
            code=code,
            status=STATUS_PHRASES[Status(piece.status)],
            count=len(changes),
        )
        return kept
    for target, text, state, _translates in changes:
        if state == "done":  # approved as the file brought it
            target.approved_text, target.approved_at, target.approved_by = text, now, None
    write_texts(
        session, piece, [(target, text, state, translates) for target, text, state, translates in changes], None, now
    )
    _keep_file(session, piece, po, file, now)
    recount(session, piece)
    session.add(piece)
    session.flush()
    if piece.status == Status.OPEN and piece.segments_total and kept.approved == piece.segments_total:
        move(session, now, piece, Event.IMPORT_APPROVED, acting, detail={"file": file})
        store_approved(session, piece, None, now)
    kept.status = piece.status
    return kept


def _keep_file(session: Session, piece: Piece, po: polib.POFile, file: str, now: datetime) -> None:
    """The file's own parts, for the edition's exports: header fields, comment, obsolete entries."""
    row = session.get(CatalogFile, piece.id) or CatalogFile(piece_id=ident(piece), imported_at=now)
    row.file = file[-500:]
    row.header = {key: value for key, value in po.metadata.items() if key not in TEMPLATE_HEADERS}
    row.header_comment = po.header or ""
    row.obsolete = "".join(entry.__unicode__(wrapwidth=0) + "\n" for entry in po.obsolete_entries())
    row.plural_forms = po.metadata.get("Plural-Forms")
    row.imported_at = now
    session.add(row)


#: header fields an export writes itself, from the template or the edition
TEMPLATE_HEADERS = frozenset(
    {
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "Language",
        "Plural-Forms",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Generated-By",
    }
)
