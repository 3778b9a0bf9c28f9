"""Pieces of the page used everywhere: right-to-left text, status badges, lease times, errors."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.i18n import N_
from ui.session import flash, ngettext, plain, shown
from ui.session import gettext_ as _
from workflow.errors import ImportFailed, WorkflowError
from workflow.glossary import Hit
from workflow.languages import language
from workflow.limits import max_import_bytes
from workflow.plurals import plural_forms

T = TypeVar("T")

STYLE = """
<style>
textarea, input[type="text"], [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stMarkdownContainer"] blockquote { unicode-bidi: plaintext; text-align: start; }
.dragoman-text { white-space: pre-wrap; unicode-bidi: plaintext; text-align: start; padding: 0.25rem 0; }
.dragoman-rtl [data-testid="stAppViewContainer"], .dragoman-rtl [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stCaptionContainer"], [data-testid="stAlertContainer"] { text-align: start; }
</style>
"""

#: the words Streamlit's own widgets write in English, replaced in the reader's language: the uploader's button
#: and its size hint (Dragoman's own limit, not Streamlit's 200 MB). The "Press Enter to apply" hints, which CSS
#: cannot tell apart to translate, are left out in the other languages.
FOREIGN_WIDGETS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: UPLOAD; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: LIMIT; font-size: 0.8rem; }
</style>
"""


def _css_string(text: str) -> str:
    """Text as a CSS string: quoted, its quotes and backslashes escaped, and no "<" to end the style element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def page_style(interface_direction: str, language_code: str = "en") -> None:
    """Inject the text-direction rules once per run; the whole layout reads right to left in ar and fa; the
    page's own language is the interface language; Streamlit's English words are replaced.
    """
    limit = _("Up to {mb} MB per file").format(mb=round(max_import_bytes() / 1024 / 1024, 1)).replace(".0 ", " ")
    extra = FOREIGN_WIDGETS.replace("UPLOAD", _css_string(_("Upload"))).replace("LIMIT", _css_string(limit))
    if language_code != "en":
        extra += "<style>[data-testid='InputInstructions'] { display: none; }</style>"
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(language_code)};</script>",
        unsafe_allow_javascript=True,
    )
    if interface_direction == "rtl":
        extra += (
            "<style>[data-testid='stAppViewContainer'], [data-testid='stSidebar'] { direction: rtl; }"
            " [data-testid='stAppViewContainer'] :is(h1, h2, h3, h4) { text-align: start; }"
            # chart labels are drawn on a canvas that mis-places text under rtl; the labels keep their own script
            " [data-testid='stVegaLiteChart'] { direction: ltr; }</style>"
        )
    st.html(STYLE + extra)


def text_block(text: str, lang: str | None) -> None:
    """Read-only text in its own language's direction (or the text's own, when the language is unknown)."""
    if lang is None:
        st.html(f'<div class="dragoman-text" dir="auto">{html.escape(text)}</div>')
    else:
        st.html(f'<div class="dragoman-text" lang="{lang}" dir="{language(lang).direction}">{html.escape(text)}</div>')


def marked_html(text: str, hits: list[Hit]) -> str:
    """``text`` escaped, with its glossary terms marked; each mark shows the approved translation on hover."""
    parts, at = [], 0
    for hit in hits:
        title = " / ".join(hit.term.translations) + (f" — {hit.term.note}" if hit.term.note else "")
        parts.append(html.escape(text[at : hit.start]))
        parts.append(f'<mark title="{html.escape(title)}">{html.escape(text[hit.start : hit.end])}</mark>')
        at = hit.end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


STATUS_LABELS = {
    "open": N_("Open"),
    "in_translation": N_("In translation"),
    "submitted": N_("Submitted"),
    "in_review": N_("In review"),
    "changes_requested": N_("Changes requested"),
    "approved": N_("Approved"),
    "published": N_("Published"),
    "withdrawn": N_("Withdrawn"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def lease_left(left: timedelta | None) -> str:
    if left is None:
        return ""
    hours = max(0, int(left.total_seconds() // 3600))
    if hours >= 48:
        days = hours // 24
        return ngettext("{n} day left", "{n} days left", days).format(n=days)
    return ngettext("{n} hour left", "{n} hours left", hours).format(n=hours)


KIND_LABELS = {
    "title": N_("title"),
    "lede": N_("lede"),
    "byline": N_("byline"),
    "category": N_("category"),
    "heading": N_("heading"),
    "paragraph": N_("paragraph"),
    "list_item": N_("list item"),
    "quote": N_("quote"),
    "reference": N_("reference"),
    "attribution": N_("attribution"),
    "correction": N_("correction note"),
    "cell": N_("table cell"),
    "caption": N_("caption"),
    "alt": N_("image description (alt text)"),
    "tooltip": N_("title shown on hover"),
    "citation": N_("citation"),
    "term": N_("term"),
    "definition": N_("definition"),
    "preformatted": N_("preformatted text"),
    "footnote": N_("footnote"),
    "message": N_("interface string"),
    "plural": N_("interface string with plural forms"),
}

PLURAL_LABELS = {
    "zero": N_("zero"),
    "one": N_("one"),
    "two": N_("two"),
    "few": N_("few"),
    "many": N_("many"),
    "other": N_("other"),
}


def plural_label(code: str, form: int) -> str:
    """Which plural form a box is for, with numbers that take it: "form 4 of 6 · few · 3, 4, 5, 6 …"."""
    forms = plural_forms(code)
    chosen = forms[form]
    numbers = ", ".join(str(n) for n in chosen.examples) + (" …" if len(chosen.examples) > 1 else "")
    return _("form %(number)s of %(total)s") % {"number": form + 1, "total": len(forms)} + (
        f" · {_(PLURAL_LABELS[chosen.category])} · {numbers}"
    )


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


ROLE_LABELS = {
    "translator": N_("Translator"),
    "reviewer": N_("Reviewer"),
    "editor": N_("Editor"),
    "admin": N_("Admin"),
}


def role_label(role: str) -> str:
    return _(ROLE_LABELS.get(role, role))


def table(rows: list[dict[str, object]], *, mirrored: bool = False) -> None:
    """Rows as a table; none is a sentence ("Nothing here yet."), never a grid saying "empty". ``mirrored`` draws
    an HTML table, which reads right to left in Arabic and Persian (the data grid always reads left to right).
    """
    if not rows:
        st.caption(_("Nothing here yet."))
    elif mirrored:  # an HTML table reads its cells as Markdown: every text shows as typed, nothing more
        st.table([{key: plain(v) if isinstance(v, str) else v for key, v in row.items()} for row in rows])
    else:
        st.dataframe(rows, hide_index=True)


def run_action(action: Callable[[], object]) -> None:
    """Do a workflow action for a button: "Done." and the page again (showing what is now stored) when it
    worked, the workflow's own message when refused.
    """
    try:
        action()
    except WorkflowError as error:
        st.error(shown(error.message))
        return
    flash(_("Done."))
    st.rerun()


def confirm_release(place: DeltaGenerator, key: str, release: Callable[[], None]) -> None:
    """A Release button that asks first: the piece goes back to the queue for anyone in its pair to claim."""
    asking = f"confirm-{key}"
    if place.button(_("Release"), key=key):
        st.session_state[asking] = True
    if not st.session_state.get(asking):
        return
    with st.container(border=True):
        st.warning(_("Release this piece? The saved translation stays with it, and anyone in its pair may claim it."))
        yes, no = st.columns(2)
        if yes.button(_("Yes, release it"), key=f"{key}-yes", type="primary"):
            st.session_state[asking] = False
            release()
        if no.button(_("Cancel"), key=f"{key}-no"):
            st.session_state[asking] = False
            st.rerun()


def imported(action: Callable[[], T]) -> T | None:
    """Run an import for a button: its result, or None once the refusal is shown (every problem of a refused
    file with its place, or the workflow's own message).
    """
    try:
        return action()
    except ImportFailed as failed:
        show_refused_import(failed)
    except WorkflowError as error:
        st.error(shown(error.message))
    return None


def show_refused_import(failed: ImportFailed) -> None:
    """An import refused as a whole: say so, and list every problem with its file and place."""
    st.error(_("Nothing was imported. Fix these problems and try again:"))
    for problem in failed.problems:
        where = shown(problem.location)
        st.markdown(f"- {plain(Path(problem.file).name)} {where}: {shown(problem.reason)}")
