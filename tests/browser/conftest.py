"""Real-browser fixtures: Debian's Chromium driven by Playwright, over HTTP and file://.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install
chromium`). Without it these tests skip, saying so.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from broadsheet.cli import main
from tests.conftest import SAMPLE_CONTENT, TEMPLATES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags the machine needs: no sandbox as root, and no background traffic to Google.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]  # fmt: skip

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium not found: apt-get install chromium to run the browser tests", allow_module_level=True)


@dataclass
class Watched:
    """What a page did besides rendering: console errors, failed and foreign requests, dialogs."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign(self, allowed_origin: str) -> list[str]:
        """Requests that left the site: any origin but the site's own (or file:)."""
        return [url for url in self.requests if not (url.startswith(allowed_origin) or url.startswith(("file:", "data:", "about:")))]


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def watched_page(browser):
    """A fresh page (own context: empty localStorage) and a record of what it did."""
    context = browser.new_context()
    page = context.new_page()
    seen = Watched()
    page.on("console", lambda message: seen.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    # Failed: not found (file://), refused, or an HTTP error status. A request the
    # browser abandons because the reader moved on (ERR_ABORTED) did not fail.
    page.on(
        "requestfailed",
        lambda request: None if "ERR_ABORTED" in (request.failure or "") else seen.failed_requests.append(request.url),
    )
    page.on("response", lambda response: seen.failed_requests.append(response.url) if response.status >= 400 else None)
    page.on("request", lambda request: seen.requests.append(request.url))

    def on_dialog(dialog):
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, seen
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample corpus built once for the browser tests."""
    root = tmp_path_factory.mktemp("sample")
    code = main(
        ["--content", str(SAMPLE_CONTENT), "--output", str(root / "site"), "--templates", str(TEMPLATES),
         "--cache-dir", str(root / "cache"), "--jobs", "1"]
    )  # fmt: skip
    assert code == 0
    return root / "site"


def serve(folder: Path, prefix: str = ""):
    """Serve `folder` on 127.0.0.1 under `prefix` (e.g. "/repo" for a GitHub Pages sub-path)."""
    mount = folder.parent / "_mount"
    if prefix:
        target = mount / prefix.strip("/")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(folder, target_is_directory=True)
        directory = mount
    else:
        directory = folder
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}/"


@pytest.fixture(scope="session")
def sample_http(sample_site):
    """The sample site over HTTP under a sub-path, as GitHub Pages serves a project site."""
    server, base = serve(sample_site, "/news")
    yield base
    server.shutdown()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def open_page(sample_site, sample_http):
    """`open_page(where, path)`: the sample site's page at `path`, from disk ("file") or over HTTP."""

    def address(where: str, path: str) -> str:
        if where == "file":
            page, _, query = path.partition("?")
            return sample_site.joinpath(page).as_uri() + (f"?{query}" if query else "")
        return sample_http + path

    return address


def ready(page) -> None:
    """Wait until reader.js has set the page up (it runs after the page is parsed)."""
    page.wait_for_selector("html[data-reader=ready]", state="attached")


def assert_quiet(seen: Watched, where: str, base: str) -> None:
    """Nothing went wrong behind the reader's back: no errors, no failed or foreign requests, no dialogs."""
    assert seen.console_errors == []
    assert seen.failed_requests == []
    assert seen.dialogs == []
    if where == "http":
        assert seen.foreign(origin_of(base)) == []
    else:
        assert [url for url in seen.requests if not url.startswith(("file:", "data:", "about:"))] == []
