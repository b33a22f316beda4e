"""Markdown source rewritten so Python-Markdown's slow paths cannot be reached.

Python-Markdown recurses once per level of nesting and, on some inputs,
rescans or recopies the rest of the text once per construct: thousands of
nested quotes or list markers end in RecursionError, and a few tens of
kilobytes of unclosed `[`, `<a ` or headings take seconds to minutes. Each
rule below rewrites the source so that the parser's work stays linear, and
each keeps what a reader sees:

- a rule rewrites only what Python-Markdown could never read as syntax (an
  `[` that never closes into a link is text whether escaped or not), or
- it fires only past a threshold (`Thresholds`) no written article comes
  near, so ordinary Markdown reaches the parser byte for byte as it was.

One more rule keeps raw HTML from swallowing the article: a block-level
tag opened at the start of a line and never closed would make Python-Markdown
pass everything after it through as raw HTML, where the sanitiser drops it
or shows it unrendered (`show_unclosed_blocks`).

Fenced code blocks are never touched: their text is shown as written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE, HTML_RE
from markdown.util import BLOCK_LEVEL_ELEMENTS


@dataclass(frozen=True)
class Thresholds:
    """How much of a slow construct a text may hold before a rule rewrites it."""

    nesting: int = 16  # quote and list levels on one line (Python-Markdown recurses per level)
    tab_stop: int = 4
    stray_brackets: int = 32  # `[` that start no link, per paragraph (each costs a scan to its end)
    stray_backticks: int = 32  # runs of backticks no later run closes, per paragraph (each walks to its end)
    stray_angles: int = 32  # `<` that start no tag, per document (the HTML block parser rescans from each)
    block_breaks: int = 32  # headings and rules in one paragraph (each recopies the rest of it)
    open_fences: int = 32  # fence lines that no line closes (each is matched to the end of the text)
    paragraph_chars: int = 8_000  # a paragraph longer than this is cut, if it also holds...
    inline_marks: int = 1_000  # ...more characters that may start inline syntax (each copies the paragraph)


LIMITS = Thresholds()

_CONTAINER_MARK = r"(?>[ \t]{0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])[ \t]+))"
_DEEP_CONTAINERS = re.compile(r"^(%s{%d})%s+" % (_CONTAINER_MARK, LIMITS.nesting, _CONTAINER_MARK), re.M)
# Leading white space, also after quote markers (`>        - item` nests lists inside a quote).
_INDENT = re.compile(r"^((?>[ \t]{0,3}>)*)([ \t]+)", re.M)

# Fenced code as the fenced_code extension reads it: an opening line, then the
# nearest later line holding the same fence alone.
_FENCE_OPENER = re.compile(r"^(~{3,}|`{3,})[ ]*(?:\{[^}\n]*\}|\.?[\w#.+-]*)[ ]*$", re.M)
_FENCE_LINE = re.compile(r"^(~{3,}|`{3,})[ ]*$", re.M)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A link or image Python-Markdown reads in one short step: `[text]`, then
# `(target)` or `[label]` or nothing. No brackets, backslashes or backticks
# inside, since escapes and code spans are read before links.
_SIMPLE_LINK = re.compile(r"\[[^\[\]\\`\n]*\](?:\([^()\\`\n]*\)|\[[^\[\]\\`\n]*\]|(?![(\[]))")
_BRACKET_OR_ESCAPE = re.compile(r"\\.|\[", re.S)
# Only a `<` before a letter, `/`, `!` or `?` sets the HTML parser reading (`a < b` does not).
_ANGLE = re.compile(r"<(?=[A-Za-z/!?])")
_TAG_START = re.compile("|".join(f"(?:{pattern})" for pattern in (HTML_RE, AUTOLINK_RE, AUTOMAIL_RE)))
# Lines that end a block inside a paragraph: ATX headings, setext underlines, rules.
_BLOCK_BREAK_LINE = re.compile(r"^(?:#{1,6}[^\n]*|[ ]{0,3}(?:=+|-+|(?:[-*_][ ]{0,2}){3,})[ \t]*)$", re.M)
_FENCE_START = re.compile(r"^(~{3,}|`{3,})", re.M)
_BACKTICKS = re.compile(r"\\?`+")
# Raw HTML blocks: Python-Markdown starts one at a block-level tag opening a line.
_VOID_BLOCKS = frozenset({"hr"})
_RAW_BLOCK_NAMES = frozenset(BLOCK_LEVEL_ELEMENTS) - _VOID_BLOCKS
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*>)?")
_INLINE_MARK = re.compile(r"[\\`*_\[!<&]")


def guard(source: str) -> str:
    """`source` with every slow path closed; ordinary Markdown comes back unchanged."""
    pieces = []
    for text, is_code in _split_fenced_code(clamp_nesting(source)):
        if not is_code:
            text = split_busy_paragraphs(break_open_fences(text))
            text = break_block_runs(escape_stray_angles(escape_stray_brackets(escape_stray_backticks(text))))
        pieces.append((text, is_code))
    return "".join(show_unclosed_blocks(pieces))


def clamp_nesting(source: str) -> str:
    """Markdown nested no deeper than `LIMITS.nesting` quote or list levels on any line.

    Python-Markdown parses each level of a quote or list by recursion, so
    ten thousand `>` end in RecursionError. Markers past the limit are
    dropped and deeper indentation is cut to the limit; the text stays.
    """
    return _INDENT.sub(_clamp_indent, _DEEP_CONTAINERS.sub(r"\1", source))


def _clamp_indent(match: re.Match[str]) -> str:
    quotes, space = match.groups()
    limit = LIMITS.nesting * LIMITS.tab_stop
    return match.group() if len(space.expandtabs(LIMITS.tab_stop)) <= limit else quotes + " " * limit


def _split_fenced_code(source: str) -> list[tuple[str, bool]]:
    """`source` in pieces, each marked True if it is a fenced code block."""
    closers = _fence_closers(source)
    pieces, done = [], 0
    for opener in _FENCE_OPENER.finditer(source):
        if opener.start() < done:
            continue
        closer = _closer_after(closers, opener)
        if closer is None:
            continue  # never closed: not code
        end = source.find("\n", closer)
        end = len(source) if end < 0 else end
        pieces += [(source[done : opener.start()], False), (source[opener.start() : end], True)]
        done = end
    pieces.append((source[done:], False))
    return [piece for piece in pieces if piece[0]]


def _fence_closers(text: str) -> dict[str, list[int]]:
    """Where each line holding a fence alone starts, by fence."""
    closers: dict[str, list[int]] = {}
    for match in _FENCE_LINE.finditer(text):
        closers.setdefault(match.group(1), []).append(match.start())
    return closers


def _closer_after(closers: dict[str, list[int]], opener: re.Match[str]) -> int | None:
    """The start of the nearest line after `opener`'s line that closes its fence."""
    starts = closers.get(opener.group(1), [])
    index = bisect.bisect_right(starts, opener.end())
    return starts[index] if index < len(starts) else None


def escape_stray_brackets(text: str) -> str:
    """In a paragraph with more than `LIMITS.stray_brackets` `[` that start no
    simple link, each of those becomes `\\[`.

    Python-Markdown looks for the `]` (and the `)`) of every `[` and `![` by
    walking the rest of the paragraph, so thousands of unclosed or deeply
    nested brackets take minutes. Escaped, a bracket shows as itself and is
    never walked from; links of the simple shape keep working.
    """
    return _each_paragraph(_escape_paragraph_brackets, text)


def _escape_paragraph_brackets(paragraph: str) -> str:
    strays = []
    for match in _BRACKET_OR_ESCAPE.finditer(paragraph):
        if match.group() == "[" and not _SIMPLE_LINK.match(paragraph, match.start()):
            strays.append(match.start())
    if len(strays) <= LIMITS.stray_brackets:
        return paragraph
    return _insert_before(paragraph, strays, "\\")


def escape_stray_backticks(text: str) -> str:
    """In a paragraph with more than `LIMITS.stray_backticks` runs of
    backticks that no later run can close, each backtick of those is escaped.

    Python-Markdown looks for the end of a code span by walking the rest of
    the paragraph from every run of backticks; a run that only longer runs
    follow (`` `a``a```a ``) closes nothing and is walked from in vain.
    Escaped, each backtick shows as itself.
    """
    return _each_paragraph(_escape_paragraph_backticks, text)


def _escape_paragraph_backticks(paragraph: str) -> str:
    shortest_later = None
    strays = []
    for run in reversed(list(_BACKTICKS.finditer(paragraph))):
        ticks = run.group().lstrip("\\")
        start = run.end() - len(ticks)
        if run.group().startswith("\\"):  # the first backtick is escaped already
            ticks, start = ticks[1:], start + 1
        if not ticks:
            continue
        # A run closes at a later run as long, or shortens itself to a later shorter one.
        if shortest_later is None or len(ticks) < shortest_later:
            strays.append((start, len(ticks)))
        shortest_later = len(ticks) if shortest_later is None else min(shortest_later, len(ticks))
    if len(strays) <= LIMITS.stray_backticks:
        return paragraph
    pieces, done = [], 0
    for start, length in reversed(strays):
        pieces += [paragraph[done:start], "\\`" * length]
        done = start + length
    return "".join(pieces) + paragraph[done:]


def escape_stray_angles(text: str) -> str:
    """In a text with more than `LIMITS.stray_angles` `<` that look like the
    start of a tag but start no tag, comment or autolink, each of those
    becomes `&lt;`.

    Python-Markdown hands the whole document to an HTML parser, which reads
    from every unclosed `<a ` (or `<![CDATA[`, `<http://`) to the end: 215 s
    for 150 KB. As `&lt;` the character shows the same and starts nothing.
    """
    strays = [match.start() for match in _ANGLE.finditer(text) if not _TAG_START.match(text, match.start())]
    if len(strays) <= LIMITS.stray_angles:
        return text
    return _replace_at(text, strays, "&lt;")


def split_busy_paragraphs(text: str) -> str:
    """A paragraph longer than `LIMITS.paragraph_chars` that holds more than
    `LIMITS.inline_marks` characters able to start inline syntax is cut into
    paragraphs of at most that length (at a line break, else at a space).

    Python-Markdown copies the whole paragraph once for every link,
    emphasis, escape or entity it finds, so 400 KB of them in one paragraph
    take minutes. The text stays; only paragraph breaks are added, and no
    written article has paragraphs of this length and density.
    """
    return _each_paragraph(_split_busy_paragraph, text)


def _split_busy_paragraph(paragraph: str) -> str:
    limit = LIMITS.paragraph_chars
    if len(paragraph) <= limit or len(_INLINE_MARK.findall(paragraph)) <= LIMITS.inline_marks:
        return paragraph
    pieces, done = [], 0
    while len(paragraph) - done > limit:
        window = paragraph[done : done + limit]
        cut = max(window.rfind("\n"), window.rfind(" "))
        if cut <= 0:
            cut = limit
            if (len(window) - len(window.rstrip("\\"))) % 2:
                cut -= 1  # never part a backslash from the character it escapes
        pieces.append(paragraph[done : done + cut].strip("\n"))
        done += cut
    pieces.append(paragraph[done:].strip("\n"))
    return "\n\n".join(piece for piece in pieces if piece.strip())


def break_block_runs(text: str) -> str:
    """In a paragraph with more than `LIMITS.block_breaks` heading or rule
    lines, a blank line follows each of them.

    Python-Markdown cuts a heading or rule out of its paragraph and copies
    the rest back, once per heading: 48 KB of them took 17 s. A heading or
    rule ends its block anyway, so the blank line changes nothing shown.
    """
    return _each_paragraph(_break_paragraph_blocks, text)


def _break_paragraph_blocks(paragraph: str) -> str:
    breaks = [match.end() for match in _BLOCK_BREAK_LINE.finditer(paragraph)]
    if len(breaks) <= LIMITS.block_breaks:
        return paragraph
    return _insert_before(paragraph, [end for end in breaks if end < len(paragraph)], "\n")


def break_open_fences(text: str) -> str:
    """With more than `LIMITS.open_fences` lines starting with a fence that
    no later line closes, each of those starts with `&#126;` or `\\``.

    The fenced-code extension matches every such line against the rest of
    the text looking for its closing line. A fence never closed opens no
    code block; `&#126;` shows the same `~` and `\\`` the same backtick.
    """
    closers = _fence_closers(text)
    unclosed = [match for match in _FENCE_START.finditer(text) if _closer_after(closers, match) is None]
    if len(unclosed) <= LIMITS.open_fences:
        return text
    pieces, done = [], 0
    for match in unclosed:
        fence = match.group()
        # `~` has no backslash escape; every backtick is escaped, so none is left to open a code span.
        pieces += [text[done : match.start()], "&#126;" + fence[1:] if fence[0] == "~" else "\\`" * len(fence)]
        done = match.end()
    return "".join(pieces) + text[done:]


def show_unclosed_blocks(pieces: list[tuple[str, bool]]) -> list[str]:
    """The text of `pieces` (`(text, is_code)`), where a block-level start tag
    opening a line is `&lt;` if too few of its end tags follow to close it.

    Python-Markdown reads raw HTML from such a tag to its end tag; with none,
    the rest of the article becomes raw HTML. Counted from the end of the
    text, so one pass decides every tag; code is neither counted nor changed.
    """
    balance: dict[str, int] = {}  # end tags minus start tags after the current point, by name
    shown = []
    for text, is_code in reversed(pieces):
        if is_code:
            shown.append(text)
            continue
        unclosed = []
        for match in reversed(list(_TAG_NAME.finditer(text))):
            closing, name = match.group(1), match.group(2).lower()
            if name not in _RAW_BLOCK_NAMES or (not closing and (match.group(3) or "").endswith("/>")):
                continue
            if closing:
                balance[name] = balance.get(name, 0) + 1
            elif balance.get(name, 0) > 0:
                balance[name] -= 1
            elif match.start() == 0 or text[match.start() - 1] == "\n":
                unclosed.append(match.start())
        shown.append(_replace_at(text, sorted(unclosed), "&lt;"))
    return list(reversed(shown))


def _each_paragraph(rewrite, text: str) -> str:
    """`rewrite` applied to each paragraph of `text` (parts between blank lines)."""
    pieces, done = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        pieces += [rewrite(text[done : match.start()]), match.group()]
        done = match.end()
    pieces.append(rewrite(text[done:]))
    return "".join(pieces)


def _insert_before(text: str, positions: list[int], insert: str) -> str:
    pieces, done = [], 0
    for position in positions:
        pieces += [text[done:position], insert]
        done = position
    return "".join(pieces) + text[done:]


def _replace_at(text: str, positions: list[int], replacement: str) -> str:
    """`text` with the one character at each of `positions` replaced."""
    pieces, done = [], 0
    for position in positions:
        pieces += [text[done:position], replacement]
        done = position + 1
    return "".join(pieces) + text[done:]
