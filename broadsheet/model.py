"""The values that cross stage boundaries.

    SourceFile --read--> RawDoc --clean--> Article --to_markdown--> MarkdownDoc
    MarkdownDoc --render--> RenderedArticle --file--> ArticleInfo (+ its body, cached)
    ArticleInfo --collect--> Site --write--> OutputFile

Every stage may instead return `Rejected`, which ends that input's journey in
the report. All types are frozen: stages return new values, never mutate.
No logic here beyond small derived properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Mapping

RawFormat = Literal["text", "html", "markdown"]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file found in the content folder."""

    # Paths on disk are plain strings: a crawl lists a million of them, and a
    # pathlib.Path costs several microseconds to make (more than the listing).
    path: str  # absolute path on disk
    rel: str  # POSIX path relative to the content folder: its name in reports
    sidecar: str | None = None  # metadata-only JSON of the same stem


@dataclass(frozen=True, slots=True)
class Meta:
    """What is known about an article besides its body.

    `date` is an ISO 8601 date (`2024-05-01`) or date-time, and only ever one
    the input stated. `extra` keeps unknown front-matter fields as they came.
    """

    title: str = ""
    date: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    slug: str | None = None
    lang: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One article as its reader found it: decoded text plus stated metadata.

    `origin` names the input in reports: the file's relative path, with
    `#N` appended for the N-th article (1-based) of a JSON list or JSONL file.
    `text` is raw scraped text (`text`), a page's HTML source (`html`) or a
    Markdown body whose front matter is already in `meta` (`markdown`).
    """

    origin: str
    format: RawFormat
    text: str
    meta: Meta


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """One input line and what the cleaner did with it: the audit trail."""

    text: str
    rule: str | None  # id of the rule that dropped it; None when kept


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: plain-text paragraphs plus metadata."""

    origin: str
    meta: Meta
    paragraphs: tuple[str, ...]
    trace: tuple[LineVerdict, ...] = ()


@dataclass(frozen=True, slots=True)
class MarkdownDoc:
    """Front matter plus a Markdown body: what `import` writes and `.md` holds."""

    origin: str
    meta: Meta
    markdown: str


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    """An article ready for templates: sanitised HTML and its visible text."""

    origin: str
    meta: Meta
    html: str
    text: str  # the visible text of `html`, for summaries, search and related
    words: int


@dataclass(frozen=True, slots=True)
class Sketch:
    """What near-duplicate detection needs of a body (`dedupe.sketch`), made once with the article."""

    exact: bytes | None  # digest of its words; None when too short to tell a story from a stub
    bands: bytes | None  # its MinHash bands, 8 bytes each; None when too short to compare
    minima: bytes | None = None  # the low byte of each MinHash value, when it has bands


@dataclass(frozen=True, slots=True)
class Profile:
    """What one article brings to finding related stories (`related.profile`), made once with the article."""

    names: tuple[str, ...]  # folded name phrases, most mentioned first
    words: tuple[str, ...]  # its most used content words, most used first ...
    counts: tuple[int, ...]  # ... and how often each is used (two flat tuples: a pair each would cost 64 bytes)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """A rendered article as the rest of the build holds it: everything but its body.

    The sanitised HTML body stays in the build cache under `body`, the hash
    of its bytes, and is loaded only while a page that shows it is rendered:
    a build holds the metadata of every article, never every body.
    """

    origin: str
    meta: Meta
    words: int
    lead: str  # the first real paragraph of the visible text: summaries are cut from it
    body: str  # sha256 of the sanitised HTML body
    sketch: Sketch
    profile: Profile


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not become an article, and why."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the site: a path relative to the output folder and its bytes."""

    path: str  # POSIX, relative, checked safe by `publish`
    data: bytes


@dataclass(frozen=True, slots=True)
class FileState:
    """A published file: the hash of its bytes, and the stat fields that show it is untouched since."""

    sha: str  # sha256, hex
    size: int
    mtime: int  # st_mtime_ns
    inode: int


@dataclass(frozen=True, slots=True)
class TermRef:
    """A link to a tag's, source's or month's pages."""

    name: str
    slug: str
    path: str  # first page, relative to the site root


@dataclass(frozen=True, slots=True)
class Entry:
    """An article placed on the site."""

    slug: str
    path: str  # relative to the site root: articles/<slug>.html
    article: ArticleInfo
    summary: str
    source: TermRef | None
    tags: tuple[TermRef, ...]
    month: TermRef  # the month's archive, or the undated one
    copies: tuple[Meta, ...] = ()  # the same story from other sources or URLs
    related: tuple[str, ...] = ()  # slugs of related stories, best first (`related.related`)


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a collection: its file and the slice of the entries it shows.

    Pages are numbered from the oldest, so a page keeps its entries when newer
    articles arrive; the front page (no number) shows the newest, between
    `per_page` and twice that many.
    """

    path: str
    number: int | None  # None for the front page
    start: int  # entries[start:stop] of the collection
    stop: int


@dataclass(frozen=True, slots=True)
class Collection:
    """A list of entries shown over one or more pages: home, a tag, a source, a month."""

    kind: Literal["home", "tag", "source", "month"]
    ref: TermRef
    entries: tuple[Entry, ...]  # newest first, undated last
    pages: tuple[ListPage, ...]  # the front page first, then newer to older

    @property
    def page_paths(self) -> tuple[str, ...]:
        return tuple(page.path for page in self.pages)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the writer needs: entries in reading order and their collections."""

    entries: tuple[Entry, ...]  # newest first, undated last
    home: Collection
    tags: tuple[Collection, ...]  # by name
    sources: tuple[Collection, ...]  # by name
    months: tuple[Collection, ...]  # newest first, then the undated
