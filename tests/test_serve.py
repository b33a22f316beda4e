"""`watch --serve` answered over real HTTP: pages with live reload, reload signals, and nothing outside the site."""

from __future__ import annotations

import http.client
import json
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from broadsheet.watch import ServeOptions
from tests.watchkit import PATIENCE, article, make_project, save_atomically, start_watching, wait_for, watch_process

ONE = article("Harbour bridge vote", "The council voted on the bridge today.")
PAGE = "/articles/harbour-bridge-vote.html"
SECRET = "TOP SECRET: never served"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(port: int, target: str, method: str = "GET", host: str | None = None) -> Response:
    """Send `target` exactly as given (no client-side normalising of `..` or escapes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    try:
        connection.putrequest(method, target, skip_host=host is not None, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as connection:
        connection.sendall(data)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


class EventStream:
    """A page's connection to the live-reload events, read as the browser would."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
        self.connection.request("GET", "/__broadsheet__/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.headers["Content-Type"] == "text/event-stream"

    def next(self) -> tuple[str, dict]:
        """The next event's name and data (skipping keep-alive comments and the retry hint)."""
        name, data = "message", None
        while True:
            line = self.response.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                data = json.loads(line[len("data: ") :])
            elif line == "" and data is not None:
                return name, data

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def served(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    (tmp_path / "project/secret.txt").write_text(SECRET)
    monkeypatch.chdir(root)
    live, stop = start_watching(root, ServeOptions(port=0))
    yield live, live.watching.server
    stop()


def port_of(server) -> int:
    return urlsplit(server.url).port


def test_pages_get_the_reload_script_and_the_files_on_disk_do_not(served):
    live, server = served
    page = request(port_of(server), PAGE)
    assert page.status == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert re.search(rb'<script src="/__broadsheet__/reload\.js\?v=[^"]+&amp;page=articles/harbour-bridge-vote\.html" defer></script></body>', page.body)
    assert int(page.headers["Content-Length"]) == len(page.body)
    on_disk = [path for path in live.site.rglob("*") if path.is_file() and b"__broadsheet__" in path.read_bytes()]
    assert on_disk == []
    script = request(port_of(server), "/__broadsheet__/reload.js")
    assert script.status == 200 and script.headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource" in script.body
    css = request(port_of(server), "/assets/style.css")
    assert css.status == 200 and b"__broadsheet__" not in css.body
    assert css.body == (live.site / "assets/style.css").read_bytes()
    head = request(port_of(server), PAGE, "HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) == len(page.body)


def test_a_folder_serves_its_index_and_a_missing_page_gets_the_404_page(served):
    live, server = served
    home = request(port_of(server), "/")
    assert home.status == 200 and "Harbour bridge vote" in home.text
    folder = request(port_of(server), "/tags")
    assert folder.status == 302 and folder.headers["Location"] == "/tags/"
    missing = request(port_of(server), "/articles/no-such-story.html")
    assert missing.status == 404
    assert "Page not found" in missing.text and "/__broadsheet__/reload.js" in missing.text


TRAVERSALS = [
    "/../secret.txt",
    "/articles/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/articles/..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/%2e%2e%5csecret.txt",
    "/escape/secret.txt",
    "/escape.txt",
    "/%00/../secret.txt",
    "http://127.0.0.1/../secret.txt",
    "//../secret.txt",
    "/.broadsheet-manifest.json",
    "/%ff%fe",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_nothing_outside_the_output_folder_is_served(served, target):
    live, server = served
    (live.site / "escape").symlink_to(live.root, target_is_directory=True)
    (live.site / "escape.txt").symlink_to(live.root / "secret.txt")
    response = request(port_of(server), target)
    assert response.status in (400, 403, 404), (target, response.status)
    assert SECRET not in response.text
    assert not re.search(rb'": "[0-9a-f]{64}"', response.body)  # nor the build manifest's hashes


def test_a_raw_nul_or_backslash_in_the_request_is_refused(served):
    live, server = served
    for target in (b"/\x00secret.txt", b"/..\\secret.txt", b"\\..\\secret.txt"):
        answer = raw_request(port_of(server), b"GET " + target + b" HTTP/1.0\r\n\r\n")
        assert answer.split(b" ", 2)[1] in (b"400", b"403", b"404"), (target, answer[:60])
        assert SECRET.encode() not in answer


def test_a_rebuild_signals_connected_pages_with_what_changed(served):
    live, server = served
    stream = EventStream(port_of(server))
    try:
        name, hello = stream.next()
        assert name == "hello" and hello["problems"] == []
        save_atomically(live.root / "content/bridge.md", ONE.replace("today", "at noon"))
        name, build = stream.next()
        assert name == "build" and build["version"] != hello["version"]
        assert "articles/harbour-bridge-vote.html" in build["changed"]
        assert "assets/style.css" not in build["changed"]  # unchanged files: pages showing only them stay put
        assert "at noon" in live.page(PAGE.lstrip("/"))
        page = request(port_of(server), PAGE)
        assert f"v={build['version']}".encode() in page.body  # a page loaded now is current
    finally:
        stream.close()


def test_a_failed_build_tells_pages_why_and_the_fix_clears_it(served):
    live, server = served
    template = live.root / "templates/article.html"
    good = template.read_text(encoding="utf-8")
    last_good = request(port_of(server), PAGE).body
    stream = EventStream(port_of(server))
    try:
        assert stream.next()[0] == "hello"
        save_atomically(template, good.replace("{% block main %}", "{% block main %}{% if %}", 1))
        name, failed = stream.next()
        assert name == "failed"
        assert any(re.search(r"templates/article\.html, line \d+", problem) for problem in failed["problems"])
        assert request(port_of(server), PAGE).body == last_good  # the last good site is still served
        late = EventStream(port_of(server))  # a page opened now hears about the problem at once
        assert late.next()[1]["problems"] == failed["problems"]
        late.close()
        save_atomically(template, good)
        name, fixed = stream.next()
        assert name == "build" and fixed["problems"] == []
    finally:
        stream.close()


def test_a_site_with_a_base_url_path_is_previewed_under_that_path(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    (root / "site.toml").write_text('base_url = "https://example.org/news/"\n')
    monkeypatch.chdir(root)
    live, stop = start_watching(root, ServeOptions(port=0))
    try:
        server = live.watching.server
        assert server.url.endswith("/news/")
        port = port_of(server)
        assert request(port, "/").headers["Location"] == "/news/"
        assert request(port, "/news" + PAGE).status == 200
        missing = request(port, "/news/articles/deep/no-such-page.html")
        assert missing.status == 404
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', missing.text).group(1)
        assert stylesheet == "/news/assets/style.css"  # the 404 page works at any depth
        assert request(port, stylesheet).status == 200
    finally:
        stop()


def _other_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_serve_listens_on_loopback_only_unless_told(tmp_path):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    process, lines = watch_process(root, "--serve", "--port", "0")
    try:
        wait_for(lambda: any("serving site at" in line for line in lines), "the server's address")
        url = re.search(r"at (http://\S+) ", "".join(lines)).group(1)
        assert url.startswith("http://127.0.0.1:")
        port = urlsplit(url).port
        assert "Harbour bridge vote" in request(port, "/").text
        other = _other_address()
        if other is not None:
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=2).close()
    finally:
        process.terminate()
        assert process.wait(PATIENCE) == 0


def test_a_port_in_use_is_a_clear_error(tmp_path):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process, lines = watch_process(root, "--port", str(taken.getsockname()[1]))
        assert process.wait(PATIENCE) == 2
    wait_for(lambda: "choose another --port" in "".join(lines), "the error message")
    assert "Traceback" not in "".join(lines)


def test_before_the_first_good_build_a_page_waits_for_it(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    template = root / "templates/article.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block main %}", "{% block main %}{% if %}", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    live, stop = start_watching(root, ServeOptions(port=0))
    try:
        assert live.results[0].report is None and not live.site.exists()
        port = port_of(live.watching.server)
        waiting = request(port, PAGE)
        assert waiting.status == 404 and b"/__broadsheet__/reload.js" in waiting.body  # it reloads once there is a site
        stream = EventStream(port)
        assert stream.next()[1]["problems"][0].startswith("build failed: template templates/article.html, line")
        stream.close()
        save_atomically(template, good)
        live.wait_builds(2)
        assert request(port, PAGE).status == 200
    finally:
        stop()


def test_a_page_from_another_site_cannot_read_the_preview_through_dns_rebinding(served):
    live, server = served
    port = port_of(server)
    assert request(port, PAGE, host=f"attacker.example:{port}").status == 403
    assert request(port, "/__broadsheet__/events", host="attacker.example").status == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert request(port, PAGE, host=host).status == 200
