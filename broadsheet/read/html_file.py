"""`.html`/`.htm`: a saved web page; the cleaner extracts the article."""

from __future__ import annotations

from broadsheet.model import Meta, RawDoc, Rejected


def read_html(origin: str, text: str, stated: Meta) -> list[RawDoc | Rejected]:
    return [RawDoc(origin, "html", text, stated)]
