"""Pieces of the page used everywhere: right-to-left text, status badges, lease times, errors."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import streamlit as st

from ui.i18n import N_
from ui.session import gettext_ as _
from ui.session import ngettext, plain, shown
from workflow.errors import ImportFailed, WorkflowError
from workflow.glossary import Hit
from workflow.languages import language
from workflow.plurals import plural_forms

T = TypeVar("T")

STYLE = """
<style>
textarea, input[type="text"], [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stMarkdownContainer"] blockquote { unicode-bidi: plaintext; text-align: start; }
.dragoman-text { white-space: pre-wrap; unicode-bidi: plaintext; text-align: start; padding: 0.25rem 0; }
.dragoman-rtl [data-testid="stAppViewContainer"], .dragoman-rtl [data-testid="stSidebar"] { direction: rtl; }
</style>
"""


def page_style(interface_direction: str) -> None:
    """Inject the text-direction rules once per run; the whole layout reads right to left in ar and fa."""
    extra = ""
    if interface_direction == "rtl":
        extra = (
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


def marked_block(text: str, lang: str, hits: list[Hit]) -> None:
    """Read-only text with its glossary terms marked; each mark shows the approved translation on hover."""
    parts, at = [], 0
    for hit in hits:
        title = " / ".join(hit.term.translations) + (f" — {hit.term.note}" if hit.term.note else "")
        parts.append(html.escape(text[at : hit.start]))
        parts.append(f'<mark title="{html.escape(title)}">{html.escape(text[hit.start : hit.end])}</mark>')
        at = hit.end
    parts.append(html.escape(text[at:]))
    direction = language(lang).direction
    st.html(f'<div class="dragoman-text" lang="{lang}" dir="{direction}">{"".join(parts)}</div>')


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


def run_action(action: Callable[[], object]) -> None:
    """Do a workflow action for a button: "Done." when it worked, the workflow's own message when refused."""
    try:
        action()
        st.success(_("Done."))
    except WorkflowError as error:
        st.error(shown(error.message))


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
