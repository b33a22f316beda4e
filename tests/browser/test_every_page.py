"""Every page of the sample site, opened as a reader would: nothing fails, nothing leaves the site."""

from __future__ import annotations

import pytest

from tests.browser.conftest import origin_of, ready


@pytest.mark.parametrize("where", ["file", "http"])
def test_every_page_loads_cleanly(where, watched_page, open_page, sample_site, sample_http):
    page, seen = watched_page
    paths = sorted(path.relative_to(sample_site).as_posix() for path in sample_site.rglob("*.html"))
    assert len(paths) > 50
    problems = []
    for path in paths:
        before = (len(seen.console_errors), len(seen.failed_requests), len(seen.requests))
        page.goto(open_page(where, path))
        ready(page)
        page.wait_for_load_state("networkidle")
        errors = seen.console_errors[before[0] :]
        failed = seen.failed_requests[before[1] :]
        requests = seen.requests[before[2] :]
        foreign = [
            url
            for url in requests
            if not url.startswith(("file:", "data:", "about:") if where == "file" else (origin_of(sample_http), "data:", "about:"))
        ]
        if errors or failed or foreign:
            problems.append(f"{path}: errors {errors}, failed {failed}, other hosts {foreign}")
    assert problems == []
    assert seen.dialogs == []
