"""`Site` → `OutputFile`s: pages, feeds and the theme's assets. Writes nothing to disk."""

from __future__ import annotations

from typing import Iterator

import jinja2

from broadsheet.config import Config
from broadsheet.model import OutputFile, Site
from broadsheet.write.assets import static_assets
from broadsheet.write.env import make_environment
from broadsheet.write.feeds import feed_files
from broadsheet.write.pages import SiteInfo, html_pages
from broadsheet.write.search import search_files

__all__ = ["make_environment", "site_info", "write_site"]


def site_info(config: Config) -> SiteInfo:
    return SiteInfo(config.title, config.description, config.language, config.base_url)


def write_site(site: Site, config: Config, env: jinja2.Environment) -> Iterator[OutputFile]:
    info = site_info(config)
    yield from html_pages(env, site, info)
    yield from feed_files(env, site, info, config.feed_entries)
    yield from search_files(site)
    yield from static_assets(config.templates_dir)
    yield OutputFile(".nojekyll", b"")  # GitHub Pages: serve files as they are, no Jekyll
