"""One input through the whole per-file path, as the articles a page would show.

`process` hands the build each article's metadata and keeps the sanitised
body aside for the cache; the hostile tests look at both, so this puts them
back together as `RenderedArticle`s.
"""

from __future__ import annotations

from broadsheet.clean import Rules
from broadsheet.model import Rejected, RenderedArticle, SourceFile
from broadsheet.process import process
from broadsheet.render import visible_text


def process_rendered(source: SourceFile, data: bytes, sidecar: bytes | None, rules: Rules) -> tuple[RenderedArticle | Rejected, ...]:
    processed = process(source, data, sidecar, rules)
    return tuple(
        item
        if isinstance(item, Rejected)
        else RenderedArticle(item.origin, item.meta, processed.bodies[item.body], visible_text(processed.bodies[item.body]), item.words)
        for item in processed.results
    )
