"""Live reload: what `watch --serve` tells open pages after each build.

`Signals` keeps the state the pages need (the site's version, what the last
build changed, the current problems) and a short history of events that
each connected page reads as a stream. The script a page runs is served by
the dev server and named in a `<script src>` it adds to HTML responses: it is
never written into the site, and the pages' CSP (`script-src 'self'`,
`connect-src 'self'`) allows it because it comes from the page's own origin.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Collection, Sequence
from urllib.parse import quote

RESERVED = "/__broadsheet__/"  # no site file lives here: the site's own folders are articles/, tags/, ...
SCRIPT_PATH = RESERVED + "reload.js"
EVENTS_PATH = RESERVED + "events"
SCRIPT = Path(__file__).with_name("livereload.js").read_bytes()
MAX_LISTED = 200  # a build changing more pages than this tells pages "everything changed"
HISTORY = 64  # events kept for a page that was busy while they happened


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    name: str  # "hello" (on connecting), "build" (published) or "failed" (nothing published)
    data: str  # JSON

    def encode(self) -> bytes:
        return f"id: {self.seq}\nevent: {self.name}\ndata: {self.data}\n\n".encode()


class Closed(Exception):
    """The server is shutting down: streams end."""


class Signals:
    """Build results → events for every open page. Thread-safe."""

    def __init__(self) -> None:
        self._session = secrets.token_hex(4)  # a page from an earlier run of `watch` always reloads
        self._builds = 0
        self._seq = 0
        self._problems: tuple[str, ...] = ()
        self._history: deque[Event] = deque(maxlen=HISTORY)
        self._closed = False
        self._changed = threading.Condition()

    @property
    def version(self) -> str:
        with self._changed:
            return self._version()

    def _version(self) -> str:
        return f"{self._session}.{self._builds}"

    def built(self, changed: Collection[str] | None, problems: Sequence[str] = ()) -> None:
        """A build was published. `changed`: output paths whose bytes changed; None: any may have."""
        with self._changed:
            if changed is None or changed:
                self._builds += 1
            listed = None if changed is None or len(changed) > MAX_LISTED else sorted(changed)
            self._problems = tuple(problems)
            self._push("build", {"version": self._version(), "changed": listed, "problems": list(self._problems)})

    def failed(self, problems: Sequence[str]) -> None:
        """A build failed: the previous site stays, pages show why."""
        with self._changed:
            self._problems = tuple(problems)
            self._push("failed", {"version": self._version(), "problems": list(self._problems)})

    def _push(self, name: str, payload: dict[str, object]) -> None:
        self._seq += 1
        self._history.append(Event(self._seq, name, json.dumps(payload, ensure_ascii=False)))
        self._changed.notify_all()

    def hello(self) -> Event:
        """The state a page gets on connecting; its `seq` is where its stream continues."""
        with self._changed:
            payload = {"version": self._version(), "problems": list(self._problems)}
            return Event(self._seq, "hello", json.dumps(payload, ensure_ascii=False))

    def after(self, seq: int, timeout: float) -> list[Event]:
        """Events newer than `seq`, waiting up to `timeout` for one; raises Closed on shutdown.

        A page that fell further behind than the history gets a fresh `hello`
        instead, which reloads it if the site moved on.
        """
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._seq > seq, timeout)
            if self._closed:
                raise Closed
            newer = [event for event in self._history if event.seq > seq]
            if newer and newer[0].seq > seq + 1:
                payload = {"version": self._version(), "problems": list(self._problems)}
                return [Event(self._seq, "hello", json.dumps(payload, ensure_ascii=False))]
            return newer

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def script_tag(version: str, page: str) -> bytes:
    """The tag added to an HTML response. `page`: its file below the site root; "" for any."""
    src = f"{SCRIPT_PATH}?v={quote(version)}&page={quote(page)}"
    return f'<script src="{escape(src)}" defer></script>'.encode()


def inject(html: bytes, tag: bytes) -> bytes:
    """`html` with `tag` before its closing body tag (or at the end when it has none)."""
    at = html.lower().rfind(b"</body")
    return html + tag if at < 0 else html[:at] + tag + html[at:]
