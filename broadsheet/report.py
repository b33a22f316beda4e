"""The account of a build: every input built, duplicate or rejected, and why.

`Outcome`s are the report's rows: one per input file, one per article of a
JSON list or JSONL file, one per sidecar. The counts always add up to the
number of rows; nothing disappears silently.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
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
        return json.dumps(
            {
                "summary": summary,
                "inputs": [asdict(outcome) for outcome in self.outcomes],
                "skipped": [asdict(skipped) for skipped in self.skipped],
            },
            indent=2,
            ensure_ascii=False,
        )


def sorted_outcomes(outcomes: Sequence[Outcome]) -> tuple[Outcome, ...]:
    """Report order: by input name, articles of one file in their numbered order."""

    def key(outcome: Outcome) -> tuple[str, int]:
        name, _, number = outcome.input.partition("#")
        return (name, int(number) if number.isdigit() else 0)

    return tuple(sorted(outcomes, key=key))
