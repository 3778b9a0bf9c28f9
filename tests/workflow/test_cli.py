"""The dragoman command: every command has help and documentation, and each works end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from workflow.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            names.extend(f"{name} {sub}" for sub in command.commands)
        else:
            names.append(name)
    return sorted(names)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DRAGOMAN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    from argon2 import PasswordHasher

    import workflow.people

    monkeypatch.setattr(workflow.people, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    return CliRunner()


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_docs(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    lines = [line for line in result.output.splitlines() if line.strip() and not line.startswith(("Usage", " Usage"))]
    assert lines, f"{command} has no help text"
    assert re.search(rf"^### `dragoman {re.escape(command)}`", DOCS, re.MULTILINE), f"docs/cli.md lacks {command}"


def test_commands_need_an_initialised_database(cli: CliRunner) -> None:
    result = cli.invoke(app, ["progress"])
    assert result.exit_code == 1
    assert "run 'dragoman init'" in result.output


def test_init_import_progress_and_users(cli: CliRunner) -> None:
    assert cli.invoke(app, ["init"]).exit_code == 0
    result = cli.invoke(app, ["import", str(ROOT / "data" / "articles")])
    assert result.exit_code == 0, result.output
    assert "created 12, revised 0, unchanged 0" in result.output
    report = json.loads(cli.invoke(app, ["progress", "--json"]).output)
    assert {r["edition"]: r["pieces"]["open"] for r in report} == {"ar": 12, "en": 2, "fa": 10, "sq": 12}
    table = cli.invoke(app, ["progress"]).output
    assert table.splitlines()[0].startswith("edition")
    result = cli.invoke(
        app,
        ["user", "add", "mina", "--role", "translator", "--pair", "en->fa", "--password-stdin"],
        input="a long secret\n",
    )
    assert result.exit_code == 0, result.output
    assert cli.invoke(app, ["user", "set-role", "mina", "translator", "reviewer"]).exit_code == 0
    assert cli.invoke(app, ["user", "set-languages", "mina", "en->fa", "fa->en"]).exit_code == 0
    listing = cli.invoke(app, ["user", "list"]).output
    assert re.search(r"mina\s+reviewer, translator\s+en->fa fa->en", listing)
    assert cli.invoke(app, ["user", "passwd", "mina", "--password-stdin"], input="another secret\n").exit_code == 0
    assert cli.invoke(app, ["user", "disable", "mina"]).exit_code == 0
    assert "(disabled)" in cli.invoke(app, ["user", "list"]).output
    assert cli.invoke(app, ["release-expired"]).output.startswith("released 0 piece(s)")


def test_passwords_come_from_a_prompt_with_confirmation(cli: CliRunner) -> None:
    cli.invoke(app, ["init"])
    result = cli.invoke(app, ["user", "add", "omid"], input="a long secret\na long secret\n")
    assert result.exit_code == 0, result.output
    assert "a long secret" not in result.output


def test_bad_input_exits_1_with_a_clear_message(cli: CliRunner, tmp_path: Path) -> None:
    cli.invoke(app, ["init"])
    bad = tmp_path / "bad.md"
    bad.write_text("---\nlanguage: en\n---\nBody.\n", encoding="utf-8")
    result = cli.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output and "the title is missing" in result.output
    result = cli.invoke(app, ["user", "add", "x y", "--password-stdin"], input="a long secret\n")
    assert result.exit_code == 1 and "not a valid user name" in result.output


def test_demo_loads_once_and_prints_logins(cli: CliRunner) -> None:
    result = cli.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "dragoman-demo" in result.output and "mina" in result.output
    report = {r["edition"]: r["pieces"] for r in json.loads(cli.invoke(app, ["progress", "--json"]).output)}
    seen = {status for pieces in report.values() for status, n in pieces.items() if n}
    assert seen == {
        "open",
        "in_translation",
        "submitted",
        "in_review",
        "changes_requested",
        "approved",
        "published",
        "withdrawn",
    }
    assert "already loaded" in cli.invoke(app, ["demo"]).output


def test_minor_edit_command(cli: CliRunner, tmp_path: Path) -> None:
    cli.invoke(app, ["init"])
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: Title\nlanguage: en\n---\nOne paragraph here, long enough.\n", encoding="utf-8")
    cli.invoke(app, ["import", str(article)])
    article.write_text("---\ntitle: Title\nlanguage: en\n---\nOne paragraph here, long enough!\n", encoding="utf-8")
    assert "revised 1" in cli.invoke(app, ["import", str(article)]).output
    result = cli.invoke(app, ["minor-edit", "a", "--comment", "punctuation"])
    assert result.exit_code == 0 and "3 piece(s) kept their translations" in result.output


PAIRS = [
    {"id": "a1", "source": "In 2011 the room opened.", "target": "در سال ۲۰۱۲ سالن باز شد."},
    {"id": 2, "source": "Who reads?", "target": "چه کسی می‌خواند؟"},
]


def test_check_prints_findings_and_exits_1_on_errors(cli: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "pairs.jsonl"
    file.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in PAIRS) + "\n", encoding="utf-8")
    result = cli.invoke(app, ["check", "--source-lang", "en", "--target-lang", "fa", "--json", str(file)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {
            "id": "a1",
            "check": "numbers",
            "severity": "error",
            "message": "the number 2011 of the source is missing",
            "start": None,
            "end": None,
        },
        {
            "id": "a1",
            "check": "numbers",
            "severity": "error",
            "message": "the number ۲۰۱۲ is not in the source",
            "start": 7,
            "end": 11,
        },
    ]
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps(PAIRS[1], ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli.invoke(app, ["check", "--source-lang", "en", "--target-lang", "fa", str(clean)])
    assert result.exit_code == 0 and result.stdout == ""


def test_check_uses_the_edition_settings(cli: CliRunner, tmp_path: Path) -> None:
    assert cli.invoke(app, ["init"]).exit_code == 0
    file = tmp_path / "pairs.jsonl"
    file.write_text(json.dumps({"id": 1, "source": "In 2011.", "target": "در سال 2011."}) + "\n", encoding="utf-8")
    args = ["check", "--source-lang", "en", "--target-lang", "fa", str(file)]
    assert cli.invoke(app, args).stdout == ""  # no edition: no digit policy
    result = cli.invoke(app, [*args, "--edition", "fa"])
    assert result.exit_code == 0 and "1: warning digit-style [7:11]" in result.stdout
    assert cli.invoke(app, ["edition", "set", "fa", "--check", "digit-style=error"]).exit_code == 0
    assert cli.invoke(app, [*args, "--edition", "fa"]).exit_code == 1
    refused = cli.invoke(app, ["edition", "set", "fa", "--check", "spelling=error"])
    assert refused.exit_code == 1 and "there is no check called 'spelling'" in refused.output


def test_check_refuses_unreadable_lines_and_checks_nothing(cli: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text('{"id": 1, "source": "a", "target": "b"}\n{"id": 2\n[1, 2]\n', encoding="utf-8")
    result = cli.invoke(app, ["check", "--source-lang", "en", "--target-lang", "fa", str(file)])
    assert result.exit_code == 2
    assert "bad.jsonl (line 2): not valid JSON" in result.output
    assert 'bad.jsonl (line 3): each line must be an object with "id", "source" and "target"' in result.output
    assert "nothing was checked" in result.output
    assert cli.invoke(app, ["check", "--source-lang", "xx", "--target-lang", "fa", str(file)]).exit_code == 1


def test_glossary_import_and_export(cli: CliRunner, tmp_path: Path) -> None:
    assert cli.invoke(app, ["init"]).exit_code == 0
    csv_file = tmp_path / "fa.csv"
    csv_file.write_text("term,translations\nreading room,سالن مطالعه\nlibrary,کتابخانه\n", encoding="utf-8")
    result = cli.invoke(app, ["glossary", "import", str(csv_file), "--source", "en", "--target", "fa"])
    assert result.exit_code == 0 and "2 terms added, 0 changed" in result.output
    tbx = tmp_path / "fa.tbx"
    assert cli.invoke(app, ["glossary", "export", "--source", "en", "--target", "fa", "--out", str(tbx)]).exit_code == 0
    assert "سالن مطالعه" in tbx.read_text(encoding="utf-8")
    again = cli.invoke(app, ["glossary", "import", str(tbx), "--source", "en", "--target", "fa"])
    assert (
        again.exit_code == 0 and "0 terms added, 0 changed, 2 unchanged" in again.output
    )  # the same terms: nothing changes
    bad = tmp_path / "bad.csv"
    bad.write_text("term,translations\nempty,\n", encoding="utf-8")
    refused = cli.invoke(app, ["glossary", "import", str(bad), "--source", "en", "--target", "fa"])
    assert (
        refused.exit_code == 1 and "bad.csv (line 2): give 'empty' at least one approved translation" in refused.output
    )


def test_tm_suggest(cli: CliRunner, tmp_path: Path) -> None:
    from workflow.db import Database
    from workflow.memory import add_entries

    assert cli.invoke(app, ["init"]).exit_code == 0
    add_entries(
        Database(),
        "en",
        "fa",
        [("The reading room opens.", "سالن مطالعه باز می‌شود.")],
        origin="seed.tmx",
        reviewed=True,
    )
    file = tmp_path / "sources.jsonl"
    file.write_text(
        '{"id": "s1", "source": "The reading room opens today."}\n{"id": 2, "source": "Nothing alike"}\n',
        encoding="utf-8",
    )
    result = cli.invoke(app, ["tm", "suggest", "--source-lang", "en", "--target-lang", "fa", "--json", str(file)])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["id"], row["rank"], row["target"], row["origin"]) == ("s1", 1, "سالن مطالعه باز می‌شود.", "seed.tmx")
    assert 80 < row["score"] < 100
    text = cli.invoke(app, ["tm", "suggest", "--source-lang", "en", "--target-lang", "fa", str(file)])
    assert text.stdout.startswith("s1: ") and "(seed.tmx): سالن مطالعه باز می‌شود." in text.stdout


def test_tm_import_and_export(cli: CliRunner, tmp_path: Path) -> None:
    from workflow.tmx import Unit, to_tmx

    assert cli.invoke(app, ["init"]).exit_code == 0
    tmx = tmp_path / "desk.tmx"
    tmx.write_bytes(to_tmx([Unit("The reading room opens.", "سالن مطالعه باز می‌شود.")], "en", "fa"))
    result = cli.invoke(app, ["tm", "import", str(tmx), "--source", "en", "--target", "fa", "--reviewed"])
    assert result.exit_code == 0 and "1 units added (reviewed)" in result.output
    out = tmp_path / "out.tmx"
    assert cli.invoke(app, ["tm", "export", str(out), "--source", "en", "--target", "fa"]).exit_code == 0
    assert "سالن مطالعه باز می‌شود." in out.read_text(encoding="utf-8") and "desk.tmx" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
    refused = cli.invoke(app, ["tm", "import", str(bad), "--source", "en", "--target", "fa"])
    assert refused.exit_code == 1 and "bad.tmx (unit 1): it has no fa text" in refused.output


def test_export_and_verify_bundle(cli: CliRunner, tmp_path: Path) -> None:
    assert cli.invoke(app, ["demo"]).exit_code == 0
    result = cli.invoke(app, ["export", "--all", "--out", str(tmp_path / "bundles"), "--zip"])
    assert result.exit_code == 0, result.output
    assert "fa: 3 articles" in result.output and (tmp_path / "bundles" / "fa.zip").exists()
    assert cli.invoke(app, ["verify-bundle", str(tmp_path / "bundles" / "fa")]).exit_code == 0
    (tmp_path / "bundles" / "fa" / "index.json").write_text("{}", encoding="utf-8")
    refused = cli.invoke(app, ["verify-bundle", str(tmp_path / "bundles" / "fa")])
    assert refused.exit_code == 1 and "changed: index.json" in refused.output
    assert cli.invoke(app, ["export", "--out", str(tmp_path / "x")]).exit_code == 1  # neither --edition nor --all


def test_xliff_export_and_import(cli: CliRunner, tmp_path: Path) -> None:
    from translate.storage.xliff import xlifffile

    from workflow import actions, people, queries
    from workflow.db import Database

    assert cli.invoke(app, ["init"]).exit_code == 0
    assert cli.invoke(app, ["import", str(ROOT / "data" / "articles")]).exit_code == 0
    command = ["user", "add", "tina", "--role", "translator", "--pair", "en->fa", "--password-stdin"]
    assert cli.invoke(app, command, input="a long secret\n").exit_code == 0
    empty = cli.invoke(app, ["xliff", "export", "--as", "tina", "--out", str(tmp_path / "w.xlf")])
    assert empty.exit_code == 1 and "tina holds no pieces" in empty.output
    db = Database()
    tina = people.get_user(db, "tina")
    piece_id = queries.available_for(db, tina)[0].piece_id
    actions.claim(db, tina, piece_id)
    out = tmp_path / "work.xlf"
    result = cli.invoke(app, ["xliff", "export", "--as", "tina", "--out", str(out)])
    assert result.exit_code == 0 and "1 piece(s) written" in result.output
    store = xlifffile.parsestring(out.read_bytes())
    for unit in store.units:
        unit.target = "ترجمه"
        unit.set_state_n(100)
    out.write_bytes(bytes(store))
    result = cli.invoke(app, ["xliff", "import", str(out), "--as", "tina"])
    assert result.exit_code == 0, result.output
    assert f"1 piece(s): {len(store.units)} segment(s) saved, 0 unchanged" in result.output
    assert {row.target for row in queries.piece_segments(db, piece_id)} == {"ترجمه"}
    command = ["user", "add", "omid", "--role", "translator", "--pair", "en->fa", "--password-stdin"]
    assert cli.invoke(app, command, input="a long secret\n").exit_code == 0
    refused = cli.invoke(app, ["xliff", "import", str(out), "--as", "omid"])
    assert refused.exit_code == 1 and f"(piece {piece_id}): omid may not import into this piece" in refused.output


def test_strings_import_and_export(cli: CliRunner, tmp_path: Path) -> None:
    import polib

    strings = ROOT / "data" / "strings"
    assert cli.invoke(app, ["init"]).exit_code == 0
    result = cli.invoke(app, ["strings", "import", str(strings / "site.pot"), "--catalog", "site"])
    assert result.exit_code == 0 and "site: created, 11 entries" in result.output
    result = cli.invoke(app, ["strings", "import", str(strings / "site.sq.po"), "--catalog", "site"])
    assert result.exit_code == 0 and "sq translations: approved" in result.output
    out = tmp_path / "sq.po"
    result = cli.invoke(app, ["strings", "export", "--catalog", "site", "--edition", "sq", "--out", str(out)])
    assert result.exit_code == 0, result.output
    exported = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(out))}
    original = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(strings / "site.sq.po"))}
    assert exported == original and out.with_suffix(".mo").stat().st_size > 0
    result = cli.invoke(
        app, ["strings", "export", "--catalog", "site", "--edition", "ar", "--out", str(tmp_path / "ar.po")]
    )
    assert result.exit_code == 0 and "0 approved, 0 fuzzy (the piece is open)" in result.output
    refused = cli.invoke(app, ["strings", "import", str(strings / "site.pot"), "--catalog", "Site!"])
    assert refused.exit_code == 1 and "Site! is not a catalog name" in refused.output
    missing = cli.invoke(
        app, ["strings", "export", "--catalog", "menu", "--edition", "ar", "--out", str(tmp_path / "m.po")]
    )
    assert missing.exit_code == 1 and "there is no catalog menu" in missing.output


def test_import_drafts_from_a_wordpress_export_when_asked(cli: CliRunner, tmp_path: Path) -> None:
    xml = tmp_path / "site.xml"
    items = "".join(
        f"<item><title>{title}</title><wp:post_name>{slug}</wp:post_name><wp:post_type>post</wp:post_type>"
        f"<wp:status>{status}</wp:status><content:encoded>&lt;p&gt;The library opened its new reading room "
        "to every reader today.&lt;/p&gt;</content:encoded></item>"
        for title, slug, status in [("Opened", "opened", "publish"), ("Not yet", "not-yet", "draft")]
    )
    xml.write_text(
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><language>en</language>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>",
        encoding="utf-8",
    )
    assert cli.invoke(app, ["init"]).exit_code == 0
    assert "created 1," in cli.invoke(app, ["import", str(xml)]).output
    result = cli.invoke(app, ["import", "--drafts", str(xml)])
    assert result.exit_code == 0 and "created 1, revised 0, unchanged 1" in result.output
    assert "created: not-yet" in result.output


def test_the_everyday_examples_work_on_the_demo(cli: CliRunner) -> None:
    """Every sample input in data/examples/ works with its command, as the README shows them."""
    examples = ROOT / "data" / "examples"
    assert cli.invoke(app, ["demo"]).exit_code == 0
    check = cli.invoke(
        app, ["check", "--source-lang", "en", "--target-lang", "fa", "--edition", "fa", str(examples / "pairs.jsonl")]
    )
    assert check.exit_code == 1 and "hours: error numbers" in check.output  # a finding: exit status 1
    missing = cli.invoke(app, ["check", "--source-lang", "en", "--target-lang", "fa", str(examples / "nothing.jsonl")])
    assert missing.exit_code == 2  # not a finding: the file is not there
    suggest = cli.invoke(
        app, ["tm", "suggest", "--source-lang", "en", "--target-lang", "fa", str(examples / "sources.jsonl")]
    )
    assert suggest.exit_code == 0 and "s2: no match of 75% or more" in suggest.output
    wordpress = cli.invoke(app, ["import", str(examples / "site.xml"), "--drafts"])
    assert wordpress.exit_code == 0 and "created 2" in wordpress.output
    for name in ("glossary.csv", "glossary.tbx"):
        terms = cli.invoke(app, ["glossary", "import", str(examples / name), "--source", "en", "--target", "fa"])
        assert terms.exit_code == 0, terms.output
    listing = cli.invoke(app, ["piece", "list", "--as", "mina", "--queue", "available"])
    piece = listing.output.split()[0]
    assert cli.invoke(app, ["piece", "claim", piece, "--as", "mina"]).output.strip().endswith("held by mina")
    refused = cli.invoke(app, ["piece", "review", piece, "--as", "reza"])
    assert refused.exit_code == 1 and "error:" in refused.output
    assert cli.invoke(app, ["piece", "release", piece, "--as", "mina"]).exit_code == 0


def test_progress_prints_every_status_whole_and_export_counts_what_it_publishes(cli: CliRunner, tmp_path: Path) -> None:
    assert cli.invoke(app, ["demo"]).exit_code == 0
    header = cli.invoke(app, ["progress"]).output.splitlines()[0]
    assert "changes_requested" in header and "in_translation" in header
    built = cli.invoke(app, ["export", "--edition", "ar", "--out", str(tmp_path / "ar"), "--publish"])
    assert built.exit_code == 0 and "; 1 piece(s) published" in built.output, built.output


def test_progress_lists_published_translations_behind_their_source(cli: CliRunner, tmp_path: Path) -> None:
    from workflow.demo import DATA

    assert cli.invoke(app, ["demo"]).exit_code == 0
    text = (DATA / "articles" / "library-reading-room-opens.md").read_text(encoding="utf-8")
    corrected = tmp_path / "library-reading-room-opens.md"
    corrected.write_text(text.replace("forty seats", "forty-two seats"), encoding="utf-8")
    assert cli.invoke(app, ["import", str(corrected)]).exit_code == 0
    shown = cli.invoke(app, ["progress"]).output
    assert "published, update pending" in shown
    assert [line.split()[:4] for line in shown.splitlines() if "library-reading-room-opens" in line] == [
        ["ar", "library-reading-room-opens", "revision", "1"],
        ["fa", "library-reading-room-opens", "revision", "1"],
    ]
    report = {r["edition"]: r["update_pending"] for r in json.loads(cli.invoke(app, ["progress", "--json"]).output)}
    assert [(p["slug"], p["translates"], p["current"]) for p in report["fa"]] == [("library-reading-room-opens", 1, 2)]
    assert report["sq"] == [] and report["en"] == []


def test_import_with_a_correction_marks_it_and_the_correction_command_adds_another(
    cli: CliRunner, tmp_path: Path
) -> None:
    from workflow.demo import DATA

    assert cli.invoke(app, ["demo"]).exit_code == 0
    text = (DATA / "articles" / "library-reading-room-opens.md").read_text(encoding="utf-8")
    corrected = tmp_path / "library-reading-room-opens.md"
    corrected.write_text(text.replace("forty seats", "forty-two seats"), encoding="utf-8")
    refused = cli.invoke(app, ["import", str(corrected), "--urgent"])
    assert refused.exit_code == 1 and "--urgent goes with --correction" in refused.output
    note = "An earlier version said forty seats."
    result = cli.invoke(app, ["import", str(corrected), "--correction", note, "--urgent"])
    assert result.exit_code == 0, result.output
    assert "correction: library-reading-room-opens (revision 3, urgent)" in result.output
    again = cli.invoke(app, ["correction", "library-reading-room-opens", "--note", "The opening hours were corrected."])
    assert again.exit_code == 0 and "(revision 4)" in again.output
    missing = cli.invoke(app, ["correction", "nowhere", "--note", "x"])
    assert missing.exit_code == 1 and "no article with the slug" in missing.output


def test_api_tokens_from_the_command_line(cli: CliRunner) -> None:
    assert cli.invoke(app, ["init"]).exit_code == 0
    added = cli.invoke(
        app,
        ["user", "add", "mina", "--role", "translator", "--pair", "en->fa", "--password-stdin"],
        input="a long one\n",
    )
    assert added.exit_code == 0, added.output
    made = cli.invoke(app, ["token", "create", "--user", "mina", "--name", "the CMS", "--expires", "30"])
    assert made.exit_code == 0, made.output
    heading, secret = made.output.strip().splitlines()
    assert re.fullmatch(r"token (\d+) for mina, until \d{4}-\d\d-\d\d \d\d:\d\d UTC; keep it now.*", heading)
    assert secret.startswith("dgm_")
    listing = cli.invoke(app, ["token", "list"]).output
    assert secret[:12] in listing and secret not in listing and "the CMS" in listing and "never used" in listing
    token_id = heading.split()[1]
    assert cli.invoke(app, ["token", "revoke", token_id]).exit_code == 0
    assert "revoked" in cli.invoke(app, ["token", "list", "--user", "mina"]).output
    refused = cli.invoke(app, ["token", "create", "--user", "nobody"])
    assert refused.exit_code == 1 and "there is no user called nobody" in refused.output
    assert cli.invoke(app, ["token", "create", "--user", "mina", "--expires", "0"]).exit_code == 1
