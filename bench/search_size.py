"""How many bytes a search query transfers, measured in a real browser on a 10,000-article site.

    .venv/bin/python bench/search_size.py [--articles 10000] [--keep DIR]

Makes a deterministic synthetic corpus (Zipf-distributed words, topics, names,
sources), builds only what search needs (search.html, assets/, search/), serves
it on 127.0.0.1, opens `search.html?q=…` for each typical query in a fresh
Chromium context (empty cache) and records every file the page requested.
Sizes are the files' bytes, raw and gzip-compressed one by one as a static host
would send them. Also prints the time and memory that related stories and the
index take, in CPU seconds and as a ratio to rendering the article pages in
the same run (the machine is shared: wall time is noise). Needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broadsheet.collect import collect  # noqa: E402
from broadsheet.model import Meta, RenderedArticle  # noqa: E402
from broadsheet.process import file_article  # noqa: E402
from broadsheet.related import related  # noqa: E402
from broadsheet.terms import index_terms, search_terms  # noqa: E402
from broadsheet.write.assets import static_assets  # noqa: E402
from broadsheet.write.env import make_environment  # noqa: E402
from broadsheet.write.pages import SiteInfo, article_pages, search_page  # noqa: E402
from broadsheet.write.plan import reading_bodies, render  # noqa: E402
from broadsheet.write.search import document_file, search_documents, search_files  # noqa: E402

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CHROMIUM = "/usr/bin/chromium"
BUDGET = 300_000  # bytes transferred for a typical query at 10,000 articles (issue 5)

FUNCTION_WORDS = (
    "the of and to a in that is was he for it with as his on be at by i this had not are but from or have an "
    "they which one you were her all she there would their we him been has when who will more no if out so said "
    "what up its about into than them can only other new some could time these two may then do first any my now "
    "such like our over man me even most made after also did many before must through back years where much your "
    "way well down should because each just those people how too little state good very make world still own see"
).split()
SYLLABLES = "ba be bi bo bu ca ce co da de di do fa fe fi ga go ha he hi ka ke ko la le li lo lu ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vi wa we ya zo an en in on ar er or al el il".split()


class Corpus:
    """A deterministic news-like corpus: same seed, same articles."""

    def __init__(self, seed: int = 5) -> None:
        self.random = random.Random(seed)
        words: set[str] = set(FUNCTION_WORDS)
        vocabulary = list(FUNCTION_WORDS)
        while len(vocabulary) < 40_000:
            word = "".join(self.random.choice(SYLLABLES) for _ in range(self.random.choice((2, 2, 3, 3, 3, 4))))
            if word not in words:
                words.add(word)
                vocabulary.append(word)
        self.vocabulary = vocabulary
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(vocabulary))]  # Zipf, as in real text
        self.cumulative = list(_accumulate(weights))
        self.topics = [self.random.sample(vocabulary[300:12_000], 60) for _ in range(400)]
        self.names = [
            f"{self.random.choice(vocabulary[500:]).title()} {self.random.choice(vocabulary[500:]).title()}" for _ in range(4000)
        ]
        self.tags = [f"{self.random.choice(vocabulary[200:3000])} {index}" for index in range(300)]
        self.sources = [f"The {self.random.choice(vocabulary[400:4000]).title()} Post" for _ in range(60)]

    def article(self, number: int) -> RenderedArticle:
        pick = self.random
        topic = pick.randrange(len(self.topics))
        length = int(pick.lognormvariate(6.3, 0.45))  # median ~550 words
        words = pick.choices(self.vocabulary, cum_weights=self.cumulative, k=length)
        for index in range(0, length, 9):  # a topic's own words, about one in nine
            words[index] = pick.choice(self.topics[topic])
        names = pick.sample(self.names[topic * 10 % 4000 : topic * 10 % 4000 + 40], 4)
        for index in range(5, length, 60):
            words[index] = pick.choice(names)
        paragraphs = [" ".join(words[start : start + 60]).capitalize() + "." for start in range(0, length, 60)]
        title = " ".join(pick.choice(self.topics[topic]) for _ in range(pick.randint(5, 10))).capitalize()
        day = 1 + number * 3 % 28
        month = 1 + number // 300 % 12
        year = 2020 + number // 3600
        meta = Meta(
            title=title,
            date=f"{year}-{month:02d}-{day:02d}",
            source=pick.choice(self.sources[: 10 + topic % 50]),
            tags=tuple(pick.sample(self.tags[topic % 200 : topic % 200 + 12], pick.randint(1, 3))),
        )
        html = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        text = "\n".join(paragraphs)
        return RenderedArticle(f"synthetic/{number:06d}.md", meta, html, text, len(text.split()))

    def queries(self) -> list[tuple[str, str]]:
        """(what it is, query string) for the kinds of searches a reader makes."""
        topic = self.topics[7]
        name = self.names[70]
        return [
            ("one topical word", topic[3]),
            ("two topical words", f"{topic[3]} {topic[11]}"),
            ("a person's name", name),
            ("a word being typed (prefix)", topic[5][:4]),
            ("three words, one common", f"{self.vocabulary[20]} {topic[3]} {topic[20]}"),
            ("a very common word", self.vocabulary[1]),
            ("a rare word", self.vocabulary[39_000]),
            ("a topic filter, no words", "tag=" + self.tags[20]),
            ("a word within a source", f"{topic[3]}&source={self.sources[3]}"),
        ]


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def build(folder: Path, count: int, corpus: Corpus) -> dict[str, float]:
    # CPU seconds of this process: the machine is shared, wall time is noise.
    clock = time.process_time
    rendered = {item.origin: item for item in (corpus.article(number) for number in range(count))}
    articles = [file_article(item) for item in rendered.values()]
    bodies = {info.body: rendered[info.origin].html for info in articles}
    site = collect(articles, {}, per_page=20, summary_words=40)  # includes related()
    started = clock()
    related(site.entries, profiles={entry.slug: entry.article.profile for entry in site.entries})  # once more, alone, to time it
    related_seconds = clock() - started
    started = clock()
    files = list(search_files(site, lambda info: index_terms(search_terms(rendered[info.origin]))))
    files.extend(document_file(doc_id, entry, rendered[entry.article.origin].text) for doc_id, entry in enumerate(search_documents(site)))
    index_seconds = clock() - started
    env = make_environment(TEMPLATES)
    info = SiteInfo("Bench", "", "en", None)
    started = clock()
    with reading_bodies(bodies.__getitem__):
        pages = sum(1 for page in article_pages(site, info) if render(env, page))  # the bulk of a build's own writing
        pages_seconds = clock() - started
        files.append(render(env, search_page(site, info)))
    files.extend(static_assets(TEMPLATES))
    for file in files:
        target = folder / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
    search = [file for file in files if file.path.startswith("search/")]
    return {
        "pages": pages,
        "pages_seconds": pages_seconds,
        "related": related_seconds,
        "index": index_seconds,
        "index files": len(search),
        "index bytes": sum(len(file.data) for file in search),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "sources": {source.ref.name: source.ref.slug for source in site.sources},
        "tags": {tag.ref.name: tag.ref.slug for tag in site.tags},
    }


def address(query: str, figures: dict) -> str:
    """`search.html?…` for a query; `tag=`/`&source=` parts name a filter by its display name."""
    words, _, rest = query.partition("&")
    params = []
    if words.startswith("tag="):
        params.append("tag=" + figures["tags"][words[4:]])
    elif words:
        params.append("q=" + quote(words))
    if rest.startswith("source="):
        params.append("source=" + figures["sources"][rest[7:]])
    return "search.html?" + "&".join(params)


def measure(folder: Path, queries: list[tuple[str, str]], figures: dict) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for label, query in queries:
                context = browser.new_context()  # empty cache: the first query of a visit
                page = context.new_page()
                requested: list[str] = []
                page.on("requestfinished", lambda request: requested.append(request.url))
                page.goto(base + address(query, figures))
                page.wait_for_function(
                    "document.querySelector('.search-status').textContent && "
                    "!document.querySelector('.search-status').textContent.startsWith('Searching')"
                )
                page.wait_for_load_state("networkidle")
                status = page.locator(".search-status").inner_text()
                paths = [unquote(urlsplit(url).path.lstrip("/")) for url in requested]
                index = [path for path in paths if path.startswith("search/")]
                rows.append(
                    {
                        "label": label,
                        "query": query,
                        "status": status,
                        "files": len(index),
                        "raw": sum((folder / path).stat().st_size for path in index),
                        "gzip": sum(_gzip_size(folder / path) for path in index),
                        "page_gzip": sum(_gzip_size(folder / path) for path in paths if not path.startswith("search/")),
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("bench/search_size.py needs Chromium: apt-get install chromium", file=sys.stderr)
        return 2
    corpus = Corpus()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        figures = build(folder, args.articles, corpus)
        rows = measure(folder, corpus.queries(), figures)
    print(f"{args.articles:,} synthetic articles")
    reference = figures["pages_seconds"]
    print(
        f"  CPU: related stories {figures['related']:.2f} s ({figures['related'] / reference:.2f}x), "
        f"search index {figures['index']:.2f} s ({figures['index'] / reference:.2f}x) "
        f"of rendering the {figures['pages']:,} article pages ({reference:.2f} s); peak RSS {figures['rss_mb']:.0f} MB"
    )
    print(f"  index: {figures['index files']:,} files, {figures['index bytes'] / 1e6:.1f} MB in all")
    print()
    print(f"  {'query':34} {'files':>5} {'raw KB':>8} {'gzip KB':>8}   result")
    for row in rows:
        print(f"  {row['label']:34} {row['files']:>5} {row['raw'] / 1000:>8.1f} {row['gzip'] / 1000:>8.1f}   {row['status']}")
    typical = statistics.median(row["gzip"] for row in rows)
    worst = max(rows, key=lambda row: row["gzip"])
    page = statistics.median(row["page_gzip"] for row in rows)
    print()
    print(f"  typical query (median): {typical / 1000:.1f} KB gzip of index files; worst: {worst['gzip'] / 1000:.1f} KB ({worst['label']})")
    print(f"  the search page itself (HTML, CSS, JS): {page / 1000:.1f} KB gzip, cached after the first visit")
    verdict = "within" if typical + page <= BUDGET else "OVER"
    print(f"  typical query + page: {(typical + page) / 1000:.1f} KB, {verdict} the {BUDGET / 1000:.0f} KB budget")
    return 0 if typical + page <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
