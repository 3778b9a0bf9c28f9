"""Hostile and careless input: refused quickly, with one clear sentence, and nothing changed; any stored
text still gives well-formed bundles.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tests.factories import get_piece, make_article
from tests.workflow.flows import make_cast
from workflow import actions, queries
from workflow.bundle import build
from workflow.bundle.collect import EditionArticle
from workflow.bundle.render import EditionInfo, inline, render
from workflow.catalogs import read_catalog
from workflow.characters import FORBIDDEN, InvalidText
from workflow.comments import add_comment
from workflow.db import Database
from workflow.desktop import export_xliff, import_xliff
from workflow.errors import ImportFailed
from workflow.glossary import parse_csv
from workflow.importers import import_paths, import_sources, parse_paths
from workflow.models import Article
from workflow.permissions import CONSOLE
from workflow.tbx import parse_tbx
from workflow.tmx import parse_tmx
from workflow.xliff import parse_xliff


def _no_articles(db: Database) -> None:
    with db.read() as session:
        assert session.exec(select(Article.id)).first() is None


CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\ufffe"]
EDITIONS = [
    EditionInfo("fa", "فارسی", "rtl", "persian", "solar_hijri"),
    EditionInfo("en", "English", "ltr", "latin", "gregorian"),
]


def _article(**texts: object) -> EditionArticle:
    fields: dict[str, object] = {
        "slug": "story",
        "language": "fa",
        "source_language": "en",
        "title": "عنوان",
        "lede": None,
        "byline": None,
        "category": None,
        "tags": (),
        "published_on": date(2026, 11, 2),
        "source_url": None,
        "attribution": None,
        "references": (),
        "body": "بند",
        "segments": (("title", "عنوان"),),
        "piece_id": 1,
        "status": "approved",
    }
    fields.update(texts)
    return EditionArticle(**fields)  # type: ignore[arg-type]


class _Balance(HTMLParser):
    """Start and end tags in order (void elements aside): what a page made of escaped text must keep."""

    VOID: ClassVar[set[str]] = {"meta", "link", "br", "hr", "img", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> does not close the open element"


def _assert_well_formed(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        text = data.decode("utf-8")  # a lone surrogate would not encode
        assert not FORBIDDEN.search(text.replace("\r", "")), path
        if path.endswith((".xml", ".atom")):
            ET.fromstring(data)
        elif path.endswith(".json"):
            json.loads(data)
        elif path.endswith(".html"):
            balance = _Balance()
            balance.feed(text)
            balance.close()
            assert balance.open == [], path


any_text = st.text(st.characters(codec=None, blacklist_categories=()), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=any_text,
    lede=st.none() | any_text,
    byline=st.none() | any_text,
    category=st.none() | any_text,
    tags=st.lists(any_text, max_size=3),
    attribution=st.none() | any_text,
    references=st.lists(any_text, max_size=2),
    body=any_text,
    edition=st.sampled_from(EDITIONS),
)
def test_any_stored_text_gives_well_formed_files(
    title: str,
    lede: str | None,
    byline: str | None,
    category: str | None,
    tags: list[str],
    attribution: str | None,
    references: list[str],
    body: str,
    edition: EditionInfo,
) -> None:
    article = _article(
        title=title,
        lede=lede,
        byline=byline,
        category=category,
        tags=tuple(tags),
        attribution=attribution,
        references=tuple(references),
        body=body,
        segments=(("title", title), ("paragraph", body)),
    )
    _assert_well_formed(render(edition, [article], {"story": ["en", "fa"]}))


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec=None), max_size=60))
def test_inline_markup_cannot_be_forged_by_text(text: str) -> None:
    html = inline(text)
    assert "\x00" not in html
    balance = _Balance()
    balance.feed(html)
    assert balance.open == []


def test_a_forged_link_marker_in_a_title_still_exports(db: Database, tmp_path: Path) -> None:
    _assert_well_formed(render(EDITIONS[0], [_article(title="\x000\x00 [a](https://x.org) \x005\x00")]))


# Every entry refuses control characters, naming where, and changes nothing.


def _markdown(tmp_path: Path, title: str = "Title", body: str = "Body text here.") -> Path:
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: {json.dumps(title)}\nlanguage: en\n---\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("field", ["title", "body"])
def test_markdown_with_a_control_character_imports_nothing(
    db: Database, tmp_path: Path, field: str, control: str
) -> None:
    if control in ("\x00", "\ud800") and field == "body":
        control = "\x01"  # a raw NUL makes the file binary, a raw surrogate makes it invalid UTF-8: refused as such
    escaped = json.dumps(control)[1:-1]
    title = f"A {escaped} title" if field == "title" else "Title"
    path = tmp_path / "story.md"
    body = f"Body {control} text." if field == "body" else "Body text."
    path.write_text(f'---\ntitle: "{title}"\nlanguage: en\n---\n{body}\n', encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ImportFailed) as refused:
        import_paths(db, CONSOLE, [path])
    assert "control character U+" in str(refused.value) and f"field '{field}'" in str(refused.value)
    _no_articles(db)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"title": NaN, "language": "en", "body": "x"}', "NaN is not a number JSON allows"),
        ('{"title": "T", "language": "en", "body": "x", "priority": Infinity}', "Infinity is not a number"),
        ('{"title": "T", "title": "U", "language": "en", "body": "x"}', "the key 'title' appears twice"),
        ('{"title": "T", "language": "en", "body": "x", "priority": ' + "9" * 30 + "}", "numbers have at most 18"),
        ('{"title": "T", "language": "en", "body": "x", "priority": ' + "9" * 5000 + "}", "numbers have at most 18"),
        ('{"title": "T", "language": "en", "body": "x", "priority": 1e999}', "too large"),
        ('{"title": "T", "language": "en", "body": "x", "priority": 10000000}', "from -1000000 to 1000000"),
        ('{"title": "\\ud800", "language": "en", "body": "x"}', "U+D800 (a lone surrogate)"),
        ('{"title": "", "language": "en", "body": "x"}', "the title is missing or empty"),
        ('{"title": "   ", "language": "en", "body": "x"}', "the title is missing or empty"),
        ("[" * 100_000 + "]" * 100_000, "nests more than 32 levels"),
        ('{"title": "T", "language": "en", "body": "x", "published_on": "2026-13-45"}', "is not a date"),
    ],
)
def test_bad_json_imports_nothing_with_one_clear_sentence(db: Database, tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "story.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ImportFailed, match=re.escape(reason)) as refused:
        import_paths(db, CONSOLE, [path])
    assert len(str(refused.value)) < 400
    _no_articles(db)


@pytest.mark.parametrize(
    ("front_matter", "reason"),
    [
        ("date: 2026-13-45", "'2026-13-45' is not a date"),
        ("date: '2026-11-02'", None),
        ("priority: " + "9" * 5000, "from -1000000 to 1000000"),
        ("priority: 99999999999999999999999999999", "from -1000000 to 1000000"),
        ("priority: !!int nine", "not valid"),
        ("tags: " + "[" * 5000 + "]" * 5000, "not valid"),
        ("slug: &a story\nbyline: *a", "anchor or alias"),
    ],
)
def test_bad_front_matter_is_refused_not_a_traceback(
    db: Database, tmp_path: Path, front_matter: str, reason: str | None
) -> None:
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: T\nlanguage: en\n{front_matter}\n---\nBody text.\n", encoding="utf-8")
    _sources, problems, _warnings = parse_paths([path])
    if reason is None:
        assert problems == []
    else:
        assert len(problems) == 1 and reason in str(problems[0]), problems
        assert len(str(problems[0])) < 400


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines)


@pytest.mark.parametrize("field", ["title", "published_on", "tags"])
def test_a_yaml_alias_bomb_is_refused_before_it_grows(tmp_path: Path, field: str) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(f"---\n{_bomb(9)}\n{field}: *a8\nlanguage: en\n---\nBody.\n", encoding="utf-8")
    assert len(path.read_bytes()) < 700
    _sources, problems, _warnings = parse_paths([path])
    assert [str(p) for p in problems] == [
        f"{path} (line 2): the front matter uses a YAML anchor or alias (&name, *name); write each value out in full"
    ]


def test_a_huge_value_is_quoted_as_a_short_excerpt(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text(f"---\ntitle: T\nlanguage: en\ndate: {'x' * 1_000_000}\n---\nBody.\n", encoding="utf-8")
    _sources, problems, _warnings = parse_paths([path])
    assert len(problems) == 1 and len(str(problems[0])) < 300


def test_the_editor_comments_and_reasons_refuse_control_characters(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db, paragraphs=1)["fa"].id
    assert piece_id is not None
    actions.claim(db, cast.translator, piece_id)
    row = queries.piece_segments(db, piece_id)[0]
    with pytest.raises(InvalidText, match=r"the text holds the control character U\+0000 \(NULL\) at line 1, column 3"):
        actions.save_segment(db, cast.translator, row.segment_id, "ab\x00c", row.version)
    assert queries.piece_segments(db, piece_id)[0].target == ""
    with pytest.raises(InvalidText, match="the comment holds"):
        add_comment(db, cast.translator, piece_id, "see\x1b[31m")
    with pytest.raises(InvalidText, match="the comment holds"):
        actions.release(db, cast.translator, piece_id, comment="bye\x07")
    assert get_piece(db, piece_id).holder_id == cast.translator.id


def test_xliff_po_tmx_tbx_and_csv_with_control_characters_import_nothing(db: Database) -> None:
    cast = make_cast(db)
    piece_id = make_article(db, paragraphs=1)["fa"].id
    assert piece_id is not None
    actions.claim(db, cast.translator, piece_id)
    data = export_xliff(db, cast.translator, [piece_id])
    poisoned = re.sub(
        rb"<target([^>]*?)(/>|>[^<]*</target>)", "<target\\1>ترجمه\u0085</target>".encode(), data, count=1
    )
    assert poisoned != data
    with pytest.raises(ImportFailed, match=r"U\+0085"):
        import_xliff(db, cast.translator, poisoned, "mine.xlf")
    assert all(row.target == "" for row in queries.piece_segments(db, piece_id))

    po = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Home"\nmsgstr "خانه\x1b"\n'
    with pytest.raises(ImportFailed, match=r"U\+001B \(ESCAPE\) at line 5"):
        read_catalog(po.encode(), "fa.po")
    tmx = (
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Home</seg></tuv>'
        '<tuv xml:lang="fa"><seg>خانه\x85</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(ImportFailed, match=r"unit 1\): the control character U\+0085"):
        parse_tmx(tmx.encode(), "m.tmx", "en", "fa")
    with pytest.raises(ImportFailed, match=r"U\+0007"):
        parse_csv("term,translations\nTehran,تهران\x07\n", "g.csv")


XML_IMPORTERS = {
    "wordpress": lambda data, tmp_path: parse_paths([_write(tmp_path / "site.xml", data)])[1],
    "tmx": lambda data, _tmp: parse_tmx(data, "m.tmx", "en", "fa"),
    "tbx": lambda data, _tmp: parse_tbx(data, "g.tbx", "en", "fa"),
    "xliff": lambda data, _tmp: parse_xliff(data, "x.xlf"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _problems(importer: str, data: bytes, tmp_path: Path) -> str:
    try:
        found = XML_IMPORTERS[importer](data, tmp_path)
    except ImportFailed as refused:
        return str(refused)
    return "\n".join(str(p) for p in found) if isinstance(found, list) and found and hasattr(found[0], "reason") else ""


@pytest.mark.parametrize("importer", XML_IMPORTERS)
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<?xml version="1.0" encoding="x-bogus-42"?><x/>', "the encoding 'x-bogus-42', which cannot be read"),
        (b'<?xml version="1.0" encoding="shift_jis"?><x/>', "the encoding 'shift_jis', which cannot be read"),
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?><x>تهران</x>'.encode(),
            "(line 1, column 47): the file declares the encoding 'ISO-8859-1', but its bytes are UTF-8",
        ),
        ('<?xml version="1.0"?>\n<x>Tiranë</x>'.encode("latin-1"), "(line 2, column 9): byte 0xeb is not UTF-8"),
    ],
)
def test_xml_files_are_read_by_their_declared_encoding(importer: str, data: bytes, reason: str, tmp_path: Path) -> None:
    assert reason in _problems(importer, data, tmp_path)


def test_a_genuine_latin1_wordpress_export_imports(tmp_path: Path) -> None:
    wxr = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><language>sq</language>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title>Përshëndetje nga Tirana</title>"
        "<wp:post_name>pershendetje</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_date>2026-11-02 09:00:00</wp:post_date>"
        "<content:encoded><![CDATA[<p>Çdo ditë në qytetin tonë ka diçka të re për të parë.</p>]]></content:encoded>"
        "</item></channel></rss>"
    )
    path = _write(tmp_path / "site.xml", wxr.encode("latin-1"))
    sources, problems, _warnings = parse_paths([path])
    assert problems == [] and [s.content.title for s in sources] == ["Përshëndetje nga Tirana"]


SIZED = {
    "tmx": lambda data: parse_tmx(data, "big.tmx", "en", "fa"),
    "tbx": lambda data: parse_tbx(data, "big.tbx", "en", "fa"),
    "xliff": lambda data: parse_xliff(data, "big.xlf"),
    "po": lambda data: read_catalog(data, "big.po"),
    "csv": lambda data: parse_csv(data.decode(), "big.csv"),
}


@pytest.mark.parametrize("kind", SIZED)
def test_every_import_has_a_size_limit_that_can_be_set(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setenv("DRAGOMAN_MAX_IMPORT_MB", "0.5")
    data = b"<x>" + b"a" * (600 * 1024) + b"</x>"
    with pytest.raises(ImportFailed, match=r"the file is 0\.6 MB; the limit is 0\.5 MB \(DRAGOMAN_MAX_IMPORT_MB\)"):
        SIZED[kind](data)


def test_a_wordpress_export_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_MAX_IMPORT_MB", "1")
    big = tmp_path / "site.xml"
    with big.open("wb") as file:
        file.truncate(3 * 1024 * 1024)
    _sources, problems, _warnings = parse_paths([big])
    assert [p.reason for p in problems] == [
        "the file is 3.0 MB; the limit is 1 MB (DRAGOMAN_MAX_IMPORT_MB): split it into smaller files"
    ]


def test_a_large_memory_file_is_read_a_unit_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import workflow.xmlsafe as xmlsafe

    monkeypatch.setenv("DRAGOMAN_MAX_IMPORT_MB", "50")
    monkeypatch.setattr(xmlsafe, "CHUNK", 4096)
    unit = (
        '<tu tuid="{n}"><tuv xml:lang="en"><seg>Segment {n}</seg></tuv><tuv xml:lang="fa"><seg>بخش {n}</seg></tuv></tu>'
    )
    data = ("<tmx version='1.4'><body>" + "".join(unit.format(n=n) for n in range(3000)) + "</body></tmx>").encode()
    largest = 0
    real = xmlsafe._Builder.end

    def watching(builder: xmlsafe._Builder, tag: str) -> None:
        nonlocal largest
        real(builder, tag)
        if builder.stack:
            largest = max(largest, len(builder.stack[0].find("body") or []))

    monkeypatch.setattr(xmlsafe._Builder, "end", watching)
    units = parse_tmx(data, "m.tmx", "en", "fa")
    assert [u.source for u in units[:2]] == ["Segment 0", "Segment 1"] and len(units) == 3000
    assert largest < 100  # the tree never held more than the units of one chunk


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["title", "lede", "byline", "category", "attribution", "body", "tags", "slug", "date"]),
    value=st.text(st.characters(codec=None), max_size=30),
)
def test_any_text_in_any_field_is_imported_clean_or_refused_with_problems(
    tmp_path_factory: pytest.TempPathFactory, field: str, value: str
) -> None:
    folder = tmp_path_factory.mktemp("any")
    article = {"title": "A title", "language": "en", "body": "Body text of the article."}
    article[field] = [value] if field == "tags" else value
    path = folder / "story.json"
    path.write_text(json.dumps(article), encoding="utf-8")
    sources, problems, _warnings = parse_paths([path])  # never raises: a source, or problems naming the place
    assert bool(sources) != bool(problems)
    for source in sources:
        content = source.content
        texts = [content.title, content.body, content.lede, content.byline, content.category, *source.tags]
        assert not any(FORBIDDEN.search(text) for text in texts if text)
    for problem in problems:
        assert problem.file == str(path) and len(str(problem)) < 600


def test_an_untitled_wordpress_post_is_read_as_wordpress_reads_it(db: Database, tmp_path: Path) -> None:
    wxr = (
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><language>en-US</language>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title></title><wp:post_name>untitled</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_date>2026-11-02 09:00:00</wp:post_date>"
        "<content:encoded><![CDATA[<p>A post somebody forgot to give a title.</p>]]></content:encoded></item>"
        "</channel></rss>"
    )
    sources, problems, _warnings = parse_paths([_write(tmp_path / "site.xml", wxr.encode())])
    assert problems == [] and [(s.kind, s.text) for s in sources[0].segments()] == [
        ("paragraph", "A post somebody forgot to give a title.")
    ]
    import_sources(db, CONSOLE, sources)
    page = build(db, "en", tmp_path / "en")["articles/untitled.html"].decode()
    assert "<title>untitled</title>" in page and "<h1>" not in page
