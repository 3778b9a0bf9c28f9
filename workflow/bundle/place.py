"""Where a bundle may be written: a build replaces only what an earlier build of the same edition wrote.

A bundle folder may be a path that does not exist yet, an empty folder, or a folder that holds a previous
Dragoman bundle of the same edition (its ``manifest.json`` says so) and nothing its manifest does not
list. The zip beside it may be absent or a zip of such a bundle. Anything else is refused before anything
is touched, saying what is there (as rsync and git never delete what they did not write).
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workflow.bundle.write import JOURNAL
from workflow.errors import WorkflowError
from workflow.messages import msg

SHOWN = 5  # names quoted in a refusal; the rest are counted


class PlaceRefused(WorkflowError):
    """A bundle would replace something that is not an earlier bundle of the same edition."""


def _manifest(data: bytes) -> dict[str, Any] | None:
    """A Dragoman manifest's fields, or None when ``data`` is not one."""
    try:
        found = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if (
        isinstance(found, dict)
        and isinstance(found.get("files"), dict)
        and isinstance(found.get("build_id"), str)
        and isinstance(found.get("edition"), str)
    ):
        return found
    return None


def _listing(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:SHOWN])
    return shown if len(names) <= SHOWN else f"{shown}, … ({len(names)} in all)"


def _walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file, link and folder under ``folder``, as its path relative to it (a folder's ending in '/'),
    read from the folder listings: no call per file."""
    waiting = [("", str(folder))]
    while waiting:
        prefix, path = waiting.pop()
        with os.scandir(path) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((prefix + entry.name + "/", entry.path))
                    yield prefix + entry.name + "/", entry
                else:
                    yield prefix + entry.name, entry


def _unlisted(folder: Path, listed: set[str], parents: set[str]) -> list[str]:
    """What is under ``folder`` besides the files ``listed`` and the folders that hold them (``parents``, each
    ending in '/'): every other entry, and every link, as paths relative to ``folder``."""
    foreign = []
    for name, entry in _walk(folder):
        if name.endswith("/"):
            if name not in parents:
                foreign.append(name)
        elif name not in listed or not entry.is_file(follow_symlinks=False):
            foreign.append(name)
    return foreign


def _pending(out: Path) -> set[str]:
    """Files that a stopped build's journal was moving into ``out`` (the next build completes the move)."""
    names: set[str] = set()
    for journal in out.parent.glob(f".{out.name}.building-*/{JOURNAL}"):
        try:
            names.update(str(name) for name in json.loads(journal.read_text(encoding="utf-8"))["move"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return names


def check_folder(out: Path, edition: str) -> None:
    """Refuse ``out`` unless a bundle of ``edition`` may be written there (see the module's rule)."""
    if not os.path.lexists(out):
        return
    if out.is_symlink() and not out.exists():
        raise PlaceRefused(
            msg(
                "{path} is a broken symbolic link; nothing was written. Remove the link or choose another folder "
                "for the bundle",
                path=str(out),
            )
        )
    if not out.is_dir():
        raise PlaceRefused(
            msg(
                "{path} is a file, not a bundle folder; nothing was written. Choose another folder for the bundle, "
                "or move the file away",
                path=str(out),
            )
        )
    with os.scandir(out) as listing:
        if next(listing, None) is None:
            return
    manifest_file = out / "manifest.json"
    manifest = read_manifest(manifest_file) if manifest_file.is_file() else None
    if manifest is None:
        raise PlaceRefused(
            msg(
                "{path} is not empty and holds no Dragoman bundle ({names}); nothing was written. Choose a new or "
                "empty folder for the bundle",
                path=str(out),
                names=_listing([name for name, _entry in _walk(out)]),
            )
        )
    if manifest["edition"] != edition:
        raise PlaceRefused(
            msg(
                "{path} holds the bundle of the {other} edition, not {edition}; nothing was written. Choose another "
                "folder for the {edition} bundle",
                path=str(out),
                other=manifest["edition"],
                edition=edition,
            )
        )
    listed = {str(name) for name in manifest["files"]} | {"manifest.json"} | _pending(out)
    parents: set[str] = set()
    for folder in {name[: name.rfind("/") + 1] for name in listed if "/" in name}:  # few: each once
        parents.update(folder[: end + 1] for end, char in enumerate(folder) if char == "/")
    foreign = _unlisted(out, listed, parents)
    if foreign:
        raise PlaceRefused(
            msg(
                "{path} holds a Dragoman bundle and {count} more that its manifest does not list ({names}); "
                "nothing was written. Move them out of the folder, or choose another folder for the bundle",
                path=str(out),
                count=len(foreign),
                names=_listing(foreign),
            )
        )


_READ: dict[Path, tuple[bytes, dict[str, Any] | None]] = {}


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The Dragoman manifest in ``path`` (None when it is not one), parsed once while its bytes stay the same
    (a build checks the folder, then reads what it replaces)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(data).digest()
    known = _READ.get(path)
    if known is not None and known[0] == digest:
        return known[1]
    found = _manifest(data)
    _READ.clear()  # one at a time: a manifest of 20,000 articles is large
    _READ[path] = (digest, found)
    return found


def check_zip(path: Path, edition: str) -> None:
    """Refuse ``path`` unless it is absent or a zip of a bundle of ``edition``."""
    if not os.path.lexists(path):
        return
    manifest = None
    if path.is_file() and not path.is_symlink():
        try:
            with zipfile.ZipFile(path) as archive:
                manifest = _manifest(archive.read("manifest.json"))
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            manifest = None
    if manifest is None or manifest["edition"] != edition:
        raise PlaceRefused(
            msg(
                "{path} is there and is not a zip of a Dragoman {edition} bundle; nothing was written. Move it away, "
                "or choose another folder for the bundle",
                path=str(path),
                edition=edition,
            )
        )
