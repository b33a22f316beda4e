"""The same corpus for Hugo and Pelican: Markdown with front matter in their formats.

Both get what Broadsheet itself sees: the corpus goes through `build.py
import` once (untimed), and each cleaned `.md` becomes a Hugo page (YAML front
matter, taxonomies `tags`, `sources` and `months`) and a Pelican article
(metadata lines; source as category, month archives). Both sites have what
ours has: article pages with prev/next, paginated lists of 20 for the home
page, each topic, source and month, topic and source indexes, one feed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from broadsheet.frontmatter import parse

HERE = Path(__file__).resolve().parent
HUGO_THEME = HERE / "hugo_theme"
PER_PAGE = 20

HUGO_CONFIG = f"""\
baseURL = "/"
title = "Broadsheet bench"
relativeURLs = true
uglyURLs = true
paginate = {PER_PAGE}
disableKinds = ["section", "sitemap", "robotsTXT", "404"]  # ours has no "posts" section page
[params]
description = "News, cleaned and readable."
[taxonomies]
tag = "tags"
source = "sources"
month = "months"
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
"""

PELICAN_CONFIG = f"""\
SITENAME = "Broadsheet bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE = (1970, 1, 1)
DEFAULT_PAGINATION = {PER_PAGE}
RELATIVE_URLS = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
MONTH_ARCHIVE_SAVE_AS = "archive/{{date:%Y}}/{{date:%m}}/index.html"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def _list(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def hugo_page(md_file: Path) -> str:
    """One cleaned `.md` as a Hugo page: YAML front matter with the taxonomies ours has."""
    fields, body = parse(md_file.read_text(encoding="utf-8"))
    front: dict[str, object] = {"title": fields.get("title", md_file.stem), "slug": md_file.stem, "tags": _list(fields.get("tags"))}
    if fields.get("date"):
        front["date"] = str(fields["date"])
        front["months"] = [str(fields["date"])[:7]]
    if fields.get("source"):
        front["sources"] = [str(fields["source"])]
    if fields.get("authors"):
        front["authors"] = fields["authors"]
    if fields.get("url"):
        front["original"] = fields["url"]  # `url` would set the page's own address in Hugo
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
    return f"---\n{lines}---\n\n{body}"


def pelican_page(md_file: Path) -> str:
    """One cleaned `.md` as a Pelican article: metadata lines, the source as its category."""
    fields, body = parse(md_file.read_text(encoding="utf-8"))
    lines = [f"Title: {' '.join(str(fields.get('title', md_file.stem)).split())}", f"Slug: {md_file.stem}"]
    if fields.get("date"):
        lines.append(f"Date: {str(fields['date']).replace('T', ' ').removesuffix('Z')[:19]}")
    if fields.get("source"):
        lines.append(f"Category: {fields['source']}")
    if _list(fields.get("tags")):
        lines.append(f"Tags: {', '.join(tag.replace(',', ' ') for tag in _list(fields.get('tags')))}")
    if _list(fields.get("authors")):
        lines.append(f"Authors: {', '.join(_list(fields.get('authors')))}")
    return "\n".join(lines) + "\n\n" + body


def to_hugo(md_dir: Path, project: Path) -> None:
    """A Hugo project for the articles in `md_dir` (minimal theme in bench/hugo_theme)."""
    if project.exists():
        shutil.rmtree(project)
    (project / "content" / "posts").mkdir(parents=True)
    shutil.copytree(HUGO_THEME / "layouts", project / "layouts")
    (project / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for md_file in sorted(md_dir.glob("*.md")):
        add_to_hugo(md_file, project)


def add_to_hugo(md_file: Path, project: Path) -> None:
    (project / "content" / "posts" / md_file.name).write_text(hugo_page(md_file), encoding="utf-8")


def to_pelican(md_dir: Path, project: Path) -> None:
    """A Pelican project (default theme, content cache on) for the articles in `md_dir`."""
    if project.exists():
        shutil.rmtree(project)
    (project / "content").mkdir(parents=True)
    (project / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for md_file in sorted(md_dir.glob("*.md")):
        add_to_pelican(md_file, project)


def add_to_pelican(md_file: Path, project: Path) -> None:
    (project / "content" / md_file.name).write_text(pelican_page(md_file), encoding="utf-8")
