"""Related stories: for each article, the few others that share the most with it.

Two steps, so the costly one can be cached per article and run in workers:

    profile(article) -> Profile          one article alone: its names and content words
    related(entries, k) -> {slug: (slug, ...)}
                                          the whole site: shared topics, names, words, source

An article's features are its tags (topics), the names it mentions (people,
places, organisations: runs of capitalised words), its most distinctive words
(tf-idf over the site) and its source. Two articles score the sum of the
weights of the features they share; a feature's weight is its kind's weight
times its rarity (idf), so sharing "Tessel Bay" says more than sharing "news".

Near-linear, never all pairs: each article meets only its neighbours in time
inside each feature's list of articles (`WINDOW` on each side). A rare feature's
list is short, so every article sharing it is met; a common one ("politics",
"said") meets only the stories nearest in date, which are the ones a reader
means by related news anyway. Work is O(articles × features × WINDOW), memory
O(articles × features), a feature being a 4-byte number.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import mul, neg
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from broadsheet.model import Entry, Profile, RenderedArticle
from broadsheet.terms import fold, terms

RELATED_COUNT = 5
WINDOW = 24  # neighbours met on each side within one feature's list
CANDIDATE_WORDS = 24  # content words an article's profile keeps (by count)
DISTINCTIVE_WORDS = 10  # of those, the ones with the best tf-idf become features
NAMES = 12  # names an article's profile keeps (by count)
ENTRIES_PER_TASK = 1000  # entries scored per task when `spread` over workers

# Runs `run(job, task)` for each task, yielding the results in task order (`parallel.fork_map`).
Spread = Callable[[Callable, object, Sequence], Iterable]

# A feature's kind weighs its evidence: an editor's topic says most, a source least.
WEIGHTS = {"tag": 3.0, "name": 2.0, "word": 1.0, "source": 0.5}
# Weights are kind × rarity (0..1). Below this two stories share only common
# ground: a shared rare topic or name clears it, a shared word alone does not.
MIN_SCORE = 2.0

# Words that say nothing about a story's subject; rarity (idf) handles the rest
# and other languages, this list only keeps them out of a profile's few slots.
STOPWORDS = frozenset(
    """
    about above after again against all also although among an and another any are around as at away back be
    because been before being below between both but by can could did do does doing down during each either
    even ever every few first for from further get got had has have having he her here hers herself him
    himself his how however if in into is it its itself just last least less like made make many may me
    might more most much must my myself near new next no nor not now of off often on once one only or other
    our ours ourselves out over own per said same say says she should since so some still such than that the
    their theirs them themselves then there these they this those though three through to too two under
    until up upon us very was we were what when where whether which while who whom whose why will with
    within without would year years yet you your yours yourself told week according
    """.split()
)
# Calendar words are capitalised but name no person or place: never a name feature.
CALENDAR = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

# Runs of capitalised words (Latin scripts), allowing the small particles inside
# names. `_OPENING` finds the runs that open a sentence (after a full stop, or at
# a paragraph's start: the text gets a leading newline). Two patterns that each
# start with a character class run several times faster than one with an
# optional prefix group, which the regex engine must try at every position.
_RUN = r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+(?:(?:of|de|du|des|da|di|del|der|van|von|la|le|al|bin)[ \t]+){0,2}[A-ZÀ-ÖØ-Þ][\w'’-]*)*"
_NAME = re.compile(_RUN)
_OPENING = re.compile(r"[\n.!?:;\"“”‘’—–(][ \t\"“‘(]*(" + _RUN + ")")


def profile(article: RenderedArticle, counts: Mapping[str, int] | None = None) -> Profile:
    """What `article` brings; `counts` may be its search terms (`write.search.search_terms`), to tokenize once."""
    counts = Counter(counts if counts is not None else terms(article.meta.title + "\n" + article.text))
    words: list[str] = []
    used: list[int] = []
    for word, count in counts.most_common():  # ties keep the order of first use: deterministic
        if len(word) > 2 and word not in STOPWORDS and not word.isdigit():
            words.append(word)
            used.append(count)
            if len(words) == CANDIDATE_WORDS:
                break
    return Profile(names=_names(article.text), words=tuple(words), counts=tuple(used))


def related(
    entries: Sequence[Entry], k: int = RELATED_COUNT, profiles: Mapping[str, Profile] | None = None, *, spread: Spread | None = None
) -> dict[str, tuple[str, ...]]:
    """Up to `k` related slugs for every entry, best first; `entries` in reading order.

    `profiles` (by slug) may come from a cache; any missing one is computed here.
    `spread` runs the scoring of ranges of entries, in order (`parallel.fork_map`
    with its workers: every entry is scored alone, so the links are the same).
    Deterministic: ties go to the story nearer in time, then to the newer one.
    """
    cached = profiles or {}
    own = [cached.get(entry.slug) or profile(entry.article) for entry in entries]
    rarity = _Rarity(len(entries))
    word_rarity = {word: rarity(df) for word, df in Counter(chain.from_iterable(item.words for item in own)).items()}
    # Features become small integers: 4 bytes each per article, so 100,000 articles stay light.
    numbers: dict[tuple[str, str], int] = {}
    features = [
        array("I", [numbers.setdefault(key, len(numbers)) for key in _features(entry, item, word_rarity)])
        for entry, item in zip(entries, own)
    ]
    df = Counter(chain.from_iterable(features))
    # A feature of one article relates nothing: it gets no weight and no member list.
    weights = {number: WEIGHTS[kind] * rarity(df[number]) for (kind, _), number in numbers.items() if df[number] > 1}
    members: dict[int, list[int]] = defaultdict(list)  # feature → positions, ascending (reading order)
    for position, keys in enumerate(features):
        for key in keys:
            if key in weights:
                members[key].append(position)
    scoring = _Scoring(features, weights, members, k)
    ranges = [range(start, min(start + ENTRIES_PER_TASK, len(entries))) for start in range(0, len(entries), ENTRIES_PER_TASK)]
    ranked = chain.from_iterable((spread or _inline)(_rank, scoring, ranges))
    return {entry.slug: tuple(entries[other].slug for other in others) for entry, others in zip(entries, ranked)}


@dataclass(frozen=True, slots=True)
class _Scoring:
    """What scoring an entry reads: every entry's features, their weights, the entries holding each."""

    features: list[array]
    weights: dict[int, float]
    members: dict[int, list[int]]
    k: int


def _rank(scoring: _Scoring, positions: range) -> list[tuple[int, ...]]:
    """The positions of the entries related to each entry at `positions`, best first."""
    features, weights, members = scoring.features, scoring.weights, scoring.members
    found = []
    for position in positions:
        scores: dict[int, float] = defaultdict(float)
        for key in features[position]:
            weight = weights.get(key)
            if weight is not None:
                for other in _neighbours(members[key], position):
                    scores[other] += weight
        scores.pop(position, None)
        # Best score first, then the story nearest in time, then the newer: plain tuples, compared in C.
        ranked = heapq.nsmallest(
            scoring.k, [(-score, abs(other - position), other) for other, score in scores.items() if score >= MIN_SCORE]
        )
        found.append(tuple(other for _, _, other in ranked))
    return found


def _inline(run: Callable[[_Scoring, range], list[tuple[int, ...]]], scoring: _Scoring, ranges: Sequence[range]) -> Iterator[list[tuple[int, ...]]]:
    return (run(scoring, positions) for positions in ranges)


def relations_key(entries: Sequence[Entry], profiles: Mapping[str, Profile]) -> str:
    """A digest of everything `related` reads: entries in order, and each one's features (with
    their rarity folded in). The same key gives the same links, so they can be kept between builds."""
    own = [profiles[entry.slug] for entry in entries]
    rarity = _Rarity(len(entries))
    word_rarity = {word: rarity(df) for word, df in Counter(chain.from_iterable(item.words for item in own)).items()}
    digest = hashlib.blake2b(f"{RELATED_COUNT}:{WINDOW}:{len(entries)}".encode(), digest_size=20)
    for entry, item in zip(entries, own):
        features = "\x1f".join(f"{kind}\x1e{value}" for kind, value in _features(entry, item, word_rarity))
        digest.update(f"{entry.slug}\x1d{features}\x1c".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class _Rarity:
    """idf scaled to 0..1: 1 for a feature of one article, near 0 for one of all."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.scale = math.log(1 + total) if total else 1.0

    def __call__(self, df: int) -> float:
        return math.log(1 + self.total / df) / self.scale


def _names(text: str) -> tuple[str, ...]:
    """The names an article mentions most: people, places, organisations."""
    text = "\n" + text
    opening = Counter(_NAME.findall(text))  # ... becomes: runs in mid-sentence
    opened = Counter(_OPENING.findall(text))
    opening.subtract(opened)
    counts: Counter[str] = Counter()
    for phrase, times in chain(opening.items(), ((phrase, -times) for phrase, times in opened.items())):
        if times == 0:
            continue
        words = phrase.split()
        if times < 0:  # opening a sentence: any word may, so judge the first one
            if fold(words[0]) in STOPWORDS:
                words = words[1:]  # "The Harbour Bridge" → "Harbour Bridge"
            elif len(words) == 1:
                continue  # only a single word met mid-sentence counts as a name
        name = _name_of(" ".join(words))
        if name is not None:
            counts[name] += abs(times)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:NAMES]
    return tuple(name for name, _ in ranked)


@lru_cache(maxsize=65536)
def _name_of(phrase: str) -> str | None:
    """A name as features compare it ("Port Calder's" → "port calder"), or None for a common word.
    Memoised: the same names recur across a site's articles."""
    name = " ".join(terms(phrase))
    return name if len(name) > 2 and name not in STOPWORDS and name not in CALENDAR else None


def _features(entry: Entry, own: Profile, word_rarity: Mapping[str, float]) -> list[tuple[str, str]]:
    """(kind, value) of each feature of one entry: its tags, source, names and most distinctive words."""
    keys = [("tag", tag.slug) for tag in entry.tags]
    if entry.source:
        keys.append(("source", entry.source.slug))
    keys.extend(("name", name) for name in own.names)
    # Best tf-idf first, then by word: (-count × rarity, word) pairs, made and sorted in C.
    scores = map(mul, map(neg, own.counts), map(word_rarity.__getitem__, own.words))
    distinctive = sorted(zip(scores, own.words))
    keys.extend(("word", word) for _, word in distinctive[:DISTINCTIVE_WORDS])
    return keys


def _neighbours(positions: list[int], position: int) -> Iterable[int]:
    """The members of one feature nearest to `position` in reading order."""
    if len(positions) <= 2 * WINDOW + 1:
        return positions
    index = bisect_left(positions, position)
    return positions[max(0, index - WINDOW) : index + WINDOW + 1]
