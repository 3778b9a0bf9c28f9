"""Edition bundles: what goes in, byte-identical rebuilds, atomic writes, verification, and hostile content."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.factories import make_source
from tests.workflow.flows import make_cast, piece_in
from workflow import actions
from workflow.bundle import build, verify_bundle
from workflow.bundle.render import EditionInfo, body_html, inline, render
from workflow.bundle.write import write_bundle
from workflow.db import Database
from workflow.importers import import_sources
from workflow.permissions import CONSOLE
from workflow.status import Status

FA = EditionInfo("fa", "فارسی", "rtl", "persian", "gregorian")


def _approved_fa(db: Database) -> int:
    cast = make_cast(db)
    return piece_in(db, cast, Status.APPROVED, slug="story", paragraphs=2)


def test_an_edition_bundle_holds_its_approved_articles_and_a_manifest(db: Database, tmp_path: Path) -> None:
    approved = _approved_fa(db)
    cast_two = piece_in(db, make_cast_or_reuse(db), Status.SUBMITTED, slug="pending", paragraphs=1)
    assert cast_two != approved
    files = build(db, "fa", tmp_path / "fa")
    assert sorted(files) == [
        "articles/story.html",
        "articles/story.json",
        "articles/story.md",
        "feed.atom",
        "index.json",
        "manifest.json",
        "sitemap.xml",
        "wordpress.xml",
    ]  # the submitted piece is not published
    article = json.loads(files["articles/story.json"])
    assert (article["language"], article["direction"], article["source_language"]) == ("fa", "rtl", "en")
    assert [s["kind"] for s in article["segments"]] == ["title", "paragraph", "paragraph"]
    page = files["articles/story.html"].decode()
    assert '<html lang="fa" dir="rtl">' in page and article["title"] in page
    manifest = json.loads(files["manifest.json"])
    assert manifest["counts"] == {"articles": 1, "catalogs": 0} and set(manifest["files"]) == set(files) - {
        "manifest.json"
    }
    assert verify_bundle(tmp_path / "fa").ok
    english = build(db, "en", tmp_path / "en")  # the source edition publishes the sources themselves
    assert {"articles/story.json", "articles/pending.json"} <= set(english)


def make_cast_or_reuse(db: Database):  # type: ignore[no-untyped-def]
    from tests.workflow.flows import Cast
    from workflow.people import get_user

    return Cast(*(get_user(db, n) for n in ("tina", "omid", "rana", "roya", "ed")))


def test_the_same_database_gives_byte_identical_bundles_and_zips(db: Database, tmp_path: Path) -> None:
    _approved_fa(db)
    first = build(db, "fa", tmp_path / "one", as_zip=True)
    second = build(db, "fa", tmp_path / "two", as_zip=True)
    assert first == second
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert json.loads(first["manifest.json"])["build_id"] == json.loads(second["manifest.json"])["build_id"]


def test_verify_names_changed_missing_and_extra_files(db: Database, tmp_path: Path) -> None:
    _approved_fa(db)
    out = tmp_path / "fa"
    build(db, "fa", out)
    (out / "articles" / "story.md").write_text("changed", encoding="utf-8")
    (out / "articles" / "story.html").unlink()
    (out / "articles" / "extra.txt").write_text("x", encoding="utf-8")
    result = verify_bundle(out)
    assert (result.missing, result.changed, result.extra) == (
        ("articles/story.html",),
        ("articles/story.md",),
        ("articles/extra.txt",),
    )


def test_a_failed_build_leaves_the_previous_bundle_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "fa"
    write_bundle({"manifest.json": b"{}", "articles/a.json": b"old"}, out)
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        write_bundle({"manifest.json": b"{}", "articles/a.json": b"new", "articles/b.json": b"new"}, out)
    monkeypatch.undo()
    assert (out / "articles" / "a.json").read_bytes() == b"old"
    assert not (out / "articles" / "b.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["fa"]  # no half-built folder left behind


def test_a_path_outside_the_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the bundle"):
        write_bundle({"../escape.txt": b"x"}, tmp_path / "fa")
    assert not (tmp_path / "escape.txt").exists()


HOSTILE = (
    'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) '
    "[ok](https://example.org/a) \u202eevil"
)
HOSTILE_HTML = (
    '<p>Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">click</a> '
    '<a href="https://example.org/a" onclick="alert(4)">ok</a> \u202eevil</p>'
)


@pytest.mark.parametrize("body_format", ["markdown", "html"])
def test_hostile_content_cannot_add_scripts(db: Database, tmp_path: Path, body_format: str) -> None:
    """Raw HTML passes through nh3: harmless tags stay, scripts, handlers and javascript: addresses go."""
    hostile = HOSTILE if body_format == "markdown" else HOSTILE_HTML
    source = make_source("hostile", paragraphs=1, changed={0: hostile}, title="<b>Bold</b> title")
    source = replace(source, content=replace(source.content, body_format=body_format))
    import_sources(db, CONSOLE, [source])
    files = build(db, "en", tmp_path / "en")
    page = files["articles/hostile.html"].decode()
    lowered = page.lower()
    assert "<script" not in lowered and "alert(1)" not in page and "onerror" not in lowered
    assert 'href="javascript' not in lowered and '<img src="x">' in page
    assert '<a href="https://example.org/a">ok</a>' in page and "<title>&lt;b&gt;Bold&lt;/b&gt; title</title>" in page
    assert "Content-Security-Policy" in page


@pytest.mark.parametrize("slug", ["../etc", "a/b", "\u202eslug", "UPPER"])
def test_unsafe_slugs_never_become_file_names(slug: str) -> None:
    from workflow.bundle.collect import EditionArticle

    article = EditionArticle(slug, "fa", "en", "t", None, None, None, (), None, None, None, (), "", (), None, "source")
    with pytest.raises(ValueError, match="not a safe slug"):
        render(FA, [article])


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("## Readers\n\nGrew by **18%**.", "<h2>Readers</h2>\n<p>Grew by <strong>18%</strong>.</p>"),
        ("1. One\n2. Two", "<ol>\n<li>One</li>\n<li>Two</li>\n</ol>"),
        ("- a *b*\n- `c`", "<ul>\n<li>a <em>b</em></li>\n<li><code>c</code></li>\n</ul>"),
        ("> Quoted «نقل»", "<blockquote>\n<p>Quoted «نقل»</p>\n</blockquote>"),
        # what the hand-written renderer got wrong: nesting, stray code marks, fences, reference links
        ("<strong><em>x</strong></em>", "<p><strong><em>x</em></strong></p>"),
        ("text.****", "<p>text.****</p>"),
        ("```\none\n\ntwo\n```", "<pre><code>one\n\ntwo\n</code></pre>"),
        (
            "See [the report][].\n\n[the report]: https://example.org/r",
            '<p>See <a href="https://example.org/r">the report</a>.</p>',
        ),
        ("- a\n  - b", "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>",
        ),
        ("Line one  \nline two", "<p>Line one<br>\nline two</p>"),
    ],
)
def test_the_body_becomes_plain_html(markdown: str, html: str) -> None:
    assert body_html(markdown) == html


@pytest.mark.parametrize(
    ("body", "body_format", "found"),
    [
        ('<IMG SRC="https://x.org/a.png" ALT="A">', "html", [("image", "https://x.org/a.png", "A")]),
        ('Text <VIDEO SRC="https://x.org/v.mp4"></VIDEO>', "markdown", [("video", "https://x.org/v.mp4", None)]),
        ("![a map](https://x.org/b.png)", "markdown", [("image", "https://x.org/b.png", "a map")]),
        ("<p>No medium, only <b>text</b> about an img tag.</p>", "html", []),
    ],
)
def test_media_are_found_in_the_body_whatever_the_case_of_its_tags(
    body: str, body_format: str, found: list[tuple[str, str, str | None]]
) -> None:
    from workflow.bundle.markup import media

    assert [(m.kind, m.url, m.alt) for m in media(body_html(body, body_format))] == found


def test_mailto_links_stay_and_data_links_do_not() -> None:
    assert inline("[us](mailto:desk@example.org)") == '<a href="mailto:desk@example.org">us</a>'
    assert inline("[x](data:text/html,hi)") == "[x](data:text/html,hi)"  # shown as text, never a link


def test_publish_marks_the_approved_pieces_of_the_bundle_published(db: Database, tmp_path: Path) -> None:
    from workflow import queries

    piece_id = _approved_fa(db)
    editor = make_cast_or_reuse(db).editor
    assert "articles/story.json" in build(db, "fa", tmp_path / "fa", actor=editor, publish=True)
    event = queries.history(db, piece_id=piece_id)[-1]
    assert (event.action, event.to_status, event.actor_id) == ("publish", "published", editor.id)
    again = build(db, "fa", tmp_path / "again", actor=editor, publish=True)  # published ones stay in, and published
    assert "articles/story.json" in again and queries.history(db, piece_id=piece_id)[-1].id == event.id


def test_the_sitemap_links_each_article_to_its_other_editions_and_the_feed_parses(db: Database, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    _approved_fa(db)
    files = build(db, "fa", tmp_path / "fa", base_url="https://news.example.org/")
    sitemap = ET.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    (url,) = sitemap.findall("s:url", ns)
    assert url.findtext("s:loc", namespaces=ns) == "https://news.example.org/fa/articles/story.html"
    links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
    assert links == {
        "en": "https://news.example.org/en/articles/story.html",
        "fa": "https://news.example.org/fa/articles/story.html",
        "x-default": "https://news.example.org/en/articles/story.html",  # the edition it was written for
    }
    feed = ET.fromstring(files["feed.atom"])
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:id", namespaces=atom) for e in feed.findall("a:entry", atom)] == [links["fa"]]
    self_link = [link.get("href") for link in feed.findall("a:link", atom) if link.get("rel") == "self"]
    assert self_link == ["https://news.example.org/fa/feed.atom"]


def test_an_edition_with_no_articles_has_no_sitemap_and_a_valid_feed(db: Database, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    files = build(db, "sq", tmp_path / "sq")
    assert "sitemap.xml" not in files and "sitemap.xml" not in json.loads(files["manifest.json"])["files"]
    feed = ET.fromstring(files["feed.atom"])
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findall("a:entry", atom) == [] and feed.findtext("a:title", namespaces=atom) == "Shqip"


@pytest.mark.parametrize(
    ("byline", "name"),
    [("By Omar Haddad", "Omar Haddad"), ("بقلم كلارا هوجا", "كلارا هوجا"), ("Nga Arben Krasniqi", "Arben Krasniqi")],
)
def test_feed_and_wordpress_authors_are_the_person_not_the_byline(
    db: Database, tmp_path: Path, byline: str, name: str
) -> None:
    import xml.etree.ElementTree as ET

    from tests.factories import make_source
    from workflow.importers import import_sources

    source = make_source("bylined", paragraphs=1)
    import_sources(db, CONSOLE, [replace(source, content=replace(source.content, byline=byline))])
    files = build(db, "en", tmp_path / "en")
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entry = ET.fromstring(files["feed.atom"]).find("a:entry", atom)
    assert entry is not None and entry.findtext("a:author/a:name", namespaces=atom) == name
    assert f"<wp:author_display_name>{name}</wp:author_display_name>" in files["wordpress.xml"].decode()


def test_only_editors_build_and_a_report_says_what_changed(db: Database, tmp_path: Path) -> None:
    from workflow.bundle import build_report
    from workflow.errors import PermissionDenied

    piece_id = _approved_fa(db)
    cast = make_cast_or_reuse(db)
    with pytest.raises(PermissionDenied, match="this needs the editor role"):
        build(db, "fa", tmp_path / "fa", actor=cast.translator)
    first, _files = build_report(db, "fa", tmp_path / "fa", actor=cast.editor)
    assert (first.articles, first.changed, first.removed) == (1, (), ())
    assert "articles/story.html" in first.added
    actions.withdraw(db, cast.editor, piece_id, "retracted")
    second, _files = build_report(db, "fa", tmp_path / "fa", actor=cast.editor)
    assert second.articles == 0 and "articles/story.html" in second.removed
    assert "index.json" in second.changed and second.added == ()


def test_the_wordpress_export_has_every_field_the_importer_reads(db: Database, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from workflow.bundle.wxr import NS

    _approved_fa(db)
    files = build(db, "en", tmp_path / "en", base_url="https://news.example.org")
    channel = ET.fromstring(files["wordpress.xml"]).find("channel")
    assert channel is not None
    assert channel.findtext("wp:wxr_version", namespaces=NS) == "1.2"
    logins = {a.findtext("wp:author_login", namespaces=NS) for a in channel.findall("wp:author", NS)}
    items = channel.findall("item")
    article = json.loads(files["articles/story.json"])
    (item,) = [i for i in items if i.findtext("wp:post_name", namespaces=NS) == "story"]
    assert item.findtext("title") == article["title"]
    assert item.findtext("dc:creator", namespaces=NS) in logins
    assert item.findtext("wp:post_type", namespaces=NS) == "post"
    assert item.findtext("wp:status", namespaces=NS) == "publish"
    assert item.findtext("wp:post_date", namespaces=NS)
    content = item.findtext("content:encoded", namespaces=NS) or ""
    assert content.startswith("<p>") and article["segments"][1]["text"] in content
    assert len({i.findtext("wp:post_id", namespaces=NS) for i in items}) == len(items)


def _files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _counting_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import workflow.bundle as bundle

    rendered: list[str] = []
    real = bundle.article_files

    def counting(article, info):  # type: ignore[no-untyped-def]
        rendered.append(article.slug)
        return real(article, info)

    monkeypatch.setattr(bundle, "article_files", counting)
    return rendered


def test_a_rebuild_renders_only_changed_articles_and_equals_a_fresh_build(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = make_cast(db)
    for slug in ("story", "second", "third"):
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=1)
    out = tmp_path / "fa"
    rendered = _counting_renders(monkeypatch)
    build(db, "fa", out)
    assert sorted(rendered) == ["second", "story", "third"]
    rendered.clear()
    assert build(db, "fa", out) is not None and rendered == []  # nothing changed, nothing rendered
    piece_in(db, cast, Status.APPROVED, slug="fourth", paragraphs=1)  # a new article
    import_sources(db, CONSOLE, [make_source("second", paragraphs=1, changed={0: "A corrected paragraph."})])
    actions.withdraw_article(db, cast.editor, "third", "retracted")
    build(db, "fa", out)
    # second went back to translation and stays up, marked update pending; third was withdrawn
    assert sorted(rendered) == ["fourth", "second"]
    assert json.loads((out / "articles" / "second.json").read_text(encoding="utf-8"))["update_pending"] is True
    assert not (out / "articles" / "third.html").exists()
    assert verify_bundle(out).ok
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    build(db, "fa", fresh)
    assert _files_of(out) == _files_of(fresh)


def test_changed_edition_settings_render_every_article_again(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workflow.editions import update_edition

    _approved_fa(db)
    out = tmp_path / "fa"
    build(db, "fa", out)
    rendered = _counting_renders(monkeypatch)
    update_edition(db, CONSOLE, "fa", digit_style="latin")
    build(db, "fa", out)
    assert rendered == ["story"]
    rendered.clear()
    build(db, "fa", out, base_url="https://news.example")
    assert rendered == ["story"]
    (out.parent / ".fa.render-cache.sqlite").unlink()  # the cache is only a shortcut
    rendered.clear()
    before = _files_of(out)
    build(db, "fa", out, base_url="https://news.example")
    assert rendered == ["story"] and _files_of(out) == before


def test_an_incremental_build_stopped_before_or_while_moving_files_in(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import workflow.bundle.write as write

    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED, slug="story", paragraphs=1)
    out = tmp_path / "fa"
    build(db, "fa", out)
    before = _files_of(out)
    piece_in(db, cast, Status.APPROVED, slug="second", paragraphs=1)

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write.Staging, "stream", crash)  # stops while staging: nothing moved yet
    with pytest.raises(OSError):
        build(db, "fa", out)
    monkeypatch.undo()
    assert _files_of(out) == before and verify_bundle(out).ok
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".fa.building")] == []

    moves = {"n": 0}
    real_replace = os.replace

    def stop_after_two(source: object, target: object) -> None:
        moves["n"] += 1
        if moves["n"] == 3:
            raise KeyboardInterrupt  # the process is stopped halfway through the journal
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "replace", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        build(db, "fa", out)
    monkeypatch.undo()
    assert not verify_bundle(out).ok  # half moved in, as after a crash...
    write.recover(out.resolve())  # ...and the next build (or this) finishes the journal
    assert verify_bundle(out).ok and (out / "articles" / "second.json").exists()
    fresh = tmp_path / "fresh"
    build(db, "fa", fresh)
    assert _files_of(out) == _files_of(fresh)


def test_large_editions_render_in_worker_processes_with_the_same_bytes(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workflow.bundle as bundle

    cast = make_cast(db)
    for slug in ("story", "second", "third"):
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=1)
    alone = tmp_path / "alone"
    build(db, "fa", alone)
    monkeypatch.setattr(bundle, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bundle, "BATCH", 1)  # three batches over the workers
    rendered = _counting_renders(monkeypatch)  # counts renders in this process only
    workers = tmp_path / "workers"
    build(db, "fa", workers)
    assert rendered == []  # every article was rendered in a worker process
    assert _files_of(workers) == _files_of(alone) and verify_bundle(workers).ok


def test_two_builds_of_one_bundle_at_once_take_turns(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import threading

    import workflow.bundle.write as write

    real_rmtree = shutil.rmtree
    builds_done = threading.Event()

    def slow_rmtree(path: object, *args: object, **kwargs: object) -> None:
        # a large bundle takes a while to delete: here no deletion ends before every build has finished,
        # the widest window where builds would collide
        builds_done.wait(timeout=120)
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(write.shutil, "rmtree", slow_rmtree)

    cast = make_cast(db)
    for slug in ("story", "second"):
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=1)
    out = tmp_path / "fa"
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def build_it() -> None:
        start.wait()
        try:
            build(db, "fa", out)
        except BaseException as error:  # every failure is the test's business
            errors.append(error)

    threads = [threading.Thread(target=build_it) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    builds_done.set()
    write.wait_for_cleanup()
    assert errors == [] and verify_bundle(out).ok
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    build(db, "fa", fresh)
    assert _files_of(out) == _files_of(fresh)
    assert sorted(p.name for p in tmp_path.iterdir() if ".building-" in p.name or p.name.endswith(".previous")) == []


def test_a_build_waits_while_another_process_builds_the_same_bundle(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys
    import threading

    import workflow.bundle as bundle

    _approved_fa(db)
    out = tmp_path / "fa"
    command = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from workflow.bundle import _exclusive\n"
        "with _exclusive(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.readline()",
        str(out.resolve()),
    ]
    waiting = threading.Event()
    real_flock = bundle.fcntl.flock

    def flock(file: object, operation: int) -> None:
        if operation == bundle.fcntl.LOCK_EX:
            waiting.set()  # the build asks for the lock the other process holds
        real_flock(file, operation)  # type: ignore[arg-type]

    monkeypatch.setattr(bundle.fcntl, "flock", flock)
    root = Path(__file__).resolve().parents[3]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        builder = threading.Thread(target=build, args=(db, "fa", out))
        builder.start()
        assert waiting.wait(timeout=60)
        assert builder.is_alive() and not out.exists()  # it waits for the other build's lock
        holder.stdin.write("done\n")
        holder.stdin.flush()
        builder.join(timeout=60)
        assert holder.wait(timeout=30) == 0
    assert not builder.is_alive() and verify_bundle(out).ok


def test_a_changed_wordpress_file_is_made_again_not_copied_from(db: Database, tmp_path: Path) -> None:
    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED, slug="story", paragraphs=1)
    out = tmp_path / "fa"
    build(db, "fa", out)
    wordpress = out / "wordpress.xml"
    wordpress.write_bytes(wordpress.read_bytes().replace(b"<title>", b"<title>X", 1))  # same file, edited by hand
    piece_in(db, cast, Status.APPROVED, slug="second", paragraphs=1)
    build(db, "fa", out)
    fresh = tmp_path / "fresh"
    build(db, "fa", fresh)
    assert _files_of(out) == _files_of(fresh) and verify_bundle(out).ok


def test_a_damaged_or_foreign_render_cache_only_costs_a_full_build(db: Database, tmp_path: Path) -> None:
    import sqlite3

    _approved_fa(db)
    out = tmp_path / "fa"
    build(db, "fa", out)
    before = _files_of(out)
    cache = tmp_path / ".fa.render-cache.sqlite"
    with sqlite3.connect(cache) as connection:  # another layout, as an older or newer Dragoman would leave
        connection.execute("PRAGMA user_version=99")
    build(db, "fa", out)
    assert _files_of(out) == before
    for suffix in ("-wal", "-shm"):
        Path(f"{cache}{suffix}").unlink(missing_ok=True)
    cache.write_bytes(b"not a database at all")
    build(db, "fa", out)
    assert _files_of(out) == before and verify_bundle(out).ok


def test_replaced_files_are_deleted_after_the_build_and_leftovers_later(db: Database, tmp_path: Path) -> None:
    from workflow.bundle.write import wait_for_cleanup

    cast = make_cast(db)
    piece_in(db, cast, Status.APPROVED, slug="story", paragraphs=1)
    out = tmp_path / "fa"
    build(db, "fa", out)
    build(db, "fa", out, base_url="https://news.example")  # a full rebuild: the old folder goes aside
    piece_in(db, cast, Status.APPROVED, slug="second", paragraphs=1)
    build(db, "fa", out, base_url="https://news.example")  # incremental: replaced files go aside
    wait_for_cleanup()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["fa"]
    stopped = tmp_path / ".fa.discard-left-by-a-stopped-process"
    (stopped / "articles").mkdir(parents=True)
    (stopped / "articles" / "old.html").write_text("old", encoding="utf-8")
    build(db, "fa", out, base_url="https://news.example")
    wait_for_cleanup()
    assert not stopped.exists() and verify_bundle(out).ok
