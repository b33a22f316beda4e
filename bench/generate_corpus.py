"""Write N synthetic scraped news articles: `generate_corpus.py N OUT_DIR [--seed S]`.

Deterministic: the same N and seed give the same bytes, and article i does
not depend on N (a corpus of 1,000 is the first 1,000 of a corpus of
10,000). What a crawl holds, with all its junk:

- 70% raw `.txt` with a sidecar `.json` of metadata (title, date, source,
  authors, url, tags), 20% bare `.txt` with a title line and sometimes a
  byline/date line, 10% `.json` dump objects whose `text` carries the junk;
- 400 to 1,200 words of prose in 2 to 5 sentence paragraphs, from a dozen
  sources and 22 topics, dated over eleven years, about 6% undated;
- junk: paywall notices with unrendered `{{placeholders}}`, subscription
  price lists, share prompts, newsletter pitches, "Also read" lines,
  disclaimers naming the publisher, and sentences glued at a lost line
  break (`harbour.The council`).

All prose is invented by `bench/prose.py`; nothing is copied from a real corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import prose  # type: ignore[no-redef]
else:
    from bench import prose

SOURCES = (
    "Harbour Courier", "Northbank Gazette", "The Valley Ledger", "Meridian Wire", "Coastline Times",
    "Eastfield Observer", "The Lantern", "Ridgeway Post", "Capital Bulletin", "Saltmarsh Herald",
    "Orbit Daily", "Greystone Tribune",
)  # fmt: skip
FIRST_DAY = dt.date(2014, 1, 1)
DAYS = (dt.date(2024, 12, 31) - FIRST_DAY).days
UNDATED_SHARE = 0.06


@dataclass(frozen=True)
class Story:
    """One generated article: what a perfect cleaner would recover."""

    number: int
    title: str
    date: str | None
    source: str
    authors: tuple[str, ...]
    url: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]


def story(number: int, seed: int, *, date: str | None = None) -> Story:
    """Article `number` of the corpus made with `seed` (or a given date)."""
    rng = random.Random(f"{seed}:{number}")
    topic = rng.choice(tuple(prose.TOPICS))
    others = rng.sample([name for name in prose.TOPICS if name != topic], rng.randint(0, 2))
    target_words = int(rng.triangular(400, 1200, 750))
    paragraphs: list[str] = []
    words = 0
    while words < target_words:
        sentences = prose.paragraph(rng, rng.choice([topic, topic, topic, *others]) if others else topic)
        text = " ".join(sentences)
        paragraphs.append(text)
        words += len(text.split())
    source = rng.choice(SOURCES)
    if date is None and rng.random() >= UNDATED_SHARE:
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        date = day.isoformat() if rng.random() < 0.5 else f"{day.isoformat()}T{rng.randint(5, 22):02d}:{rng.randrange(60):02d}:00Z"
    title = prose.headline(rng, topic)
    slug_words = "-".join(title.lower().split()[:6]).replace("'", "")
    return Story(
        number=number,
        title=title,
        date=date,
        source=source,
        authors=tuple(prose.person(rng) for _ in range(rng.choice((0, 1, 1, 1, 2)))),
        url=f"https://{source.lower().replace(' ', '')}.example/{number}/{slug_words}",
        tags=(topic, *others),
        paragraphs=tuple(paragraphs),
    )


def _junk_tail(rng: random.Random, source: str) -> list[str]:
    options = [
        [f"You have read {{{{count}}}} of your {{{{free_limit}}}} free articles this month. Subscribe to {source} to keep reading."],
        ["Choose your plan", "Digital Monthly ₹ 299 / month", "Digital Annual ₹ 2,499 / year (save 30%)", "Premium $ 12.99 per month", "Renews automatically. Cancel anytime."],
        ["Share this article: Facebook | X | WhatsApp | Email | Copy link"],
        [f"Sign up for the {source} morning briefing, delivered to your inbox every weekday."],
        [f"Disclaimer: {source} is not responsible for the views expressed by readers in the comments."],
        ["Click here to follow us on Telegram and Google News for the latest updates."],
        [f"© {rng.randint(2015, 2025)} {source}. All rights reserved."],
    ]
    return [line for block in rng.sample(options, rng.randint(1, 4)) for line in block]


def _glue(rng: random.Random, paragraph: str) -> str:
    """Sometimes lose a line break between sentences, as scrapers do: `harbour.The`."""
    if rng.random() < 0.25:
        return paragraph.replace(". ", ".", 1)
    return paragraph


def raw_text(item: Story, rng: random.Random, *, title_line: bool, byline: bool) -> str:
    lines: list[str] = []
    if title_line:
        lines.append(item.title)
    if byline:
        by = f"By {item.authors[0]} | " if item.authors else ""
        when = dt.date.fromisoformat(item.date[:10]).strftime("%d %b %Y") if item.date else "Updated recently"
        lines.append(f"{by}{item.source} | Published {when}")
    for index, paragraph in enumerate(item.paragraphs):
        lines.append(_glue(rng, paragraph))
        if index == len(item.paragraphs) // 2 and rng.random() < 0.3:
            lines.append(f"Also read: {prose.headline(rng, rng.choice(tuple(prose.TOPICS)))}")
        if rng.random() < 0.05:
            lines.append("Advertisement")
    lines.extend(_junk_tail(rng, item.source))
    separator = "\n\n" if rng.random() < 0.5 else "\n"
    return separator.join(lines) + "\n"


def sidecar(item: Story) -> dict[str, object]:
    fields: dict[str, object] = {"title": item.title, "source": item.source, "url": item.url, "tags": list(item.tags)}
    if item.date:
        fields["date"] = item.date
    if item.authors:
        fields["authors"] = list(item.authors)
    return fields


def files_of(item: Story, seed: int) -> dict[str, bytes]:
    """The file name(s) and bytes article `item` is scraped into."""
    rng = random.Random(f"{seed}:files:{item.number}")
    folder = item.source.lower().replace(" ", "-")
    stem = f"{folder}/{item.number:07d}"
    kind = rng.random()
    if kind < 0.7:
        text = raw_text(item, rng, title_line=rng.random() < 0.8, byline=False)
        meta = json.dumps(sidecar(item), ensure_ascii=False, indent=1)
        return {f"{stem}.txt": text.encode(), f"{stem}.json": meta.encode()}
    if kind < 0.9:
        text = raw_text(item, rng, title_line=True, byline=rng.random() < 0.6)
        return {f"{stem}.txt": text.encode()}
    dump = {**sidecar(item), "text": raw_text(item, rng, title_line=False, byline=False)}
    return {f"{stem}.json": json.dumps(dump, ensure_ascii=False).encode()}


def write_corpus(count: int, out_dir: Path, seed: int) -> int:
    """Write articles 0..count-1 into `out_dir`; returns the number of files."""
    return sum(len(write_article(story(number, seed), out_dir, seed)) for number in range(count))


def write_article(item: Story, out_dir: Path, seed: int) -> list[Path]:
    """Write one article's file(s); returns their paths."""
    paths = []
    for name, data in files_of(item, seed).items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        parser.error(f"{args.out_dir} is not empty")
    files = write_corpus(args.count, args.out_dir, args.seed)
    print(f"{args.count} articles in {files} files under {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
