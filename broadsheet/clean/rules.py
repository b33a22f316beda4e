"""The cleaning rules: their file format, loading, checking and digest.

The built-in rules live in `broadsheet/rules/cleaning.toml`; a site adds its
own files in the same format. Every entry of `[[rule]]` names what it drops
(`id`), says why, and carries an `example` that its own test checks. A rule is
either a *pattern* rule (a regular expression tried on each line) or a
*detector* rule (a structural check implemented in code, e.g. a price list or
a run of menu links, whose parameters are data here). A site file may also
`disable = ["rule.id", ...]` built-in rules, redefine a disabled id, and
override single `[thresholds]` or extend `[languages.xx]`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal, Sequence

from broadsheet.clean.params import DETECTORS, Thresholds
from broadsheet.clean.screen import LineScreen, Literals, build_screens, literals_of

# Part of every digest: bump it when a code change alters what the same rules
# produce, so cached cleaning results keyed by the digest are recomputed.
CLEANER_VERSION = "2"

BUILTIN_RULES = "cleaning.toml"

Action = Literal["drop", "break", "end-body", "source"]
ACTIONS: tuple[str, ...] = ("drop", "break", "end-body", "source")

_RULE_ID = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
# The screen joins patterns into one alternation, where numbered
# back-references would point at the wrong group.
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")


class RulesError(Exception):
    """A rules file cannot be used; the message names the file, rule and reason."""


@dataclass(frozen=True, slots=True)
class LinePattern:
    """One regular expression of a pattern rule, with the literal text any match of it holds.

    `literals` lets a line that cannot match skip the expression (see `screen`).
    """

    regex: re.Pattern[str]
    literals: Literals


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A line matching one of `patterns` (and at most `max_words` long) is acted on."""

    id: str
    action: Action
    patterns: tuple[LinePattern, ...]
    max_words: int
    why: str
    example: str
    keep_example: str | None = None


@dataclass(frozen=True, slots=True)
class DetectorRule:
    """A structural check in code; `params` is its typed parameter set."""

    id: str
    detector: str
    params: object
    why: str
    example: str
    keep_example: str | None = None


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    stopwords: frozenset[str]
    months: dict[str, int] = field(default_factory=dict)  # lower-case name → 1..12


@dataclass(frozen=True, slots=True, eq=False)
class Rules:
    """Everything `clean` needs; picklable so it can go to worker processes.

    Compare or key caches by `digest`: two loads of the same files are equal
    by digest, not by identity.
    """

    patterns: tuple[PatternRule, ...]
    detectors: dict[str, DetectorRule]  # detector name → its (enabled) rule
    thresholds: Thresholds
    languages: tuple[Language, ...]
    pattern_order: tuple[tuple[PatternRule, LinePattern], ...]  # every pattern, in rule order
    screens: tuple[LineScreen, ...]  # by line length: which patterns may match a line
    months: dict[str, int]  # month names of every language → 1..12
    digest: str

    def detector(self, name: str) -> DetectorRule | None:
        return self.detectors.get(name)


def load_rules(extra: Sequence[Path] = ()) -> Rules:
    """The built-in rules plus each site rules file in `extra`, in order.

    Raises `RulesError` naming the file, the rule and the reason.
    """
    sources = [(f"broadsheet/rules/{BUILTIN_RULES}", _builtin_text())]
    for path in extra:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            raise RulesError(f"{path}: cannot read rules file: {err}") from err
    return _build(sources)


def _builtin_text() -> str:
    return resources.files("broadsheet.rules").joinpath(BUILTIN_RULES).read_text(encoding="utf-8")


def _build(sources: list[tuple[str, str]]) -> Rules:
    entries: list[PatternRule | DetectorRule] = []
    thresholds: dict[str, object] = {}
    languages: dict[str, dict[str, object]] = {}
    for position, (name, text) in enumerate(sources):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise RulesError(f"{name}: not valid TOML: {err}") from err
        _check_keys(f"{name}: top level", data, {"rule", "disable", "thresholds", "languages"})
        disabled = _string_list(name, "disable", data.get("disable", []))
        known = {entry.id for entry in entries}
        for rule_id in disabled:
            if rule_id not in known:
                raise RulesError(f"{name}: disable: no rule with id {rule_id!r} to disable")
        entries = [entry for entry in entries if entry.id not in disabled]
        own = [_rule(name, text, table) for table in _tables(name, data.get("rule", []))]
        ids = {entry.id for entry in entries}
        for entry in own:
            if entry.id in ids:
                raise RulesError(
                    f"{name}: rule {entry.id!r} (line {_line_of(text, entry.id)}): "
                    "id already defined; disable the earlier rule to replace it"
                )
            ids.add(entry.id)
        # A site's own rules go first: where two rules match a line, the more
        # specific site rule is the one the trace names.
        _check_one_rule_per_detector(name, text, own, entries)
        entries = own + entries if position else own
        thresholds.update(_table(name, "thresholds", data.get("thresholds", {})))
        for code, lang in _table(name, "languages", data.get("languages", {})).items():
            languages.setdefault(code, {}).update(_table(name, f"languages.{code}", lang))
    patterns = tuple(entry for entry in entries if isinstance(entry, PatternRule))
    detectors = {entry.detector: entry for entry in entries if isinstance(entry, DetectorRule)}
    loaded_languages = tuple(_language(sources[-1][0], code, spec) for code, spec in languages.items())
    months: dict[str, int] = {}
    for language in loaded_languages:
        for month_name, number in language.months.items():
            months.setdefault(month_name, number)
    return Rules(
        patterns=patterns,
        detectors=detectors,
        thresholds=_typed(sources[-1][0], "thresholds", Thresholds, thresholds),
        languages=loaded_languages,
        pattern_order=tuple((rule, pattern) for rule in patterns for pattern in rule.patterns),
        screens=build_screens(
            (rule.max_words, pattern.regex, pattern.literals) for rule in patterns for pattern in rule.patterns
        ),
        months=months,
        digest=_digest(sources),
    )


def _rule(name: str, text: str, table: dict[str, object]) -> PatternRule | DetectorRule:
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id):
        raise RulesError(f"{name}: rule {rule_id!r}: id must be lower-case words joined by '.' or '-'")
    where = f"{name}: rule {rule_id!r} (line {_line_of(text, rule_id)})"
    common = {"id", "why", "example", "keep_example"}
    for key in ("why", "example"):
        if not isinstance(table.get(key), str) or not str(table[key]).strip():
            raise RulesError(f"{where}: {key!r} is required and must be a non-empty string")
    keep_example = table.get("keep_example")
    if keep_example is not None and not isinstance(keep_example, str):
        raise RulesError(f"{where}: 'keep_example' must be a string")
    if ("pattern" in table) == ("detector" in table):
        raise RulesError(f"{where}: give exactly one of 'pattern' or 'detector'")
    if "detector" in table:
        _check_keys(where, table, common | {"detector", "params"})
        detector = table["detector"]
        if detector not in DETECTORS:
            raise RulesError(f"{where}: unknown detector {detector!r} (known: {', '.join(DETECTORS)})")
        params = _typed(where, "params", DETECTORS[detector], _table(where, "params", table.get("params", {})))
        return DetectorRule(rule_id, detector, params, table["why"], table["example"], keep_example)
    _check_keys(where, table, common | {"pattern", "action", "max_words", "case_sensitive"})
    action = table.get("action", "drop")
    if action not in ACTIONS:
        raise RulesError(f"{where}: action must be one of {', '.join(ACTIONS)}, not {action!r}")
    max_words = table.get("max_words", 1_000_000)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise RulesError(f"{where}: max_words must be a positive integer")
    case_sensitive = table.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise RulesError(f"{where}: case_sensitive must be true or false")
    compiled = []
    for source in _pattern_sources(where, table["pattern"]):
        if action == "source" and "source" not in _NAMED_GROUP.findall(source):
            raise RulesError(f"{where}: every pattern of a 'source' rule needs a (?P<source>...) group")
        try:
            regex = re.compile(source, 0 if case_sensitive else re.IGNORECASE)
        except re.error as err:
            raise RulesError(f"{where}: bad pattern {source!r}: {err}") from err
        compiled.append(LinePattern(regex, literals_of(regex)))
    return PatternRule(rule_id, action, tuple(compiled), max_words, table["why"], table["example"], keep_example)


def _check_one_rule_per_detector(name: str, text: str, own: list, earlier: list) -> None:
    used = {entry.detector: entry.id for entry in earlier if isinstance(entry, DetectorRule)}
    for entry in own:
        if isinstance(entry, DetectorRule):
            if entry.detector in used:
                raise RulesError(
                    f"{name}: rule {entry.id!r} (line {_line_of(text, entry.id)}): detector {entry.detector!r} "
                    f"is already used by rule {used[entry.detector]!r}; disable that rule to replace it"
                )
            used[entry.detector] = entry.id


def _pattern_sources(where: str, value: object) -> list[str]:
    """A pattern is one regex or a list of alternatives (e.g. one per language)."""
    if isinstance(value, str):
        alternatives = [value]
    elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        alternatives = value
    else:
        raise RulesError(f"{where}: pattern must be a string or a non-empty list of strings")
    for alternative in alternatives:
        if _BACKREFERENCE.search(alternative):
            raise RulesError(f"{where}: back-references are not supported in patterns")
    return alternatives


def _language(where: str, code: str, spec: dict[str, object]) -> Language:
    stopwords = spec.get("stopwords", "")
    months = spec.get("months", [])
    if not isinstance(stopwords, str):
        raise RulesError(f"{where}: languages.{code}.stopwords must be one string of words")
    if not isinstance(months, list) or not all(isinstance(m, str) for m in months):
        raise RulesError(f"{where}: languages.{code}.months must be a list of strings")
    if months and len(months) != 12:
        raise RulesError(f"{where}: languages.{code}.months must list 12 months")
    # Twelve entries in calendar order, each the month's names and
    # abbreviations ("september sep sept"), so the position is the number.
    month_numbers = {
        month_name.rstrip("."): number
        for number, names in enumerate(months, start=1)
        for month_name in names.lower().split()
    }
    return Language(code, frozenset(stopwords.lower().split()), month_numbers)


def _digest(sources: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"broadsheet-cleaner {CLEANER_VERSION}\n".encode())
    for _name, text in sources:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# ---- small checks shared by the loaders above ----


def _typed(where: str, what: str, cls: type, values: dict[str, object]):
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(values) - set(fields)
    missing = set(fields) - set(values)
    if unknown:
        raise RulesError(f"{where}: {what}: unknown key(s) {', '.join(sorted(unknown))}")
    if missing:
        raise RulesError(f"{where}: {what}: missing key(s) {', '.join(sorted(missing))}")
    for key, value in values.items():
        expected = fields[key].type
        ok = (
            (expected == "int" and isinstance(value, int) and not isinstance(value, bool))
            or (expected == "float" and isinstance(value, (int, float)) and not isinstance(value, bool))
        )
        if not ok:
            raise RulesError(f"{where}: {what}.{key} must be a number ({expected})")
    return cls(**{key: float(v) if fields[key].type == "float" else v for key, v in values.items()})


def _check_keys(where: str, table: dict[str, object], allowed: set[str]) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _tables(name: str, value: object) -> list[dict[str, object]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RulesError(f"{name}: 'rule' must be an array of tables ([[rule]])")
    return value


def _table(where: str, what: str, value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise RulesError(f"{where}: {what} must be a table")
    return value


def _string_list(name: str, what: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RulesError(f"{name}: {what} must be a list of rule ids")
    return value


def _line_of(text: str, rule_id: str) -> int | str:
    """The line of `id = "<rule_id>"` in the file, for error messages."""
    match = re.search(rf"""^\s*id\s*=\s*["']{re.escape(rule_id)}["']""", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else "?"
