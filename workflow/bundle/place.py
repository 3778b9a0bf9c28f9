"""Where a bundle may be written: a build replaces only what an earlier build of the same edition wrote.

A bundle folder may be a path that does not exist yet, an empty folder, or a folder that holds a previous
Dragoman bundle of the same edition (its ``manifest.json`` says so) and nothing its manifest does not
list. The zip beside it may be absent or a zip of such a bundle. Anything else is refused before anything
is touched, saying what is there (as rsync and git never delete what they did not write).
"""

from __future__ import annotations

import json
import os
import zipfile
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


def _entries(folder: Path) -> list[tuple[str, bool]]:
    """Every file, link and folder under ``folder``, as paths relative to it (folders end in '/'), each with
    whether it is a symbolic link (read from the folder listing: no call per file)."""
    found: list[tuple[str, bool]] = []
    waiting = [("", str(folder))]
    while waiting:
        prefix, path = waiting.pop()
        with os.scandir(path) as listing:
            for entry in listing:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    found.append((name + "/", False))
                    waiting.append((name + "/", entry.path))
                else:
                    found.append((name, entry.is_symlink()))
    return found


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
    entries = _entries(out)
    if not entries:
        return
    manifest_file = out / "manifest.json"
    manifest = _manifest(manifest_file.read_bytes()) if manifest_file.is_file() else None
    if manifest is None:
        raise PlaceRefused(
            msg(
                "{path} is not empty and holds no Dragoman bundle ({names}); nothing was written. Choose a new or "
                "empty folder for the bundle",
                path=str(out),
                names=_listing([name for name, _link in entries]),
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
    parents = {"/".join(name.split("/")[:depth]) + "/" for name in listed for depth in range(1, name.count("/") + 1)}
    foreign = [name for name, link in entries if link or name not in (parents if name.endswith("/") else listed)]
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
