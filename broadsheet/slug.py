"""Safe, stable file-name slugs from untrusted titles, tags and names.

A slug is `[a-z0-9]+(-[a-z0-9]+)*`, at most MAX_SLUG_CHARS long, never a
name Windows reserves: it can never leave its folder or clash with how a host
or file system treats names. Text with no Latin letters or digits gets a
slug from a hash of itself, so it is still stable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG_CHARS = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
# Letters that NFKD does not decompose into ASCII but readers expect spelled out.
_SPELLED = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "ı": "i", "&": " and "})


def slugify(text: str, *, kind: str = "article") -> str:
    """`Port Calder's £3.5m bridge` → `port-calder-s-3-5m-bridge`."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_SPELLED)).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        cut = slug[: MAX_SLUG_CHARS + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut[:MAX_SLUG_CHARS]
        slug = slug.strip("-")
    if not slug:
        return f"{kind}-{short_hash(text)}"
    if slug in _WINDOWS_RESERVED:
        return f"{slug}-{kind}"
    return slug


def short_hash(text: str, length: int = 8) -> str:
    """A stable hex digest (Python's `hash()` changes per process)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def unique_slugs(claims: list[tuple[str, str]]) -> dict[str, str]:
    """Resolve slug collisions: `claims` is (key, wanted slug) in priority order.

    The first claimant of a slug keeps it; every later one gets a suffix from a
    hash of its own key, so its slug does not depend on how many others came
    before it. Returns key → slug.
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for key, wanted in claims:
        slug = wanted
        if slug in taken:
            digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
            length = 6
            slug = f"{wanted}-{digest[:length]}"
            while slug in taken:  # only if two keys share a 6-digit prefix
                length += 2
                slug = f"{wanted}-{digest[:length]}"
        taken.add(slug)
        result[key] = slug
    return result
