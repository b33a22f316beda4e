"""Metadata a saved page states about itself: head tags, JSON-LD, `<time>`.

Only what the page says: a date comes from `article:published_time`,
JSON-LD `datePublished`, a dated meta tag or a `<time datetime>`, and must
parse as a real date; nothing is guessed from URLs or copyright years.
"""

from __future__ import annotations

import html
import json
import re
from typing import Iterator, Mapping

import lxml.etree

from broadsheet.clean.dates import find_date
from broadsheet.clean.names import author_names
from broadsheet.clean.normalize import normalize_line
from broadsheet.model import Meta

_ARTICLE_TYPES = re.compile(r"article|posting|report|newsarticle|blog", re.IGNORECASE)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "cxenseparse:recs:publishtime",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:-]\s+")
_MAX_JSON_CHARS = 500_000
_MIN_HEADING_CHARS = 8


def read_page_meta(root: lxml.etree._Element, months: Mapping[str, int]) -> Meta:
    """Title, date, source, authors, url and language stated by the page."""
    tags = _meta_tags(root)
    articles = list(_json_ld_articles(root))
    site_name = tags.get("og:site_name") or _first(_publisher(item) for item in articles) or tags.get("application-name")
    heading = _first_text(root, "//h1")
    title = _first(
        [_text(item.get("headline")) for item in articles]
        + [tags.get("og:title"), tags.get("twitter:title"), heading, _page_title(root, site_name)]
    )
    title = _without_site(title or "", heading, site_name)
    date = _first(
        [find_date(tags[name], months) for name in _DATE_META if tags.get(name)]
        + [find_date(_text(item.get("datePublished")), months) for item in articles]
        + [find_date(value, months) for value in root.xpath("//*[@itemprop='datePublished']/@content | //*[@itemprop='datePublished']/@datetime")]
        + [find_date(value, months) for value in root.xpath("//time/@datetime")[:1]]
    )
    authors = _authors(articles, months) or author_names(tags.get("author") or tags.get("article:author") or "", months)
    return Meta(
        title=title or "",
        date=date,
        source=site_name or None,
        authors=authors,
        url=_url(root, tags),
        lang=_lang(root),
    )


def _meta_tags(root: lxml.etree._Element) -> dict[str, str]:
    """`<meta>` name/property → content, first one wins, names lower-cased."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = _text(element.get("content"))
        if key and content and key not in found:
            found[key] = content
    return found


def _json_ld_articles(root: lxml.etree._Element) -> Iterator[dict]:
    """Article-like objects in the page's JSON-LD, through lists and @graph."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        source = (script.text or "")[:_MAX_JSON_CHARS]
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(kind, str) and _ARTICLE_TYPES.search(kind) for kind in kinds):
                    yield item


def _publisher(item: dict) -> str:
    publisher = item.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    return _text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher)


def _authors(articles: list[dict], months: Mapping[str, int]) -> tuple[str, ...]:
    for item in articles:
        value = item.get("author")
        entries = value if isinstance(value, list) else [value]
        names: list[str] = []
        for entry in entries:
            names += author_names(_text(entry.get("name")) if isinstance(entry, dict) else _text(entry), months)
        if names:
            return tuple(dict.fromkeys(names))
    return ()


def _url(root: lxml.etree._Element, tags: dict[str, str]) -> str | None:
    canonical = root.xpath("//link[@rel='canonical']/@href")
    for candidate in [*canonical[:1], tags.get("og:url")]:
        if candidate and re.match(r"https?://\S+$", candidate.strip()):
            return candidate.strip()
    return None


def _lang(root: lxml.etree._Element) -> str | None:
    value = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    match = re.match(r"([A-Za-z]{2,3})(?:[-_]|$)", value)
    return match.group(1).lower() if match else None


def _without_site(title: str, heading: str, site_name: str | None) -> str:
    """The title without the decoration a page adds for search engines and tabs.

    `Opinion | Pier Plan Approved` or `Pier Plan Approved | The Gazette`:
    the page's own `<h1>` inside it is the headline; else a trailing part
    naming the site goes.
    """
    if len(heading) >= _MIN_HEADING_CHARS and heading in title:
        return heading
    parts = _TITLE_SEPARATORS.split(title)
    if site_name and len(parts) > 1 and parts[-1].strip().casefold() == site_name.casefold():
        return " - ".join(parts[:-1]).strip()
    return title


def _page_title(root: lxml.etree._Element, site_name: str | None) -> str:
    """`<title>` without the site's name appended to it."""
    title = _first_text(root, "//title")
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if site_name and parts[-1].strip().casefold() == site_name.casefold():
            return " - ".join(parts[:-1]).strip()
        return max(parts, key=len).strip()
    return title


def _first_text(root: lxml.etree._Element, path: str) -> str:
    for element in root.xpath(path)[:1]:
        return normalize_line(element.text_content())
    return ""


def _text(value: object) -> str:
    """A stated string as a reader should see it: entities decoded (pages often
    escape twice), spaces and Unicode normalised."""
    return normalize_line(html.unescape(value)) if isinstance(value, str) else ""


def _first(values) -> str | None:
    return next((value for value in values if value), None)
