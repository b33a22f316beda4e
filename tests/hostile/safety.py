"""What makes markup dangerous, checked the way a browser reads it.

`markup_problems` parses HTML with the standard library's tokenizer (which
follows the browser's rules for tags and attributes) and names everything
that could run script, load something, or navigate anywhere but a plain web
or mail link: scripts and their kin, event-handler attributes, inline
styles, and URLs with any other scheme. Text that merely *reads* like an
attack (`&lt;script&gt;`, `javascript:` as words) is not a problem: text
is text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements that run code, load resources, embed other documents or change
# how the page's URLs and forms resolve.
DANGEROUS_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "img", "svg", "math", "video",
        "audio", "source", "track", "picture", "image", "link", "meta", "base", "form", "input", "button", "textarea",
        "select", "option", "template", "noscript", "xmp", "plaintext", "portal", "canvas", "marquee", "details",
    }
)  # fmt: skip
# The theme's own search box and display settings: harmless controls on a
# page (an injected one in an article body is caught by the body check).
THEME_CONTROLS = frozenset({"form", "input", "button", "select", "option", "label", "dialog"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset", "cite", "ping", "longdesc", "lowsrc", "dynsrc"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# The browser strips these before it reads a URL's scheme (WHATWG URL parser).
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def url_problem(url: str, *, relative_ok: bool) -> str | None:
    """Why `url` is not a plain link, or None."""
    cleaned = _IGNORED_IN_URLS.sub("", url)
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned.split("/", 1)[0] else ""
    if scheme in SAFE_SCHEMES:
        return None
    if not scheme and relative_ok and not cleaned.startswith("//"):
        return None
    return f"link to {url!r}"


class _Checker(HTMLParser):
    def __init__(self, allowed_tags: frozenset[str] | None, relative_ok: bool, page_scripts: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_tags = allowed_tags
        self.relative_ok = relative_ok
        self.page_scripts = page_scripts
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def _check_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.allowed_tags is not None and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}> is not allowed here")
        elif tag in DANGEROUS_TAGS and not self._page_owned(tag, values):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> runs script")
            elif name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"<{tag} {name}=...>")
            elif name in URL_ATTRIBUTES and value is not None and not (tag == "link" and name == "href" and self._page_owned(tag, values)):
                problem = url_problem(value, relative_ok=self.relative_ok)
                if problem:
                    self.problems.append(f"<{tag} {name}>: {problem}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script")

    def _page_owned(self, tag: str, attrs: dict[str, str | None]) -> bool:
        """The page's own `<head>` furniture: CSP and charset metas, its stylesheet, icon, feed, scripts."""
        if not self.page_scripts:
            return False
        if tag == "meta" or tag in THEME_CONTROLS:
            return True  # from the theme only: article HTML is checked with page_scripts off
        if tag == "link":
            href = attrs.get("href") or ""
            return url_problem(href, relative_ok=True) is None and not urlsplit(href).netloc or attrs.get("rel") == "canonical"
        if tag == "script":
            src = attrs.get("src") or ""
            return bool(src) and not urlsplit(src).scheme and not src.startswith("//")
        return False


def markup_problems(html: str, *, allowed_tags: frozenset[str] | None = None, page: bool = False) -> list[str]:
    """Everything in `html` that could run, load or navigate unsafely.

    `page=True` checks a whole page of the theme: relative links and the
    theme's own head tags and script files are fine there. Otherwise `html`
    is an article body, where only absolute http(s)/mailto links may appear.
    """
    checker = _Checker(allowed_tags, relative_ok=page, page_scripts=page)
    checker.feed(html)
    checker.close()
    return checker.problems
