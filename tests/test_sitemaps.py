"""Sitemaps: an index of files of at most SITEMAP_URLS addresses, articles oldest first."""

from __future__ import annotations

import re

from broadsheet.write import feeds
from tests.project import make_project


def test_the_index_lists_every_sitemap_and_a_new_article_changes_only_the_last(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 5)
    project = make_project(tmp_path)
    assert project.build() == 0
    site = project.site()
    index = site["sitemap.xml"].decode()
    listed = re.findall(r"<loc>([^<]+)</loc>", index)
    shards = sorted(path for path in site if re.fullmatch(r"sitemap-(articles|pages)-\d+\.xml", path))
    assert sorted(listed) == shards and len(shards) > 2
    addresses = [loc for path in shards for loc in re.findall(r"<loc>([^<]+)</loc>", site[path].decode())]
    pages = {path for path in site if path.endswith(".html") and path != "404.html"}
    assert len(addresses) == len(set(addresses)) and set(addresses) <= pages
    before = project.stamps()
    project.add_text(60, date="2026-06-01")
    assert project.build() == 0
    changed = {path for path, stamp in project.stamps().items() if before.get(path) != stamp and path.startswith("sitemap-articles")}
    last = max((p for p in shards if p.startswith("sitemap-articles")), key=lambda p: int(p.split("-")[-1][:-4]))
    assert changed <= {last, last.replace(last.split("-")[-1], f"{int(last.split('-')[-1][:-4]) + 1}.xml")}
