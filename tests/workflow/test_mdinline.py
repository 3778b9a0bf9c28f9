"""Inline Markdown as placeables for desktop tools: every text comes back exactly; translations keep numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.mdinline import from_tokens, matched, to_tokens


@pytest.mark.parametrize(
    ("markdown", "tokens"),
    [
        ("A *fine* day [1].", "A <1>fine</1> day [1]."),  # reference markers stay text
        ("See ![a cat](c.jpg) and <https://x.org>.", "See <1>a cat</1> and <2/>."),  # the alt text is text
        ("A [ref][r] and a note[^2].", "A <1>ref</1> and a note<2/>."),
        ("Line one  \nline two", "Line one<1/>line two"),
        ("snake_case stays, __strong__ goes", "snake_case stays, <1>strong</1> goes"),
        ("text.****", "text.****"),
        ("**[a](https://x.org/(b))**", "<1><2>a</2></1>"),
        ("press <1> now", "press \\<1> now"),
        ("کتاب‌ها *تازه*", "کتاب‌ها <1>تازه</1>"),
    ],
)
def test_markdown_as_tokens(markdown: str, tokens: str) -> None:
    text, table = to_tokens(markdown)
    assert text == tokens and from_tokens(text, table) == markdown


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab *_`[]()!<>^\\\n/:1")), max_size=40))
def test_any_text_comes_back_exactly(markdown: str) -> None:
    text, table = to_tokens(markdown)
    assert from_tokens(text, table) == markdown


def test_a_translation_takes_the_numbers_of_the_source() -> None:
    _text, table = to_tokens("See [the report](https://x.org) and **this**.")
    assert matched("**این** و [گزارش](https://x.org) را ببینید.", table) == "<2>این</2> و <1>گزارش</1> را ببینید."
    assert matched("[other](https://y.org)", table) == "<3>other</3>"  # not in the source: a number of its own
