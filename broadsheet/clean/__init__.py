"""The cleaner: `clean(RawDoc, Rules) -> Article | Rejected`.

Raw scraped text and saved HTML pages become plain-text paragraphs plus the
metadata the input states, with a trace of what happened to every line.
The rules are data (`broadsheet/rules/cleaning.toml` plus a site's own files,
see `load_rules`).
"""

from __future__ import annotations

from broadsheet.clean.rules import Rules, RulesError, load_rules
from broadsheet.clean.text import clean_text
from broadsheet.model import Article, RawDoc, Rejected

__all__ = ["Rules", "RulesError", "clean", "load_rules"]


def clean(doc: RawDoc, rules: Rules) -> Article | Rejected:
    """Clean one document; never raises on any input text."""
    if doc.format == "text":
        return clean_text(doc, rules)
    if doc.format == "html":
        # Imported on first use: trafilatura and lxml take a quarter of a second to
        # load, which a build of text inputs (or a rebuild of one file) never needs.
        from broadsheet.clean.html import clean_html

        return clean_html(doc, rules)
    return Rejected(doc.origin, f"the cleaner does not take {doc.format!r} input")
