"""The costliest figures of the dashboard, cached per process until the database changes.

Each entry is keyed on the database's address and its change stamp (the last audit event and the
last segment edit), so any claim, save, review or import anywhere shows at the next run; figures
that depend on the clock are also keyed on the minute.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from workflow import queries
from workflow.dashboard import Dashboard, dashboard
from workflow.db import Database
from workflow.queries import EditionProgress, TranslatorWords
from workflow.versions import Behind, behind

ENTRIES = 64


def _stamp(db: Database) -> tuple[str, tuple[int, ...]]:
    return db.url, queries.change_stamp(db)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def _progress(_db: Database, key: tuple[str, tuple[int, ...]]) -> list[EditionProgress]:
    return queries.progress(_db)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def _dashboard(_db: Database, key: tuple[str, tuple[int, ...]], minute: str) -> Dashboard:
    return dashboard(_db)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def _behind(_db: Database, key: tuple[str, tuple[int, ...]]) -> list[Behind]:
    return behind(_db)


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def _word_counts(
    _db: Database, key: tuple[str, tuple[int, ...]], start: datetime, end: datetime, username: str | None
) -> list[TranslatorWords]:
    return queries.word_counts(_db, start, end, username=username)


def progress(db: Database) -> list[EditionProgress]:
    """Pieces and words per edition and status."""
    return _progress(db, _stamp(db))


def dashboard_figures(db: Database) -> Dashboard:
    """Throughput, review time, backlog age, overdue work and expiring leases."""
    return _dashboard(db, _stamp(db), f"{db.now():%Y-%m-%d %H:%M}")


def behind_source(db: Database) -> list[Behind]:
    """Published translations whose source has changed since, per edition."""
    return _behind(db, _stamp(db))


def word_counts(db: Database, start: datetime, end: datetime, username: str | None = None) -> list[TranslatorWords]:
    """Words per translator in a period."""
    return _word_counts(db, _stamp(db), start, end, username)
