"""The documentation says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from workflow.status import TRANSITIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_documented_transition_table_is_the_real_one() -> None:
    rows = re.findall(r"^\| (\w+) \| (\w+) \| ([\w, ]+) \|$", (DOCS / "workflow.md").read_text(), re.MULTILINE)
    documented = {(s, e): tuple(t.strip() for t in targets.split(",")) for s, e, targets in rows if s != "status"}
    actual = {(s.value, e.value): tuple(t.value for t in targets) for (s, e), targets in TRANSITIONS.items()}
    assert documented == actual


def test_every_action_and_query_is_in_the_api_docs() -> None:
    from workflow import actions, queries

    text = (DOCS / "api.md").read_text()
    for name in [*actions.__all__, *(n for n in queries.__all__ if n[0].islower())]:
        assert f"`{name}(" in text, f"docs/api.md does not describe {name}"
