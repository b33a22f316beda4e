"""Raw HTML from Markdown, made safe to *parse* before it is sanitised.

The sanitiser (nh3, over html5ever) parses HTML as a browser does, which is
what makes it safe, and which brings two hazards with it:

- A `<script>`, `<style>`, `<textarea>`, `<title>`... or `<!--` that is never
  closed swallows the rest of the article: it all becomes script, style,
  comment or literal markup, and vanishes or shows as tags. `show_unclosed`
  turns each such opening into the text it is (`&lt;script>`).
- html5ever checks the stack of open elements on each block-level tag, so
  nesting `<div>` or `<ul><li>` forty thousand deep took 19 s to sanitise.
  Browsers stop nesting at 512 levels; `limit_depth` shows start tags past
  MAX_DEPTH as text, so the time stays linear in the length.

- Markup left open in one block of raw HTML (`<math><mtext><table>...`, a
  parser-confusion trick) pulls the rest of the article into it, where the
  sanitiser drops it; `closing_tags` gives the end tags that close it where
  the block ends.

All scan with regular expressions and a small stack: linear time, and
approximate in the safe direction (at worst a tag shows as text).
"""

from __future__ import annotations

import re

MAX_DEPTH = 128
LESS_THAN = "&lt;"
_SWALLOWING_NAMES = ("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "template", "plaintext")
_SWALLOWING = re.compile(r"<(?:(%s)(?=[\s/>])|!--)" % "|".join(_SWALLOWING_NAMES), re.I)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>?")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
# HTML's optional end tags: a start tag that closes an open element, and the
# elements that stop the search (a `<li>` inside a nested `<ul>` closes
# nothing outside it). Modelled so that sloppy lists and paragraphs do not
# count as nesting; where the model errs it counts too deep, never too shallow.
_TABLE_SCOPE = frozenset({"html", "table", "template"})
_SCOPE = _TABLE_SCOPE | {"applet", "caption", "td", "th", "marquee", "object", "button"}
_LIST_SCOPE = _SCOPE | {"ol", "ul", "dl", "li", "dd", "dt", "blockquote", "section", "article", "aside", "nav", "form", "fieldset", "figure", "details", "select", "table"}
_CLOSES = {
    "li": (frozenset({"li"}), _LIST_SCOPE - {"li"}),
    "dt": (frozenset({"dt", "dd"}), _LIST_SCOPE - {"dt", "dd"}),
    "dd": (frozenset({"dt", "dd"}), _LIST_SCOPE - {"dt", "dd"}),
    "tr": (frozenset({"tr", "td", "th"}), _TABLE_SCOPE),
    "td": (frozenset({"td", "th"}), _TABLE_SCOPE | {"tr"}),
    "th": (frozenset({"td", "th"}), _TABLE_SCOPE | {"tr"}),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
}
_P = (frozenset({"p"}), _SCOPE)
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "dd", "dt", "main", "menu", "nav", "ol", "p",
        "pre", "section", "table", "ul",
    }
)  # fmt: skip
_LOOK_BACK = 8  # how far down the stack an implied close is looked for


def show_unclosed(raw_html: str) -> str:
    """`raw_html` with every swallowing tag that is never closed shown as text."""
    lowered = raw_html.lower()
    pieces: list[str] = []
    done = 0
    last_close: dict[str, int] = {}
    for match in _SWALLOWING.finditer(raw_html):
        name = (match.group(1) or "").lower()
        close = f"</{name}" if name else "-->"
        if close not in last_close:
            last_close[close] = -1 if name == "plaintext" else lowered.rfind(close)  # <plaintext> never ends
        if last_close[close] < match.end():
            pieces += [raw_html[done : match.start()], LESS_THAN]
            done = match.start() + 1
    return "".join(pieces) + raw_html[done:] if pieces else raw_html


def limit_depth(raw_html: str) -> str:
    """`raw_html` with start tags that would nest deeper than MAX_DEPTH shown as text."""
    _, too_deep = _walk(raw_html)
    if not too_deep:
        return raw_html
    pieces, done = [], 0
    for position in too_deep:
        pieces += [raw_html[done:position], LESS_THAN]
        done = position + 1
    return "".join(pieces) + raw_html[done:]


def closing_tags(fragment: str) -> str:
    """The end tags of the elements `fragment` leaves open, innermost first.

    A block of raw HTML is closed where it ends, so markup left open in it
    (`<math><mtext><table>`, a parser-confusion trick) cannot pull the rest
    of the article into itself, where the sanitiser would drop it.
    """
    stack, _ = _walk(fragment)
    # Swallowing elements left open are shown as text instead (`show_unclosed`).
    return "".join(f"</{name}>" for name in reversed(stack) if name not in _SWALLOWING_NAMES)


def _walk(raw_html: str) -> tuple[list[str], list[int]]:
    """The elements left open at the end, and where start tags past MAX_DEPTH begin."""
    stack: list[str] = []
    too_deep: list[int] = []
    for match in _TAG.finditer(raw_html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            continue
        if closing:
            _pop_to(stack, (frozenset({name}), frozenset()), len(stack))
            continue
        if name in _CLOSES_P:
            _pop_to(stack, _P, _LOOK_BACK)
        if name in _CLOSES:
            _pop_to(stack, _CLOSES[name], _LOOK_BACK)
        if len(stack) >= MAX_DEPTH:
            too_deep.append(match.start())
        else:
            stack.append(name)
    return stack, too_deep


def _pop_to(stack: list[str], rule: tuple[frozenset[str], frozenset[str]], look_back: int) -> None:
    """Close the nearest open element named in `rule[0]` (and all above it),
    unless an element of `rule[1]` or `look_back` levels come first."""
    names, stops = rule
    for index in range(len(stack) - 1, max(-1, len(stack) - 1 - look_back), -1):
        if stack[index] in names:
            del stack[index:]
            return
        if stack[index] in stops:
            return
