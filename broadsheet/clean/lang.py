"""Which language a text is in: by script, else by stop-word density.

Good enough to tag an article and to pick the stop-word list the line
classifier uses; not a general language identifier.
"""

from __future__ import annotations

import re
from collections import Counter

from broadsheet.clean.params import Thresholds
from broadsheet.clean.rules import Language

# Scripts used by one language (or one we name by default), checked before
# stop words: these texts have no spaces or no list of ours.
_SCRIPTS = (
    ("ja", re.compile("[\u3040-\u30ff]")),
    ("ko", re.compile("[\uac00-\ud7af]")),
    ("zh", re.compile("[\u4e00-\u9fff]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("he", re.compile("[\u0590-\u05ff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
    ("hi", re.compile("[\u0900-\u097f]")),
)
_BEYOND_LATIN = re.compile("[\u0370-\uffff]")
_SAMPLE_CHARS = 20_000


def detect_language(
    text: str, word_counts: Counter[str], languages: tuple[Language, ...], thresholds: Thresholds
) -> str | None:
    """ISO 639-1 code of the language of `text` (whose lower-cased words are counted), or None when unsure."""
    sample = text[:_SAMPLE_CHARS]
    # One scan says whether any other script is worth counting.
    if not sample.isascii() and len(_BEYOND_LATIN.findall(sample)) > len(sample) // 5:
        for code, script in _SCRIPTS:
            if len(script.findall(sample)) > len(sample) // 5:
                return code
    best, best_hits = None, 0
    for language in languages:
        hits = sum(map(word_counts.__getitem__, language.stopwords & word_counts.keys()))
        if hits > best_hits:
            best, best_hits = language.code, hits
    total = sum(word_counts.values())
    if best_hits < thresholds.lang_min_stopwords or best_hits < thresholds.lang_min_ratio * total:
        return None
    return best


def stopwords_for(code: str | None, languages: tuple[Language, ...]) -> frozenset[str]:
    """The stop words of `code`, or of every language when it is unknown."""
    for language in languages:
        if language.code == code:
            return language.stopwords
    return frozenset().union(*(language.stopwords for language in languages))
