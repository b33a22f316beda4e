"""One input file → its rendered articles: read, clean, to Markdown, render.

The per-input half of the pipeline, a pure function of the file's bytes and
the rules. It runs in worker processes and its results are cached by a hash
of exactly those inputs (see `source_key`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from broadsheet.clean import Rules, clean
from broadsheet.convert import to_markdown
from broadsheet.model import Article, MarkdownDoc, RawDoc, Rejected, RenderedArticle, SourceFile
from broadsheet.read import read
from broadsheet.render import render, visible_text

Result = RenderedArticle | Rejected
_PACKAGE = Path(__file__).resolve().parent
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
TITLE_WORDS = 12  # a title made from a first sentence is cut to this many words
INTERNAL_ERROR = "internal error while processing this input"


def code_digest() -> str:
    """A hash of Broadsheet's own code: a new version never reuses old results."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def source_key(code: str, rules: Rules, source: SourceFile, data: bytes, sidecar: bytes | None) -> str:
    """What a source's results depend on: code, rules, its name and its bytes."""
    digest = hashlib.sha256()
    for part in (code.encode(), rules.digest.encode(), source.rel.encode("utf-8", "surrogateescape"), data, sidecar or b""):
        digest.update(len(part).to_bytes(8, "big"))  # length-prefixed: no two inputs hash alike
        digest.update(part)
    return digest.hexdigest()


def process(source: SourceFile, data: bytes, sidecar: bytes | None, rules: Rules) -> tuple[Result, ...]:
    """Every article of one input, rendered or rejected. Never raises on any input."""
    try:
        docs = read(source, data, sidecar)
    except Exception as error:  # noqa: BLE001 (see _failed)
        return (_failed(source.rel, error),)
    results: list[Result] = []
    for doc in docs:
        if isinstance(doc, Rejected):
            results.append(doc)
            continue
        try:
            markdown = to_markdown_doc(doc, rules)
            results.append(markdown if isinstance(markdown, Rejected) else render(markdown))
        except Exception as error:  # noqa: BLE001 (see _failed)
            results.append(_failed(doc.origin, error))
    return tuple(results)


def _failed(origin: str, error: Exception) -> Rejected:
    """A bug met on one input rejects that input, not the whole build (in a worker, it would end it).

    The fuzz tests (tests/hostile/test_fuzz.py) look for this reason and fail
    on it: it is a last resort, not a way of handling input.
    """
    return Rejected(origin, f"{INTERNAL_ERROR} ({type(error).__name__}: {str(error)[:200]}); please report it")


def to_markdown_doc(doc: RawDoc, rules: Rules) -> MarkdownDoc | Rejected:
    """A document as reviewable Markdown: cleaned unless it already is Markdown."""
    if doc.format == "markdown":
        return _titled(MarkdownDoc(doc.origin, doc.meta, doc.text))
    cleaned = clean(doc, rules)
    if isinstance(cleaned, Rejected):
        return cleaned
    return to_markdown(_without_empty(cleaned))


def _without_empty(article: Article) -> Article:
    return replace(article, paragraphs=tuple(p for p in article.paragraphs if p.strip()))


def _titled(doc: MarkdownDoc) -> MarkdownDoc:
    """A Markdown article without a title takes its `# heading`, or its first words."""
    if doc.meta.title:
        return doc
    heading = _HEADING.search(doc.markdown)
    if heading:
        body = doc.markdown[: heading.start()] + doc.markdown[heading.end() :]
        return replace(doc, meta=replace(doc.meta, title=visible_text(heading.group(1))), markdown=body)
    first_line = next((line for line in doc.markdown.splitlines() if line.strip()), "")
    words = re.sub(r"[*_`#>\[\]]", "", first_line).split()
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return replace(doc, meta=replace(doc.meta, title=title))
