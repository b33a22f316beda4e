"""What one build leaves for the next: the digest of all it read, its report, what it knew.

A build whose digest equals the last published build's, over an output
folder still exactly as that build left it, has nothing to do. A `Builder`
also keeps every input's key and results in memory between rebuilds.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Callable, Sequence

from broadsheet.cache import OutputRecord
from broadsheet.clean import Rules
from broadsheet.config import Config
from broadsheet.inputs import Keyed
from broadsheet.model import Rejected, Site, Sketch
from broadsheet.process import Result
from broadsheet.publish import Survey
from broadsheet.read import Discovery
from broadsheet.report import Outcome, Report, SkippedFile
from broadsheet.write import Theme


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
    site: Site | None = None  # the last build's site, and what else it was built from (see `basis`)
    basis: str = ""
    unreadable: tuple[Rejected, ...] = ()


def basis(code: str, rules: Rules, theme: Theme) -> str:
    """What a site was built with besides its inputs: the same basis and inputs give the same site."""
    return hashlib.sha256(f"{code}\x1f{rules.digest}\x1f{theme.digest}".encode()).hexdigest()


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


class Duplicates:
    """Near-duplicates found last time, reused when the articles that changed share nothing with others.

    An article whose exact digest and every MinHash band are its own alone
    (before and after the change) is compared with no other article, so no
    other article's fate can depend on it: the last answer still holds.
    How many articles hold each mark is counted at the first rebuild, not
    before: a one-off build never needs the counts (a tenth of its memory
    per article).
    """

    def __init__(self) -> None:
        self._sketches: dict[str, Sketch] = {}
        self._counts: Counter[bytes] | None = None
        self._found: dict[str, str] = {}

    @property
    def found(self) -> dict[str, str]:
        """The last answer."""
        return self._found

    def find(self, sketches: dict[str, Sketch], find_all: Callable[[], dict[str, str]]) -> dict[str, str]:
        """`{duplicate: kept}` for articles with these sketches; `find_all` computes it from scratch."""
        if not self._sketches:
            self._found, self._sketches = find_all(), sketches
            return self._found
        if self._counts is None:
            self._counts = Counter(chain.from_iterable(map(_marks, self._sketches.values())))
        counts = self._counts
        changed = [key for key in sketches.keys() | self._sketches.keys() if sketches.get(key) != self._sketches.get(key)]
        alone = all(
            counts[mark] <= 1 for key in changed if key in self._sketches for mark in _marks(self._sketches[key])
        )
        for key in changed:
            for mark in _marks(self._sketches[key]) if key in self._sketches else ():
                counts[mark] -= 1
                if not counts[mark]:
                    del counts[mark]
            counts.update(_marks(sketches[key]) if key in sketches else ())
        alone = alone and all(counts[mark] <= 1 for key in changed if key in sketches for mark in _marks(sketches[key]))
        self._found = dict(self._found) if alone else find_all()
        self._sketches = sketches
        return self._found


def _marks(sketch: Sketch) -> list[bytes]:
    """What two sketches must share to be compared: the exact digest, or one band (with its number)."""
    marks = [b"=" + sketch.exact] if sketch.exact is not None else []
    if sketch.bands is not None:
        marks.extend(sketch.bands[start : start + 8] + bytes((start // 8,)) for start in range(0, len(sketch.bands), 8))
    return marks
