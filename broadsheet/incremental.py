"""What one build leaves for the next: the digest of all it read, its report, what it knew.

A build whose digest equals the last published build's, over an output
folder still exactly as that build left it, has nothing to do. A `Builder`
also keeps every input's key and results in memory between rebuilds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Sequence

from broadsheet.cache import OutputRecord
from broadsheet.clean import Rules
from broadsheet.config import Config
from broadsheet.inputs import Keyed
from broadsheet.model import Rejected
from broadsheet.process import Result
from broadsheet.publish import Survey
from broadsheet.read import Discovery
from broadsheet.report import Outcome, Report, SkippedFile


_OUTCOME_FIELDS = tuple(item.name for item in fields(Outcome))


@dataclass(frozen=True, slots=True)
class LastBuild:
    digest: str
    report: Report


@dataclass(frozen=True, slots=True)
class Memory:
    """What a Builder knows between builds; empty for a build from the command line."""

    inputs: dict[str, Keyed] = field(default_factory=dict)  # rel → key of its bytes
    results: dict[str, tuple[Result, ...]] = field(default_factory=dict)  # source key → results
    records: dict[str, OutputRecord] | None = None  # path → what the last build published; None: ask the cache
    last: LastBuild | None = None


def build_digest(
    code: str, rules: Rules, theme_digest: str, config: Config, inputs: Sequence[Keyed], unreadable: Sequence[Rejected], discovery: Discovery
) -> str:
    """A hash of everything a build reads: the same digest means the same site and report."""
    settings = replace(config, jobs=0, cache_dir=Path(), strict=False)  # how it is built, not what
    parts = [code, rules.digest, theme_digest, repr(settings)]
    parts.extend(f"{item.source.rel}\x1e{item.key}" for item in inputs)
    parts.extend(f"{item.origin}\x1e{item.reason}" for item in (*unreadable, *discovery.rejected))
    parts.extend(f"{item.rel}\x1e{item.reason}" for item in discovery.skipped)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def left_as_it_was(found: Survey, records: dict[str, OutputRecord]) -> bool:
    """The output folder holds exactly the recorded files, none touched since."""
    return found.exists and not found.others and found.untouched.keys() == records.keys()


def encode_report(report: Report) -> str:
    """The report as JSON rows (dataclasses.asdict would be far slower for a million inputs)."""
    return json.dumps(
        {
            "outcomes": [[getattr(outcome, name) for name in _OUTCOME_FIELDS] for outcome in report.outcomes],
            "skipped": [[item.input, item.reason] for item in report.skipped],
            "articles": report.articles,
            "pages": report.pages,
        },
        ensure_ascii=False,
    )


def decode_report(text: str) -> Report | None:
    try:
        value = json.loads(text)
        return Report(
            outcomes=tuple(Outcome(*item) for item in value["outcomes"]),
            skipped=tuple(SkippedFile(*item) for item in value["skipped"]),
            articles=value["articles"],
            pages=value["pages"],
            seconds=0.0,
        )
    except (ValueError, KeyError, TypeError):
        return None
