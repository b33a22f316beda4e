"""Which pattern rules may match a line, found in a few C calls.

Most lines of an article match no pattern rule, and trying each of a
hundred regular expressions on each line was most of the text route's time.
Each pattern is read once, when the rules load, for the literal text any
match of it must hold:

- a branch anchored at the line's start (`^(?:subscribe|sign up) ...`) must
  *start* with one of a few literal prefixes;
- any other branch must *contain* one of a few literals (`cookie`,
  `newsletter`).

The few prefixes sharing the line's first characters are tried with one
`str.startswith`, all other literals make one trie-shaped expression
searched through the line; only the patterns owning a literal found are
tried, in the rules' order. Literals are compared case-folded,
whatever the pattern's flags: a superset of what the pattern can match. A
branch anchored but with no literal to start with joins an alternation
tried at the line's start; a pattern with no literal at all is always
tried. The screen only picks candidates; the rules' own expressions decide.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
_ANCHORS = (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
# A required literal's start is required too: long ones are cut (the trie
# is built by recursion over a literal's characters).
_MAX_LITERAL_CHARS = 40
_MAX_EXPANSIONS = 64
_KEY_CHARS = 3  # prefixes are grouped by this many first characters


@dataclass(frozen=True, slots=True)
class Literals:
    """What any match of one pattern must hold, case-folded, branch by branch.

    A match of a branch anchored at the line's start begins with one of
    `prefixes`; a match of any other branch contains one of `needles`.
    `anchored_bare` / `bare`: some anchored / other branch requires no
    literal at all.
    """

    prefixes: tuple[str, ...]
    needles: tuple[str, ...]
    anchored_bare: bool
    bare: bool


@dataclass(frozen=True, slots=True)
class LineScreen:
    """The patterns that may match a line of up to `max_words` words (by their position in rule order)."""

    max_words: int
    # first three characters (or fewer: the whole prefix) → (those prefixes, the patterns owning each)
    prefixes: Mapping[str, tuple[tuple[str, ...], tuple[frozenset[int], ...]]]
    needles: re.Pattern[str] | None  # a trie of every needle, searched
    needle_starts: re.Pattern[str] | None  # ... and found at every position, overlaps included
    needle_owners: Mapping[str, frozenset[int]]
    anchored: re.Pattern[str] | None  # the patterns with an anchored branch but no prefix, at the start
    anchored_owners: frozenset[int]
    always: frozenset[int]  # patterns with a branch requiring no literal

    def candidates(self, text: str, folded: str) -> list[int]:
        """Positions of the patterns that may match the line `text` (`folded` is its casefold), in order."""
        found = set(self.always)
        for length in range(1, _KEY_CHARS + 1):
            group = self.prefixes.get(folded[:length])
            if group is not None and folded.startswith(group[0]):
                for prefix, owners in zip(*group):
                    if folded.startswith(prefix):
                        found |= owners
        if self.needles is not None and self.needles.search(folded) is not None:
            for needle in self.needle_starts.findall(folded):
                found |= self.needle_owners[needle]
        if self.anchored is not None and self.anchored.match(text) is not None:
            found |= self.anchored_owners
        return sorted(found)


def literals_of(regex: re.Pattern[str]) -> Literals:
    """The literal prefixes and needles of each top-level branch of `regex`."""
    try:
        return _literals(list(sre_parser.parse(regex.pattern, regex.flags)))
    except (re.error, RecursionError, OverflowError):
        # Too deep to read: the pattern is simply always tried.
        return Literals((), (), False, True)


def _literals(parsed: list) -> Literals:
    prefixes: set[str] = set()
    needles: set[str] = set()
    anchored_bare = bare = False
    for branch in _top_branches(parsed):
        if _starts_anchored(branch):
            found = _anchored_prefixes(branch)
            prefixes |= found or set()
            anchored_bare = anchored_bare or not found
        else:
            found = _needles(branch)
            needles |= found or set()
            bare = bare or not found
    return Literals(_folded(prefixes), _folded(needles), anchored_bare, bare)


def _top_branches(items: list) -> list[list]:
    """The alternatives of a pattern that is one alternation (or a group holding one), else the pattern."""
    while len(items) == 1 and items[0][0] is sre_constants.SUBPATTERN:
        items = list(items[0][1][3])
    if len(items) == 1 and items[0][0] is sre_constants.BRANCH:
        return [list(branch) for branch in items[0][1][1]]
    return [items]


def build_screens(patterns: Iterable[tuple[int, re.Pattern[str], Literals]]) -> tuple[LineScreen, ...]:
    """One screen per distinct `max_words`, over the patterns allowed on lines that long.

    `patterns` are (max_words, regex, literals) of every pattern of every
    rule, in rule order: a pattern is known by its position there.
    """
    entries = list(enumerate(patterns))
    limits = sorted({max_words for _position, (max_words, _regex, _literals) in entries})
    screens = []
    for limit in limits:
        allowed = [(position, regex, literals) for position, (max_words, regex, literals) in entries if max_words >= limit]
        prefixes = {position: literals.prefixes for position, _regex, literals in allowed if literals.prefixes}
        needles = {position: literals.needles for position, _regex, literals in allowed if literals.needles}
        anchored = [(position, regex) for position, regex, literals in allowed if literals.anchored_bare]
        needle_trie = _trie(set().union(*needles.values())) if needles else None
        screens.append(
            LineScreen(
                max_words=limit,
                prefixes=_by_first_chars(prefixes),
                needles=re.compile(needle_trie) if needle_trie else None,
                needle_starts=re.compile(f"(?=({needle_trie}))") if needle_trie else None,
                needle_owners=_owners(needles),
                anchored=_alternation([regex for _position, regex in anchored]) if anchored else None,
                anchored_owners=frozenset(position for position, _regex in anchored),
                always=frozenset(position for position, _regex, literals in allowed if literals.bare),
            )
        )
    return tuple(screens)


def _by_first_chars(prefixes: dict[int, tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], tuple[frozenset[int], ...]]]:
    """Prefixes grouped by their first three characters, each with the patterns it belongs to.

    A line looks up its own first one, two and three characters: each group
    it finds is a handful of prefixes, tried with one `str.startswith`.
    """
    owners: dict[str, set[int]] = {}
    for position, literals in prefixes.items():
        for prefix in literals:
            owners.setdefault(prefix, set()).add(position)
    groups: dict[str, list[str]] = {}
    for prefix in sorted(owners):
        groups.setdefault(prefix[:_KEY_CHARS], []).append(prefix)
    return {
        char: (tuple(members), tuple(frozenset(owners[prefix]) for prefix in members))
        for char, members in groups.items()
    }


def _owners(literals_by_pattern: dict[int, tuple[str, ...]]) -> dict[str, frozenset[int]]:
    """For every literal, the patterns with a literal starting with it.

    The trie stops at the shortest literal that matches: a pattern whose
    literal is longer is still a candidate, its own expression decides.
    """
    every = set().union(*literals_by_pattern.values()) if literals_by_pattern else set()
    return {
        literal: frozenset(
            position
            for position, literals in literals_by_pattern.items()
            if any(own.startswith(literal) for own in literals)
        )
        for literal in every
    }


def screen_for(screens: Sequence[LineScreen], words: int) -> LineScreen | None:
    """The screen of the patterns allowed on a line of `words` words; None when none is."""
    for screen in screens:
        if screen.max_words >= words:
            return screen
    return None


def _folded(literals: set[str]) -> tuple[str, ...]:
    # The shortest literals first: they rule a line in soonest.
    return tuple(sorted({literal.casefold()[:_MAX_LITERAL_CHARS] for literal in literals}, key=lambda text: (len(text), text)))


def _anchored_prefixes(items: list) -> set[str] | None:
    """Literal prefixes when every branch of the pattern starts at the line's start, else None."""
    if not items:
        return None
    op, value = items[0]
    if op is sre_constants.AT and value in _ANCHORS:
        prefixes, _whole = _expand(items[1:])
        return prefixes if "" not in prefixes else None
    if op is sre_constants.BRANCH:
        sets = [_anchored_prefixes(list(branch) + items[1:]) for branch in value[1]]
        return set().union(*sets) if all(sets) else None
    if op is sre_constants.SUBPATTERN:
        return _anchored_prefixes(list(value[3]) + items[1:])
    return None


def _expand(items: list) -> tuple[set[str], bool]:
    """The literal texts any match of `items` starts with, and whether they are whole matches.

    Alternatives and optional parts multiply out (`(?:this|the) story` is
    `this story` or `the story`) up to a bound; the expansion stops at the
    first part that is not literal.
    """
    texts = {""}
    for op, value in items:
        if min(map(len, texts)) >= _MAX_LITERAL_CHARS:
            return texts, False  # long enough: the rest is not needed
        if op is sre_constants.LITERAL:
            texts = {text + chr(value) for text in texts}
            continue
        if op is sre_constants.SUBPATTERN:
            alternatives = [list(value[3])]
        elif op is sre_constants.BRANCH:
            alternatives = [list(branch) for branch in value[1]]
        elif op in _REPEATS and value[0] == 0 and value[1] == 1:
            alternatives = [list(value[2]), []]
        elif op in _REPEATS and value[0] >= 1:
            alternatives = [list(value[2])]
            expanded = [_expand(alternative) for alternative in alternatives]
            return _product(texts, set().union(*(found for found, _whole in expanded))) or texts, False
        else:
            return texts, False
        expanded = [_expand(alternative) for alternative in alternatives]
        combined = _product(texts, set().union(*(found for found, _whole in expanded)))
        if combined is None:
            return texts, False
        texts = combined
        if not all(whole for _found, whole in expanded):
            return texts, False
    return texts, True


def _product(heads: set[str], tails: set[str]) -> set[str] | None:
    """Every head followed by every tail; None when that is too many to be worth it."""
    if heads != {""} and len(heads) * len(tails) > _MAX_EXPANSIONS:
        return None
    return {head + tail for head in heads for tail in tails}


def _needles(items) -> set[str] | None:
    """Literals one of which any match of `items` contains (the longest such choice), or None."""
    options = []
    for start in range(len(items)):
        if start and items[start - 1][0] is sre_constants.LITERAL:
            continue  # inside a run of literals: the run's start reads further
        found, _whole = _expand(items[start:])
        if "" not in found:
            options.append(found)
        op, value = items[start]
        if op is sre_constants.SUBPATTERN:
            options.append(_needles(list(value[3])))
        elif op is sre_constants.BRANCH:
            sets = [_needles(list(branch)) for branch in value[1]]
            options.append(set().union(*sets) if all(sets) else None)
        elif op in _REPEATS and value[0] >= 1:
            options.append(_needles(list(value[2])))
    options = [option for option in options if option]
    if not options:
        return None
    # The choice whose shortest literal is longest rules out the most lines.
    return max(options, key=lambda literals: (min(map(len, literals)), -len(literals)))


def _starts_anchored(items: list) -> bool:
    if not items:
        return False
    op, value = items[0]
    if op is sre_constants.AT:
        return value in _ANCHORS
    if op is sre_constants.BRANCH:
        return all(_starts_anchored(list(branch)) for branch in value[1])
    if op is sre_constants.SUBPATTERN:
        return _starts_anchored(list(value[3]))
    return False


def _alternation(regexes: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One expression matching where any of `regexes` does (named groups made plain: names repeat)."""
    parts = []
    for regex in regexes:
        body = _NAMED_GROUP.sub("(", regex.pattern)
        parts.append(f"(?i:{body})" if regex.flags & re.IGNORECASE else f"(?:{body})")
    return re.compile("|".join(parts))


def _trie(literals: set[str]) -> str:
    """A regular expression matching any of `literals`, shaped as a trie so a search tries few characters per position."""
    root: dict = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(root)


def _trie_node(node: dict) -> str:
    # A literal that ends here matches already: longer ones need not be tried.
    if "" in node:
        return ""
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
