"""The editor's segment grid: every segment of a piece in one browser component.

Typing, moving between segments, inserting placeables and memory matches happen in the browser without a
rerun. Saves travel as one trigger (a batch with a nonce) to :func:`apply_saves`, which calls
``actions.save_segment`` for each, so versions, conflicts (``StaleEdit`` with both texts) and history work as
everywhere else; only the grid's fragment reruns. The browser keeps a copy of every unsaved text in
``localStorage`` and restores it after a reload, never over a newer server version without showing both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from ui.components import kind_label, marked_html, plural_label
from ui.findings import ICONS
from ui.i18n import N_
from ui.session import gettext_ as _
from ui.session import translated
from workflow import actions
from workflow.db import Database
from workflow.diffing import diff_html
from workflow.errors import StaleEdit, WorkflowError
from workflow.glossary import Hit
from workflow.htmlbody import Tag
from workflow.languages import language
from workflow.memory import Suggestion
from workflow.models import User
from workflow.placeables import placeables
from workflow.quality import SegmentFindings
from workflow.queries import SegmentRow
from workflow.segment_review import Mark, mark_segment

_HERE = Path(__file__).parent / "grid"
GRID = st.components.v2.component(
    "dragoman.segment_grid",
    html='<div class="dg-grid-root"></div>',
    css=(_HERE / "segment_grid.css").read_text(encoding="utf-8"),
    js=(_HERE / "segment_grid.js").read_text(encoding="utf-8"),
    isolate_styles=False,  # page-wide rules (right-to-left text) and tests reach inside
)

#: the shortcuts, as the help lists them (the keys are layout-independent: Alt+C is the key where C is on a
#: US keyboard, whatever the keyboard types there)
SHORTCUTS = [
    ("Ctrl+Enter", N_("Save as done and go to the next open segment")),
    ("Alt+D", N_("Toggle draft / done, and save")),
    ("Alt+↓ / Alt+↑", N_("Next / previous segment")),
    ("Alt+C", N_("Copy the source into the translation")),
    ("Alt+P", N_("Insert the next placeable (around the selected words for a link or emphasis)")),
    ("Alt+1 … Alt+9", N_("Use translation memory match 1 to 9")),
    ("Alt+G", N_("Go to a segment by its number")),
    ("Alt+H", N_("Show or hide these shortcuts")),
]

REVIEW_SHORTCUTS = [
    ("Alt+A", N_("Accept the segment (again: take it back)")),
    ("Alt+F", N_("Flag the segment with a comment")),
]

STATES = {"empty": N_("Empty"), "draft": N_("Draft"), "done": N_("Done"), "outdated": N_("Outdated")}
REVIEW_FILTERS = {
    "unmarked": N_("Not marked"),
    "accepted": N_("Accepted"),
    "flagged": N_("Flagged"),
    "changed": N_("Changed since the last round"),
}
FILTERS = {
    "all": N_("All"),
    "empty": N_("Empty"),
    "draft": N_("Draft"),
    "done": N_("Done"),
    "outdated": N_("Outdated"),
    "findings": N_("With findings"),
}


def labels() -> dict[str, Any]:
    """The grid's words in the reader's language."""
    return {
        "states": {k: _(v) for k, v in STATES.items()},
        "filters": {k: _(v) for k, v in FILTERS.items()},
        "review_filters": {k: _(v) for k, v in REVIEW_FILTERS.items()},
        "review_shortcuts": [[keys, _(what)] for keys, what in REVIEW_SHORTCUTS],
        "shortcuts": [[keys, _(what)] for keys, what in SHORTCUTS],
        "shortcuts_title": _("Keyboard shortcuts"),
        "translation": _("Translation"),
        "saved": _("Saved"),
        "saving": _("Saving…"),
        "unsaved": _("Not saved yet"),
        "offline": _("Not saved: no answer from the server. Your text is kept in this browser."),
        "restored": _("Restored from this browser: text you typed that had not reached the server."),
        "restored_count": _("Unsaved texts restored from this browser: {n}."),
        "kept": _("Unsaved text from this browser, typed on an older version:"),
        "use_mine": _("Use mine"),
        "discard_mine": _("Discard mine"),
        "conflict": _("{person} saved this segment at {time}. Their text:"),
        "conflict_kept": _("Your text stays in the box (and in the segment's history). Merge, then save."),
        "keep_theirs": _("Keep theirs"),
        "save_mine": _("Save mine over theirs"),
        "source_before": _("Source before the change"),
        "source_now": _("Source now"),
        "prefilled": _("Pre-filled from the translation memory (exact match): check it, then save."),
        "use": _("Use"),
        "copy_source": _("Copy source"),
        "apply_fix": _("Apply the fix"),
        "go_to": _("Go to #"),
        "done_of": _("{done} of {total} done"),
        "not_reviewed": _("not reviewed"),
        "this_article": _("this article"),
        "approved": _("approved"),
        "placeables": _("Placeables"),
        "tags": _("Tags to keep"),
        "leave": _("Some text is not saved yet. Leave anyway?"),
        "read_only": _("This piece is not yours to edit now."),
        "accept": _("Accept"),
        "accepted": _("Accepted by {person}"),
        "flag": _("Flag"),
        "flagged": _("Flagged by {person}: {comment}"),
        "flag_comment": _("What is wrong (a comment on this segment)"),
        "unmark": _("Take back"),
        "changed_since": _("Changed since the last round:"),
        "edited_by": _("Changed in review by {person}"),
    }


def row(
    segment: SegmentRow,
    target_lang: str,
    found: SegmentFindings | None,
    terms: list[Hit],
    suggestions: list[Suggestion],
    tags: list[Tag],
    *,
    mark: Mark | None = None,
    before: str | None = None,
    edited_by: str | None = None,
) -> dict[str, Any]:
    """One segment as the grid shows it: texts, state, findings, glossary, memory and placeables; in review,
    the reviewer's mark, the changes since ``before`` (the text of the last round) and who of the reviewers
    wrote the current text.
    """
    form = f" · {plural_label(target_lang, segment.plural_form)}" if segment.plural_form is not None else ""
    return {
        "id": segment.segment_id,
        "n": segment.position + 1,
        "kind": kind_label(segment.kind) + form,
        "source": segment.source,
        "source_html": marked_html(segment.source, terms),
        "previous_source": segment.previous_source if segment.outdated else None,
        "target": segment.target,
        "version": segment.version,
        "state": segment.state,
        "outdated": segment.outdated,
        "prefilled": segment.prefilled,
        "note": segment.note or "",
        "findings": [
            {"severity": str(f.severity), "icon": ICONS.get(str(f.severity), ""), "check": f.check}
            | {"message": translated(f.message), "fix": f.fix}
            for f in (found.open() if found else [])
        ],
        "set_aside": [
            {"check": check, "kind": _("muted") if waiver.kind == "mute" else _("overridden"), "reason": waiver.reason}
            for check, waiver in (found.waived.items() if found else [])
            if found is not None and any(f.check == check for f in found.findings)
        ],
        "terms": [
            {
                "text": segment.source[hit.start : hit.end],
                "translations": list(hit.term.translations),
                "note": "; ".join(t for t in (hit.term.definition, hit.term.note) if t),
            }
            for hit in terms
        ],
        "matches": [
            {
                "score": round(s.score),
                "source": s.source,
                "target": s.target,
                "origin": s.origin,
                "reviewed": s.reviewed,
                "same_context": s.same_context,
            }
            for s in suggestions
        ],
        "placeables": [
            {"kind": p.kind, "text": p.text, "open": p.open, "close": p.close} for p in placeables(segment.source)
        ],
        "tags": [{"token": t.token, "label": _(t.label), "markup": t.markup} for t in tags],
        "mark": {"verdict": mark.verdict, "by": mark.by, "comment": mark.comment or ""} if mark else None,
        "changed_html": diff_html(before, segment.target) if before is not None and before != segment.target else "",
        "edited_by": edited_by or "",
    }


def apply_saves(db: Database, user: User, saves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Save each text of a batch from the grid; one result per save: the stored text and version, a conflict
    with both texts and who saved when, or the refusal's message. Nothing typed is dropped: a refused text
    stays in the browser and in the segment's history.
    """
    results = []
    for save in saves:
        segment_id = int(save["segment"])
        if save.get("kind") == "mark":
            results.append(_apply_mark(db, user, segment_id, save.get("verdict"), str(save.get("comment") or "")))
            continue
        result: dict[str, Any] = {"segment": segment_id, "sent": save["text"]}
        try:
            stored = actions.save_segment(
                db, user, segment_id, str(save["text"]), int(save["base"]), done=bool(save.get("done"))
            )
            result |= {"ok": True, "text": stored.text, "version": stored.version, "state": stored.state}
        except StaleEdit as conflict:
            at = conflict.theirs_at
            result |= {
                "ok": False,
                "conflict": {
                    "theirs": conflict.theirs,
                    "version": conflict.current_version,
                    "by": conflict.theirs_by,
                    "at": f"{at:%Y-%m-%d %H:%M} UTC" if at else "",
                },
            }
        except WorkflowError as error:
            result |= {"ok": False, "error": translated(error.message)}
        results.append(result)
    return results


def _apply_mark(db: Database, user: User, segment_id: int, verdict: str | None, comment: str) -> dict[str, Any]:
    """A reviewer's accept or flag (or taking it back), as the grid sent it."""
    result: dict[str, Any] = {"segment": segment_id, "kind": "mark"}
    try:
        mark_segment(db, user, segment_id, verdict, comment)
        return result | {"ok": True, "mark": {"verdict": verdict, "by": user.display_name, "comment": comment}}
    except WorkflowError as error:
        return result | {"ok": False, "error": translated(error.message)}


def show(
    db: Database,
    user: User,
    piece_id: int,
    source_lang: str,
    target_lang: str,
    rows: Callable[[], list[dict[str, Any]]],
    *,
    editable: bool = True,
    mode: str = "translate",
    above: Callable[[list[dict[str, Any]]], None] | None = None,
    below: Callable[[], None] | None = None,
) -> None:
    """The grid, in a fragment: a save reruns only it, with what ``above`` and ``below`` show (progress,
    findings, submitting). ``rows`` reads the segments afresh on every run.
    """

    key = f"grid-{piece_id}"
    acks: dict[str, Any] = st.session_state.setdefault(f"grid-acks-{piece_id}", {})

    def on_save() -> None:  # runs before the fragment's rerun, so the answer goes out with it
        batch = getattr(st.session_state.get(key), "save", None)
        if not isinstance(batch, dict) or not batch.get("nonce"):
            return
        nonce = str(batch["nonce"])
        if nonce not in acks:  # a batch sent again (its answer lost) is answered from here, not saved twice
            acks[nonce] = apply_saves(db, user, list(batch.get("saves", [])))
            while len(acks) > 20:
                acks.pop(next(iter(acks)))
        st.session_state[f"grid-last-{piece_id}"] = nonce

    @st.fragment
    def grid() -> None:
        last = st.session_state.get(f"grid-last-{piece_id}")
        segments = rows()
        if above is not None:
            above(segments)
        data = {
            "piece": piece_id,
            "user": user.username,
            "editable": editable,
            "mode": mode,
            "source": {"lang": source_lang, "dir": language(source_lang).direction},
            "target": {"lang": target_lang, "dir": language(target_lang).direction},
            "rows": segments,
            "ack": {"nonce": last, "results": acks[last]} if last in acks else None,
            "labels": labels(),
        }
        GRID(key=key, data=data, on_save_change=on_save)
        if below is not None:
            below()

    grid()
