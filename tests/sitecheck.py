"""Reads a built site as a crawler would: every link and every resource each page names."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

# Attributes that make the browser fetch something as the page loads.
LOADING = {("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


@dataclass
class PageLinks:
    links: list[str] = field(default_factory=list)  # <a href>, <form action>
    loads: list[str] = field(default_factory=list)  # resources fetched on load


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageLinks()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in LOADING and not (tag == "link" and dict(attrs).get("rel") in ("canonical", "alternate")):
                self.found.loads.append(value)
            elif (tag, name) in (("a", "href"), ("form", "action")):  # a search form leads to search.html
                self.found.links.append(value)
            elif tag == "link" and name == "href":
                self.found.links.append(value)


def page_links(html: str) -> PageLinks:
    collector = _Collector()
    collector.feed(html)
    return collector.found


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(site: Path, page: str, url: str) -> Path:
    target = unquote(urlsplit(url).path)
    joined = PurePosixPath(page).parent / target
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            assert parts, f"{page}: link {url!r} climbs out of the site"
            parts.pop()
        elif part != ".":
            parts.append(part)
    return site.joinpath(*parts)


def broken_links(site: Path) -> list[str]:
    """Every internal link or resource that does not name an existing file."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        found = page_links(path.read_text(encoding="utf-8"))
        for url in found.links + found.loads:
            if is_external(url) or url.startswith("#"):
                continue
            if urlsplit(url).path.endswith("/") or url == "":
                problems.append(f"{page}: link {url!r} names a folder, not a file")
            elif not resolve(site, page, url).is_file():
                problems.append(f"{page}: link {url!r} leads nowhere")
    return problems


def external_loads(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*.html")):
        for url in page_links(path.read_text(encoding="utf-8")).loads:
            if is_external(url):
                problems.append(f"{path.relative_to(site)}: loads {url}")
    return problems


def reachable_pages(site: Path, start: str = "index.html") -> set[str]:
    seen, todo = set(), [start]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for url in page_links((site / page).read_text(encoding="utf-8")).links:
            if is_external(url) or not urlsplit(url).path.endswith(".html"):
                continue
            target = resolve(site, page, url)
            if target.is_file():
                todo.append(target.relative_to(site).as_posix())
    return seen


def tree_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
