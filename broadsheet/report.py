"""The account of a build: every input built, duplicate or rejected, and why.

`Outcome`s are the report's rows: one per input file, one per article of a
JSON list or JSONL file, one per sidecar. The counts always add up to the
number of rows; nothing disappears silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal, Sequence

Status = Literal["built", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class Outcome:
    input: str  # path relative to the content folder, `#N` for the N-th article of a file
    status: Status
    slug: str | None = None  # the article it became, or for a duplicate the one it joined
    output: str | None = None  # that article's page, relative to the output folder
    reason: str | None = None  # why it was rejected, or what it duplicates


@dataclass(frozen=True, slots=True)
class SkippedFile:
    input: str
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    outcomes: tuple[Outcome, ...]
    skipped: tuple[SkippedFile, ...]  # files in the content folder that are not inputs
    articles: int
    pages: int
    seconds: float

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def rejected(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.status == "rejected")

    def summary_line(self) -> str:
        return (
            f"{self.articles} articles, {self.pages} pages, {self.count('rejected')} rejected, "
            f"{self.count('duplicate')} duplicates in {self.seconds:.2f} s"
        )

    def to_json(self) -> str:
        summary = {
            "inputs": len(self.outcomes),
            "built": self.count("built"),
            "duplicate": self.count("duplicate"),
            "rejected": self.count("rejected"),
            "articles": self.articles,
            "pages": self.pages,
            "skipped": len(self.skipped),
            "seconds": round(self.seconds, 3),
        }
        # One row per line: readable, and written by json's C encoder (an
        # indented dump is pure Python: 25 s for a JSONL of 200,000 lines).
        inputs = (_row(_report_row(outcome)) for outcome in self.outcomes)
        skipped = (_row({"input": printable(item.input), "reason": printable(item.reason)}) for item in self.skipped)
        return (
            f'{{\n  "summary": {json.dumps(summary)},\n'
            f'  "inputs": [{_rows(inputs)}],\n'
            f'  "skipped": [{_rows(skipped)}]\n}}'
        )


# Characters a file name may hold that would break a report line or fool a
# reader: controls (a newline starts a fake line, ESC drives the terminal),
# bidi controls (they reorder what is shown), and the lone surrogates that
# stand for bytes of a name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` on one line with nothing hidden: `a\\nb\\xff.txt` for a name holding a newline and byte 0xFF."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def _report_row(outcome: Outcome) -> dict[str, str | None]:
    """An outcome as a report row, names made printable (`dataclasses.asdict` deep-copies: ten times slower)."""
    return {
        "input": printable(outcome.input),
        "status": outcome.status,
        "slug": outcome.slug,
        "output": outcome.output,
        "reason": printable(outcome.reason) if outcome.reason else outcome.reason,
    }


def _row(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


def _rows(rows) -> str:
    text = ",\n    ".join(rows)
    return f"\n    {text}\n  " if text else ""


def sorted_outcomes(outcomes: Sequence[Outcome]) -> tuple[Outcome, ...]:
    """Report order: by input name, articles of one file in their numbered order."""

    def key(outcome: Outcome) -> tuple[str, int]:
        name, _, number = outcome.input.partition("#")
        return (name, int(number) if number.isdigit() else 0)

    return tuple(sorted(outcomes, key=key))
