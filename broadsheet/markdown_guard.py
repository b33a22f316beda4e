"""Markdown source rewritten so Python-Markdown's slow paths cannot be reached.

Python-Markdown recurses once per level of nesting and, on some inputs,
rescans or recopies the rest of the text once per construct: thousands of
nested quotes or list markers end in RecursionError, and a few tens of
kilobytes of unclosed `[`, `<a ` or headings take seconds to minutes. Each
rule below rewrites the source so that the parser's work stays linear.

Each fires only past a threshold (`Thresholds`) no written article comes
near, so ordinary Markdown reaches the parser byte for byte as it was.
Past it, what is slow is rewritten into a form read in one step that shows
the same characters (an `[` that never closes into a link is text whether
escaped or not), though not always in the same layout: a busy paragraph
may be cut in two, and a `\\[` or `&lt;` written into a code span shows
there as written. (The nesting clamp has no threshold but the depth.)

One more rule keeps raw HTML from swallowing the article: a block-level
tag opened at the start of a line and never closed would make Python-Markdown
pass everything after it through as raw HTML, where the sanitiser drops it
or shows it unrendered (`show_unclosed_blocks`).

Fenced code keeps its text: no rule escapes anything inside it (past 32
blocks, each is handed over as the HTML it renders to, `fenced_code_as_html`).
The rules run in the order of `RULES`, each over the source's pieces.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from typing import Callable

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
    fenced_blocks: int = 32  # fenced code blocks per document (each copies the whole document)
    paragraph_chars: int = 8_000  # a paragraph longer than this is cut, if it also holds...
    inline_marks: int = 1_000  # ...more characters that may start inline syntax (each copies the paragraph)


LIMITS = Thresholds()

# A piece of the source, and whether it is fenced code (never rewritten).
Piece = tuple[str, bool]
Edit = tuple[int, int, str]  # replace text[start:end] with this

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
    pieces = _split_fenced_code(clamp_nesting(source))
    for rule in RULES:
        pieces = rule(pieces)
    return "".join(text for text, _ in pieces)


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


def _split_fenced_code(source: str) -> list[Piece]:
    """`source` in pieces, each marked True if it is a fenced code block."""
    closers = _fence_closers(source)
    pieces, done = [], 0
    for opener in _FENCE_OPENER.finditer(source):
        if opener.start() < done:
            continue
        closer = _closer_after(closers, opener.group(1), opener.end())
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


def _closer_after(closers: dict[str, list[int]], fence: str, position: int) -> int | None:
    """The start of the nearest line after `position` that closes `fence`."""
    starts = closers.get(fence, [])
    index = bisect.bisect_right(starts, position)
    return starts[index] if index < len(starts) else None


def break_open_fences(pieces: list[Piece]) -> list[Piece]:
    """With more than `LIMITS.open_fences` lines starting with a fence that
    no later line closes, each of those starts with `&#126;` or `\\``.

    The fenced-code extension matches every such line against the rest of
    the document looking for its closing line. A fence never closed opens
    no code block; `&#126;` shows the same `~`, and every backtick escaped
    leaves none to open a code span.
    """
    closers = _fence_closers("".join(text for text, _ in pieces))
    edits, offset = [], 0
    for text, is_code in pieces:
        found = []
        if not is_code:
            for match in _FENCE_START.finditer(text):
                fence = match.group()
                if _closer_after(closers, fence, offset + match.end()) is None:
                    found.append((match.start(), match.end(), "&#126;" + fence[1:] if fence[0] == "~" else "\\`" * len(fence)))
        edits.append(found)
        offset += len(text)
    return _apply_past(LIMITS.open_fences, pieces, edits)


def fenced_code_as_html(pieces: list[Piece]) -> list[Piece]:
    """With more than `LIMITS.fenced_blocks` fenced code blocks, each becomes
    the HTML Python-Markdown would make of it, `<pre><code>...</code></pre>`.

    The fenced-code extension copies the whole document once per block
    (50,000 empty blocks in 400 KB: 13 s). As a raw HTML block it is read
    in one step and shows the same (the sanitiser drops the language class
    the extension would add).
    """
    if sum(is_code for _, is_code in pieces) <= LIMITS.fenced_blocks:
        return pieces
    return [(_code_block_html(text) if is_code else text, is_code) for text, is_code in pieces]


def _code_block_html(fenced: str) -> str:
    _, _, rest = fenced.partition("\n")
    code = rest[: rest.rfind("\n") + 1]  # without the closing fence line, with the newline before it
    return f"\n\n<pre><code>{html.escape(code, quote=False)}</code></pre>\n\n"


def split_busy_paragraphs(pieces: list[Piece]) -> list[Piece]:
    """A paragraph longer than `LIMITS.paragraph_chars` that holds more than
    `LIMITS.inline_marks` characters able to start inline syntax is cut into
    paragraphs of at most that length (at a line break, else at a space).

    Python-Markdown copies the whole paragraph once for every link,
    emphasis, escape or entity it finds, so 400 KB of them in one paragraph
    take minutes. The text stays; only paragraph breaks are added, and no
    written article has paragraphs of this length and density.
    """
    return _each_paragraph(_split_busy_paragraph, pieces)


def _split_busy_paragraph(paragraph: str) -> str:
    limit = LIMITS.paragraph_chars
    if len(paragraph) <= limit or len(_INLINE_MARK.findall(paragraph)) <= LIMITS.inline_marks:
        return paragraph
    parts, done = [], 0
    while len(paragraph) - done > limit:
        window = paragraph[done : done + limit]
        cut = max(window.rfind("\n"), window.rfind(" "))
        if cut <= 0:
            cut = limit
            if (len(window) - len(window.rstrip("\\"))) % 2:
                cut -= 1  # never part a backslash from the character it escapes
        parts.append(paragraph[done : done + cut].strip("\n"))
        done += cut
    parts.append(paragraph[done:].strip("\n"))
    return "\n\n".join(part for part in parts if part.strip())


def escape_stray_backticks(pieces: list[Piece]) -> list[Piece]:
    """In a paragraph with more than `LIMITS.stray_backticks` runs of
    backticks that no later run can close, each backtick of those is escaped.

    Python-Markdown looks for the end of a code span by walking the rest of
    the paragraph from every run of backticks; a run that only longer runs
    follow (`` `a``a```a ``) closes nothing and is walked from in vain.
    Escaped, each backtick shows as itself.
    """
    return _each_paragraph(_escape_paragraph_backticks, pieces)


def _escape_paragraph_backticks(paragraph: str) -> str:
    shortest_later = None
    strays = []
    for run in reversed(list(_BACKTICKS.finditer(paragraph))):
        start = run.start() + 1 if run.group().startswith("\\") else run.start()  # past one escaped already
        length = run.end() - start
        if not length:
            continue
        # A run closes at a later run as long, or shortens itself to a later shorter one.
        if shortest_later is None or length < shortest_later:
            strays.append((start, run.end(), "\\`" * length))
            shortest_later = length
    return _splice(paragraph, strays[::-1]) if len(strays) > LIMITS.stray_backticks else paragraph


def escape_stray_brackets(pieces: list[Piece]) -> list[Piece]:
    """In a paragraph with more than `LIMITS.stray_brackets` `[` that start no
    simple link, each of those becomes `\\[`.

    Python-Markdown looks for the `]` (and the `)`) of every `[` and `![` by
    walking the rest of the paragraph, so thousands of unclosed or deeply
    nested brackets take minutes. Escaped, a bracket shows as itself and is
    never walked from; links of the simple shape keep working.
    """
    return _each_paragraph(_escape_paragraph_brackets, pieces)


def _escape_paragraph_brackets(paragraph: str) -> str:
    strays = [
        (match.start(), match.start(), "\\")
        for match in _BRACKET_OR_ESCAPE.finditer(paragraph)
        if match.group() == "[" and not _SIMPLE_LINK.match(paragraph, match.start())
    ]
    return _splice(paragraph, strays) if len(strays) > LIMITS.stray_brackets else paragraph


def escape_stray_angles(pieces: list[Piece]) -> list[Piece]:
    """In a document with more than `LIMITS.stray_angles` `<` that look like
    the start of a tag but start no tag, comment or autolink, each of those
    becomes `&lt;`.

    Python-Markdown hands the whole document to an HTML parser, which reads
    from every unclosed `<a ` (or `<![CDATA[`, `<http://`) to the end: 215 s
    for 150 KB. As `&lt;` the character shows the same and starts nothing.
    """
    edits = [
        []
        if is_code
        else [(match.start(), match.end(), "&lt;") for match in _ANGLE.finditer(text) if not _TAG_START.match(text, match.start())]
        for text, is_code in pieces
    ]
    return _apply_past(LIMITS.stray_angles, pieces, edits)


def break_block_runs(pieces: list[Piece]) -> list[Piece]:
    """In a paragraph with more than `LIMITS.block_breaks` heading or rule
    lines, a blank line follows each of them.

    Python-Markdown cuts a heading or rule out of its paragraph and copies
    the rest back, once per heading: 48 KB of them took 17 s. A heading or
    rule ends its block anyway, so the blank line changes nothing shown.
    """
    return _each_paragraph(_break_paragraph_blocks, pieces)


def _break_paragraph_blocks(paragraph: str) -> str:
    breaks = [(match.end(), match.end(), "\n") for match in _BLOCK_BREAK_LINE.finditer(paragraph) if match.end() < len(paragraph)]
    return _splice(paragraph, breaks) if len(breaks) > LIMITS.block_breaks else paragraph


def show_unclosed_blocks(pieces: list[Piece]) -> list[Piece]:
    """A block-level start tag opening a line becomes `&lt;` if too few of
    its end tags follow to close it.

    Python-Markdown reads raw HTML from such a tag to its end tag; with none,
    the rest of the article becomes raw HTML, which the sanitiser drops or
    shows unrendered. Counted from the end of the document, so one pass
    decides every tag; code is neither counted nor changed.
    """
    balance: dict[str, int] = {}  # end tags minus start tags after the current point, by name
    edits: list[list[Edit]] = []
    for text, is_code in reversed(pieces):
        unclosed: list[Edit] = []
        for match in [] if is_code else reversed(list(_TAG_NAME.finditer(text))):
            closing, name = match.group(1), match.group(2).lower()
            if name not in _RAW_BLOCK_NAMES or (not closing and (match.group(3) or "").endswith("/>")):
                continue
            if closing:
                balance[name] = balance.get(name, 0) + 1
            elif balance.get(name, 0) > 0:
                balance[name] -= 1
            elif match.start() == 0 or text[match.start() - 1] == "\n":
                unclosed.append((match.start(), match.start() + 1, "&lt;"))
        edits.append(unclosed[::-1])
    return _apply_past(0, pieces, edits[::-1])


RULES: tuple[Callable[[list[Piece]], list[Piece]], ...] = (
    fenced_code_as_html,
    # Fences first: a defused fence line adds marks the paragraph cut counts.
    break_open_fences,
    split_busy_paragraphs,
    escape_stray_backticks,
    escape_stray_brackets,
    escape_stray_angles,
    break_block_runs,
    show_unclosed_blocks,
)


def _each_paragraph(rewrite: Callable[[str], str], pieces: list[Piece]) -> list[Piece]:
    """`rewrite` applied to each paragraph (text between blank lines) outside fenced code."""
    return [(text if is_code else _paragraphs_rewritten(rewrite, text), is_code) for text, is_code in pieces]


def _paragraphs_rewritten(rewrite: Callable[[str], str], text: str) -> str:
    parts, done = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        parts += [rewrite(text[done : match.start()]), match.group()]
        done = match.end()
    parts.append(rewrite(text[done:]))
    return "".join(parts)


def _apply_past(threshold: int, pieces: list[Piece], edits: list[list[Edit]]) -> list[Piece]:
    """`pieces` with their `edits` (one list per piece) made, if there are more than `threshold` in all."""
    if sum(len(found) for found in edits) <= threshold:
        return pieces
    return [(_splice(text, found), is_code) for (text, is_code), found in zip(pieces, edits)]


def _splice(text: str, edits: list[Edit]) -> str:
    """`text` with each `(start, end, new)` of `edits` (in order, not overlapping) made."""
    parts, done = [], 0
    for start, end, new in edits:
        parts += [text[done:start], new]
        done = end
    return "".join(parts) + text[done:]
