"""The hostile corpus: one input per attack, with what a build must make of it.

    python -m tests.hostile.corpus DIR     # write it to DIR, to look at or build by hand

Every attack of issue 7 has an input here: script, event handlers,
`javascript:`/`data:`/`vbscript:` links, iframes, SVG, CSS expressions and
Jinja syntax in every field of every format and in file names; paths and
slugs that try to leave the output folder or collide; and broken files of
every kind. Good articles stand among them, each with a headline a test
looks for. Article bodies are made up here (never copied from a corpus),
different enough from each other that none is taken for a duplicate.

Scripts in the corpus try to set `window.__pwned`, change `document.title`
to `PWNED` or open a dialog: the browser test watches for all three.
"""

from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

CANARY_TITLE = "PWNED"
SCRIPT = f"<script>window.__pwned=1;document.title='{CANARY_TITLE}';alert(1)</script>"
HANDLER = "window.__pwned=1;alert(1)"
# One string holding every kind of attack, for fields that take one line of text.
ALL_IN_ONE = (
    f"{SCRIPT} <img src=x onerror=\"{HANDLER}\"> <svg onload=\"{HANDLER}\"> <iframe src=\"javascript:{HANDLER}\"></iframe> "
    "<a href=\"javascript:alert(1)\">x</a> <div style=\"width:expression(alert(1))\"> {{ 7*7 }} {% include 'base.html' %} "
    "\"><script>alert(1)</script> '-alert(1)-' </title></textarea></style></script>"
)
JINJA = "{{ 7*7 }} {{ config }} {% include 'base.html' %} {# c #}"
# Markdown and raw HTML bodies for `.md` files: the sanitiser's side of it.
MARKDOWN_ATTACKS = "\n\n".join(
    [
        SCRIPT,
        f'<img src="x" onerror="{HANDLER}">',
        f'<svg onload="{HANDLER}"><circle r="4"/></svg>',
        f'<iframe src="javascript:{HANDLER}"></iframe>',
        f'<iframe srcdoc="{SCRIPT.replace(chr(34), "&quot;")}"></iframe>',
        f'<a href="javascript:{HANDLER}">javascript link</a>',
        f'<a href="jav&#x09;ascript:{HANDLER}">tab-split javascript link</a>',
        f'<a href=" &#106;avascript:{HANDLER}">entity javascript link</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
        '<a href="vbscript:msgbox(1)">vbscript link</a>',
        f"[markdown javascript link](javascript:{HANDLER})",
        "[reference link][evil]\n\n[evil]: javascript:alert(1)",
        f"![image](javascript:{HANDLER})",
        "![tracking pixel](https://tracker.example/pixel.gif)",
        '<div style="background:url(https://tracker.example/bg.png);width:expression(alert(1))">styled</div>',
        "<style>@import 'https://tracker.example/x.css'; body { background: red }</style>",
        '<link rel="stylesheet" href="https://tracker.example/x.css">',
        '<meta http-equiv="refresh" content="0;url=https://tracker.example/">',
        '<base href="https://tracker.example/">',
        f'<form action="https://tracker.example/"><input autofocus onfocus="{HANDLER}"></form>',
        f'<details open ontoggle="{HANDLER}">details</details>',
        f'<video><source onerror="{HANDLER}"></video>',
        f'<object data="javascript:{HANDLER}"></object><embed src="javascript:{HANDLER}">',
        f'<noscript><p title="</noscript><img src=x onerror={HANDLER}>">mutation</p></noscript>',
        f'<math><mtext><table><mglyph><style><img src=x onerror="{HANDLER}">',
    ]
)


@dataclass(frozen=True)
class Expect:
    """What the report must say about one input (a file, or `file#N`)."""

    status: str  # built | duplicate | rejected | skipped
    reason: str = ""  # a part of the reason given
    headline: str | None = None  # the headline its page shows (built articles)


@dataclass(frozen=True)
class Case:
    name: str  # path inside the content folder
    attack: str  # the attack class it stands for
    data: bytes | None = None  # None: `make` creates it (links, FIFOs, sparse files)
    make: Callable[[Path], None] | None = field(default=None, compare=False)
    expect: dict[str, Expect] = field(default_factory=dict)  # by report name; empty: {name: built}


_SUBJECTS = (
    "The harbour council", "Regional health officials", "A group of inshore fishermen", "The transport minister",
    "Teachers at the grammar school", "The museum's trustees", "Residents of the old quarter", "The water company",
    "Volunteers from the lifeboat station", "The county planning board", "Farmers in the river valley",
    "The university's engineering department", "Shopkeepers on the high street", "The district court",
)  # fmt: skip
_PLACES = (
    "in Port Alder", "near the disused quarry", "across the northern district", "on the Wrenfield estate",
    "beside the tidal basin", "in the market town of Hollin", "along the coast road", "at the old tram depot",
    "in the hill villages", "around the cathedral close", "on the far side of the estuary", "in the new suburbs",
)  # fmt: skip
_VERBS = ("approved", "rejected", "postponed", "announced", "questioned", "welcomed", "challenged", "funded", "reviewed", "opposed")
_OBJECTS = (
    "a plan for new ferry berths", "the budget for road repairs", "a study of river pollution", "longer opening hours",
    "a ban on night flights", "the sale of the old library", "a scheme to insulate council homes", "cheaper bus passes",
    "a second pedestrian bridge", "the closure of two clinics", "a festival of local food", "new cycle lanes",
)  # fmt: skip
_TAILS = (
    "after a debate that ran past midnight", "despite objections from local businesses", "on Tuesday evening",
    "following a public consultation", "in a vote of seven to four", "without giving a date", "at a packed meeting",
    "ahead of the winter storms", "after months of delay", "to the surprise of many observers",
)  # fmt: skip
_QUOTES = (
    "said a spokesperson", "according to minutes of the meeting", "one councillor told reporters",
    "a statement from the board said", "officials confirmed", "campaigners said",
)  # fmt: skip


def story(seed: str, paragraphs: int = 4) -> list[str]:
    """Made-up news paragraphs, the same for the same seed and unlike any other seed's."""
    rng = random.Random(seed)
    result = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(3):
            cost = rng.randint(2, 90)
            sentences.append(
                f"{rng.choice(_SUBJECTS)} {rng.choice(_PLACES)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"{rng.choice(_TAILS)}, {rng.choice(_QUOTES)}, at a cost of about {cost}.{rng.randint(0, 9)} million."
            )
        result.append(" ".join(sentences))
    return result


def text_file(headline: str, seed: str, *extra_paragraphs: str) -> bytes:
    """A raw `.txt` article: headline line, then paragraphs (extra ones in the middle)."""
    body = story(seed)
    lines = [headline, "", body[0], "", *[p for extra in extra_paragraphs for p in (extra, "")], *[p for b in body[1:] for p in (b, "")]]
    return "\n".join(lines).encode()


def markdown_file(front: dict[str, object], body: str) -> bytes:
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()] + ["---", "", body, ""]
    return "\n".join(lines).encode()


def _built(name: str, headline: str) -> dict[str, Expect]:
    return {name: Expect("built", headline=headline)}


def _symlink(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _outside_link(path: Path) -> None:
    secret = path.parent.parent / "outside-secret.txt"
    secret.write_text("A private file outside the content folder that must never be published.\n" * 20)
    path.symlink_to(secret)


def _linked_folder(path: Path) -> None:
    elsewhere = path.parent.parent / "outside-folder"
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "private.txt").write_text("Private text in a folder outside the content folder.\n" * 20)
    path.symlink_to(elsewhere, target_is_directory=True)


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _cases() -> list[Case]:
    cases = [
        # ---- Good articles, one per format: they must all be published. ----
        Case("good-text.txt", "good article (.txt)", text_file("Ferry berths approved for Port Alder", "good-text"), expect=_built("good-text.txt", "Ferry berths approved for Port Alder")),
        Case("good-page.html", "good article (.html)", (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Hollin market reopens after repairs | The Courier</title>"
            "<meta property='og:site_name' content='The Courier'></head><body><article><h1>Hollin market reopens after repairs</h1>"
            + "".join(f"<p>{p}</p>" for p in story("good-page")) + "</article></body></html>"
        ).encode(), expect=_built("good-page.html", "Hollin market reopens after repairs")),
        Case("good-dump.json", "good article (.json)", json.dumps({"title": "Lifeboat station gets new crew", "date": "2026-03-04", "source": "The Courier", "text": "\n\n".join(story("good-dump"))}).encode(), expect=_built("good-dump.json", "Lifeboat station gets new crew")),
        Case("good-notes.md", "good article (.md)", markdown_file({"title": "Cathedral close to get new lighting", "date": "2026-03-05", "tags": ["Heritage"]}, "\n\n".join(story("good-notes"))), expect=_built("good-notes.md", "Cathedral close to get new lighting")),
        # ---- Text is text: script, handlers, links, iframes, SVG, CSS, Jinja in every field. ----
        Case("txt-body-markup.txt", "markup and Jinja in a .txt body", text_file(
            "Council publishes its code of conduct", "txt-body",
            f"The leaked page contained {SCRIPT} and the text <img src=x onerror=\"{HANDLER}\"> which readers saw as text.",
            f"A template tag {JINJA} appeared in the draft, with a link javascript:alert(1) and <iframe src=x></iframe>.",
            "Markdown marks stay literal: *not emphasis*, _nor this_, [not a link](javascript:alert(1)), `not code`, # not a heading.",
        ), expect=_built("txt-body-markup.txt", "Council publishes its code of conduct")),
        Case("txt-sidecar.txt", "hostile sidecar fields for a .txt", text_file("Placeholder headline replaced by the sidecar", "txt-sidecar"), expect={
            "txt-sidecar.txt": Expect("built", headline=f"Sidecar title {ALL_IN_ONE}"),
            "txt-sidecar.json": Expect("built", "metadata merged"),
        }),
        Case("txt-sidecar.json", "hostile sidecar fields for a .txt", json.dumps({
            "title": f"Sidecar title {ALL_IN_ONE}", "date": "2026-03-06", "source": f"Source {ALL_IN_ONE}",
            "authors": [f"Author {SCRIPT}", f"<img src=x onerror=\"{HANDLER}\">"], "tags": [f"tag {SCRIPT}", JINJA, "<svg onload=alert(1)>"],
            "url": f"javascript:{HANDLER}", "summary": f"Summary {ALL_IN_ONE}", "slug": "../../../../etc/passwd",
        }).encode(), expect={}),
        Case("json-every-field.json", "hostile JSON fields", json.dumps({
            "title": f"</title>{SCRIPT}<title>JSON headline", "date": "2026-03-07", "source": JINJA,
            "authors": f"Ann {SCRIPT}; Bo <b onmouseover=alert(1)>bold</b>", "tags": [ALL_IN_ONE, "CON", "政治", "!!!", "C++", "C#", "c"],
            "url": f"data:text/html,{SCRIPT}", "summary": f"\"><script>alert(1)</script> {JINJA}", "lang": f"en\" onload=\"{HANDLER}",
            "slug": "/etc/passwd", "section": SCRIPT, "text": "\n\n".join(story("json-every-field")),
        }).encode(), expect=_built("json-every-field.json", f"</title>{SCRIPT}<title>JSON headline")),
        Case("list.json", "URL tricks in a JSON list, one bad item", json.dumps([
            {"title": "Bridge inspection finds cracks", "url": " javascript:alert(1)", "text": "\n\n".join(story("list-1"))},
            {"title": "Tram depot becomes a market", "url": "java\tscript:alert(1)", "source": "vbscript:msgbox(1)", "text": "\n\n".join(story("list-2"))},
            {"title": "No body here"},
            {"title": "Clinic hours extended", "url": "https://example.org/clinic?x=\"><script>alert(1)</script>", "text": "\n\n".join(story("list-4"))},
        ]).encode(), expect={
            "list.json#1": Expect("built", headline="Bridge inspection finds cracks"),
            "list.json#2": Expect("built", headline="Tram depot becomes a market"),
            "list.json#3": Expect("rejected", "no text, body or content field"),
            "list.json#4": Expect("built", headline="Clinic hours extended"),
        }),
        Case("feed.jsonl", "hostile JSONL lines, a broken and a deep one", "\n".join([
            json.dumps({"title": f"Wire: {SCRIPT}", "body": "\n\n".join(story("jsonl-1")), "author": {"name": f"<svg onload=\"{HANDLER}\">"}}),
            "{not json at all",
            "[" * 100_000 + "]" * 100_000,
            json.dumps({"headline": "Wire: night flights ban delayed", "content": "<p>" + "</p><p>".join(story("jsonl-4")) + "</p>", "keywords": "Transport; <script>alert(1)</script>"}),
        ]).encode(), expect={
            "feed.jsonl#1": Expect("built", headline=f"Wire: {SCRIPT}"),
            "feed.jsonl#2": Expect("rejected", "line 2 is not valid JSON"),
            "feed.jsonl#3": Expect("rejected", "line 3"),
            "feed.jsonl#4": Expect("built", headline="Wire: night flights ban delayed"),
        }),
        Case("md-raw-html.md", "raw HTML and Markdown attacks in a .md body", markdown_file(
            {"title": f"Markdown with raw HTML {SCRIPT}", "date": "2026-03-08", "source": f"<iframe src=\"javascript:{HANDLER}\">", "tags": ["<svg onload=alert(1)>"], "summary": JINJA},
            "\n\n".join(story("md-raw")[:2]) + "\n\n" + MARKDOWN_ATTACKS + "\n\nThe last paragraph is still here after every attack.",
        ), expect=_built("md-raw-html.md", f"Markdown with raw HTML {SCRIPT}")),
        Case("md-jinja.md", "Jinja syntax in front matter and body", markdown_file(
            {"title": JINJA, "tags": ["{% include 'base.html' %}"], "source": "{{ site.title }}", "url": "https://example.org/{{7*7}}"},
            JINJA + "\n\n" + "\n\n".join(story("md-jinja")),
        ), expect=_built("md-jinja.md", JINJA)),
        Case("page-head.html", "hostile <title>, meta tags and body in a saved page", (
            f"<!doctype html><html lang='en\" onload=\"{HANDLER}'><head><title>Page title {SCRIPT}</title>"
            f"<meta property='og:title' content='Saved page headline &lt;script&gt;alert(1)&lt;/script&gt;'>"
            f"<meta name='description' content='\"><script>alert(1)</script>'><link rel='canonical' href='javascript:alert(1)'>"
            f"<meta property='og:site_name' content='{JINJA}'></head><body onload=\"{HANDLER}\"><article><h1>Saved page headline &lt;script&gt;alert(1)&lt;/script&gt;</h1>"
            + "".join(f"<p>{p}</p>" for p in story("page-head"))
            + f"<p>{SCRIPT}<img src=x onerror=\"{HANDLER}\"><iframe src='https://tracker.example/'></iframe></p></article></body></html>"
        ).encode(), expect=_built("page-head.html", "Saved page headline <script>alert(1)</script>")),
        Case("<img src=x onerror=window.__pwned=1>.txt", "markup in a file name", text_file("Quarry to become a nature reserve", "name-markup"), expect=_built("<img src=x onerror=window.__pwned=1>.txt", "Quarry to become a nature reserve")),
        Case("name with spaces, ünïcödé & {{ 7*7 }}.txt", "spaces, Unicode and Jinja in a file name", text_file("Hill villages get faster broadband", "name-unicode"), expect=_built("name with spaces, ünïcödé & {{ 7*7 }}.txt", "Hill villages get faster broadband")),
        Case("line\nbreak.txt", "a newline in a file name", text_file("Estuary survey counts more seals", "name-newline"), expect=_built("line\nbreak.txt", "Estuary survey counts more seals")),
        Case(os.fsdecode(b"latin1-caf\xe9.txt"), "a file name that is not UTF-8", text_file("Tidal basin dredging starts in spring", "name-latin1"), expect=_built(os.fsdecode(b"latin1-caf\xe9.txt"), "Tidal basin dredging starts in spring")),
        Case(os.fsdecode(b"bad-\xff.md"), "a bad file whose name is not UTF-8", b"---\ntitle: [\n---\n", expect={os.fsdecode(b"bad-\xff.md"): Expect("rejected", "not valid YAML")}),
        Case("x" * 240 + ".txt", "a very long file name", text_file("Old library sold to a theatre group", "name-long"), expect=_built("x" * 240 + ".txt", "Old library sold to a theatre group")),
        Case("CON.txt", "a reserved Windows name as a file name", text_file("Coast road reopens after landslip", "name-con"), expect=_built("CON.txt", "Coast road reopens after landslip")),
        Case("rejected\nwith a newline\x1b[31m.txt", "a newline and a terminal escape in a bad file's name", b"", expect={"rejected\nwith a newline\x1b[31m.txt": Expect("rejected", "empty file")}),
        Case("control-chars.txt", "control and bidi characters", text_file("Budget \u202eteg dub\u202c vote \x1b[31mtonight\x1b[0m", "controls", "Terminal escapes \x1b[2J\x1b[H and a bell \x07 and a NUL-free line."), expect=_built("control-chars.txt", "Budget teg dub vote [31mtonight[0m")),
        # ---- Paths: slugs and names that try to leave the output folder, collide, or are reserved. ----
        Case("slug-traversal.md", "slug with ../", markdown_file({"title": "Slug traversal attempt", "slug": "../../../../tmp/broadsheet-escape"}, "\n\n".join(story("slug-1"))), expect=_built("slug-traversal.md", "Slug traversal attempt")),
        Case("slug-absolute.md", "absolute slug", markdown_file({"title": "Absolute slug attempt", "slug": "/etc/cron.d/evil"}, "\n\n".join(story("slug-2"))), expect=_built("slug-absolute.md", "Absolute slug attempt")),
        Case("slug-reserved.md", "reserved and empty slugs", markdown_file({"title": "NUL", "slug": "nul"}, "\n\n".join(story("slug-3"))), expect=_built("slug-reserved.md", "NUL")),
        Case("slug-nul.md", "NUL and backslashes in a slug", markdown_file({"title": "Backslash slug attempt", "slug": "..\\..\\windows\\system32\u0000x"}, "\n\n".join(story("slug-4"))), expect=_built("slug-nul.md", "Backslash slug attempt")),
        Case("slug-long.md", "a very long slug", markdown_file({"title": "Long slug", "slug": "word-" * 300}, "\n\n".join(story("slug-5"))), expect=_built("slug-long.md", "Long slug")),
        *[Case(f"same-title-{n}.txt", "slug collision", text_file("Same headline for three stories", f"same-{n}"), expect=_built(f"same-title-{n}.txt", "Same headline for three stories")) for n in (1, 2, 3)],
        Case("Case.txt", "file names differing only in case", text_file("Upper case file name story", "case-upper"), expect=_built("Case.txt", "Upper case file name story")),
        Case("case.txt", "file names differing only in case", text_file("Lower case file name story", "case-lower"), expect=_built("case.txt", "Lower case file name story")),
        Case("link-out.txt", "symbolic link out of the content folder", make=_outside_link, expect={"link-out.txt": Expect("rejected", "outside the content folder")}),
        Case("loop-a.txt", "symbolic link loop", make=_symlink("loop-b.txt"), expect={"loop-a.txt": Expect("rejected", "loops back")}),
        Case("loop-b.txt", "symbolic link loop", make=_symlink("loop-a.txt"), expect={"loop-b.txt": Expect("rejected", "loops back")}),
        Case("dangling.md", "dangling symbolic link", make=_symlink("nowhere.md"), expect={"dangling.md": Expect("rejected", "does not exist")}),
        Case("linked-folder", "symbolic link to a folder outside", make=_linked_folder, expect={"linked-folder": Expect("skipped", "links are not followed")}),
        Case("sub/loop", "a folder linking back to its parent", make=_symlink(".."), expect={"sub/loop": Expect("skipped", "links are not followed")}),
        # ---- Bad files: each one line with its reason, the rest still built. ----
        Case("invalid-encoding.txt", "bytes that are no text encoding", bytes(range(128, 256)) * 8, expect={"invalid-encoding.txt": Expect("rejected", "no other encoding fits")}),
        Case("mixed-encoding.txt", "UTF-8 with Windows-1252 lines pasted in", text_file("Café owners welcome the new plaza", "mixed") + "Déjà vu for the façade, a 25€ fee.\n".encode("cp1252"), expect=_built("mixed-encoding.txt", "Café owners welcome the new plaza")),
        Case("utf16-no-bom.txt", "UTF-16 without a byte-order mark", text_file("Night buses return to the coast road", "utf16").decode().encode("utf-16-le"), expect=_built("utf16-no-bom.txt", "Night buses return to the coast road")),
        Case("binary.txt", "a binary file with a text name", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, expect={"binary.txt": Expect("rejected", "binary file")}),
        Case("empty.txt", "an empty file", b"", expect={"empty.txt": Expect("rejected", "empty file")}),
        Case("blank.md", "a file of white space", b" \n\t\n", expect={"blank.md": Expect("rejected", "empty file")}),
        Case("huge.txt", "a 50 MB file (over max_input_mb)", make=_sparse(50_000_000), expect={"huge.txt": Expect("rejected", "over the 16 MB input limit")}),
        Case("too-long.txt", "one article over 1,000,000 characters", ("Long headline\n\n" + "Endless words of text. " * 50_000).encode(), expect={"too-long.txt": Expect("rejected", "over the limit of 1,000,000 for one article")}),
        Case("fifo.txt", "a FIFO named like an input", make=_fifo, expect={"fifo.txt": Expect("rejected", "not a regular file")}),
        Case("broken-yaml.md", "broken YAML front matter", b"---\ntitle: [unclosed\ndate: 2026-01-01\n---\nBody text.\n", expect={"broken-yaml.md": Expect("rejected", "front matter is not valid YAML on line")}),
        Case("unclosed-front-matter.md", "front matter never closed", b"---\ntitle: x\nBody text without a closing fence.\n", expect={"unclosed-front-matter.md": Expect("rejected", "never closed")}),
        Case("yaml-bomb.md", "a YAML alias bomb", ("---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)) + "title: bomb\n---\nBody.\n").encode(), expect={"yaml-bomb.md": Expect("rejected", "too large or refers to itself")}),
        Case("yaml-python.md", "a YAML tag asking to run code", b"---\ntitle: !!python/object/apply:os.system ['touch /tmp/broadsheet-pwned']\n---\nBody text.\n", expect={"yaml-python.md": Expect("rejected", "not valid YAML")}),
        Case("impossible-date.json", "an impossible date", json.dumps({"title": "Thirtieth of February", "date": "2026-02-30", "text": "Body."}).encode(), expect={"impossible-date.json": Expect("rejected", "not a real date")}),
        Case("year-zero.md", "a date before any news", markdown_file({"title": "Year zero", "date": "0000-01-01"}, "Body."), expect={"year-zero.md": Expect("rejected", "before 1800")}),
        Case("deep.json", "JSON nested past the parser's limit", b"[" * 200_000 + b"]" * 200_000, expect={"deep.json": Expect("rejected", "nested too deeply")}),
        Case("deep-extra.json", "an extra field nested too deeply", json.dumps({"title": "Deep extra", "text": "Body.", "raw": json.loads("[" * 50 + "]" * 50)}).encode(), expect={"deep-extra.json": Expect("rejected", "field 'raw' is nested too deeply")}),
        Case("bad-sidecar.txt", "a sidecar that is not JSON", text_file("Cycle lanes painted overnight", "bad-sidecar"), expect=_built("bad-sidecar.txt", "Cycle lanes painted overnight")),
        Case("bad-sidecar.json", "a sidecar that is not JSON", b"{\"title\": \"oops\",", expect={"bad-sidecar.json": Expect("rejected", "not valid JSON")}),
        Case("nested-quotes.md", "10,000 nested quotes", markdown_file({"title": "Deeply quoted"}, ">" * 10_000 + " The quote at the bottom.\n\n" + "\n\n".join(story("quotes"))), expect=_built("nested-quotes.md", "Deeply quoted")),
        Case("nested-lists.md", "10,000 nested lists", markdown_file({"title": "Deeply listed"}, "- " * 10_000 + "The item at the bottom.\n\n" + "\n".join("  " * min(i, 100) + "- item" for i in range(2000)) + "\n\n" + "\n\n".join(story("lists"))), expect=_built("nested-lists.md", "Deeply listed")),
        Case("emphasis.md", "100,000 emphasis markers", markdown_file({"title": "Starry"}, "*" * 100_000 + "\n\n" + "*a" * 50_000 + "\n\n" + "\n\n".join(story("stars"))), expect=_built("emphasis.md", "Starry")),
        Case("brackets.md", "100,000 unclosed brackets and tags", markdown_file({"title": "Bracketed"}, "[" * 100_000 + "\n\n" + "<a " * 30_000 + "\n\n" + "<div>" * 30_000 + "\n\n" + "\n\n".join(story("brackets"))), expect=_built("brackets.md", "Bracketed")),
        # ---- Files that are not inputs: listed as skipped, never silently dropped. ----
        Case(".hidden.txt", "a hidden file", b"Hidden text.\n", expect={".hidden.txt": Expect("skipped", "hidden")}),
        Case(".git/config", "a hidden folder", b"[core]\n", expect={".git": Expect("skipped", "hidden folder")}),
        Case("notes.docx", "another file type", b"PK\x03\x04", expect={"notes.docx": Expect("skipped", "not an input type")}),
        Case("draft.txt~", "an editor backup", b"Backup.\n", expect={"draft.txt~": Expect("skipped", "temporary")}),
    ]
    return cases


CASES: tuple[Case, ...] = tuple(_cases())


def expected() -> dict[str, Expect]:
    """Every report row the corpus must produce, by input name."""
    rows: dict[str, Expect] = {}
    for case in CASES:
        rows.update(case.expect or {case.name: Expect("built")})
    return rows


def write_corpus(folder: Path) -> None:
    """Create every case under `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        path = folder / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.make is not None:
            case.make(path)
        else:
            path.write_bytes(case.data or b"")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.hostile.corpus DIR")
    write_corpus(Path(sys.argv[1]))
    print(f"{len(CASES)} inputs written to {sys.argv[1]}")
