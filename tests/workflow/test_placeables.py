"""Placeables: what of a source segment the editor offers to insert rather than retype."""

from __future__ import annotations

import pytest

from workflow.placeables import placeables


def _shown(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text or f"{p.open}…{p.close}") for p in placeables(text)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Nothing to keep here.", []),
        ("See <1>the <2>report</2></1>.<3/>", [("tag", "<1>…</1>"), ("tag", "<2>…</2>"), ("tag", "<3/>")]),
        ("Read [the report](https://example.org/r) now.", [("link", "[…](https://example.org/r)")]),
        ('A [titled](/a "Title") link', [("link", '[…](/a "Title")')]),
        ("An ![image](pic.png) here", [("link", "![…](pic.png)")]),
        ("Say *this* and **that**.", [("emphasis", "*…*"), ("emphasis", "**…**")]),
        ("Run `pip install dragoman` first.", [("code", "`pip install dragoman`")]),
        ("Go to https://example.org/a.", [("url", "https://example.org/a")]),
        (
            "3.5% of 1,200 on 2026-12-07 at 10:30",
            [("number", "3.5"), ("number", "1,200"), ("number", "2026-12-07"), ("number", "10:30")],
        ),
        ("روز ۱۲ در *تهران*", [("number", "۱۲"), ("emphasis", "*…*")]),  # a Persian source's own digits
        ("Day 2, then day 2 again", [("number", "2")]),  # each once
        ("See **<1>page 12</1>**", [("emphasis", "**…**"), ("tag", "<1>…</1>"), ("number", "12")]),
        ("Not a link: \\[x](y), a 2x2 grid, a*b*c", []),  # escaped, or inside words
        ("Version `v2 of 3`", [("code", "`v2 of 3`")]),  # nothing inside code is offered again
        ("[12 ways](https://x.org/12)", [("link", "[…](https://x.org/12)"), ("number", "12")]),
    ],
)
def test_placeables_of_a_source(source: str, expected: list[tuple[str, str]]) -> None:
    assert _shown(source) == expected
