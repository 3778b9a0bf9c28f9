"""A site's existing translations of a page, imported into the page's pieces to wait for review.

The translation's segments are matched to the article's in order by what a translation keeps (the kind of
block, the addresses of its links and images, its bold marks), so an extra, a missing, a split or a merged
block moves nothing else out of place: what cannot be matched one to one is left for a translator. When every
segment has its translation the piece is submitted, waiting for review; otherwise the matched segments are
drafts in the open piece, for a translator to finish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from sqlmodel import Session, select

from workflow.messages import Message, msg
from workflow.models import Article, Piece
from workflow.permissions import Actor
from workflow.pieces import materialise, move, recount, segment_rows, write_text
from workflow.revisions import ArticleSource
from workflow.status import STATUS_PHRASES, Event, Status


@dataclass(frozen=True)
class Applied:
    """What became of one translation file: the piece, and a sentence for the import's report."""

    slug: str
    edition: str
    outcome: Message
    submitted: bool = False


_TARGET = re.compile(r"\]\(([^()\s]+)")  # the address of a Markdown link or image
_STRONG = re.compile(r"\*\*|__")


def _anchor(kind: str, text: str) -> tuple[object, ...]:
    """What a translation keeps of a segment whatever the language: its kind, its links' and images'
    addresses, and its bold marks.
    """
    return (kind, tuple(sorted(set(_TARGET.findall(text)))), len(_STRONG.findall(text)))


def matched_texts(source: list[tuple[str, str]], translation: list[tuple[str, str]]) -> list[str | None]:
    """For each source segment (kind, text), its translation, or None: segments are matched in order by kind,
    addresses and bold marks; between two matches, runs of the same length pair up one to one, others not at
    all (a paragraph split or merged in translation is left for a translator).

    >>> matched_texts([("title", "T"), ("paragraph", "A"), ("paragraph", "B")], [("title", "ت"), ("paragraph", "ب")])
    ['ت', 'ب', None]
    >>> matched_texts([("paragraph", "[a](u)"), ("paragraph", "B"), ("paragraph", "C")],
    ...               [("paragraph", "[آ](u)"), ("paragraph", "ب"), ("paragraph", "پ")])
    ['[آ](u)', 'ب', 'پ']
    """
    found: list[str | None] = [None] * len(source)
    ours = [_anchor(kind, text) for kind, text in source]
    theirs = [_anchor(kind, text) for kind, text in translation]
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a2 - a1 == b2 - b1):
            for offset in range(a2 - a1):
                if source[a1 + offset][0] == translation[b1 + offset][0]:
                    found[a1 + offset] = translation[b1 + offset][1]
    return found


def apply_translation(session: Session, now: datetime, acting: Actor, translation: ArticleSource) -> Applied:
    """Put one translated page into its article's piece for that language (which must still be open)."""
    code = translation.language
    article = session.exec(select(Article).where(Article.slug == translation.slug)).one()
    piece = session.exec(select(Piece).where(Piece.article_id == article.id, Piece.edition_code == code)).first()
    if piece is None:
        return Applied(translation.slug, code, msg("no {code} piece: the translation was not kept", code=code))
    if piece.status != Status.OPEN:
        return Applied(
            translation.slug,
            code,
            msg(
                "the {code} piece is {status}: the file's translation was not applied",
                code=code,
                status=STATUS_PHRASES[Status(piece.status)],
            ),
        )
    materialise(session, piece)
    session.flush()
    rows = segment_rows(session, piece)
    theirs = [(s.kind, s.text) for s in translation.segments()]
    texts = matched_texts([(source.kind, source.text) for _target, source in rows], theirs)
    complete = all(texts)
    for (target, _source), text in zip(rows, texts, strict=True):
        if text:
            write_text(session, piece, target, text, "done" if complete else "draft", None, now)
    recount(session, piece)
    session.add(piece)
    kept = sum(1 for text in texts if text)
    if complete:
        move(session, now, piece, Event.IMPORT_TRANSLATION, acting, detail={"file": translation.file or ""})
        return Applied(translation.slug, code, msg("submitted for review (segments: {n})", n=kept), True)
    return Applied(
        translation.slug,
        code,
        msg(
            "segments kept as drafts: {kept} of {total}; the piece stays open for the rest", kept=kept, total=len(rows)
        ),
    )
