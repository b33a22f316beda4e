"""A structural Atom checker: the rules of RFC 4287 that a feed generator can break.

No well-kept Atom validator is on PyPI (feedvalidator is unmaintained and not
packaged), so this checks what RFC 4287 requires of a feed document:
elements that must appear exactly once or at most once, the date format,
absolute ids, link and category attributes, text construct types, and the
author rule (every entry has an author, its own or the feed's).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time (RFC 4287 section 3.3): a time and an offset are required.
_DATE_TIME = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})\Z")
TEXT_TYPES = {"text", "html", "xhtml"}


def atom_problems(data: bytes) -> list[str]:
    """Every way `data` breaks RFC 4287's rules for a feed document; empty when it keeps them."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != ATOM + "feed":
        return [f"root element is {root.tag}, not atom:feed"]
    problems: list[str] = []
    _container(root, "feed", problems, once=("id", "title", "updated"), at_most_once=("subtitle", "icon", "logo", "rights", "generator"))
    feed_has_author = root.find(ATOM + "author") is not None
    for number, entry in enumerate(root.findall(ATOM + "entry"), start=1):
        where = f"entry {number}"
        _container(entry, where, problems, once=("id", "title", "updated"), at_most_once=("content", "published", "summary", "rights", "source"))
        source = entry.find(ATOM + "source")
        if not feed_has_author and entry.find(ATOM + "author") is None and (source is None or source.find(ATOM + "author") is None):
            problems.append(f"{where}: no atom:author, and the feed has none")
        content = entry.find(ATOM + "content")
        alternate = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if content is None and not alternate:
            problems.append(f"{where}: neither atom:content nor an alternate link")
        if content is not None and content.get("src") is not None and entry.find(ATOM + "summary") is None:
            problems.append(f"{where}: content by src needs an atom:summary")
        for date in ("published",):
            for element in entry.findall(ATOM + date):
                _date(element, where, problems)
    return problems


def _container(element, where: str, problems: list[str], *, once, at_most_once) -> None:
    for name in once:
        count = len(element.findall(ATOM + name))
        if count != 1:
            problems.append(f"{where}: {count} atom:{name} elements, must be exactly one")
    for name in at_most_once:
        if len(element.findall(ATOM + name)) > 1:
            problems.append(f"{where}: more than one atom:{name}")
    for id_element in element.findall(ATOM + "id"):
        value = (id_element.text or "").strip()
        if not urlsplit(value).scheme:
            problems.append(f"{where}: atom:id {value!r} is not an absolute IRI")
    for updated in element.findall(ATOM + "updated"):
        _date(updated, where, problems)
    for name in ("title", "subtitle", "summary", "rights"):
        for text in element.findall(ATOM + name):
            if text.get("type", "text") not in TEXT_TYPES:
                problems.append(f"{where}: atom:{name} has type {text.get('type')!r}")
    alternates: set[tuple[str | None, str | None]] = set()
    for link in element.findall(ATOM + "link"):
        if not link.get("href"):
            problems.append(f"{where}: atom:link without href")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                problems.append(f"{where}: two alternate links with the same type and hreflang")
            alternates.add(key)
    for category in element.findall(ATOM + "category"):
        if not category.get("term"):
            problems.append(f"{where}: atom:category without term")
    for person in element.findall(ATOM + "author") + element.findall(ATOM + "contributor"):
        if len(person.findall(ATOM + "name")) != 1:
            problems.append(f"{where}: a person construct needs exactly one atom:name")


def _date(element, where: str, problems: list[str]) -> None:
    value = (element.text or "").strip()
    if not _DATE_TIME.match(value):
        problems.append(f"{where}: {element.tag.removeprefix(ATOM)} {value!r} is not an RFC 3339 date-time")
