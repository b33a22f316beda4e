"""`.txt`: raw scraped text, one block per line; the cleaner does the rest."""

from __future__ import annotations

from broadsheet.model import Meta, RawDoc, Rejected


def read_text(origin: str, text: str, stated: Meta) -> list[RawDoc | Rejected]:
    return [RawDoc(origin, "text", text, stated)]
