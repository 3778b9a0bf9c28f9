"""Segmentation: kinds, inline markup kept inside segments, stable hashes, and exact round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.importers import parse_paths
from workflow.segments import (
    ArticleContent,
    Segment,
    count_words,
    render_body,
    segment_hash,
    split_any_body,
    split_article,
    split_body,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "articles"

CASES = [
    ("# Title\n", [("heading", "Title")]),
    (
        "Para one\ncontinues here.\n\nPara two.",
        [("paragraph", "Para one\ncontinues here."), ("paragraph", "Para two.")],
    ),
    ("- one\n- two [3]\n  wrapped\n", [("list_item", "one"), ("list_item", "two [3]\nwrapped")]),
    ("1. first\n2) second\n", [("list_item", "first"), ("list_item", "second")]),
    ("> quoted *text*\n> more\n>\n> second para\n", [("quote", "quoted *text*\nmore"), ("quote", "second para")]),
    (
        "See [the site](https://example.org) and **this** [1].\n",
        [("paragraph", "See [the site](https://example.org) and **this** [1].")],
    ),
    ("```\ncode = 1\n```\n\nAfter.\n", [("paragraph", "After.")]),
    ("---\n\n***\n", []),
    ("[1]: https://example.org\n", []),
    ("| a | b |\n|---|---|\n", []),
    ("<div>html</div>\n\nText.\n", [("paragraph", "Text.")]),
    ("Heading\n=======\n\nText.\n", [("heading", "Heading"), ("paragraph", "Text.")]),
    ("Line with hard break  \nnext\n", [("paragraph", "Line with hard break  \nnext")]),
    ("Trailing spaces   \n", [("paragraph", "Trailing spaces")]),
    ("Windows\r\nline\r\n\r\nends\r\n", [("paragraph", "Windows\nline"), ("paragraph", "ends")]),
    ("## کتاب‌ها و [۱] منابع\n", [("heading", "کتاب‌ها و [۱] منابع")]),
    ("", []),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_split_body(body: str, expected: list[tuple[str, str]]) -> None:
    segments, template = split_body(body)
    assert [(s.kind, s.text) for s in segments] == expected
    assert render_body(template, [s.text for s in segments]) == body


def test_translations_fill_the_same_places() -> None:
    body = "## Heading\n\n- item one\n- item two\n  wrapped\n\n> a quote\n> on two lines\n"
    segments, template = split_body(body)
    out = render_body(template, ["عنوان", "مورد یک", "مورد دو\nادامه", "نقل\nقول\nسه خط"])
    assert out == "## عنوان\n\n- مورد یک\n- مورد دو\n  ادامه\n\n> نقل\n> قول\n> سه خط\n"
    with pytest.raises(ValueError, match="has 4 segments, got 1"):
        render_body(template, ["one"])
    assert len(segments) == 4


@pytest.mark.parametrize("path", sorted(DATA.glob("*.md")), ids=lambda p: p.stem)
def test_every_sample_article_round_trips(path: Path) -> None:
    sources, problems, _ = parse_paths([path])
    assert problems == []
    body = sources[0].content.body
    segments, template = split_body(body)
    assert segments
    assert render_body(template, [s.text for s in segments]) == body


def test_article_segments_in_reading_order() -> None:
    content = ArticleContent(
        title="T",
        lede="L",
        byline="By B",
        category="C",
        body="P one.\n\n## H\n",
        references=("[1] R.",),
        attribution="Translated by X",
    )
    assert [s.kind for s in split_article(content)] == [
        "title",
        "lede",
        "byline",
        "category",
        "paragraph",
        "heading",
        "reference",
        "attribution",
    ]
    assert [s.kind for s in split_article(ArticleContent(title="Only"))] == ["title"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("A day.", "A  day.", True),
        ("A day.", " A day.\n", True),
        ("A day.", "A\nday.", True),
        ("e\u0301", "é", True),
        ("A day.", "a day.", False),
        ("می\u200cشود", "میشود", False),  # ZWNJ is part of the word
        ("كتاب", "کتاب", False),  # Arabic and Persian kaf stay distinct
    ],
)
def test_segment_hash_is_stable_under_whitespace_and_nfc(a: str, b: str, same: bool) -> None:
    assert (segment_hash(a) == segment_hash(b)) is same


@pytest.mark.parametrize(
    ("text", "words"),
    [("Hello, world.", 2), ("کتاب‌ها را خواندم", 3), ("2026 — a year", 3), ("", 0), ("Shqipëri e bukur", 3)],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words
    assert Segment("paragraph", text).words == words


_WORD = st.text(alphabet=st.sampled_from(list("abcdefghij ABC کتابی‌ها ëç*_[]()1-.>#`")), min_size=1, max_size=12)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_BLOCK = st.one_of(
    _LINE.map(lambda t: t),
    _LINE.map(lambda t: f"## {t}"),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"- {x}" for x in ls)),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"> {x}" for x in ls)),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(f"{i}. {x}" for i, x in enumerate(ls, 1))),
    _LINE.map(lambda t: f"```\n{t}\n```"),
    st.lists(_LINE, min_size=2, max_size=3).map("\n".join),
)
_BODY = st.tuples(
    st.lists(_BLOCK, max_size=8), st.sampled_from(["\n\n", "\n\n\n", "\n"]), st.sampled_from(["", "\n", "  \n"])
).map(lambda t: t[1].join(t[0]) + t[2])


@settings(max_examples=300, deadline=None)
@given(_BODY)
def test_generated_markdown_round_trips(body: str) -> None:
    segments, template = split_body(body)
    assert render_body(template, [s.text for s in segments]) == body
    assert all(s.text.strip() for s in segments)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_round_trips(body: str) -> None:
    segments, template = split_body(body)
    assert render_body(template, [s.text for s in segments]) == body


@pytest.mark.parametrize(
    ("body", "segments"),
    [
        (
            "| Year | Readers |\n|---|--:|\n| 2025 | 1,240 |\n| 2026 | x \\| y |\n",
            [
                ("cell", "Year"),
                ("cell", "Readers"),
                ("cell", "2025"),
                ("cell", "1,240"),
                ("cell", "2026"),
                ("cell", "x \\| y"),
            ],
        ),
        ("a | b\n--- | ---\n1 | |\n", [("cell", "a"), ("cell", "b"), ("cell", "1")]),  # no outer pipes, an empty cell
        (
            "Text[^1].\n\n[^1]: The note\n    goes on.\n",
            [("paragraph", "Text[^1]."), ("footnote", "The note\ngoes on.")],
        ),
        ('![A cat on a wall](cat.jpg "Cat")\n', [("alt", "A cat on a wall")]),
        ("See ![a cat](cat.jpg) here.\n", [("paragraph", "See ![a cat](cat.jpg) here.")]),  # inline: in its text
        ("| not a table\n\nText.\n", [("paragraph", "Text.")]),  # a pipe line without a delimiter row
    ],
)
def test_commonmark_bodies_segment_tables_footnotes_and_images(body: str, segments: list[tuple[str, str]]) -> None:
    found, template = split_any_body(body, "commonmark")
    assert [(s.kind, s.text) for s in found] == segments
    assert template.render([s.text for s in found]) == body


def test_a_translated_cell_stays_one_cell() -> None:
    _found, template = split_any_body("| a | b |\n|---|---|\n| 1 | 2 |\n", "commonmark")
    assert template.render(["x|y", "b", "1", "two\nlines"]) == "| x\\|y | b |\n|---|---|\n| 1 | two lines |\n"


def test_bodies_stored_before_keep_their_segments() -> None:
    table = "Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert [s.kind for s in split_any_body(table, "markdown")[0]] == ["paragraph"]  # the table stays literal
    assert [s.kind for s in split_any_body(table, "commonmark")[0]] == ["paragraph", "cell", "cell", "cell", "cell"]
