"""One input file → its articles: read, clean, render, and file each as `ArticleInfo` + body.

The per-input half of the pipeline, a pure function of the file's bytes and
the rules. It runs in worker processes, and its results are cached by a hash
of exactly those inputs (see `source_key`).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

from broadsheet.clean import Rules, clean
from broadsheet.convert import to_markdown
from broadsheet.dedupe import sketch_terms
from broadsheet.model import Article, ArticleInfo, MarkdownDoc, RawDoc, Rejected, RenderedArticle, SourceFile
from broadsheet.read import read
from broadsheet.related import profile
from broadsheet.render import render, visible_text
from broadsheet.render_plain import render_paragraphs
from broadsheet.terms import article_terms, terms

Result = ArticleInfo | Rejected
_PACKAGE = Path(__file__).resolve().parent
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
TITLE_WORDS = 12  # a title made from a first sentence is cut to this many words
INTERNAL_ERROR = "internal error while processing this input"
LEAD_MIN_WORDS = 8  # a shorter first line is a caption or a dateline, not the lead


@dataclass(frozen=True, slots=True)
class Processed:
    """One input's results; the HTML bodies and search terms of its articles, for the cache."""

    results: tuple[Result, ...]
    bodies: dict[str, str]  # by body hash
    terms: dict[str, Counter[str]]  # by `terms_key`


def code_digest() -> str:
    """A hash of Broadsheet's own code and the Python running it: a new version never reuses old results.

    The Python counts because near-duplicate sketches use its `hash()` of
    tuples of ints, which is fixed for one version and word size only.
    """
    digest = hashlib.sha256(f"{sys.implementation.name} {sys.version_info[:2]} {sys.hash_info.width}\n".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content_digest(data: bytes, sidecar: bytes | None) -> str:
    """A hash of a source's bytes and its sidecar's."""
    digest = hashlib.sha256()
    for part in (data, sidecar if sidecar is not None else b"", b"" if sidecar is None else b"+"):
        digest.update(len(part).to_bytes(8, "big"))  # length-prefixed: no two inputs hash alike
        digest.update(part)
    return digest.hexdigest()


def source_key(code: str, rules: Rules, source: SourceFile, content: str) -> str:
    """What a source's results depend on: code, rules, its name and (`content_digest`) its bytes."""
    parts = (code, rules.digest, source.rel, content)
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def process(source: SourceFile, data: bytes, sidecar: bytes | None, rules: Rules) -> Processed:
    """Every article of one input, rendered or rejected. Never raises on any input."""
    results: list[Result] = []
    bodies: dict[str, str] = {}
    weighed: dict[str, Counter[str]] = {}
    try:
        docs = read(source, data, sidecar)
    except Exception as error:  # noqa: BLE001 (see _failed)
        return Processed((_failed(source.rel, error),), bodies, weighed)
    for doc in docs:
        try:
            rendered = doc if isinstance(doc, Rejected) else render_doc(doc, rules)
            if isinstance(rendered, Rejected):
                results.append(rendered)
                continue
            in_text = terms(rendered.text)  # one tokenizing for search, related stories and duplicates
            plain, weighted = article_terms(rendered, in_text)
            info = file_article(rendered, plain, in_text)
        except Exception as error:  # noqa: BLE001 (see _failed)
            results.append(_failed(doc.origin, error))
            continue
        results.append(info)
        bodies[info.body] = rendered.html
        weighed[terms_key(info)] = weighted
    return Processed(tuple(results), bodies, weighed)


def render_doc(doc: RawDoc, rules: Rules) -> RenderedArticle | Rejected:
    """A document rendered: Markdown as written, anything else cleaned first."""
    if doc.format == "markdown":
        return render(_titled(MarkdownDoc(doc.origin, doc.meta, doc.text)))
    cleaned = clean(doc, rules)
    if isinstance(cleaned, Rejected):
        return cleaned
    return render_paragraphs(_without_empty(cleaned))  # what render(to_markdown(cleaned)) gives, without the round trip


def file_article(
    article: RenderedArticle, counts: Mapping[str, int] | None = None, in_text: Sequence[str] | None = None
) -> ArticleInfo:
    """What the rest of the build keeps of an article, with the features later stages need of its
    text (near-duplicate sketch from `in_text`, its text's `terms`; related-stories profile from
    `counts`, its terms as `article_terms` counts them); its body and search terms go to the cache."""
    body = hashlib.sha256(article.html.encode("utf-8")).hexdigest()
    features = profile(article, counts)
    sketched = sketch_terms(terms(article.text) if in_text is None else in_text)
    return ArticleInfo(article.origin, article.meta, article.words, lead_of(article.text), body, sketched, features)


def terms_key(article: ArticleInfo) -> str:
    """What an article's search terms are made from: its headline and its body."""
    return hashlib.blake2b(f"{article.meta.title}\x1f{article.body}".encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def lead_of(text: str) -> str:
    """The opening of an article's visible text: its first real paragraph."""
    lines = text.split("\n")
    return next((line for line in lines if len(line.split()) >= LEAD_MIN_WORDS), lines[0] if lines else "")


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
