"""The site before it is rendered: every output file, what it shows, and its key.

An output is current iff its key is. A page's key hashes its template (with
every template that one extends, includes or imports), its path and its
declared context: templates see nothing else (`StrictUndefined`, no
globals), so two pages with one key render to the same bytes, and a page
whose key did not change since the last build is not rendered again.

Contexts hold metadata only. An article body appears as a `Body` (or
`BodyText`) naming its hash; the hash goes into the key, and the HTML is
loaded from the cache only while a template prints it (`reading_bodies`).
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, is_dataclass
from operator import attrgetter
from typing import Callable, Iterator, Mapping

import jinja2

from broadsheet.model import OutputFile

BodyLoader = Callable[[str], str]
_loader: ContextVar[BodyLoader] = ContextVar("body_loader")


@dataclass(frozen=True, slots=True)
class Page:
    """A file rendered from a template with a declared, read-only context."""

    path: str
    template: str
    context: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Data:
    """A file whose bytes are known without rendering (theme assets, `.nojekyll`, the search index)."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Made:
    """A file made by `make(*args)` where pages are rendered: its key hashes the function and its arguments.

    `make` is a module-level function of its arguments alone; it may read
    article bodies with `load_body`, as templates print them.
    """

    path: str
    make: Callable[..., OutputFile]
    args: tuple[object, ...]


Output = Page | Data | Made


@dataclass(frozen=True, slots=True)
class Body:
    """An article's sanitised HTML body, printed as HTML."""

    key: str  # sha256 of the HTML

    def __html__(self) -> str:
        return _loader.get()(self.key)


@dataclass(frozen=True, slots=True)
class BodyText:
    """An article's HTML body printed as text, escaped once (Atom's `type="html"`)."""

    key: str

    def __str__(self) -> str:
        return _loader.get()(self.key)


def load_body(key: str) -> str:
    """An article body's HTML by its hash, inside `reading_bodies`."""
    return _loader.get()(key)


@contextmanager
def reading_bodies(load: BodyLoader) -> Iterator[None]:
    """Pages rendered inside this block load the bodies they print with `load`."""
    token = _loader.set(load)
    try:
        yield
    finally:
        _loader.reset(token)


def render(env: jinja2.Environment, output: Output) -> OutputFile:
    if isinstance(output, Data):
        return OutputFile(output.path, output.data)
    if isinstance(output, Made):
        return output.make(*output.args)
    html = env.get_template(output.template).render(output.context)
    return OutputFile(output.path, html.encode("utf-8"))


class Keys:
    """Page keys for one build. A value shown on many pages (an entry, a tag) is hashed once."""

    def __init__(self, template_digest: Callable[[str], str], salt: str) -> None:
        self._template_digest = template_digest
        self._salt = salt  # Broadsheet's own code: a new version renders everything anew
        self._memo: dict[int, tuple[object, str]] = {}  # id → (the value, kept alive; its token)

    def forget(self) -> None:
        """Let go of every value seen (keys of `Data` still work)."""
        self._memo.clear()

    def know(self, value: object, token: str) -> None:
        """Take `token` for `value`: a hash of what fully determines it (an article's source key)."""
        self._memo[id(value)] = (value, token)

    def key(self, output: Output) -> str:
        if isinstance(output, Data):
            return "data:" + hashlib.sha256(output.data).hexdigest()
        token = self._token
        if isinstance(output, Made):
            made = f"{output.make.__module__}.{output.make.__qualname__}"
            return _hash("\x1f".join([self._salt, made, output.path, token(list(output.args))]))
        parts = [self._salt, self._template_digest(output.template), output.path]
        parts.extend([f"{name}={token(value)}" for name, value in output.context.items()])
        return _hash("\x1f".join(parts))

    def _token(self, value: object) -> str:
        kind = type(value)
        if kind in _PLAIN:
            return repr(value)
        if kind is list or kind is tuple:
            return "[" + ",".join(map(self._token, value)) + "]"  # type: ignore[call-overload]
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        values = _FIELDS.get(kind)
        if values is None and is_dataclass(kind):
            values = _FIELDS[kind] = _field_values(tuple(item.name for item in fields(kind)))
        if values is not None:  # entries, refs, pagers, bodies: every field, each by its own token
            text = kind.__qualname__ + "(" + ",".join(map(self._token, values(value))) + ")"
        else:  # dicts of extra front matter, Markup, bytes: their repr shows their value
            text = repr(value)
            if text.startswith("<"):
                raise TypeError(f"a page context holds a {kind.__name__}, whose repr does not show its value")
        token = "#" + _hash(text)
        self._memo[id(value)] = (value, token)
        return token


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, Callable[[object], tuple[object, ...]]] = {}


def _field_values(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """A function giving a tuple of these fields' values: one C call for two or more (`attrgetter`
    of a single name gives the value itself, not a tuple)."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda item: tuple(getattr(item, name) for name in names)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
