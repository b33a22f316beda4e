"""The preview server of `watch --serve`: the output folder over HTTP, with live reload.

Serves only regular files inside the output folder: a request naming `..`
(plain or percent-encoded), a backslash, a NUL, a hidden file or a symbolic
link that leads out of the folder is refused. Listens on 127.0.0.1 unless
told otherwise. HTML responses get the live-reload script tag (see
`livereload`); files on disk are never changed. A missing page gets the
site's `404.html` with status 404, as static hosts do.

The output folder is looked up afresh for every request: a build swaps in a
new folder under the same name.
"""

from __future__ import annotations

import http.server
import mimetypes
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, unquote, urlsplit

from broadsheet.livereload import EVENTS_PATH, SCRIPT, SCRIPT_PATH, Closed, Signals, inject, script_tag

SHUTDOWN_POLL = 0.05  # s: how often the server loop checks for `close`
KEEPALIVE_SECONDS = 15.0  # a comment line this often keeps proxies from closing the stream and finds gone pages
NOT_FOUND_PAGE = "404.html"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
_FALLBACK_404 = b"<!doctype html><title>Not found</title><h1>Not found</h1><p>No page here (yet).</p>"


@dataclass(frozen=True, slots=True)
class Found:
    file: Path
    page: str  # path below the site root, as the live-reload script names it


@dataclass(frozen=True, slots=True)
class Redirect:
    location: str


@dataclass(frozen=True, slots=True)
class Missing:
    pass


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str


Lookup = Found | Redirect | Missing | Refused


def mount_of(base_url: str | None) -> str:
    """The URL path the site is served under: the path of `base_url`, so the preview matches the host."""
    path = urlsplit(base_url).path if base_url else "/"
    return quote(path if path.endswith("/") else path + "/", safe="/%")


def look_up(root: Path, mount: str, target: str) -> Lookup:
    """What a request target names inside `root`, the site served at URL path `mount` (URL-encoded)."""
    raw = target.split("#", 1)[0].split("?", 1)[0]
    if raw.startswith(("http://", "https://")):  # absolute-form, as sent to proxies
        raw = urlsplit(raw).path or "/"
    if not raw.startswith("/") or "\\" in raw:
        return Refused("malformed path")
    if not raw.startswith(mount):
        return Redirect(mount) if raw in ("/", mount.rstrip("/")) else Missing()
    try:
        parts = [unquote(part, errors="strict") for part in raw[len(mount) :].split("/")]
    except UnicodeDecodeError:
        return Refused("malformed path")
    if any(part == ".." or "\x00" in part or "/" in part or "\\" in part for part in parts):
        return Refused("path names a parent folder or an encoded separator")  # never what a browser asks for
    names = [part for part in parts if part not in ("", ".")]
    if any(name.startswith(".") for name in names):
        return Missing()  # hidden files (the build manifest, .nojekyll) are not pages
    try:
        site = root.resolve(strict=True)
        real = root.joinpath(*names).resolve(strict=True)
        if not real.is_relative_to(site):
            return Refused("link leads out of the site")
        if real.is_dir():
            if not raw.endswith("/"):
                return Redirect(raw + "/")
            names, real = [*names, "index.html"], (real / "index.html").resolve(strict=True)
            if not real.is_relative_to(site):
                return Refused("link leads out of the site")
    except (OSError, RuntimeError, ValueError):  # gone, a link loop, a name the OS refuses
        return Missing()
    return Found(real, "/".join(names)) if real.is_file() else Missing()


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _local_host(host: str) -> bool:
    """Whether a Host header names this machine (any port); HTTP/1.0 clients may send none."""
    if not host:
        return True
    name = host[: host.index("]") + 1] if host.startswith("[") and "]" in host else host.split(":", 1)[0]
    return name.lower() in ("localhost", "127.0.0.1", "[::1]")


class DevServer:
    """A threaded HTTP server over the output folder, running until `close`."""

    def __init__(self, output_dir: Path, base_url: str | None, signals: Signals, bind: str, port: int) -> None:
        server_class = _Server6 if ":" in bind else _Server
        self._http = server_class((bind, port), _Handler)  # OSError if the port is taken
        self._http.site = _Site(output_dir.absolute(), mount_of(base_url))
        self._http.signals = signals
        self._http.local_only = bind in LOOPBACK
        self._thread = threading.Thread(target=self._http.serve_forever, args=(SHUTDOWN_POLL,), name="broadsheet-serve", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self._http.site.mount}"

    def retarget(self, output_dir: Path, base_url: str | None) -> None:
        """New settings: serve another folder or under another path."""
        self._http.site = _Site(output_dir.absolute(), mount_of(base_url))

    def close(self) -> None:
        self._http.signals.close()  # ends the event streams, which would otherwise hold their threads
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)


@dataclass(frozen=True, slots=True)
class _Site:
    root: Path
    mount: str


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: _Site
    signals: Signals
    local_only: bool  # listening on loopback: only requests addressed to this machine by name are answered


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    server_version = "Broadsheet"
    sys_version = ""
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s\n"
    _QUIET_ERRORS: ClassVar[tuple[type[Exception], ...]] = (BrokenPipeError, ConnectionResetError, TimeoutError)

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        try:
            target = urlsplit(self.path).path
            if self.server.local_only and not _local_host(self.headers.get("Host", "")):
                # DNS rebinding: a web page that points its own name at 127.0.0.1 must not read the preview.
                self._send(403, b"403 refused: not addressed to this machine\n", _TYPES[".txt"], body=body)
            elif target == EVENTS_PATH and body:
                self._stream_events()
            elif target == SCRIPT_PATH:
                self._send(200, SCRIPT, _TYPES[".js"], body=body)
            else:
                self._serve_site(body)
        except self._QUIET_ERRORS:
            pass  # the browser went away

    def _serve_site(self, body: bool) -> None:
        site = self.server.site
        found = look_up(site.root, site.mount, self.path)
        try:
            data = found.file.read_bytes() if isinstance(found, Found) else b""
        except OSError:  # removed since the look-up: a build swapped the folder in between
            found = Missing()
        if isinstance(found, Refused):
            self._send(403, f"403 refused: {found.reason}\n".encode(), _TYPES[".txt"], body=body)
        elif isinstance(found, Redirect):
            self.send_response(302)
            self.send_header("Location", found.location)  # from the request line or settings: no CR/LF
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif isinstance(found, Missing):
            self._send(404, self._with_script(self._not_found_page(), page=""), _TYPES[".html"], body=body)
        else:
            kind = _TYPES.get(found.file.suffix.lower()) or mimetypes.guess_type(found.file.name)[0] or "application/octet-stream"
            if kind.startswith("text/html"):
                data = self._with_script(data, page=found.page)
            self._send(200, data, kind, body=body)

    def _not_found_page(self) -> bytes:
        """The site's own 404.html, or a plain one while there is no site yet."""
        page = look_up(self.server.site.root, "/", "/" + NOT_FOUND_PAGE)
        try:
            return page.file.read_bytes() if isinstance(page, Found) else _FALLBACK_404
        except OSError:
            return _FALLBACK_404

    def _with_script(self, html: bytes, page: str) -> bytes:
        return inject(html, script_tag(self.server.signals.version, page))

    def _send(self, status: int, data: bytes, kind: str, *, body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _stream_events(self) -> None:
        """Server-sent events until the page goes away or the server stops."""
        signals = self.server.signals
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        hello = signals.hello()
        self.wfile.write(b"retry: 500\n\n" + hello.encode())
        seq = hello.seq
        while True:
            try:
                events = signals.after(seq, KEEPALIVE_SECONDS)
            except Closed:
                return
            if not events:
                self.wfile.write(b": keep-alive\n\n")
                continue
            self.wfile.write(b"".join(event.encode() for event in events))
            seq = events[-1].seq

    def log_message(self, format: str, *args: object) -> None:
        pass  # a request log would drown the build messages
