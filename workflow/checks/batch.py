"""Batch checks over JSON lines: ``{"id": …, "source": …, "target": …}`` per line, as the CLI reads them.

>>> records = parse_lines('{"id": 1, "source": "In 2011.", "target": "در سال ۲۰۱۲."}', "pairs.jsonl")
>>> [(key, f.check) for key, f in check_records(records, "en", "fa")]
[(1, 'numbers'), (1, 'numbers')]
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from workflow.checks import Finding, Pair, Settings, run_checks
from workflow.errors import ImportFailed, ImportProblem
from workflow.messages import N_, msg


@dataclass(frozen=True)
class Record:
    """One line of a batch: its id as given, the source and the target (NFC)."""

    id: Any
    source: str
    target: str


def parse_lines(text: str, file: str, *, with_target: bool = True) -> list[Record]:
    """Every line as a record; ImportFailed names each bad line, and nothing is checked then.
    Without ``with_target``, lines need only "id" and "source" (for memory lookups).
    """
    records: list[Record] = []
    problems: list[ImportProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = msg("line {line}", line=number)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(ImportProblem(file, where, msg("not valid JSON: {reason}", reason=error.msg)))
            continue
        if not with_target and isinstance(data, dict):
            data.setdefault("target", "")
        if not isinstance(data, dict) or not {"id", "source", "target"} <= data.keys():
            problems.append(
                ImportProblem(file, where, N_('each line must be an object with "id", "source" and "target"'))
            )
            continue
        if not isinstance(data["source"], str) or not isinstance(data["target"], str):
            problems.append(ImportProblem(file, where, N_('"source" and "target" must be texts')))
            continue
        nfc = unicodedata.normalize
        records.append(Record(data["id"], nfc("NFC", data["source"]), nfc("NFC", data["target"])))
    if problems:
        raise ImportFailed(problems)
    return records


def check_records(
    records: list[Record], source_lang: str, target_lang: str, settings: Settings | None = None
) -> list[tuple[Any, Finding]]:
    """Each record's findings, in order."""
    return [
        (record.id, finding)
        for record in records
        for finding in run_checks(Pair(record.source, record.target, source_lang, target_lang), settings)
    ]
