"""HTML bodies: segments with placeables, a template that gives the source back, balanced HTML whatever a
translation says.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.htmlbody import VOID, parse_body, split_html, tags_of
from workflow.segments import ArticleContent, article_tags, segment_hash, split_article


def _pairs(html: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in split_html(html)[0]]


@pytest.mark.parametrize(
    ("html", "segments"),
    [
        ("<p>One <em>two</em> <code>three</code></p>", [("paragraph", "One <1>two</1> <2>three</2>")]),
        ("<h3>Title</h3>", [("heading", "Title")]),
        (
            "<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>",
            [("list_item", "a"), ("list_item", "b"), ("list_item", "c")],
        ),
        (
            "<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>2011</td></tr></tbody></table>",
            [("cell", "Year"), ("cell", "2011")],
        ),
        ("<dl><dt>Term</dt><dd>Meaning</dd></dl>", [("term", "Term"), ("definition", "Meaning")]),
        (
            "<blockquote><p>Said so.</p><cite>A. Writer</cite></blockquote>",
            [("quote", "Said so."), ("citation", "A. Writer")],
        ),
        (
            '<figure><img src="a.jpg" alt="A cat"><figcaption>The <b>cat</b></figcaption></figure>',
            [("alt", "A cat"), ("caption", "The <1>cat</1>")],
        ),
        ('<p><a href="/x" title="More"><img src="i.png" alt=""></a></p>', [("tooltip", "More")]),
        ("<p>Line one<br>\nline two</p>", [("paragraph", "Line one<1/> line two")]),
        ('<p>See [gallery ids="1,2"] here.</p>', [("paragraph", "See <1/> here.")]),
        ("<p>[gallery]</p>", []),  # a shortcode alone is no text to translate
        ("<!-- wp:paragraph -->\n<p>Hi there.</p>\n<!-- /wp:paragraph -->", [("paragraph", "Hi there.")]),
        ("<pre><code>x = 1\ny = 2</code></pre>", []),  # code stays as it is
        ("<pre>Two roads\n  diverged</pre>", [("preformatted", "Two roads\n  diverged")]),
        ("<figure><div>\nhttps://www.youtube.com/watch?v=x\n</div></figure>", []),  # an embed by address
        ("<p>press <1> to go, C:\\temp</p>", [("paragraph", "press \\<1> to go, C:\\\\temp")]),
        (
            "<div>Loose text<p>and a paragraph</p></div>",
            [("paragraph", "Loose text"), ("paragraph", "and a paragraph")],
        ),
        ("<p>x<script>alert(1)</script>y</p>", [("paragraph", "x<1/>y")]),
        ('<p><span lang="fa" dir="rtl">کتاب‌ها</span> are books.</p>', [("paragraph", "<1>کتاب‌ها</1> are books.")]),
    ],
)
def test_segments_of_html(html: str, segments: list[tuple[str, str]]) -> None:
    assert _pairs(html) == segments


@pytest.mark.parametrize(
    "html",
    [
        '<h2>Plans</h2>\n<p>See <a href="https://x.org/?a=1&amp;b=2">the <b>report</b></a>.<br>Now.</p>',
        '<!-- wp:image --><figure class="wp-block-image"><img src="a.jpg" alt="A &quot;cat&quot;"></figure>',
        "<table><tbody><tr><td>1 &lt; 2</td><td></td></tr></tbody></table>",
        "<ol><li>One<ol><li>Two</li></ol></li></ol>\n\n<hr>\n<p>End &amp; more</p>",
    ],
)
def test_the_source_texts_give_the_body_back(html: str) -> None:
    segments, template = split_html(html)
    rendered = template.render([s.text for s in segments])
    assert rendered == (parse_body(html).inner_html or "")
    again, template_again = split_html(rendered)
    assert again == segments and template_again.render([s.text for s in again]) == rendered


def test_a_translation_keeps_the_tags_of_the_source() -> None:
    segments, template = split_html(
        '<figure><img src="a.jpg" alt="A cat"><figcaption>A <a href="/c">cat</a></figcaption></figure>'
    )
    assert [s.text for s in segments] == ["A cat", "A <1>cat</1>"]
    assert template.render(["یک گربه", "یک <1>گربه</1>"]) == (
        '<figure><img src="a.jpg" alt="یک گربه"><figcaption>یک <a href="/c">گربه</a></figcaption></figure>'
    )


@pytest.mark.parametrize(
    ("translation", "html"),
    [
        ("<1>a</1>", '<p><a href="/x">a</a></p>'),
        ("a</1>", "<p>a</p>"),  # a closing token with no opening one is left out
        ("<1>a", '<p><a href="/x">a</a></p>'),  # every opened tag is closed
        ("<1>a<2>b</1>c</2>", '<p><a href="/x">a<b>b</b></a>c</p>'),  # misnesting cannot reach the HTML
        ("<1>a</1><1>b</1>", '<p><a href="/x">a</a>b</p>'),  # a placeable is used once
        ("<9>a</9> <script>x</script>", "<p>a &lt;script&gt;x&lt;/script&gt;</p>"),  # typed tags are text
        ("<2/>", "<p></p>"),  # the token of a pair written as a standalone one
    ],
)
def test_any_translation_rebuilds_balanced(translation: str, html: str) -> None:
    segments, template = split_html('<p><a href="/x">link <b>bold</b></a></p>')
    assert [s.text for s in segments] == ["<1>link <2>bold</2></1>"]
    assert template.render([translation]) == html


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()


SAMPLE = (
    '<h2>A <i>b</i></h2><p>One <a href="/x">two <b>three</b></a><br>four <img src="i.png" alt="pic"></p>'
    "<ul><li>x<ul><li>y</li></ul></li></ul><table><tr><td>c <em>d</em></td></tr></table>"
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("ab <>/123\\&\"'")), max_size=30), min_size=6, max_size=6))
def test_whatever_the_translations_the_html_is_balanced(texts: list[str]) -> None:
    segments, template = split_html(SAMPLE)
    assert len(segments) == 6
    balance = _Balance()
    balance.feed(template.render(texts))
    balance.close()
    assert balance.open == []


def test_segment_hashes_stay_for_unchanged_text() -> None:
    before = split_html('<p>Same <a href="/old">words</a>.</p><p>Old.</p>')[0]
    after = split_html('<p>Same <a href="/new">words</a>.</p><p>New.</p>')[0]
    assert before[0].hash == after[0].hash == segment_hash("Same <1>words</1>.") and before[1].hash != after[1].hash


def test_the_tags_of_a_segment_say_what_they_stand_for() -> None:
    segments, template = split_html('<p>See <a href="https://x.org">it</a>,<br><img src="i.png" alt="pic"></p>')
    texts = [s.text for s in segments]
    assert [(t.token, t.label, t.markup) for t in tags_of(template, texts, 0)] == [
        ("<1>…</1>", "link", '<a href="https://x.org">'),
        ("<2/>", "line break", "<br>"),
        ("<3/>", "image", '<img src="i.png" alt="pic">'),
    ]
    content = ArticleContent("Title", '<p>See <a href="https://x.org">it</a></p>', body_format="html")
    assert [s.kind for s in split_article(content)] == ["title", "paragraph"]
    assert [t.token for t in article_tags(content)[1]] == ["<1>…</1>"]
    assert article_tags(ArticleContent("Title", "See [it](https://x.org)")) == {}


def test_inline_images_keep_their_translated_alt() -> None:
    segments, template = split_html('<p>Look <img src="i.png" alt="a bird"> here.</p>')
    assert [(s.kind, s.text) for s in segments] == [("paragraph", "Look <1/> here."), ("alt", "a bird")]
    html = template.render(["Shiko <1/> këtu.", "një zog"])
    assert html == '<p>Shiko <img src="i.png" alt="një zog"> këtu.</p>'
    assert re.search(r'alt="një zog"', html)
