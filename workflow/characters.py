"""Characters no stored text may hold, and text made safe for output whatever it holds.

Refused at every entry (imports, the editor, XLIFF, PO, TMX, TBX, glossary, comments, the CLI): C0 control
characters but tab, line feed and carriage return; DEL and the C1 controls; lone surrogates; and the two
noncharacters XML forbids (U+FFFE, U+FFFF). ZWNJ, ZWJ, bidi marks and every letter stay.

>>> problem("خبر\\u200cها")
>>> problem("title\\x00").split(";")[0]
'the control character U+0000 (NULL) at line 1, column 6'
>>> printable("a\\x00b\\ud800")
'a\\ufffdb\\ufffd'
"""

from __future__ import annotations

import re
import unicodedata

from workflow.errors import WorkflowError
from workflow.messages import Message, msg

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NAMES = {0: "NULL", 0x7F: "DELETE"}


class InvalidText(WorkflowError):
    """Text that holds a character Dragoman never stores."""


def describe(character: str) -> str:
    """A character as a person can look it up.

    >>> describe("\\x1b"), describe("\\ud800")
    ('U+001B (ESCAPE)', 'U+D800 (a lone surrogate)')
    """
    point = ord(character)
    if 0xD800 <= point <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = _NAMES.get(point) or unicodedata.name(character, "") or _control_name(point)
    return f"U+{point:04X} ({name})"


def _control_name(point: int) -> str:
    names = {0x1B: "ESCAPE", 0x85: "NEXT LINE", 0xFFFE: "a noncharacter", 0xFFFF: "a noncharacter"}
    return names.get(point, "a control character")


def problem(text: str) -> Message | None:
    """Why ``text`` cannot be stored (naming the first bad character and where it is), or None."""
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return msg(
        "the control character {character} at line {line}, column {column}; delete it (it often comes along when "
        "text is copied from another program)",
        character=describe(found.group()),
        line=line,
        column=column,
    )


def stored(text: str, what: str = "") -> str:
    """``text`` as Dragoman stores it (NFC, ZWNJ kept); InvalidText naming ``what`` and the place of a
    character that is never stored.
    """
    reason = problem(text)
    if reason is not None:
        raise InvalidText(msg("{what} holds {reason}", what=what, reason=reason) if what else reason)
    return unicodedata.normalize("NFC", text)


def printable(text: str) -> str:
    """``text`` with every character that :data:`FORBIDDEN` names replaced by U+FFFD: what renderers write,
    so that any stored text gives well-formed XML and HTML.
    """
    return FORBIDDEN.sub("\ufffd", text)
