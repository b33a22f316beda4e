"""Inputs built to make a parser slow or deep, each a function of a size `n`.

Shared by `tests/hostile/test_pathological.py` (which checks that the time
each takes grows no faster than its size) and `bench/pathological.py`
(which prints the figures). Every generator returns about `n` bytes or more,
growing linearly with `n`.
"""

from __future__ import annotations

import json
from typing import Callable

Generator = Callable[[int], str]


def _repeat(unit: str) -> Generator:
    return lambda n: unit * max(1, n // len(unit))


# Markdown bodies (`.md` files, rendered as they are).
MARKDOWN: dict[str, Generator] = {
    "nested quotes `>>>>`": _repeat(">") ,
    "nested quotes `> > >`": _repeat("> "),
    "nested lists `- - -`": _repeat("- "),
    "nested ordered lists `1. 1.`": _repeat("1. "),
    "quotes and lists mixed": _repeat("> - "),
    "lists nested by indentation": lambda n: "\n".join("  " * min(i, 200) + "- item" for i in range(max(1, n // 200))),
    "list item lines": _repeat("- item\n"),
    "emphasis `*`": _repeat("*"),
    "emphasis `*a`": _repeat("*a"),
    "emphasis `_a**`": _repeat("_a**"),
    "strong `**a`": _repeat("**a "),
    "unclosed `[`": _repeat("["),
    "unclosed `[a `": _repeat("[a "),
    "unclosed image `![`": _repeat("!["),
    "unclosed link `[a](`": _repeat("[a]("),
    "unclosed link `[a](<`": _repeat("[a](<"),
    "links `[a](b)`": _repeat("[a](b) "),
    "reference definitions": _repeat("[a]: b\n"),
    "reference uses `[a][b]`": _repeat("[a][b] "),
    "nested brackets `[[[x]]]`": lambda n: "[" * (n // 2) + "x" + "]" * (n // 2),
    "unclosed tags `<a `": _repeat("<a "),
    "unclosed attribute `<a href=\"`": _repeat('<a href="'),
    "unclosed tags between code blocks": _repeat("<a " * 30 + "\n\n```\nx\n```\n\n"),
    "unclosed CDATA": _repeat("<![CDATA["),
    "unclosed comments `<!--`": _repeat("<!--"),
    "processing instructions `<?`": _repeat("<?"),
    "declarations `<!x`": _repeat("<!x "),
    "open script blocks": _repeat("<script>\nx\n\n"),
    "open tags `<div>`": _repeat("<div>"),
    "close tags `</a>`": _repeat("</a>"),
    "autolinks `<http://a`": _repeat("<http://a.b/ "),
    "setext headings": _repeat("a\n===\n"),
    "rules and headings": _repeat("a\n---\n"),
    "ATX headings": _repeat("# a\n"),
    "tilde fences": _repeat("~~~a\n"),
    "backtick fences": _repeat("```\n"),
    "backtick runs": lambda n: "".join("`" * (i % 40 + 1) + "a" for i in range(max(1, n // 21))),
    "backtick runs growing": lambda n: "".join("`" * (i % 200 + 1) + "a" for i in range(max(1, n // 100))),
    "unclosed backtick fences": _repeat("```a\n"),
    "entities `&#`": _repeat("&#"),
    "ampersands `& `": _repeat("& "),
    "ampersands in raw HTML": lambda n: "<div>" + "& " * (n // 2),
    "backslashes": _repeat("\\"),
    "table rows": lambda n: "|a|b|\n|-|-|\n" + "|x|y|\n" * max(1, n // 6),
    "table cells": lambda n: "|" + "a|" * (n // 4) + "\n|" + "-|" * (n // 4) + "\n",
    "indented code": _repeat("    code\nx\n"),
    "one long paragraph": _repeat("word "),
    "many paragraphs": _repeat("Paragraph.\n\n"),
}

# Whole input files, through the reader, the cleaner and the renderer
# (`broadsheet.process.process`): the file name's suffix picks the reader.
FILES: dict[str, tuple[str, Generator]] = {
    "text: one long line": ("x.txt", lambda n: "The council met again today. " * max(1, n // 29)),
    "text: many short lines": ("x.txt", lambda n: "".join(f"Line {i} of the report said something new.\n" for i in range(max(1, n // 44)))),
    "text: markup characters": ("x.txt", _repeat("*_[<&`# ")),
    "html: deep nesting": ("x.html", lambda n: "<div>" * (n // 11) + "<p>Text of the article here.</p>" + "</div>" * (n // 11)),
    "html: many paragraphs": ("x.html", lambda n: "<html><body><article>" + "<p>A sentence of the story, told in full.</p>" * max(1, n // 47) + "</article></body></html>"),
    "html: unclosed tags": ("x.html", _repeat("<p><b><i>word ")),
    "json: deep nesting": ("x.json", lambda n: "[" * (n // 2) + "]" * (n // 2)),
    "json: many small articles": ("x.json", lambda n: json.dumps([{"title": f"T{i}", "text": "Body text."} for i in range(max(1, n // 40))])),
    "jsonl: many tiny lines": ("x.jsonl", _repeat("{}\n")),
    "markdown: long front matter list": ("x.md", lambda n: "---\ntags:\n" + "  - t\n" * max(1, n // 6) + "---\nBody.\n"),
}
