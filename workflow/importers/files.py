"""Reading import files safely: size limit, binary detection, strict UTF-8 with the place of a bad byte."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from workflow.errors import ImportProblem
from workflow.limits import too_large
from workflow.messages import N_, msg, quoted

EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".xml": "wordpress",
    ".html": "html",
    ".htm": "html",
}
FOLDER_EXTENSIONS = {".md", ".markdown", ".json", ".xml", ".mdx"}  # a site's .html files are its theme's


class ReadError(Exception):
    """A file that cannot be read as text; carries the problem."""

    def __init__(self, problem: ImportProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def expand(paths: list[Path]) -> tuple[list[Path], list[ImportProblem]]:
    """Files named, and .md/.json files inside named folders (sorted); problems for missing paths."""
    files: list[Path] = []
    problems: list[ImportProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_EXTENSIONS)
            if not found:
                problems.append(ImportProblem(str(path), "", N_("the folder holds no .md or .json files")))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(ImportProblem(str(path), "", N_("no such file or folder")))
    return files, problems


def check_kind(name: str) -> None:
    """ReadError unless ``name`` is of a kind Dragoman imports (by its extension)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".mdx":
        raise ReadError(
            ImportProblem(
                name,
                "",
                N_(
                    "MDX mixes Markdown with JSX components, which Dragoman cannot keep intact through translation; "
                    "save the page as Markdown (.md) without components, or leave it out of the import"
                ),
            )
        )
    if suffix not in EXTENSIONS:
        raise ReadError(
            ImportProblem(
                name,
                "",
                msg(
                    "unsupported file type {suffix}; use Markdown (.md) with front matter, JSON (.json), HTML "
                    "(.html) or a WordPress export (.xml)",
                    suffix=quoted(suffix or "(none)"),
                ),
            )
        )


def read_bytes(path: Path) -> bytes:
    """The bytes of a file of a kind Dragoman imports; ReadError if it is of another kind or too big."""
    check_kind(str(path))
    reason = too_large(path.stat().st_size)
    if reason is not None:
        raise ReadError(ImportProblem(str(path), "", reason))
    return path.read_bytes()


def read_text(path: Path) -> str:
    """The file's text as NFC with LF line endings; ReadError if it is too big, binary or not UTF-8."""
    return decode_text(str(path), read_bytes(path))


def decode_text(name: str, data: bytes) -> str:
    """``data`` as NFC text with LF line endings; ReadError, naming ``name``, if binary or not UTF-8."""
    if b"\x00" in data:
        raise ReadError(
            ImportProblem(
                name, "", N_("this is a binary file, not text; export the article as Markdown or JSON in UTF-8")
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise ReadError(
            ImportProblem(
                name,
                msg("line {line}, column {column}", line=line, column=column),
                msg("invalid UTF-8 (byte {byte}); save the file as UTF-8", byte=f"0x{data[offset]:02x}"),
            )
        ) from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
