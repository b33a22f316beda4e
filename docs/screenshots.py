"""Screenshots for the README, made from the sample site: `make screenshots`.

Builds `content/` with `templates/` into a temporary folder, opens it from
disk in Debian's headless Chromium and saves into docs/screenshots/:

    front.png            the front page (one story read, so it shows dimmed)
    article.png          an article page
    search.png           search results for a query
    phone.png            the front page at 360 px
    phone-dark.png       an article at 360 px in the dark theme
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from broadsheet.cli import main as build  # noqa: E402

OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARTICLE = "articles/port-calder-dockworkers-strike-over-crane-automation.html"
QUERY = "search.html?q=harbour"


def shoot(site: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    def url(path: str) -> str:
        page, _, query = path.partition("?")
        return site.joinpath(page).as_uri() + (f"?{query}" if query else "")

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])

        def take(name: str, path: str, *, width: int, height: int, dark: bool = False, before=None) -> None:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme="dark" if dark else "light",
                is_mobile=width < 500,
                has_touch=width < 500,
            )
            page = context.new_page()
            if before:
                before(page)
            page.goto(url(path))
            page.wait_for_selector("html[data-reader=ready]", state="attached")
            if path.startswith("search.html"):
                page.wait_for_selector(".search-results[aria-busy=false]")
            page.mouse.move(0, 0)
            target = OUT / name
            page.screenshot(path=str(target))
            saved.append(target)
            context.close()

        def read_one_story(page) -> None:
            page.goto(url("index.html"))
            page.wait_for_selector("html[data-reader=ready]", state="attached")
            page.locator("main .story-title a").nth(2).click()
            page.wait_for_selector("html[data-reader=ready]", state="attached")

        take("front.png", "index.html", width=1280, height=900, before=read_one_story)
        take("article.png", ARTICLE, width=1280, height=900)
        take("search.png", QUERY, width=1280, height=900)
        take("phone.png", "index.html", width=360, height=780)
        take("phone-dark.png", ARTICLE, width=360, height=780, dark=True)
        browser.close()
    return saved


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("docs/screenshots.py needs Chromium: apt-get install chromium", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        code = build(
            ["--content", str(REPO / "content"), "--output", str(root / "site"), "--templates", str(REPO / "templates"),
             "--cache-dir", str(root / "cache"), "--jobs", "1"]
        )  # fmt: skip
        if code != 0:
            print("the sample site did not build cleanly", file=sys.stderr)
            return 1
        for path in shoot(root / "site"):
            print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
