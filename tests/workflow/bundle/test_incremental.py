"""An incremental build makes again only what its changes touch (the index, the sitemap, the parts of
wordpress.xml), and always ends byte for byte where a build from nothing does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.factories import make_source, pieces_of
from tests.workflow.flows import Cast, make_cast, piece_in, translate_all
from workflow import actions
from workflow.bundle import build, parts, verify_bundle
from workflow.bundle.parts import same_parts, wxr_parts
from workflow.bundle.render import ArticleRecord
from workflow.bundle.write import Staging
from workflow.db import Database
from workflow.importers import import_sources
from workflow.permissions import CONSOLE
from workflow.status import Status


def _files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _equals_a_fresh_build(db: Database, edition: str, out: Path, tmp_path: Path) -> bool:
    fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    build(db, edition, fresh)
    return _files_of(out) == _files_of(fresh) and verify_bundle(out).ok


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bundle files each build writes (whole or streamed), in order."""
    paths: list[str] = []
    write, stream = Staging.write, Staging.stream

    def writing(self: Staging, relative: str, data: bytes) -> str:
        paths.append(relative)
        return write(self, relative, data)

    def streaming(self: Staging, relative: str, chunks):  # type: ignore[no-untyped-def]
        paths.append(relative)
        return stream(self, relative, chunks)

    monkeypatch.setattr(Staging, "write", writing)
    monkeypatch.setattr(Staging, "stream", streaming)
    return paths


def test_the_index_and_sitemap_are_made_again_only_when_an_entry_of_theirs_changes(
    db: Database, tmp_path: Path, written: list[str]
) -> None:
    cast = make_cast(db)
    for slug in ("story", "second"):
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=1)
    third = piece_in(db, cast, Status.OPEN, slug="third", paragraphs=1)
    out = tmp_path / "en"
    build(db, "en", out)  # the English edition: its sitemap lists the Persian translations
    written.clear()
    build(db, "en", out)
    assert {"index.json", "sitemap.xml"}.isdisjoint(written)  # nothing changed
    # third's translation is approved: its sitemap entry gains fa, its index entry stays
    actions.claim(db, cast.translator, third)
    translate_all(db, cast.translator, third)
    actions.submit(db, cast.translator, third)
    actions.start_review(db, cast.reviewer, third)
    actions.approve(db, cast.reviewer, third)
    written.clear()
    build(db, "en", out)
    assert "sitemap.xml" in written and "index.json" not in written
    assert b'hreflang="fa" href="https://www.example.org/fa/articles/third.html"' in (out / "sitemap.xml").read_bytes()
    assert _equals_a_fresh_build(db, "en", out, tmp_path)
    # a corrected paragraph changes the article's files, not its index or sitemap entry
    import_sources(db, CONSOLE, [make_source("second", paragraphs=1, changed={0: "A corrected paragraph."})])
    before = _files_of(out)
    written.clear()
    build(db, "en", out)
    assert before["articles/second.html"] != (out / "articles" / "second.html").read_bytes()
    assert {"index.json", "sitemap.xml"}.isdisjoint(written)
    assert _equals_a_fresh_build(db, "en", out, tmp_path)
    # a new title changes the index
    import_sources(db, CONSOLE, [make_source("story", paragraphs=1, title="The library opens late")])
    written.clear()
    build(db, "en", out)
    assert "index.json" in written and "sitemap.xml" not in written
    assert "The library opens late" in (out / "index.json").read_text(encoding="utf-8")
    assert _equals_a_fresh_build(db, "en", out, tmp_path)
    # a new article changes both
    import_sources(db, CONSOLE, [make_source("fourth", paragraphs=1)])
    written.clear()
    build(db, "en", out)
    assert {"index.json", "sitemap.xml"} <= set(written) and (out / "articles" / "fourth.html").is_file()
    assert _equals_a_fresh_build(db, "en", out, tmp_path)


def test_a_shared_file_edited_by_hand_is_made_again(db: Database, tmp_path: Path) -> None:
    piece_in(db, make_cast(db), Status.APPROVED, slug="story", paragraphs=1)
    out = tmp_path / "fa"
    build(db, "fa", out)
    for name in ("index.json", "sitemap.xml"):
        (out / name).write_bytes((out / name).read_bytes().replace(b"story", b"stori", 1))
    assert not verify_bundle(out).ok
    build(db, "fa", out)
    assert _equals_a_fresh_build(db, "fa", out, tmp_path)


def _records(sizes: dict[str, int]) -> list[ArticleRecord]:
    return [
        ArticleRecord(slug, slug, None, None, None, None, (), {}, wxr_item="x" * size)
        for slug, size in sorted(sizes.items())
    ]


def _membership(made: dict[str, list[ArticleRecord]]) -> dict[str, str]:
    return {record.slug: name for name, posts in made.items() for record in posts}


@pytest.mark.parametrize("seed", range(40))
def test_same_parts_says_when_new_sizes_keep_every_post_in_its_part(seed: int) -> None:
    """Against wxr_parts itself: whenever same_parts says the parts stay, they do; and it says so for small
    changes (each post's size may grow, shrink or stay; a few posts become large)."""
    rng = random.Random(seed)
    limit = 2_000
    before = {f"post-{i:03d}": rng.randint(20, 200) for i in range(rng.randint(2, 80))}
    size = lambda record: len(record.wxr_item)  # noqa: E731
    head = lambda posts: "h" * (len(posts) % 7)  # noqa: E731  (a head that grows with its posts, a little)
    was = wxr_parts(_records(before), size, head, limit)
    after = dict(before)
    for slug in rng.sample(sorted(before), k=min(len(before), rng.randint(1, 5))):
        after[slug] = rng.choice([before[slug], before[slug] + 15, max(1, before[slug] - 15), rng.randint(500, 2_500)])
    now = wxr_parts(_records(after), size, head, limit)
    home = _membership(was)
    touched = {home[slug] for slug in after if after[slug] != before[slug]}
    items = {name: sum(after[r.slug] for r in posts) for name, posts in was.items()}
    changed = {name: (len(was[name]), head(was[name])) for name in touched}
    if same_parts(items, changed, limit):
        assert _membership(now) == home
    if _membership(now) != home:
        assert not same_parts(items, changed, limit)


def test_parts_split_and_join_again_in_incremental_builds_as_in_fresh_ones(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = make_cast(db)
    slugs = ["budget", "harbour", "library", "market", "museum", "park", "school", "station"]
    for slug in slugs:
        piece_in(db, cast, Status.APPROVED, slug=slug, paragraphs=2)
    whole = len(build(db, "fa", tmp_path / "whole")["wordpress.xml"])
    monkeypatch.setattr(parts, "PART_LIMIT", whole // 2)
    out = tmp_path / "fa"
    first = {name for name in build(db, "fa", out) if parts.is_part(name)}
    assert len(first) >= 2
    # a much longer museum article: its part outgrows the limit and splits
    long = "A much longer paragraph that goes on. " * 60
    import_sources(db, CONSOLE, [make_source("museum", paragraphs=2, changed={0: long, 1: long})])
    _translate_again(db, cast, "museum", "ترجمهٔ بلند " * 40)
    second = {name for name in build(db, "fa", out) if parts.is_part(name)}
    assert second != first
    assert _equals_a_fresh_build(db, "fa", out, tmp_path)
    # and short again: the parts join as a fresh build joins them
    import_sources(db, CONSOLE, [make_source("museum", paragraphs=2)])
    _translate_again(db, cast, "museum", "ترجمه")
    build(db, "fa", out)
    assert _equals_a_fresh_build(db, "fa", out, tmp_path)


def _translate_again(db: Database, cast: Cast, slug: str, prefix: str) -> None:
    """The fa piece of a changed source translated and approved again."""
    piece = pieces_of(db, slug)["fa"]
    assert piece.id is not None
    if piece.status == Status.OPEN:
        actions.claim(db, cast.translator, piece.id)
    translate_all(db, cast.translator, piece.id, prefix=prefix)
    actions.submit(db, cast.translator, piece.id)
    actions.start_review(db, cast.reviewer, piece.id)
    actions.approve(db, cast.reviewer, piece.id)
